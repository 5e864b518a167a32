"""Neutron scattering lengths and Faber–Ziman weights of total scattering.

A measured total structure factor is a weighted sum of partials,
S(q) − 1 = Σ_αβ w_αβ (S_αβ(q) − 1), and likewise g(r) = Σ w_αβ g_αβ(r). For neutrons the
Faber–Ziman weights of the pairs α ≤ β are w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩² with the
bound coherent scattering lengths b_α (fm) and ⟨b⟩ = Σ c_α b_α; they sum to 1. The lengths come
from the ``periodictable`` package (never typed by hand).
"""

from __future__ import annotations

import numpy as np

__all__ = ["mean_coherent_length", "neutron_scattering_lengths", "neutron_weights"]


def neutron_scattering_lengths(species) -> np.ndarray:
    """Bound coherent neutron scattering lengths b (fm) of elements, from :mod:`periodictable`.

    Raises ValueError for a species without a tabulated length (e.g. the LJ types "A", "B").
    """
    import periodictable

    b = []
    for s in species:
        element = getattr(periodictable, str(s), None)
        if not isinstance(element, periodictable.core.Element) or element.neutron.b_c is None:
            raise ValueError(f"no neutron scattering length for species {s!r}")
        b.append(float(element.neutron.b_c))
    return np.asarray(b)


def neutron_weights(species, concentrations) -> dict[str, float]:
    """Faber–Ziman neutron weights w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩² of the pairs α ≤ β.

    ⟨b⟩ = Σ c_α b_α with the coherent scattering lengths of :func:`neutron_scattering_lengths`.
    The weights sum to 1, and the neutron total is g_N(r) = Σ w_αβ g_αβ(r),
    S_N(q) − 1 = Σ w_αβ (S_αβ(q) − 1) (for a measured interference cross-section i(Q) in
    barn/sr/atom, S_N(Q) − 1 = i(Q)/⟨b⟩² with ⟨b⟩² converted to barn: 1 barn = 100 fm²).

    Parameters
    ----------
    species : sequence of str
        Element symbols ("Si", "O").
    concentrations : sequence of float
        Atomic fractions c_α (summing to 1).

    Returns
    -------
    dict {"α-β": w_αβ}
    """
    species = [str(s) for s in species]
    c = np.asarray(concentrations, dtype=np.float64)
    if c.shape != (len(species),) or np.any(c < 0) or not np.isclose(c.sum(), 1.0):
        raise ValueError(
            f"concentrations must be {len(species)} non-negative fractions summing to 1, got {c}"
        )
    b = neutron_scattering_lengths(species)
    mean_b = float(np.sum(c * b))
    return {
        f"{species[a]}-{species[z]}": (1.0 if a == z else 2.0)
        * c[a]
        * c[z]
        * b[a]
        * b[z]
        / mean_b**2
        for a in range(len(species))
        for z in range(a, len(species))
    }


def mean_coherent_length(composition: dict[str, float]) -> float:
    """⟨b⟩ = Σ c_α b_α (fm) of a composition ``{element: amount}`` (amounts normalised here)."""
    items = dict(composition)
    amounts = np.array(list(items.values()), dtype=np.float64)
    if not items or np.any(~np.isfinite(amounts)) or np.any(amounts < 0) or not amounts.sum() > 0:
        raise ValueError(
            f"composition must have non-negative amounts summing > 0, got {composition!r}"
        )
    return float(amounts / amounts.sum() @ neutron_scattering_lengths(list(items)))
