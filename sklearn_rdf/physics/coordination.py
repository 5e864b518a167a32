"""Coordination numbers: CN = ∫_{r_lo}^{r_hi} R(r) dr with R(r) = 4πρ r² g(r) (Eq. 5).

The shell is either given (``r_lo``, ``r_hi`` in Å) or found on R(r): the ``peak``-th peak of
R(r) and the minima of R(r) on either side of it, between it and its neighbouring peaks (or the
ends of the curve). Shell limits between grid points are handled by linear interpolation of
R(r), so the integral does not jump with the grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import trapezoid

from .._validation import as_curve, as_grid, check_same_length
from .peaks import find_rdf_peaks
from .quantities import g_to_R

__all__ = ["CoordinationShell", "coordination_number"]


@dataclass(frozen=True)
class CoordinationShell:
    """A coordination shell: its number of neighbours and where it was integrated."""

    cn: float
    r_lo: float
    r_hi: float
    r_peak: float | None

    def __float__(self) -> float:
        return float(self.cn)


def _shell_limits(r: np.ndarray, R: np.ndarray, peak: int, peak_kwargs) -> tuple[float, ...]:
    peaks = find_rdf_peaks(r, R, **peak_kwargs)
    if isinstance(peak, bool) or not isinstance(peak, int | np.integer) or peak < 1:
        raise ValueError(f"peak must be an integer >= 1, got {peak!r}")
    if len(peaks) < peak:
        raise ValueError(f"asked for the shell of peak {peak} but R(r) has {len(peaks)} peak(s)")
    idx = peaks.indices
    i = int(idx[peak - 1])
    left = int(idx[peak - 2]) if peak >= 2 else 0
    right = int(idx[peak]) if len(peaks) > peak else r.size - 1
    lo = left + int(np.argmin(R[left : i + 1]))
    hi = i + int(np.argmin(R[i : right + 1]))
    return float(r[lo]), float(r[hi]), float(r[i])


def coordination_number(
    r,
    R=None,
    *,
    g=None,
    rho: float | None = None,
    r_lo: float | None = None,
    r_hi: float | None = None,
    peak: int = 1,
    **peak_kwargs,
) -> CoordinationShell:
    """Coordination number of one shell, CN = ∫ R(r) dr.

    Parameters
    ----------
    r : array-like of shape (n,)
        Strictly increasing distances (Å).
    R : array-like of shape (n,), optional
        Radial distribution function R(r) = 4πρr²g(r) (Å⁻¹). Give either R, or g with rho.
    g : array-like of shape (n,), optional
        Pair distribution function g(r); needs ``rho``.
    rho : float, optional
        Number density (atoms/Å³) for converting g to R. For a partial CN_αβ, pass the
        partial g_αβ and ρ c_β.
    r_lo, r_hi : float, optional
        Shell limits (Å). Both or neither; when neither, the minima of R(r) around the
        ``peak``-th peak are used.
    peak : int, default 1
        Which peak's shell to integrate when the limits are not given.
    **peak_kwargs
        Passed to :func:`sklearn_rdf.physics.find_rdf_peaks`.

    Returns
    -------
    CoordinationShell
        ``cn``, the limits used and the peak position (None when limits were given).
    """
    r = as_grid(r, "r", min_value=0.0)
    if (R is None) == (g is None):
        raise ValueError("give exactly one of R (radial distribution function) or g (with rho)")
    if R is None:
        if rho is None:
            raise ValueError("g needs the number density rho to give R = 4πρr²g")
        R = g_to_R(r, g, rho)
    R = as_curve(R, "R")
    check_same_length(r, R, "r", "R")
    if (r_lo is None) != (r_hi is None):
        raise ValueError("give both shell limits r_lo and r_hi, or neither")
    r_peak = None
    if r_lo is None:
        r_lo, r_hi, r_peak = _shell_limits(r, R, peak, peak_kwargs)
    r_lo, r_hi = float(r_lo), float(r_hi)
    if not (np.isfinite(r_lo) and np.isfinite(r_hi)) or r_lo >= r_hi:
        raise ValueError(f"shell limits must be finite with r_lo < r_hi, got {r_lo}, {r_hi}")
    if r_lo < r[0] or r_hi > r[-1]:
        raise ValueError(f"shell [{r_lo}, {r_hi}] Å lies outside the grid [{r[0]}, {r[-1]}] Å")
    inside = (r > r_lo) & (r < r_hi)
    rs = np.concatenate(([r_lo], r[inside], [r_hi]))
    Rs = np.concatenate(([np.interp(r_lo, r, R)], R[inside], [np.interp(r_hi, r, R)]))
    return CoordinationShell(cn=float(trapezoid(Rs, rs)), r_lo=r_lo, r_hi=r_hi, r_peak=r_peak)
