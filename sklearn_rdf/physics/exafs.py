"""EXAFS physics: the single-scattering EXAFS equation, windows and Fourier transforms.

Quantities and units (k, k′ in Å⁻¹, r in Å, ΔE0 in eV):

- χ(k): the EXAFS oscillation, unweighted (dimensionless), on a photoelectron wavenumber grid k.
- R(r) = 4πr²ρ_β g_αβ(r) (Å⁻¹): the partial radial distribution function of scatterers β around
  an absorber α, the package's R; ∫ R dr over a shell is its coordination number N (the
  ONNE paper's "g(r)", Eq. 1).
- Scattering table of one absorber–scatterer pair from FEFF: the effective amplitude
  |f_eff|(k, r) (Å, FEFF's ``mag[feff]`` times its reduction factor), the total phase
  δ(k, r) = 2δ_c + φ (rad, FEFF's ``2 phc + phase[feff]``) and the mean free path λ(k, r) (Å),
  each on a (r, k) grid (:class:`ScatteringTable`).

The EXAFS equation of one pair (Eq. 1 of the ONNE paper, with FEFF's conventions):

    χ(k) = S0² ∫ R(r) |f_eff|(k′, r) / (k′ r²) · exp(−2r/λ(k′, r)) · sin(2k′r + δ(k′, r)) dr,

    k′ = √(k² − 0.2625·ΔE0)      (0.2625 = 2m_e/ħ² in Å⁻² eV⁻¹; Larch's ``ETOK``)

— a positive ΔE0 moves the edge up, so k′ < k (χ = 0 where k² < 0.2625·ΔE0). The thermal and
static disorder is inside R(r): no Debye–Waller factor multiplies the integral. The toy kernel
of the paper's Appendix (Eq. A1) drops amplitude, phase and losses:
χ_t(k) = ∫ R(r) sin(2kr) / r² dr.

The cumulant (shell) form for a Gaussian-like shell, as in Larch's ``feffit``:

    χ(k) = N S0² |f_eff|(k′, R) / (k′ R²) · exp(−2R/λ)
           · Im exp(i(2k′R + δ(k′, R)) − 2p²σ² − 4ipσ²/R − (4/3) i C3 p³),   p = k′ + i/λ,

(the complex p of feffit's Debye–Waller factor and its 2p(ΔR − 2σ²/R) phase term, the 1/r² of
the integral expanded over the shell; for λ → ∞ this is the familiar
exp(−2σ²k′²) sin(2k′(R − 2σ²/R) − (4/3)C3k′³ + δ)).

Windows and the Fourier transform follow Larch (``ftwindow``, ``xftf``):
χ̃(R) = (kstep/√π) Σ_n w(k_n) k_n^kw χ(k_n) exp(2i k_n R), on R = π/(kstep·nfft) · m.
"""

from __future__ import annotations

import json
import numbers
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
from scipy.special import i0

from .._validation import as_curve, as_grid, check_positive_real
from .transforms import trapezoid_weights

__all__ = [
    "ETOK",
    "ChiR",
    "ScatteringTable",
    "available_pairs",
    "chi_from_rdf",
    "chi_shell",
    "e0_shifted_k",
    "exafs_kernel",
    "fourier_filter",
    "ftwindow",
    "load_scattering_table",
    "r_factor",
    "shell_moments",
    "xftf",
]

#: 2m_e/ħ² in Å⁻² eV⁻¹ (k² = ETOK·(E − E0)); the value Larch uses.
ETOK = 0.2624682917

_WINDOWS = ("hanning", "kaiser")


