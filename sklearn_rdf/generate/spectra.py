"""Spectra of finished structures (``ase.Atoms``) on given grids, for scoring and reports.

g(r) is the plain histogram (σ = 0, what freud computes), S(q) the exact sum over every
reciprocal-lattice vector of the box, the bond-angle distribution P(θ) (degrees, unit area)
that of :func:`sklearn_rdf.physics.differentiable.bond_angle_distribution` with a 3° smearing.
"""

from __future__ import annotations

import numpy as np

from ..physics import find_rdf_peaks

__all__ = ["first_minimum", "structure_spectra"]


def first_minimum(r, g) -> float:
    """r (Å) of the lowest point of g(r) between its first and second peaks.

    A curve without a peak (a step) gives 1.2 × the first r where g exceeds 0.5.
    """
    r = np.asarray(r, dtype=float)
    g = np.asarray(g, dtype=float)
    peaks = find_rdf_peaks(r, g)
    if len(peaks) == 0:
        above = np.flatnonzero(g > 0.5)
        if above.size == 0:
            raise ValueError("the target g(r) never exceeds 0.5: no first neighbour shell")
        return 1.2 * float(r[above[0]])
    lo = peaks.indices[0]
    hi = peaks.indices[1] if len(peaks) > 1 else g.size
    return float(r[lo + int(np.argmin(g[lo:hi]))])


def structure_spectra(atoms, *, g=None, S=None, adf=None, adf_cutoff=2.85, adf_sigma=3.0):
    """The spectra of one structure on the grids given (r for ``g``, q for ``S``, θ for
    ``adf``); returns ``{"g": ..., "S": ..., "adf": ...}`` for the grids given."""
    import torch

    from ..physics.differentiable import (
        bond_angle_distribution,
        pair_distribution,
        structure_factor_exact,
    )

    x = torch.as_tensor(np.asarray(atoms.positions, dtype=np.float64))
    box = np.diag(atoms.cell.array)
    out = {}
    with torch.no_grad():
        if g is not None:
            out["g"] = pair_distribution(x, box, g).numpy()
        if S is not None:
            out["S"] = structure_factor_exact(x, box, S).numpy()
        if adf is not None:
            out["adf"] = bond_angle_distribution(
                x, box, adf, r_cut=adf_cutoff, sigma_deg=adf_sigma
            ).numpy()
    return out
