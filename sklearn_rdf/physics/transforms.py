"""Sine transforms between the reduced structure factor F(q) and the reduced PDF G(r).

G(r) = (2/π) ∫_{q_min}^{q_max} F(q) M(q) sin(q r) dq      (Eq. 2 of the WT-RDF+ paper)
F(q) = ∫_{r_min}^{r_max} G(r) sin(q r) dr

F(q) = q(S(q) − 1) in Å⁻¹ on q in Å⁻¹; G(r) = 4πρr(g(r) − 1) in Å⁻² on r in Å. M(q) is an
optional modification function; ``window="lorch"`` uses the Lorch function
M(q) = sin(πq/q_max) / (πq/q_max), which damps the truncation ripples that a finite q_max puts
into G(r), at the price of broader peaks.

Both transforms integrate with the trapezoid rule on the grid as given, so non-uniform grids
(digitised or merged data) are handled exactly as the data are sampled. The work is done in
chunks of output points so that the temporary ``sin`` matrix stays below ``max_chunk_bytes``:
a 10⁴ × 10⁴ transform runs in about 0.1 GiB of extra memory.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validation import as_curve, as_grid, check_same_length

__all__ = [
    "WINDOWS",
    "hanning",
    "kaiser",
    "lorch",
    "sine_transform",
    "sine_transform_F_to_G",
    "sine_transform_G_to_F",
    "trapezoid_weights",
]

_DEFAULT_CHUNK_BYTES = 64 * 2**20


def trapezoid_weights(x: np.ndarray) -> np.ndarray:
    """Weights w with Σ w_i f(x_i) = the trapezoid rule on a (possibly non-uniform) grid."""
    x = np.asarray(x, dtype=np.float64)
    w = np.zeros_like(x)
    if x.size < 2:
        return w
    dx = np.diff(x)
    w[:-1] += dx / 2.0
    w[1:] += dx / 2.0
    return w


def lorch(q, q_max: float | None = None) -> np.ndarray:
    """Lorch modification function M(q) = sinc(q/q_max) = sin(πq/q_max)/(πq/q_max).

    ``q_max`` defaults to the largest q; M(0) = 1 and M(q_max) = 0.
    """
    q = np.asarray(q, dtype=np.float64)
    q_max = float(np.max(q)) if q_max is None else float(q_max)
    if not np.isfinite(q_max) or q_max <= 0:
        raise ValueError(f"q_max must be finite and > 0 for the Lorch function, got {q_max!r}")
    return np.sinc(q / q_max)


def _window_q_max(q, q_max, name: str) -> tuple[np.ndarray, float]:
    q = np.asarray(q, dtype=np.float64)
    q_max = float(np.max(q)) if q_max is None else float(q_max)
    if not np.isfinite(q_max) or q_max <= 0:
        raise ValueError(f"q_max must be finite and > 0 for the {name} window, got {q_max!r}")
    return q, q_max


def hanning(q, q_max: float | None = None) -> np.ndarray:
    """Half-Hann (Hanning) window M(q) = (1 + cos(πq/q_max))/2: 1 at q = 0, 0 at q_max.

    Smoother at q_max than the Lorch function (zero slope there), so it damps the
    truncation ripples more and broadens the peaks more.

    Parameters
    ----------
    q : array-like
        q in Å⁻¹.
    q_max : float, optional
        Where the window reaches 0 (default: the largest q).

    Returns
    -------
    ndarray
        M(q).
    """
    q, q_max = _window_q_max(q, q_max, "Hanning")
    return 0.5 * (1.0 + np.cos(np.pi * np.clip(q / q_max, 0.0, 1.0)))


def kaiser(q, q_max: float | None = None, beta: float = 2.5) -> np.ndarray:
    """Kaiser–Bessel window M(q) = I₀(β√(1 − (q/q_max)²)) / I₀(β), as EXAFS and PDF codes use.

    β = 0 is no window; larger β tapers harder. M(q_max) = 1/I₀(β) (0.30 for β = 2.5), so
    the window does not reach 0 at q_max.
    For another β pass ``window=lambda q, q_max: kaiser(q, q_max, beta=4)``.

    Parameters
    ----------
    q : array-like
        q in Å⁻¹.
    q_max : float, optional
        End of the window (default: the largest q).
    beta : float, default 2.5
        Shape parameter β ≥ 0.

    Returns
    -------
    ndarray
        M(q).
    """
    q, q_max = _window_q_max(q, q_max, "Kaiser")
    beta = float(beta)
    if not np.isfinite(beta) or beta < 0:
        raise ValueError(f"beta must be finite and >= 0 for the Kaiser window, got {beta!r}")
    x = np.clip(q / q_max, 0.0, 1.0)
    return np.i0(beta * np.sqrt(1.0 - x**2)) / np.i0(beta)


#: Modification functions M(q) by name, each called as ``M(q, q_max)``.
WINDOWS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "lorch": lorch,
    "hanning": hanning,
    "kaiser": kaiser,
}
_WINDOWS = WINDOWS


def _select_range(x: np.ndarray, y: np.ndarray, lo, hi, name: str):
    lo = x[0] if lo is None else float(lo)
    hi = x[-1] if hi is None else float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"{name}_min and {name}_max must be finite, got {lo!r} and {hi!r}")
    if lo >= hi:
        raise ValueError(f"{name}_min ({lo}) must be smaller than {name}_max ({hi})")
    keep = (x >= lo) & (x <= hi)
    if np.count_nonzero(keep) < 2:
        raise ValueError(
            f"fewer than 2 {name} points lie in [{name}_min, {name}_max] = [{lo}, {hi}]"
        )
    # the effective upper limit is the last point used (a q_max beyond the data changes nothing)
    return x[keep], y[keep], float(x[keep][-1])


def sine_transform(
    x_in,
    y_in,
    x_out,
    *,
    prefactor: float = 1.0,
    max_chunk_bytes: int = _DEFAULT_CHUNK_BYTES,
) -> np.ndarray:
    """Trapezoid-rule sine transform ``prefactor · ∫ y(x) sin(x·t) dx`` at each t of ``x_out``.

    The low-level routine behind both named transforms; inputs must already be validated.
    ``y_in`` may hold several curves as the columns of an array of shape (n_in, n_curves);
    the result then has shape (n_out, n_curves) (one sin matrix serves all curves).
    """
    x_in = np.asarray(x_in, dtype=np.float64)
    y_in = np.asarray(y_in, dtype=np.float64)
    x_out = np.asarray(x_out, dtype=np.float64)
    out = np.empty((x_out.shape[0], *y_in.shape[1:]), dtype=np.float64)
    rows = max(1, int(max_chunk_bytes // (8 * max(1, x_in.size))))
    buffer = np.empty((min(rows, x_out.shape[0]), x_in.size))
    with np.errstate(over="ignore", invalid="ignore"):
        w = trapezoid_weights(x_in)
        wy = (w if y_in.ndim == 1 else w[:, None]) * y_in
        for start in range(0, x_out.shape[0], rows):
            stop = min(start + rows, x_out.shape[0])
            kernel = buffer[: stop - start]
            np.multiply.outer(x_out[start:stop], x_in, out=kernel)
            np.sin(kernel, out=kernel)
            np.matmul(kernel, wy, out=out[start:stop])
        out *= prefactor
    if not np.all(np.isfinite(out)):
        raise ValueError(
            "the sine transform overflowed float64: the integrand (curve × grid spacing) or "
            "the grid values are too large; rescale the data or check their units "
            f"(max |x| = {np.max(np.abs(x_in)):.3g}, max |y| = {np.max(np.abs(y_in)):.3g})"
        )
    return out


def sine_transform_F_to_G(
    q,
    F,
    r,
    *,
    q_min: float | None = None,
    q_max: float | None = None,
    window: str | Callable | None = None,
    max_chunk_bytes: int = _DEFAULT_CHUNK_BYTES,
) -> np.ndarray:
    """Reduced PDF G(r) (Å⁻²) from the reduced structure factor F(q) = q(S(q) − 1) (Å⁻¹).

    G(r) = (2/π) ∫_{q_min}^{q_max} F(q) M(q) sin(q r) dq, trapezoid rule on the given q points.

    Parameters
    ----------
    q : array-like of shape (n_q,)
        Momentum transfer in Å⁻¹, strictly increasing, ≥ 0; may be non-uniform.
    F : array-like of shape (n_q,) or (n_q, n_curves)
        Reduced structure factor F(q) = q(S(q) − 1) in Å⁻¹; several curves as columns.
    r : array-like of shape (n_r,)
        Distances in Å where G is wanted (any order, ≥ 0).
    q_min, q_max : float, optional
        Integration limits (Å⁻¹); only the q points inside [q_min, q_max] are used.
        Default: the whole grid.
    window : {"lorch", "hanning", "kaiser"}, callable or None
        Modification function M(q) (see :data:`WINDOWS`). ``"lorch"`` is sinc(q/q_max),
        ``"hanning"`` (1 + cos(πq/q_max))/2, ``"kaiser"`` the Kaiser–Bessel window with
        β = 2.5, each with q_max the largest q actually integrated (the last grid point
        ≤ ``q_max``);
        a callable is called as ``window(q, q_max)``. None: no window (M = 1).
    max_chunk_bytes : int
        Upper bound of the temporary sin(q r) block (bytes).

    Returns
    -------
    G : ndarray of shape (n_r,) or (n_r, n_curves)
    """
    q = as_grid(q, "q", min_value=0.0)
    F = as_curve(F, "F", ndim=(1, 2))
    check_same_length(q, F, "q", "F")
    r = as_grid(r, "r", strictly_increasing=False, min_value=0.0, min_size=1)
    q, F, q_hi = _select_range(q, F, q_min, q_max, "q")
    if window is not None:
        if isinstance(window, str):
            if window not in _WINDOWS:
                raise ValueError(f"unknown window {window!r}; known: {', '.join(_WINDOWS)}")
            window = _WINDOWS[window]
        M = np.asarray(window(q, q_hi), dtype=np.float64)
        F = F * (M if F.ndim == 1 else M[:, None])
    return sine_transform(q, F, r, prefactor=2.0 / np.pi, max_chunk_bytes=max_chunk_bytes)


def sine_transform_G_to_F(
    r,
    G,
    q,
    *,
    r_min: float | None = None,
    r_max: float | None = None,
    max_chunk_bytes: int = _DEFAULT_CHUNK_BYTES,
) -> np.ndarray:
    """Reduced structure factor F(q) (Å⁻¹) from the reduced PDF G(r) (Å⁻²).

    F(q) = ∫_{r_min}^{r_max} G(r) sin(q r) dr, the inverse of :func:`sine_transform_F_to_G`.
    For an exact inverse G must be known down to r = 0 (where G(r) = −4πρr below the first
    neighbour distance) and have decayed by r_max.
    """
    r = as_grid(r, "r", min_value=0.0)
    G = as_curve(G, "G", ndim=(1, 2))
    check_same_length(r, G, "r", "G")
    q = as_grid(q, "q", strictly_increasing=False, min_value=0.0, min_size=1)
    r, G, _ = _select_range(r, G, r_min, r_max, "r")
    return sine_transform(r, G, q, prefactor=1.0, max_chunk_bytes=max_chunk_bytes)