@dataclass(frozen=True)
class ScatteringTable:
    """FEFF single-scattering functions of one absorber–scatterer pair on a (r, k) grid.

    Parameters
    ----------
    absorber, scatterer : str
        Element symbols (e.g. "U", "F").
    k : ndarray of shape (n_k,)
        Photoelectron wavenumbers (Å⁻¹), strictly increasing.
    r : ndarray of shape (n_r,)
        Absorber–scatterer distances (Å) at which FEFF computed the path, strictly increasing.
    amplitude : ndarray of shape (n_r, n_k)
        Effective amplitude |f_eff|(k, r) (Å), FEFF's reduction factor included.
    phase : ndarray of shape (n_r, n_k)
        Total phase shift δ(k, r) = 2δ_c + φ (rad), continuous in k.
    mean_free_path : ndarray of shape (n_r, n_k)
        Photoelectron mean free path λ(k, r) (Å).
    edge : str, default "K"
        Absorption edge.
    provenance : dict
        How the table was made (FEFF version, cluster, potentials, date).

    Examples
    --------
    >>> from sklearn_rdf.physics.exafs import load_scattering_table
    >>> table = load_scattering_table("Cu", "Cu")
    >>> table.edge, bool(table.r.min() < 2.55 < table.r.max())
    ('K', True)
    """

    absorber: str
    scatterer: str
    k: np.ndarray
    r: np.ndarray
    amplitude: np.ndarray
    phase: np.ndarray
    mean_free_path: np.ndarray
    edge: str = "K"
    provenance: dict = field(default_factory=dict)

    def __post_init__(self):
        k = as_grid(self.k, "table k", min_value=0.0)
        r = as_grid(self.r, "table r", min_value=0.0, min_inclusive=False, min_size=1)
        shape = (r.size, k.size)
        arrays = {}
        for name in ("amplitude", "phase", "mean_free_path"):
            arr = as_curve(getattr(self, name), f"table {name}", ndim=(1, 2))
            arr = arr.reshape(shape) if arr.size == r.size * k.size else arr
            if arr.shape != shape:
                raise ValueError(
                    f"table {name} must have shape (n_r, n_k) = {shape}, got {arr.shape}"
                )
            arrays[name] = arr
        if np.any(arrays["mean_free_path"] <= 0):
            raise ValueError("table mean_free_path must be > 0 (Å)")
        object.__setattr__(self, "k", k)
        object.__setattr__(self, "r", r)
        for name, arr in arrays.items():
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def pair(self) -> str:
        """``"absorber-scatterer"``, e.g. ``"U-F"``."""
        return f"{self.absorber}-{self.scatterer}"

    def at(self, k, r) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """|f_eff|, δ and λ interpolated at wavenumbers k (Å⁻¹) and distances r (Å).

        Linear in k and in r; outside the tabulated r range the nearest tabulated distance is
        used (the functions change slowly with r). k beyond the table is a ValueError.

        Parameters
        ----------
        k : array-like of shape (n_k,)
            Wavenumbers (Å⁻¹) inside the table's k range.
        r : array-like of shape (n_r,)
            Distances (Å).

        Returns
        -------
        amplitude, phase, mean_free_path : ndarray of shape (len(r), len(k))
            |f_eff| (Å), δ (rad) and λ (Å).
        """
        k = np.atleast_1d(np.asarray(k, dtype=np.float64))
        r = np.atleast_1d(np.asarray(r, dtype=np.float64))
        if k.size and (k.max() > self.k[-1] + 1e-9 or k.min() < self.k[0] - 1e-9):
            raise ValueError(
                f"k range [{k.min():.3f}, {k.max():.3f}] Å⁻¹ lies outside the {self.pair} "
                f"scattering table's [{self.k[0]:.3f}, {self.k[-1]:.3f}] Å⁻¹"
            )
        out = []
        for arr in (self.amplitude, self.phase, self.mean_free_path):
            along_k = np.stack([np.interp(k, self.k, row) for row in arr])  # (n_r_tab, n_k)
            if self.r.size == 1:
                out.append(np.broadcast_to(along_k, (r.size, k.size)).copy())
                continue
            rc = np.clip(r, self.r[0], self.r[-1])
            j = np.clip(np.searchsorted(self.r, rc) - 1, 0, self.r.size - 2)
            t = ((rc - self.r[j]) / (self.r[j + 1] - self.r[j]))[:, None]
            out.append((1.0 - t) * along_k[j] + t * along_k[j + 1])
        return out[0], out[1], out[2]


# ------------------------------------------------------------------ package tables


def _table_file():
    return resources.files("sklearn_rdf.physics").joinpath("data/feff_tables.npz")


@lru_cache(maxsize=1)
def _table_archive() -> dict:
    with _table_file().open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def available_pairs() -> list[str]:
    """The absorber–scatterer pairs with a precomputed FEFF table in the package data.

    Returns
    -------
    list of str
        Sorted pair names ``"Absorber-Scatterer"``.

    Examples
    --------
    >>> from sklearn_rdf.physics.exafs import available_pairs
    >>> "U-F" in available_pairs()
    True
    """
    return sorted({name.split("/")[0] for name in _table_archive()})


