"""Checks of what a reduction is given: the pattern, its background, composition, density."""

from __future__ import annotations

import numpy as np

from ..physics import Curve
from ..physics.composition import as_composition, mass_to_number_density
from ..physics.geometry import to_inverse_angstrom

__all__ = ["check_background", "check_pattern", "check_sample"]


def _as_curve(pattern, name: str) -> Curve:
    if isinstance(pattern, Curve):
        return pattern
    try:
        x, y = pattern
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a Curve (sklearn_rdf.datasets.read) or a (Q, I) pair of arrays "
            f"with Q in Å⁻¹, got {type(pattern).__name__}"
        ) from None
    return Curve(x, y, "I", "Å⁻¹", "arb.")


def check_pattern(pattern, name: str = "pattern", *, wavelength=None) -> tuple:
    """(Q in Å⁻¹, I, wavelength) of a raw pattern: a Curve of intensity or a (Q, I) pair.

    A 2θ grid (``x_unit`` "°2θ") needs ``wavelength`` (or ``metadata['wavelength']``);
    nm⁻¹ is converted. The intensity must be one column of finite numbers.
    """
    curve = _as_curve(pattern, name)
    if curve.quantity not in ("I", "unknown"):
        raise ValueError(
            f"{name} holds {curve.quantity!r}, not a raw intensity I(Q) or I(2θ): a reduction "
            "starts from the measured pattern (read it as quantity 'I')"
        )
    if curve.y.ndim != 1:
        raise ValueError(
            f"{name} has {curve.y.shape[1]} intensity columns: pick one (columns=(0, k))"
        )
    lam = wavelength if wavelength is not None else curve.metadata.get("wavelength")
    unit = curve.x_unit or "Å⁻¹"
    try:
        q = to_inverse_angstrom(curve.x, unit, lam)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    if np.any(np.diff(q) <= 0):
        raise ValueError(f"{name}: Q must be strictly increasing")
    return q, curve.y.copy(), lam


def check_background(q: np.ndarray, background, *, wavelength=None) -> np.ndarray | None:
    """The background intensity on the pattern's Q grid (refused on any other grid)."""
    if background is None:
        return None
    qb, ib, _ = check_pattern(background, "background", wavelength=wavelength)
    if qb.shape != q.shape or not np.allclose(qb, q, rtol=1e-6, atol=1e-9):
        raise ValueError(
            f"the background is on another grid than the pattern ({qb.size} points, Q "
            f"{qb[0]:.4g}–{qb[-1]:.4g} Å⁻¹, against {q.size} points, {q[0]:.4g}–{q[-1]:.4g} "
            "Å⁻¹): measure or integrate both on the same grid, or interpolate the background "
            "onto the pattern's Q yourself (np.interp) if that is what you mean"
        )
    return ib


def check_sample(composition, density) -> tuple[dict[str, float], float, float]:
    """(composition, mass density g/cm³, number density atoms/Å³)."""
    comp = as_composition(composition)
    rho = mass_to_number_density(density, comp)
    return comp, float(density), rho


def check_background_scale(scale) -> float | str:
    if isinstance(scale, str):
        if scale != "fit":
            raise ValueError(f"background_scale must be a number >= 0 or 'fit', got {scale!r}")
        return scale
    value = float(scale)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"background_scale must be finite and >= 0, got {scale!r}")
    return value


def q_limits(q: np.ndarray, q_min, q_max) -> tuple[float, float]:
    lo = float(q[0]) if q_min is None else float(q_min)
    hi = float(q[-1]) if q_max is None else float(q_max)
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo >= hi or lo < 0:
        raise ValueError(f"the Q range must satisfy 0 <= q_min < q_max, got {lo!r}, {hi!r}")
    if np.count_nonzero((q >= lo) & (q <= hi)) < 16:
        raise ValueError(
            f"fewer than 16 pattern points lie in Q = [{lo}, {hi}] Å⁻¹ "
            f"(the pattern covers {q[0]:.4g}–{q[-1]:.4g} Å⁻¹)"
        )
    return lo, hi
