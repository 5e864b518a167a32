"""A Gaussian-shell model of a glass's pair distribution function.

Each coordination shell k puts N_k neighbours at a mean distance r_k (Å) with a Gaussian spread
σ_k (Å) into the radial distribution function:

    R_k(r) = N_k / (σ_k √(2π)) · exp(−(r − r_k)² / (2σ_k²)),   ∫ R_k dr ≈ N_k,

so that g(r) = Σ_k R_k(r) / (4πρ r²) + g_c(r), where the continuum g_c(r) = ½[1 + erf((r − r_c)
/ (√2 w))] rises from 0 to 1 around r_c (beyond the resolved shells) with width w. This is the
model used in tests, in the examples and (per partial pair) by the embedded datasets.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
from scipy.special import erf

from .._validation import as_grid, check_density

__all__ = ["gaussian_shells_R", "gaussian_shells_g"]


def _shells(shells: Iterable) -> np.ndarray:
    arr = np.array(list(shells), dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 3 or arr.shape[0] == 0:
        raise ValueError("shells must be a non-empty sequence of (r_k [Å], N_k, sigma_k [Å])")
    if not np.all(np.isfinite(arr)):
        raise ValueError("shells contain NaN or inf")
    if np.any(arr[:, 0] <= 0) or np.any(arr[:, 2] <= 0):
        raise ValueError("shell distances r_k and widths sigma_k must be > 0")
    if np.any(arr[:, 1] < 0):
        raise ValueError("shell coordination numbers N_k must be >= 0")
    return arr


def gaussian_shells_R(r, shells) -> np.ndarray:
    """Shell part of R(r) (Å⁻¹): Σ_k N_k/(σ_k√(2π)) exp(−(r − r_k)²/(2σ_k²))."""
    r = as_grid(r, "r", strictly_increasing=False, min_value=0.0, min_size=1)
    s = _shells(shells)
    z = (r[:, None] - s[:, 0]) / s[:, 2]
    return (s[:, 1] / (s[:, 2] * np.sqrt(2 * np.pi)) * np.exp(-0.5 * z**2)).sum(axis=1)


def gaussian_shells_g(
    r,
    shells,
    rho: float,
    *,
    continuum_start: float | None = None,
    continuum_width: float = 0.3,
) -> np.ndarray:
    """g(r) of the Gaussian-shell model (see the module docstring).

    Parameters
    ----------
    r : array-like of shape (n,)
        Distances (Å), ≥ 0.
    shells : sequence of (r_k, N_k, sigma_k)
        Shell distance (Å), coordination number, Gaussian width (Å).
    rho : float
        Number density (atoms/Å³); for a partial g_αβ use ρ c_β.
    continuum_start : float, optional
        Where the continuum reaches 1/2 (Å). Default: last shell distance + 2.5 σ of that shell.
        Use ``np.inf`` for no continuum.
    continuum_width : float, default 0.3
        Width w (Å) of the continuum's rise.
    """
    r = as_grid(r, "r", strictly_increasing=False, min_value=0.0, min_size=1)
    rho = check_density(rho)
    s = _shells(shells)
    if continuum_start is None:
        last = int(np.argmax(s[:, 0]))
        continuum_start = s[last, 0] + 2.5 * s[last, 2]
    for name, value in (
        ("continuum_start", continuum_start),
        ("continuum_width", continuum_width),
    ):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or np.isnan(value):
            raise ValueError(f"{name} must be a real number, got {value!r}")
    if not (np.isfinite(continuum_width) and continuum_width > 0):
        raise ValueError(f"continuum_width must be finite and > 0, got {continuum_width!r}")
    with np.errstate(divide="ignore", invalid="ignore"):
        shell_g = np.where(r > 0, gaussian_shells_R(r, s) / (4 * np.pi * rho * r**2), 0.0)
    if continuum_start == np.inf:
        return shell_g
    cont = 0.5 * (1.0 + erf((r - continuum_start) / (np.sqrt(2.0) * continuum_width)))
    return shell_g + cont
