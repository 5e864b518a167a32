"""Benchmark materials from a raw pattern, and the q/r cuts every material can take."""

from __future__ import annotations

import numpy as np

from ._materials import Material

__all__ = ["raw_material", "restrict_material"]


def raw_material(reduction, *, name: str, target=None) -> Material:
    """A :class:`Material` from a :class:`~sklearn_rdf.reduction.Reduction`.

    The structure factor is the reduction's F(Q) on its measured Q range (the Q = 0
    extension dropped); the target is ``target`` (r, G) when given (for example a G(r)
    file of the same sample), else the reduction's own G(r) on r > 0.

    Parameters
    ----------
    reduction : Reduction
        From :func:`sklearn_rdf.reduction.reduce_xray` or ``reduce_neutron``.
    name : str
        The material's name.
    target : (ndarray, ndarray), optional
        r (Å) and G(r) (Å⁻²) of the target.

    Returns
    -------
    Material
    """
    q, F = reduction.F.x, reduction.F.y
    lo, hi = reduction.q_range
    keep = (q >= lo) & (q <= hi)
    if target is None:
        r, G = reduction.G.x, reduction.G.y
    else:
        r, G = (np.asarray(a, dtype=np.float64) for a in target)
    positive = r > 0
    return Material(
        name,
        r[positive],
        G[positive],
        q[keep],
        F[keep],
        {"rho": reduction.rho, "reduction": dict(reduction.settings)},
    )


def restrict_material(
    material: Material,
    *,
    q_min: float | None = None,
    q_max: float | None = None,
    r_min: float | None = None,
    r_max: float | None = None,
    n_r: int | None = None,
) -> Material:
    """The material with F(q) cut to [q_min, q_max] and the target on [r_min, r_max].

    With ``n_r``, the target is interpolated (linearly) onto ``n_r`` evenly spaced points of
    [r_min, r_max]; otherwise its own points in the range are kept.

    Parameters
    ----------
    material : Material
        Not modified.
    q_min, q_max : float, optional
        Structure-factor range kept (Å⁻¹).
    r_min, r_max : float, optional
        Target range (Å).
    n_r : int, optional
        Number of target points (≥ 5).

    Returns
    -------
    Material

    Raises
    ------
    ValueError
        If a range is empty, lies outside the data, or leaves fewer than 5 points.
    """
    q, F, r, G = material.q, material.F, material.r, material.target
    q_lo = q[0] if q_min is None else float(q_min)
    q_hi = q[-1] if q_max is None else float(q_max)
    r_lo = r[0] if r_min is None else float(r_min)
    r_hi = r[-1] if r_max is None else float(r_max)
    if not (q_lo < q_hi and r_lo < r_hi):
        raise ValueError(f"empty range: q [{q_lo}, {q_hi}] Å⁻¹, r [{r_lo}, {r_hi}] Å")
    in_q = (q >= q_lo) & (q <= q_hi)
    if np.count_nonzero(in_q) < 5:
        raise ValueError(f"fewer than 5 q points in [{q_lo}, {q_hi}] Å⁻¹")
    if r_lo < r[0] - 1e-9 or r_hi > r[-1] + 1e-9:
        raise ValueError(
            f"r range [{r_lo}, {r_hi}] Å lies outside the target's [{r[0]:.4g}, {r[-1]:.4g}] Å"
        )
    if n_r is not None:
        if int(n_r) != n_r or n_r < 5:
            raise ValueError(f"the number of r points must be an integer >= 5, got {n_r!r}")
        r_new = np.linspace(max(r_lo, 1e-6), r_hi, int(n_r))
        G_new = np.interp(r_new, r, G)
    else:
        in_r = (r >= r_lo) & (r <= r_hi)
        if np.count_nonzero(in_r) < 5:
            raise ValueError(f"fewer than 5 r points in [{r_lo}, {r_hi}] Å")
        r_new, G_new = r[in_r], G[in_r]
    meta = dict(material.metadata, cut={"q": (q_lo, q_hi), "r": (r_lo, r_hi), "n_r": n_r})
    return Material(material.name, r_new, G_new, q[in_q], F[in_q], meta)


def read_target(path, quantity: str | None, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """(r, G(r)) of a target RDF file holding G, g or R (converted with ``rho``)."""
    from ..datasets import read
    from ..physics import convert

    curve = read(path)
    symbol = quantity or curve.quantity
    if symbol not in ("G", "g", "R"):
        raise ValueError(
            f"{path}: holds {curve.quantity!r}, not G(r), g(r) or R(r); pass --rdf-quantity"
        )
    y = curve.y if curve.y.ndim == 1 else curve.y[:, 0]
    keep = curve.x > 0
    r = curve.x[keep]
    return r, convert(r, y[keep], symbol, "G", rho=rho)
