"""Sample composition and density: ``{element: amount}``, formulas, g/cm³ → atoms/Å³.

A composition is a mapping of elements or isotopes to amounts (``{"Si": 1, "O": 2}``,
``{"D": 2, "O": 1}``) or a chemical formula string ("Mg2SiO4", "SiO2", "D2O"; parsed by
``periodictable``). Amounts are normalised to atomic fractions where needed. The number density
ρ = ρ_m N_A / (Σ c_α M_α) with the mass density ρ_m in g/cm³ (as Glassure and most
reduction programs take it) and 1 cm³ = 10²⁴ Å³.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["as_composition", "mass_to_number_density"]

_AVOGADRO = 6.02214076e23


def as_composition(composition) -> dict[str, float]:
    """A validated ``{species: amount}`` from a mapping or a formula string.

    Parameters
    ----------
    composition : dict or str
        ``{"Si": 1, "O": 2}``, ``{"D": 2, "O": 1}`` or "Mg2SiO4".

    Returns
    -------
    dict
        Species to amount (floats, not normalised).

    Raises
    ------
    ValueError
        For an unknown element, a negative or non-finite amount, or amounts summing to zero.

    Examples
    --------
    >>> from sklearn_rdf.physics.composition import as_composition
    >>> as_composition("Mg2SiO4")
    {'Mg': 2.0, 'Si': 1.0, 'O': 4.0}
    """
    import periodictable

    from .scattering import _atom

    if isinstance(composition, str):
        try:
            atoms = periodictable.formula(composition).atoms
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"cannot read the composition {composition!r}: {exc}") from None
        composition = {str(atom): float(n) for atom, n in atoms.items()}
    if not isinstance(composition, Mapping) or not composition:
        raise ValueError(
            "composition must be a formula ('SiO2') or a non-empty mapping element -> amount "
            f"({{'Si': 1, 'O': 2}}), got {composition!r}"
        )
    out = {}
    for species, amount in composition.items():
        if _atom(species) is None:
            raise ValueError(f"unknown element {species!r} in the composition {composition!r}")
        try:
            value = float(amount)
        except (TypeError, ValueError):
            raise ValueError(
                f"the amount of {species!r} must be a number, got {amount!r}"
            ) from None
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"the amount of {species!r} must be finite and >= 0, got {amount!r}")
        out[str(species)] = value
    if not sum(out.values()) > 0:
        raise ValueError(f"the composition {composition!r} sums to zero: no atoms")
    return out


def mass_to_number_density(density, composition) -> float:
    """Number density ρ (atoms/Å³) from a mass density (g/cm³) and a composition.

    Parameters
    ----------
    density : float
        Mass density in g/cm³ (> 0).
    composition : dict or str
        As for :func:`as_composition`.

    Returns
    -------
    float
        ρ in atoms/Å³.

    Examples
    --------
    >>> from sklearn_rdf.physics.composition import mass_to_number_density
    >>> round(mass_to_number_density(2.2, "SiO2"), 4)
    0.0662
    """
    from .scattering import _atom

    try:
        rho_m = float(density)
    except (TypeError, ValueError):
        rho_m = float("nan")
    if not np.isfinite(rho_m) or rho_m <= 0:
        raise ValueError(f"the density (g/cm³) must be finite and > 0, got {density!r}")
    comp = as_composition(composition)
    total = sum(comp.values())
    mean_mass = sum(n / total * float(_atom(s).mass) for s, n in comp.items())
    return rho_m * _AVOGADRO / mean_mass / 1e24
