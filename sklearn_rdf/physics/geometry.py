"""Diffraction geometry: scattering angle 2θ to momentum transfer Q, and grid units.

Q = 4π sin(θ) / λ with λ the wavelength in Å and 2θ the scattering angle in degrees; Q in Å⁻¹.
Raw patterns come in Å⁻¹, nm⁻¹ (fit2d, pyFAI ``q_nm^-1``: 1 nm⁻¹ = 0.1 Å⁻¹) or 2θ;
:func:`to_inverse_angstrom` brings any of them to Q in Å⁻¹ and refuses a 2θ grid without a
wavelength, naming what is missing.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_grid

__all__ = [
    "GRID_UNITS",
    "polarisation_factor",
    "q_to_two_theta",
    "to_inverse_angstrom",
    "two_theta_to_q",
]

#: Grid units the readers report and how to reach Å⁻¹: unit -> factor (None: needs λ).
GRID_UNITS: dict[str, float | None] = {"Å⁻¹": 1.0, "nm⁻¹": 0.1, "°2θ": None}


def _check_wavelength(wavelength) -> float:
    try:
        lam = float(wavelength)
    except (TypeError, ValueError):
        lam = float("nan")
    if not np.isfinite(lam) or lam <= 0:
        raise ValueError(
            f"the wavelength must be a finite number > 0 in Å (e.g. 1.5406 for Cu Kα1), "
            f"got {wavelength!r}"
        )
    return lam


def two_theta_to_q(two_theta, wavelength) -> np.ndarray:
    """Q = 4π sin(2θ/2)/λ (Å⁻¹) from scattering angles 2θ in degrees and λ in Å.

    Parameters
    ----------
    two_theta : array-like
        Scattering angles 2θ in degrees, in [0, 180).
    wavelength : float
        Wavelength λ in Å.

    Returns
    -------
    ndarray
        Q in Å⁻¹.

    Examples
    --------
    >>> from sklearn_rdf.physics.geometry import two_theta_to_q
    >>> round(float(two_theta_to_q([90.0], 1.0)[0]), 6)
    8.885766
    """
    tth = as_grid(two_theta, "2θ", strictly_increasing=False, min_value=0.0, min_size=1)
    if np.any(tth >= 180.0):
        raise ValueError(f"2θ must lie in [0, 180) degrees, got up to {tth.max()!r}")
    return 4.0 * np.pi * np.sin(np.radians(tth) / 2.0) / _check_wavelength(wavelength)


def q_to_two_theta(q, wavelength) -> np.ndarray:
    """2θ in degrees from Q (Å⁻¹) and λ (Å); Q must not exceed 4π/λ.

    Parameters
    ----------
    q : array-like
        Q in Å⁻¹.
    wavelength : float
        Wavelength λ in Å.

    Returns
    -------
    ndarray
        2θ in degrees.
    """
    q = as_grid(q, "q", strictly_increasing=False, min_value=0.0, min_size=1)
    s = q * _check_wavelength(wavelength) / (4.0 * np.pi)
    if np.any(s > 1.0):
        raise ValueError(f"Q up to {q.max():.4g} Å⁻¹ is beyond 4π/λ for λ = {wavelength} Å")
    return np.degrees(2.0 * np.arcsin(s))


def to_inverse_angstrom(x, unit: str, wavelength=None) -> np.ndarray:
    """A grid in ``unit`` ("Å⁻¹", "nm⁻¹" or "°2θ") as Q in Å⁻¹ (a new array).

    Parameters
    ----------
    x : array-like
        The grid values.
    unit : str
        Their unit, a key of :data:`GRID_UNITS`.
    wavelength : float, optional
        Wavelength λ in Å (needed for 2θ).

    Returns
    -------
    ndarray
        Q in Å⁻¹.

    Raises
    ------
    ValueError
        For an unknown unit, or a 2θ grid without a wavelength.
    """
    if unit not in GRID_UNITS:
        raise ValueError(
            f"unknown grid unit {unit!r}: a raw pattern's x must be Q in Å⁻¹ or nm⁻¹, or 2θ "
            f"in degrees ({', '.join(GRID_UNITS)})"
        )
    factor = GRID_UNITS[unit]
    if factor is None:
        if wavelength is None:
            raise ValueError(
                "the pattern is on a 2θ grid (degrees) and no wavelength was given: pass "
                "wavelength= (Å; --wavelength on the command line) to convert 2θ to Q"
            )
        return two_theta_to_q(x, wavelength)
    return np.array(x, dtype=np.float64) * factor


def polarisation_factor(q, wavelength, fraction: float = 0.5) -> np.ndarray:
    """Polarisation factor P(2θ) of the scattered intensity, to divide a pattern by.

    P = f + (1 − f) cos²(2θ), with f the fraction of the incident intensity polarised
    perpendicular to the scattering plane: f = 0.5 for an unpolarised beam (a lab tube) and
    for any beam once an area detector's rings are averaged over the whole azimuth
    (P = (1 + cos² 2θ)/2); f = 1 for a synchrotron beam scattered in the vertical plane, 0 in
    the horizontal plane.

    Parameters
    ----------
    q : array-like
        Q in Å⁻¹.
    wavelength : float
        λ in Å.
    fraction : float, default 0.5
        f in [0, 1] (0.5: unpolarised).

    Returns
    -------
    ndarray
        P at each Q (1 at Q = 0).
    """
    fraction = float(fraction)
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"the polarisation fraction must lie in [0, 1], got {fraction!r}")
    tth = np.radians(q_to_two_theta(q, wavelength))
    return fraction + (1.0 - fraction) * np.cos(tth) ** 2
