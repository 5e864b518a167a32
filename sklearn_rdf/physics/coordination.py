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

__all__ = [
    "CoordinationShell",
    "PartialShell",
    "coordination_number",
    "density_from_low_r",
    "partial_coordination_number",
]


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


@dataclass(frozen=True)
class PartialShell:
    """A partial coordination number CN_αβ (β neighbours of an α atom) from a total curve.

    Attributes
    ----------
    cn : float
        CN_αβ = (c_β / w_αβ) ∫ R_total dr over the shell.
    total_cn : float
        ∫ R_total dr over the shell (the "CN" of the total curve, weights not applied).
    weight : float
        The Faber–Ziman weight w_αβ used (for X-rays its average over the Q range).
    r_lo, r_hi : float
        Shell limits (Å).
    r_peak : float or None
        Peak position when the limits were found on R(r).
    """

    cn: float
    total_cn: float
    weight: float
    r_lo: float
    r_hi: float
    r_peak: float | None

    def __float__(self) -> float:
        return float(self.cn)


def partial_coordination_number(
    r,
    R=None,
    *,
    g=None,
    rho: float | None = None,
    pair: tuple[str, str],
    composition: dict[str, float],
    radiation: str = "neutron",
    q=None,
    r_lo: float | None = None,
    r_hi: float | None = None,
    peak: int = 1,
    **peak_kwargs,
) -> PartialShell:
    """Partial coordination number CN_αβ from a *total* R(r) or g(r), the weights applied.

    In a shell where only the pair α–β contributes (the Si–O shell of silica, the O–D shell
    of heavy water), g_total = w_αβ g_αβ with w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩², so

        CN_αβ = 4πρ c_β ∫ r² g_αβ dr = (c_β / w_αβ) ∫ R_total(r) dr.

    Integrating R_total without the weight gives a number that is no coordination number
    (2.35 instead of 4.0 for the Si–O shell of neutron SiO2).

    Parameters
    ----------
    r : array-like
        Strictly increasing r (Å).
    R, g : array-like, optional
        The total R(r) = 4πρr²g(r) (Å⁻¹), or the total g(r) with ``rho``.
    rho : float, optional
        Number density (atoms/Å³), needed with ``g``.
    pair : (str, str)
        (α, β): CN of β around α, e.g. ("Si", "O").
    composition : dict
        ``{element or isotope: amount}``, e.g. ``{"Si": 1, "O": 2}``, ``{"D": 2, "O": 1}``.
    radiation : {"neutron", "xray"}
        Neutron weights use the coherent lengths (constant); X-ray weights the form factors
        averaged over ``q`` (:func:`sklearn_rdf.physics.xray.xray_weights`).
    q : array-like, optional
        The Q range (Å⁻¹) that was transformed; required for X-rays.
    r_lo, r_hi : float, optional
        Shell limits (Å), as for :func:`coordination_number`.
    peak : int, default 1
        Which peak's shell, when the limits are not given.
    **peak_kwargs
        Passed to :func:`sklearn_rdf.physics.find_rdf_peaks`.

    Returns
    -------
    PartialShell

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import partial_coordination_number
    >>> from sklearn_rdf.physics.scattering import neutron_weights
    >>> r = np.linspace(0.5, 3.0, 501)
    >>> rho, w = 0.0664, neutron_weights(["Si", "O"], [1 / 3, 2 / 3])["Si-O"]
    >>> g_SiO = np.exp(-((r - 1.61) / 0.05) ** 2) / (4 * np.pi * rho * (2 / 3) * 1.61**2
    ...     * 0.05 * np.sqrt(np.pi)) * 4.0  # four O around each Si
    >>> shell = partial_coordination_number(r, g=w * g_SiO, rho=rho, pair=("Si", "O"),
    ...     composition={"Si": 1, "O": 2}, r_lo=1.3, r_hi=1.9)
    >>> round(shell.cn, 2)
    4.0
    """
    from .scattering import neutron_weights
    from .xray import composition_fractions, xray_weights

    species, c = composition_fractions(composition)
    if len(pair) != 2 or any(p not in species for p in pair):
        raise ValueError(f"pair must name two species of the composition {species}, got {pair!r}")
    alpha, beta = pair
    if radiation == "neutron":
        weights = neutron_weights(species, c)
    elif radiation == "xray":
        if q is None:
            raise ValueError("X-ray weights depend on Q: pass q, the Q range (Å⁻¹) transformed")
        weights = xray_weights(dict(zip(species, c, strict=True)), q)
    else:
        raise ValueError(f"radiation must be 'neutron' or 'xray', got {radiation!r}")
    key = f"{alpha}-{beta}" if f"{alpha}-{beta}" in weights else f"{beta}-{alpha}"
    w = float(weights[key])
    if not w > 0:
        raise ValueError(
            f"the {key} weight is {w:.3g}: a total curve cannot show that pair "
            "(a negative scattering length makes its peak a dip); use the partial g_αβ"
        )
    shell = coordination_number(r, R, g=g, rho=rho, r_lo=r_lo, r_hi=r_hi, peak=peak, **peak_kwargs)
    c_beta = float(c[species.index(beta)])
    return PartialShell(
        cn=c_beta / w * shell.cn,
        total_cn=shell.cn,
        weight=w,
        r_lo=shell.r_lo,
        r_hi=shell.r_hi,
        r_peak=shell.r_peak,
    )


def density_from_low_r(r, G, *, r_max: float) -> float:
    """Number density ρ (atoms/Å³) from the low-r slope of G(r) = −4πρr inside the core.

    Least-squares slope through the origin of G(r) on 0 < r ≤ ``r_max`` (which must lie
    below the first interatomic distance), ρ = −slope / (4π). Truncation ripples bias it:
    a q_max of 20 Å⁻¹ or more, or a window, gives a few per cent.

    Parameters
    ----------
    r : array-like of shape (n,)
        Strictly increasing r (Å).
    G : array-like of shape (n,)
        G(r) = 4πρr(g(r) − 1) (Å⁻²).
    r_max : float
        Upper end (Å) of the fit, below the first peak.

    Returns
    -------
    float
        ρ in atoms/Å³.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import density_from_low_r
    >>> r = np.linspace(0.01, 3.0, 300)
    >>> G = np.where(r < 1.2, -4 * np.pi * 0.07 * r, 0.3 * np.sin(5 * r))
    >>> round(density_from_low_r(r, G, r_max=1.0), 4)
    0.07
    """
    r = as_grid(r, "r", min_value=0.0)
    G = as_curve(G, "G")
    check_same_length(r, G, "r", "G")
    r_max = float(r_max)
    inside = (r > 0) & (r <= r_max)
    if np.count_nonzero(inside) < 3:
        raise ValueError(f"fewer than 3 points of r lie in (0, r_max = {r_max}] Å")
    x, y = r[inside], G[inside]
    slope = float(x @ y / (x @ x))
    rho = -slope / (4.0 * np.pi)
    if not rho > 0:
        raise ValueError(
            f"G(r) rises on (0, {r_max}] Å (slope {slope:.3g}): no atomic core there; "
            "choose r_max below the first peak"
        )
    return rho