def load_scattering_table(absorber: str, scatterer: str | None = None) -> ScatteringTable:
    """The precomputed FEFF table of a pair (``load_scattering_table("U", "F")`` or ``"U-F"``).

    Parameters
    ----------
    absorber : str
        Absorber symbol, or the pair as ``"A-B"``.
    scatterer : str, optional
        Scatterer symbol (when ``absorber`` is not a pair).

    Returns
    -------
    ScatteringTable
        With its provenance (FEFF version, cluster, potentials) in ``provenance``.

    Raises
    ------
    ValueError
        When the package has no table for that pair (the message lists those it has).

    Examples
    --------
    >>> from sklearn_rdf.physics.exafs import load_scattering_table
    >>> load_scattering_table("U-F").provenance["feff"][:4]
    'feff'
    """
    pair = absorber if scatterer is None else f"{absorber}-{scatterer}"
    if not isinstance(pair, str) or pair.count("-") != 1:
        raise ValueError(f"a pair is named 'Absorber-Scatterer' (e.g. 'U-F'), got {pair!r}")
    archive = _table_archive()
    if f"{pair}/k" not in archive:
        raise ValueError(
            f"no scattering table for the pair {pair!r}; tables exist for "
            f"{', '.join(available_pairs())} (compute others with "
            "sklearn_rdf.physics.feff_tables.compute_table, extra 'feff')"
        )
    meta = json.loads(str(archive[f"{pair}/provenance"]))
    a, b = pair.split("-")
    return ScatteringTable(
        a,
        b,
        archive[f"{pair}/k"],
        archive[f"{pair}/r"],
        archive[f"{pair}/amplitude"],
        archive[f"{pair}/phase"],
        archive[f"{pair}/mean_free_path"],
        edge=meta.get("edge", "K"),
        provenance=meta,
    )


# ------------------------------------------------------------------ the EXAFS equation


def _check_k(k, name: str = "k") -> np.ndarray:
    return as_grid(k, name, min_value=0.0)


def _check_s02(s02) -> float:
    if isinstance(s02, bool) or not isinstance(s02, numbers.Real) or not np.isfinite(s02):
        raise ValueError(f"S0² (s02) must be a finite number > 0, got {s02!r}")
    if s02 <= 0:
        raise ValueError(f"S0² (s02) must be > 0, got {s02!r}")
    return float(s02)


def _check_e0(e0_shift) -> float:
    if isinstance(e0_shift, bool) or not isinstance(e0_shift, numbers.Real):
        raise ValueError(f"e0_shift (ΔE0, eV) must be a real number, got {e0_shift!r}")
    if not np.isfinite(e0_shift):
        raise ValueError(f"e0_shift (ΔE0, eV) must be finite, got {e0_shift!r}")
    return float(e0_shift)


