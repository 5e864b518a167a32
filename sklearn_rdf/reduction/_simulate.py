"""Raw X-ray patterns synthesised from a known S(Q): a test the reduction was not tuned on.

The forward model inverts the reduction's physics with independent ingredients:

    I(Q) = [⟨f⟩²(S(Q) − 1) + ⟨f²⟩ + I_inc(Q)] / n + s B(Q) + noise,

with ``xraydb`` form factors, Glassure's tabulated Compton functions, a smooth container
background B(Q) (a broad amorphous hump on a decaying air-scatter term), a scale s and
Poisson-like noise (σ ∝ √I). Recovering S(Q) from (I, B, s) checks the normalisation,
Compton subtraction and background handling end to end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_curve, as_grid, check_same_length
from ..physics import Curve
from ..physics.composition import as_composition

__all__ = ["SimulatedPattern", "simulate_xray_pattern"]


@dataclass
class SimulatedPattern:
    """A synthetic raw pattern and everything needed to check its reduction.

    Attributes
    ----------
    pattern, background : Curve
        Intensities (quantity "I") on Q in Å⁻¹.
    background_scale : float
        s used.
    normalisation : float
        n used (so that n (I − s B) is in electron units).
    S : Curve
        The true S(Q).
    """

    pattern: Curve
    background: Curve
    background_scale: float
    normalisation: float
    S: Curve


def _toy_structure_factor(q: np.ndarray) -> np.ndarray:
    """A glass-like S(Q): damped oscillation of a 1.6 Å and a 2.6 Å shell."""
    return (
        1.0
        + 1.2 * np.sin(1.6 * q) / (1.6 * q) * np.exp(-0.004 * q**2)
        + 1.0 * np.sin(2.6 * q) / (2.6 * q) * np.exp(-0.015 * q**2)
        - 0.9 * np.exp(-(q**2) / 4.0)
    )


def simulate_xray_pattern(
    composition,
    density: float,
    *,
    q=None,
    S=None,
    background_scale: float = 0.6,
    normalisation: float = 0.02,
    noise: float = 0.002,
    random_state=None,
) -> SimulatedPattern:
    """Synthesise a raw X-ray pattern and its background from a known S(Q).

    Parameters
    ----------
    composition : dict or str
        e.g. "SiO2".
    density : float
        g/cm³ (recorded only; the forward model does not need it).
    q : array-like, optional
        Q grid (Å⁻¹); default 1 to 20 Å⁻¹ in 0.01 Å⁻¹.
    S : array-like, optional
        The true X-ray S(Q) on ``q``; default a glass-like analytic curve (two shells).
    background_scale : float, default 0.6
        Scale s of the background in the pattern.
    normalisation : float, default 0.02
        The n such that n (I − s B) is in electron units.
    noise : float, default 0.002
        Relative noise σ/I at the pattern's median intensity (σ ∝ √I).
    random_state : int, Generator or None
        Seed of the noise.

    Returns
    -------
    SimulatedPattern

    Examples
    --------
    >>> from sklearn_rdf.reduction import simulate_xray_pattern
    >>> raw = simulate_xray_pattern("SiO2", 2.2, random_state=0)
    >>> raw.pattern.quantity, raw.pattern.x_unit, len(raw.pattern)
    ('I', 'Å⁻¹', 1901)
    """
    from ..physics.xray import composition_fractions, xray_form_factors
    from ._xray import _glassure

    comp = as_composition(composition)
    q = np.round(np.arange(1.0, 20.0 + 1e-9, 0.01), 10) if q is None else as_grid(q, "q")
    S = _toy_structure_factor(q) if S is None else as_curve(S, "S")
    check_same_length(q, S, "q", "S")
    species, c = composition_fractions(comp)
    f = xray_form_factors(species, q)
    utility = _glassure()[5]
    inc = utility.calculate_incoherent_scattering(
        dict(zip(species, c, strict=True)), q, "brown_hubbell"
    )
    coherent = (c @ f) ** 2 * (S - 1.0) + c @ f**2
    sample = (coherent + inc) / float(normalisation)
    bkg = (
        0.4
        * np.median(sample)
        * (1.5 * np.exp(-q / 3.0) + np.exp(-(((q - 1.6) / 0.8) ** 2)) + 0.15)
    )
    rng = np.random.default_rng(random_state)
    total = sample + background_scale * bkg
    sigma_total = noise * np.sqrt(total * np.median(total))
    sigma_bkg = noise * np.sqrt(bkg * np.median(bkg))
    measured = total + rng.normal(0.0, 1.0, q.size) * sigma_total
    background = bkg + rng.normal(0.0, 1.0, q.size) * sigma_bkg
    meta = {"composition": comp, "density": float(density), "simulated": True}
    return SimulatedPattern(
        pattern=Curve(q, measured, "I", "Å⁻¹", "arb.", dict(meta)),
        background=Curve(q, background, "I", "Å⁻¹", "arb.", dict(meta)),
        background_scale=float(background_scale),
        normalisation=float(normalisation),
        S=Curve(q, S, "S", metadata=dict(meta)),
    )
