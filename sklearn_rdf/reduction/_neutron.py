"""Neutron reduction: a differential cross-section, or Gudrun's F(Q), to S(Q) and G(r).

Neutron scattering lengths are constants, so the Faber–Ziman normalisation is by numbers:
S(Q) − 1 = (n I_s(Q) − ⟨b²⟩ P(Q)) / ⟨b⟩², with ⟨b⟩ = Σ c_α b_α, ⟨b²⟩ = Σ c_α b_α² (in barn,
1 barn = 100 fm²) from ``periodictable``, I_s = I − s I_bkg, and P(Q) = 1 + βQ² an optional
Placzek-like slope of the self scattering (inelasticity of light atoms). n (and β) are fitted
so that n I_s → ⟨b²⟩ P(Q) above ``q_cutoff``. A Gudrun ``.mint01`` (quantity "F_barn") is
already corrected and normalised: S(Q) = 1 + F(Q)/⟨b⟩² directly (its zero padding, rows with
error 0, is dropped). A composition with ⟨b⟩²/⟨b²⟩ < 0.1 (H2O) warns: the normalisation
magnifies every error.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ..physics import Curve
from ..physics.scattering import neutron_scattering_lengths, warn_if_ill_conditioned
from ..physics.xray import composition_fractions
from ._inputs import (
    check_background,
    check_background_scale,
    check_pattern,
    check_sample,
    q_limits,
)
from ._pdf import extend_to_zero, kaplow_optimise, pdf_curves, polynomial_correction
from ._result import Reduction
from ._xray import _r_grid

__all__ = ["reduce_neutron"]


def _gudrun(pattern: Curve) -> tuple[np.ndarray, np.ndarray]:
    q, F = pattern.x, pattern.y
    if F.ndim != 1:
        raise ValueError("the F(Q) curve must have one column")
    keep = q > 0
    if pattern.errors is not None:
        keep &= pattern.errors > 0  # Gudrun pads unmeasured Q with zeros, error 0
    return q[keep], F[keep]


def reduce_neutron(
    pattern,
    background=None,
    *,
    composition,
    density: float,
    background_scale: float = 1.0,
    q_min: float | None = None,
    q_max: float | None = None,
    q_cutoff: float = 10.0,
    placzek: bool = False,
    optimise: str | None = "kaplow",
    r_cutoff: float | None = None,
    iterations: int = 5,
    window: str | Callable | None = None,
    r=None,
) -> Reduction:
    """Reduce a neutron pattern to S(Q), F(Q), G(r) and g(r).

    Parameters
    ----------
    pattern : Curve or (Q, I)
        A differential cross-section I(Q) on Q in Å⁻¹ (any scale; quantity "I"), or
        Gudrun's interference cross-section (quantity "F_barn", from a ``.mint01``).
    background : Curve or (Q, I), optional
        Container/empty-instrument pattern on the same grid (not with "F_barn").
    composition : dict or str
        Elements or isotopes: "SiO2", ``{"D": 2, "O": 1}``.
    density : float
        Mass density (g/cm³).
    background_scale : float, default 1.0
        s in I − s I_bkg.
    q_min, q_max : float, optional
        Q range (Å⁻¹); default the whole (measured) pattern.
    q_cutoff : float, default 10.0
        Lower Q of the normalisation fit (raw intensities only).
    placzek : bool, default False
        Also fit the self-scattering slope β (P(Q) = 1 + βQ²).
    optimise : {"kaplow", "polynomial"} or None, default "kaplow"
        Low-r correction below ``r_cutoff`` (none when ``r_cutoff`` is None).
    r_cutoff : float, optional
        r (Å) below the first interatomic distance.
    iterations : int, default 5
        Kaplow–Eggert iterations.
    window : {"lorch", "hanning", "kaiser"}, callable or None
        Modification function for the G(r) transform.
    r : array-like, optional
        r grid (Å); default 0–10 Å in 0.01 Å.

    Returns
    -------
    Reduction
        ``normalisation`` is n (1 for "F_barn"); ``settings`` holds ⟨b⟩ (fm) and β.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import Curve
    >>> from sklearn_rdf.reduction import reduce_neutron
    >>> q = np.linspace(0.5, 30.0, 600)
    >>> F = 0.3 * np.sin(1.6 * q) / q  # barn/sr/atom
    >>> red = reduce_neutron(Curve(q, F, "F_barn"), composition="SiO2", density=2.2)
    >>> red.S.quantity, round(float(red.settings["mean_b_fm"]), 3)
    ('S', 5.253)
    """
    start = time.process_time()
    comp, density, rho = check_sample(composition, density)
    species, c = composition_fractions(comp)
    b = neutron_scattering_lengths(species)
    mean_b = float(c @ b)
    b2_mean, mean_b2 = float(c @ b**2) / 100.0, mean_b**2 / 100.0  # barn
    warn_if_ill_conditioned(comp, stacklevel=2)
    if optimise not in (None, "kaplow", "polynomial"):
        raise ValueError(f"optimise must be 'kaplow', 'polynomial' or None, got {optimise!r}")
    beta = 0.0
    if isinstance(pattern, Curve) and pattern.quantity == "F_barn":
        if background is not None:
            raise ValueError(
                "a Gudrun F(Q) (F_barn) is already background-subtracted and normalised: "
                "give no background"
            )
        q, F = _gudrun(pattern)
        lo, hi = q_limits(q, q_min, q_max)
        keep = (q >= lo) & (q <= hi)
        q, S = q[keep], 1.0 + F[keep] / mean_b2
        n, scale = 1.0, 0.0
    else:
        q, intensity, _ = check_pattern(pattern)
        bkg = check_background(q, background)
        scale = 0.0 if bkg is None else float(check_background_scale(background_scale))
        sample = intensity if bkg is None else intensity - scale * bkg
        lo, hi = q_limits(q, q_min, q_max)
        keep = (q >= lo) & (q <= hi)
        q, sample = q[keep], sample[keep]
        high = q > q_cutoff
        if np.count_nonzero(high) < 8:
            raise ValueError(f"fewer than 8 points above q_cutoff = {q_cutoff} Å⁻¹; lower it")
        if placzek:
            A = np.column_stack([sample[high], -b2_mean * q[high] ** 2])
            (n, beta), *_ = np.linalg.lstsq(A, np.full(A.shape[0], b2_mean), rcond=None)
        else:
            y = sample[high]
            n = float(y @ np.full(y.size, b2_mean) / (y @ y))
        S = (n * sample - b2_mean * (1.0 + beta * q**2)) / mean_b2 + 1.0
    q, S = extend_to_zero(q, S, 1.0 - b2_mean / mean_b2)
    if r_cutoff is not None and optimise == "kaplow":
        S = kaplow_optimise(q, S, rho, float(r_cutoff), iterations)
    elif r_cutoff is not None and optimise == "polynomial":
        S = polynomial_correction(q, S, float(r_cutoff))
    settings = {
        "composition": comp,
        "density": density,
        "q_min": lo,
        "q_max": hi,
        "mean_b_fm": mean_b,
        "placzek_beta": float(beta),
        "optimise": optimise if r_cutoff is not None else None,
        "r_cutoff": r_cutoff,
        "iterations": int(iterations),
        "background_scale": scale,
    }
    S_c, F_c, G_c, g_c = pdf_curves(
        q,
        S,
        _r_grid(r),
        rho,
        window,
        {"reduction": dict(settings), "radiation": "neutron", "mean_b_fm": mean_b},
    )
    return Reduction(
        S=S_c,
        F=F_c,
        G=G_c,
        g=g_c,
        rho=rho,
        normalisation=float(n),
        background_scale=scale,
        q_range=(lo, hi),
        engine="native",
        settings=settings,
        cpu_seconds=time.process_time() - start,
    )