def e0_shifted_k(k, e0_shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """k′ = √(k² − ETOK·ΔE0) (Å⁻¹) and the mask of k where k′ is real and > 0.

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹).
    e0_shift : float, default 0.0
        ΔE0 (eV); a positive shift moves the edge up, so k′ < k.

    Returns
    -------
    k_shifted : ndarray of shape (n_k,)
        k′ (Å⁻¹), 0 where k² ≤ ETOK·ΔE0.
    valid : ndarray of bool, shape (n_k,)
        Where k′ is real and > 0.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import e0_shifted_k
    >>> kp, ok = e0_shifted_k(np.array([1.0, 4.0]), 5.0)
    >>> np.round(kp, 3), ok
    (array([0.   , 3.832]), array([False,  True]))
    """
    k = np.asarray(k, dtype=np.float64)
    k2 = k * k - ETOK * _check_e0(e0_shift)
    ok = k2 > 0
    return np.sqrt(np.where(ok, k2, 0.0)), ok


def exafs_kernel(k, r, table="toy", *, e0_shift: float = 0.0, s02: float = 1.0) -> np.ndarray:
    """The linear map K with χ(k) = K @ R(r) for one pair (trapezoid rule over r).

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹), strictly increasing, ≥ 0.
    r : array-like of shape (n_r,)
        Distances (Å) of the R(r) grid, strictly increasing, > 0.
    table : ScatteringTable or "toy", default "toy"
        FEFF functions of the pair, or the toy kernel of Eq. A1 (no amplitude, phase or losses).
    e0_shift : float, default 0.0
        ΔE0 (eV); k′ = √(k² − 0.2625 ΔE0) (toy kernel: ignored unless non-zero, then applied).
    s02 : float, default 1.0
        Passive electron reduction factor S0² (> 0).

    Returns
    -------
    ndarray of shape (n_k, n_r)
        Rows for k where k′ is not real and positive are 0.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import exafs_kernel
    >>> exafs_kernel(np.linspace(0, 12, 241), np.linspace(1.5, 3.5, 201)).shape
    (241, 201)
    """
    k = _check_k(k)
    r = as_grid(r, "r", min_value=0.0, min_inclusive=False)
    s02 = _check_s02(s02)
    kp, ok = e0_shifted_k(k, e0_shift)
    w = trapezoid_weights(r)
    K = np.zeros((k.size, r.size))
    kv = kp[ok]
    if isinstance(table, str):
        if table != "toy":
            raise ValueError(f"table must be a ScatteringTable or 'toy', got {table!r}")
        K[ok] = np.sin(2.0 * kv[:, None] * r[None, :]) / r[None, :] ** 2
    elif isinstance(table, ScatteringTable):
        amp, pha, lam = table.at(kv, r)  # (n_r, n_kv)
        body = (
            amp
            / (kv[None, :] * r[:, None] ** 2)
            * np.exp(-2.0 * r[:, None] / lam)
            * np.sin(2.0 * kv[None, :] * r[:, None] + pha)
        )
        K[ok] = body.T
    else:
        raise ValueError(f"table must be a ScatteringTable or 'toy', got {type(table).__name__}")
    return s02 * K * w[None, :]


def chi_from_rdf(k, r, R, table="toy", *, e0_shift: float = 0.0, s02: float = 1.0):
    """χ(k) of one absorber–scatterer pair from its partial R(r) (Eq. 1; Eq. A1 for "toy").

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹), strictly increasing.
    r : array-like of shape (n_r,)
        Distances (Å), strictly increasing, > 0.
    R : array-like of shape (n_r,) or (n_r, n_curves)
        R(r) = 4πr²ρ_β g_αβ(r) (Å⁻¹); ∫ R dr over a shell is N. Several curves as columns.
    table : ScatteringTable or "toy", default "toy"
        Scattering functions of the pair.
    e0_shift : float, default 0.0
        ΔE0 (eV).
    s02 : float, default 1.0
        S0² (> 0).

    Returns
    -------
    ndarray of shape (n_k,) or (n_k, n_curves)
        Unweighted χ(k).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import gaussian_shells_R
    >>> from sklearn_rdf.physics.exafs import chi_from_rdf, load_scattering_table
    >>> k, r = np.arange(0, 14.01, 0.05), np.linspace(1.8, 3.4, 161)
    >>> R = gaussian_shells_R(r, [(2.55, 12, 0.09)])
    >>> chi = chi_from_rdf(k, r, R, load_scattering_table("Cu-Cu"), s02=0.9)
    >>> chi.shape
    (281,)
    """
    r_arr = as_grid(r, "r", min_value=0.0, min_inclusive=False)
    R_arr = as_curve(R, "R", ndim=(1, 2))
    if R_arr.shape[0] != r_arr.size:
        raise ValueError(f"R has {R_arr.shape[0]} points but r has {r_arr.size}")
    return exafs_kernel(k, r_arr, table, e0_shift=e0_shift, s02=s02) @ R_arr


def chi_shell(
    k,
    n: float,
    distance: float,
    sigma2: float,
    table="toy",
    *,
    e0_shift: float = 0.0,
    s02: float = 1.0,
    c3: float = 0.0,
) -> np.ndarray:
    """χ(k) of one shell in the cumulant form (N, R, σ², C3), as Larch's ``feffit`` path sum.

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹).
    n : float
        Coordination number N (path degeneracy).
    distance : float
        Shell distance R (Å); the table is evaluated there.
    sigma2 : float
        Mean-square relative displacement σ² (Å²).
    table : ScatteringTable or "toy", default "toy"
        Scattering functions ("toy": Eq. A1's N sin(2kR)/R² e^(−2k²σ²), no 1/k, no phase).
    e0_shift : float, default 0.0
        ΔE0 (eV).
    s02 : float, default 1.0
        S0² (> 0).
    c3 : float, default 0.0
        Third cumulant (Å³).

    Returns
    -------
    ndarray of shape (n_k,)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import chi_shell
    >>> chi_shell(np.array([0.0, 5.0]), 1.0, 2.0, 0.0).round(4)
    array([0.    , 0.2282])
    """
    k = _check_k(k)
    s02 = _check_s02(s02)
    kp, ok = e0_shifted_k(k, e0_shift)
    kv = kp[ok]
    R0 = float(distance)
    if isinstance(table, ScatteringTable):
        amp, pha, lam = (a[0] for a in table.at(kv, [R0]))
        loss, lam_inv = np.exp(-2.0 * R0 / lam), 1.0 / lam
    else:
        # the toy kernel of Eq. A1 has no amplitude and no 1/k: amp/k = 1
        amp, pha, loss, lam_inv = kv.copy(), np.zeros_like(kv), 1.0, 0.0
    # feffit's complex wavenumber p = k′ + i/λ in the Debye-Waller factor exp(−2p²σ²)
    p = kv + 1j * lam_inv
    # −4ipσ²/R: the 1/r² (and e^(−2r/λ)) of the integral expanded over the shell, which
    # feffit writes as 2p(ΔR − 2σ²/R_eff); without it a Gaussian shell's χ from chi_from_rdf
    # and this form disagree in phase by 4kσ²/R (R read 2σ²/R short)
    cchi = np.exp(
        2j * kv * R0
        + 1j * pha
        - 2.0 * p * p * sigma2
        - 4j * p * sigma2 / R0
        - 4j / 3.0 * c3 * p**3
    )
    chi = np.zeros_like(k)
    chi[ok] = n * s02 * amp / (kv * R0**2) * loss * cchi.imag
    return chi


# ------------------------------------------------------------------ windows, FT


def ftwindow(x, xmin: float, xmax: float, dx: float = 1.0, dx2=None, window: str = "hanning"):
    """Larch's ``ftwindow``: a window on the grid x that is 1 on [xmin, xmax] with tapers.

    ``"hanning"``: sin² rise over [xmin − dx/2, xmin + dx/2] and cos² fall over
    [xmax − dx2/2, xmax + dx2/2]. ``"kaiser"``: the Kaiser–Bessel window
    (I0(dx√(1 − (x − c)²/w²)) − 1)/(I0(dx) − 1) over [xmin − dx/2, xmax + dx2/2]
    (here dx is the Kaiser shape parameter, as in Larch).

    Parameters
    ----------
    x : array-like of shape (n,)
        Uniform grid (k in Å⁻¹ or R in Å), increasing.
    xmin, xmax : float
        Window range.
    dx : float, default 1.0
        Taper width (hanning) or shape parameter (kaiser).
    dx2 : float, optional
        Taper width at xmax (default dx).
    window : {"hanning", "kaiser"}, default "hanning"

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import ftwindow
    >>> w = ftwindow(np.arange(0, 12.01, 0.05), 2.0, 10.0, dx=1.0)
    >>> float(w[60]), float(w[0])
    (1.0, 0.0)
    """
    x = as_grid(x, "x")
    if window not in _WINDOWS:
        raise ValueError(f"window must be one of {_WINDOWS}, got {window!r}")
    xmin, xmax = float(xmin), float(xmax)
    if not xmin < xmax:
        raise ValueError(f"window range needs xmin < xmax, got {xmin} and {xmax}")
    dx = float(dx)
    dx2 = dx if dx2 is None else float(dx2)
    if dx < 0 or dx2 < 0:
        raise ValueError(f"window tapers dx, dx2 must be >= 0, got {dx}, {dx2}")
    n = x.size
    xstep = (x[-1] - x[0]) / (n - 1)
    xeps = 1e-4 * xstep
    x1 = max(x[0], xmin - dx / 2.0)
    x2 = xmin + dx / 2.0 + xeps
    x3 = xmax - dx2 / 2.0 - xeps
    x4 = min(x[-1], xmax + dx2 / 2.0)

    def asint(v):
        return int((v - x[0] + xeps) / xstep)

    i1, i2, i3, i4 = asint(x1), asint(x2), asint(x3), asint(x4)
    i1, i2 = max(0, i1), max(0, i2)
    i3, i4 = min(n - 1, i3), min(n - 1, i4)
    if i2 == i1:
        i1 = max(0, i2 - 1)
    if i4 == i3:
        i3 = max(i2, i4 - 1)
    x1, x2, x3, x4 = x[i1], x[i2], x[i3], x[i4]
    if x1 == x2:
        x2 = x2 + xeps
    if x3 == x4:
        x4 = x4 + xeps
    win = np.zeros(n)
    if i3 > i2:
        win[i2:i3] = 1.0
    if window == "hanning":
        win[i1 : i2 + 1] = np.sin(np.pi / 2 * (x[i1 : i2 + 1] - x1) / (x2 - x1)) ** 2
        win[i3 : i4 + 1] = np.cos(np.pi / 2 * (x[i3 : i4 + 1] - x3) / (x4 - x3)) ** 2
    else:
        cen, wid = (x4 + x1) / 2.0, (x4 - x1) / 2.0
        arg = np.clip(1.0 - (x - cen) ** 2 / wid**2, 0.0, None)
        scale = max(1e-10, i0(dx) - 1.0)
        win = (i0(dx * np.sqrt(arg)) - 1.0) / scale
    return win


class ChiR(NamedTuple):
    """χ(R): the Fourier transform of k^kw χ(k) (Larch's ``xftf``).

    Parameters
    ----------
    r : ndarray
        Distances R (Å, not phase-corrected).
    chir : ndarray of complex
        χ(R) (Å^−(kw+1)).
    mag, real, imag : ndarray
        |χ(R)|, its real and imaginary parts.
    k : ndarray
        The uniform k grid (Å⁻¹) of the transform.
    window : ndarray
        The k window used, on ``k``.
    """

    r: np.ndarray
    chir: np.ndarray
    mag: np.ndarray
    real: np.ndarray
    imag: np.ndarray
    k: np.ndarray
    window: np.ndarray


def xftf(
    k,
    chi,
    *,
    kmin: float = 0.0,
    kmax: float = 20.0,
    kweight: int = 2,
    dk: float = 1.0,
    dk2=None,
    window: str = "kaiser",
    rmax_out: float = 10.0,
    nfft: int = 2048,
    kstep: float = 0.05,
) -> ChiR:
    """Forward Fourier transform χ(k) → χ(R), with Larch's ``xftf`` conventions.

    χ is interpolated onto the uniform grid k = kstep·n (from 0), multiplied by k^kweight and
    the window, zero-padded to ``nfft`` points and transformed:
    χ̃(R) = (kstep/√π) FFT[w k^kw χ] on R = π/(kstep·nfft)·m, m up to ``rmax_out``.

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹), strictly increasing.
    chi : array-like of shape (n_k,)
        Unweighted χ(k).
    kmin, kmax : float
        Window range (Å⁻¹).
    kweight : int, default 2
        k-weight.
    dk, dk2 : float
        Window tapers (see :func:`ftwindow`).
    window : {"hanning", "kaiser"}, default "kaiser"
        Larch's default is "kaiser".
    rmax_out : float, default 10.0
        Largest R returned (Å).
    nfft : int, default 2048
        FFT length.
    kstep : float, default 0.05
        Step of the uniform k grid (Å⁻¹).

    Returns
    -------
    ChiR

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import chi_shell, xftf
    >>> k = np.arange(0, 14.01, 0.05)
    >>> ft = xftf(k, chi_shell(k, 6, 2.0, 0.003), kmin=2, kmax=12, window="hanning")
    >>> round(float(ft.r[np.argmax(ft.mag)]), 1)
    2.0
    """
    k = _check_k(k)
    chi = as_curve(chi, "chi")
    if chi.size != k.size:
        raise ValueError(f"chi has {chi.size} points but k has {k.size}")
    kstep = check_positive_real(kstep, "kstep")
    dk2 = dk if dk2 is None else dk2
    npts = int(1.01 + k[-1] / kstep)
    k_max = max(k[-1], kmax + dk2)
    k_ = kstep * np.arange(int(1.01 + k_max / kstep))
    chi_ = np.interp(k_, k, chi)
    win = ftwindow(k_, kmin, kmax, dk, dk2, window)
    weighted = (chi_[:npts] * k_[:npts] ** int(kweight)) * win[:npts]
    padded = np.zeros(int(nfft), dtype=np.complex128)
    padded[: min(npts, int(nfft))] = weighted[: int(nfft)]
    out = (kstep / np.sqrt(np.pi)) * np.fft.fft(padded)[: int(nfft) // 2]
    rstep = np.pi / (kstep * nfft)
    irmax = int(min(nfft / 2, 1.01 + rmax_out / rstep))
    chir = out[:irmax]
    return ChiR(
        rstep * np.arange(irmax),
        chir,
        np.abs(chir),
        chir.real.copy(),
        chir.imag.copy(),
        k_[:npts],
        win[:npts],
    )


def fourier_filter(
    k,
    chi,
    *,
    rmin: float,
    rmax: float,
    kmin: float = 0.0,
    kmax: float = 20.0,
    kweight: int = 2,
    dk: float = 1.0,
    window: str = "hanning",
    dr: float = 0.0,
    nfft: int = 2048,
    kstep: float = 0.05,
) -> np.ndarray:
    """Fourier-filtered k^kw χ(k): the part of χ(k) whose χ(R) lies in [rmin, rmax] (Larch's χ(q)).

    k^kw χ(k) times the k window is transformed to χ(R) as in :func:`xftf`, multiplied by the
    R window (Hanning, taper ``dr``) and transformed back (Larch's ``xftr``); the real part,
    on the input k grid, is returned. A shell whose χ(R) lies entirely inside the R window comes
    back as w(k) k^kw χ(k). The map is linear in χ. R here is the phase-uncorrected distance of
    χ(R) (Å), not the shell's distance.

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹), strictly increasing.
    chi : array-like of shape (n_k,) or (n_spectra, n_k)
        Unweighted χ(k), one spectrum per row.
    rmin, rmax : float
        R window (Å).
    kmin, kmax : float
        k window (Å⁻¹).
    kweight : int, default 2
        k-weight.
    dk : float, default 1.0
        k-window taper (see :func:`ftwindow`).
    window : {"hanning", "kaiser"}, default "hanning"
        k-window shape.
    dr : float, default 0.0
        R-window taper (Hanning).
    nfft : int, default 2048
        FFT length.
    kstep : float, default 0.05
        Step of the uniform k grid of the transform (Å⁻¹).

    Returns
    -------
    ndarray of the shape of chi
        Filtered k^kw χ(k) (Å^−kw), windowed.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import chi_shell, fourier_filter
    >>> k = np.arange(0, 14.01, 0.05)
    >>> near, far = chi_shell(k, 6, 2.0, 0.003), chi_shell(k, 6, 3.6, 0.003)
    >>> kept = fourier_filter(k, near + far, rmin=1.0, rmax=2.8, kmin=2, kmax=12, dr=0.5)
    >>> mid = (k >= 4) & (k <= 10)
    >>> misfit = np.abs(kept - k**2 * near)[mid].max() / np.abs(k**2 * near).max()
    >>> bool(misfit < 0.06)  # the far shell alone is 27 % of it
    True
    """
    k = _check_k(k)
    chi = as_curve(chi, "chi", ndim=(1, 2))
    one = chi.ndim == 1
    chi2 = chi[None, :] if one else chi
    if chi2.shape[1] != k.size:
        raise ValueError(f"chi has {chi2.shape[1]} points but k has {k.size}")
    rmin, rmax = float(rmin), float(rmax)
    if not 0 <= rmin < rmax:
        raise ValueError(f"the R window needs 0 <= rmin < rmax (Å), got {rmin} and {rmax}")
    kstep = check_positive_real(kstep, "kstep")
    nfft = int(nfft)
    if rmin >= np.pi / (2 * kstep):  # the window would hold nothing: a zero output
        raise ValueError(
            f"the R window starts at {rmin} Å, beyond the largest R of the transform "
            f"(π / (2 kstep) = {np.pi / (2 * kstep):.4g} Å)"
        )
    k_ = kstep * np.arange(int(1.01 + max(k[-1], float(kmax) + float(dk)) / kstep))
    if k_.size > nfft:
        raise ValueError(f"nfft = {nfft} is shorter than the k grid ({k_.size} points)")
    win = ftwindow(k_, kmin, kmax, dk, window=window)
    inside = k_ <= k[-1] + 1e-9
    weighted = np.zeros((chi2.shape[0], k_.size))
    weighted[:, inside] = np.stack([np.interp(k_[inside], k, row, left=0.0) for row in chi2])
    weighted *= (k_ ** int(kweight) * win)[None, :]
    spectrum = np.fft.fft(weighted, n=nfft, axis=1)
    r_ = np.pi / (kstep * nfft) * np.arange(nfft // 2)
    rwin = np.zeros(nfft)
    rwin[: nfft // 2] = ftwindow(r_, rmin, rmax, dr, window="hanning")
    back = 2.0 * np.fft.ifft(spectrum * rwin[None, :], axis=1).real[:, : k_.size]
    out = np.stack([np.interp(k, k_, row) for row in back])
    return out[0] if one else out


def r_factor(data, model) -> float:
    """Fractional misfit Σ(data − model)² / Σ data² (Larch's R-factor), in k or R space.

    Parameters
    ----------
    data : array-like of shape (n,) or (n, m)
        Measured values (real, or complex χ(R)).
    model : array-like of the same shape
        Model values.

    Returns
    -------
    float
        The R-factor (0 for a perfect fit).

    Examples
    --------
    >>> from sklearn_rdf.physics.exafs import r_factor
    >>> round(r_factor([1.0, -1.0], [0.9, -1.0]), 6)
    0.005
    """
    d = as_curve(data, "data", ndim=(1, 2))
    m = as_curve(model, "model", ndim=(1, 2))
    if d.shape != m.shape:
        raise ValueError(f"data and model shapes differ: {d.shape} and {m.shape}")
    denom = float(np.sum(np.abs(d) ** 2))
    if denom == 0:
        raise ValueError("data are all zero: the R-factor is undefined")
    return float(np.sum(np.abs(d - m) ** 2)) / denom


def shell_moments(r, R, r_lo: float | None = None, r_hi: float | None = None):
    """N, mean distance and variance of R(r) over a shell, for one curve or many (rows).

    N = ∫ R dr, R̄ = ∫ r R dr / N, σ² = ∫ (r − R̄)² R dr / N over [r_lo, r_hi] (trapezoid rule
    on the grid points inside; default the whole grid). For a Gaussian shell these are the
    cumulant fit's N, R and σ².

    Parameters
    ----------
    r : array-like of shape (n_r,)
        Distances (Å), strictly increasing.
    R : array-like of shape (n_r,) or (n_curves, n_r)
        R(r) (Å⁻¹); one curve per row.
    r_lo, r_hi : float, optional
        Shell limits (Å).

    Returns
    -------
    n, distance, sigma2 : float or ndarray of shape (n_curves,)

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import gaussian_shells_R
    >>> from sklearn_rdf.physics.exafs import shell_moments
    >>> r = np.linspace(1.5, 3.5, 401)
    >>> n, d, s2 = shell_moments(r, gaussian_shells_R(r, [(2.4, 6.0, 0.1)]))
    >>> round(float(n), 3), round(float(d), 3), round(float(s2), 4)
    (6.0, 2.4, 0.01)
    """
    r = as_grid(r, "r")
    R = as_curve(R, "R", ndim=(1, 2))
    one = R.ndim == 1
    R2 = R[None, :] if one else R
    if R2.shape[1] != r.size:
        raise ValueError(f"R has {R2.shape[1]} points per curve but r has {r.size}")
    lo = r[0] if r_lo is None else float(r_lo)
    hi = r[-1] if r_hi is None else float(r_hi)
    inside = (r >= lo) & (r <= hi)
    if np.count_nonzero(inside) < 2:
        raise ValueError(f"fewer than 2 grid points lie in the shell [{lo}, {hi}] Å")
    rs, w = r[inside], trapezoid_weights(r[inside])
    Rs = R2[:, inside]
    n = Rs @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (Rs * rs) @ w / n
        var = (Rs * (rs[None, :] - mean[:, None]) ** 2) @ w / n
    if one:
        return float(n[0]), float(mean[0]), float(var[0])
    return n, mean, var
