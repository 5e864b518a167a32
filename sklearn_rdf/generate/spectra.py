"""Spectra of finished structures (``ase.Atoms``) on given grids, for scoring and reports.

g(r) is the plain histogram (σ = 0, what freud computes), S(q) the exact sum over every
reciprocal-lattice vector of the box, the bond-angle distribution P(θ) (degrees, unit area)
that of :func:`sklearn_rdf.physics.differentiable.bond_angle_distribution` with a 3° smearing.
With a ``weighting`` (a generator's ``weighting_``) g(r) and S(q) are the X-ray-, neutron- or
explicitly weighted Faber–Ziman totals instead of the number-weighted ones (bond angles are not
weighted).
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


def structure_spectra(atoms, *, g=None, S=None, adf=None, adf_cutoff=2.85, adf_sigma=3.0,
                      weighting=None):  # fmt: skip
    """The spectra of one structure on the grids given (r for ``g``, q for ``S``, θ for
    ``adf``); returns ``{"g": ..., "S": ..., "adf": ...}`` for the grids given.

    ``weighting``: None (number-weighted totals), a fitted generator's ``weighting_``
    (:class:`~sklearn_rdf.generate._weighting.TotalWeighting`), or a generator's
    ``weighting`` parameter ("xray", "neutron", a dict of pair weights) with the structure's
    own concentrations: g(r) and S(q) weighted so."""
    import torch

    from ._weighting import TotalWeighting, resolve_weighting

    if weighting is not None and not isinstance(weighting, TotalWeighting):
        symbols = atoms.get_chemical_symbols()
        species = list(dict.fromkeys(symbols))
        counts = [symbols.count(s) for s in species]
        weighting = resolve_weighting(weighting, species, counts)

    from ..physics.differentiable import (
        bond_angle_distribution,
        pair_distribution,
        structure_factor_exact,
    )

    x = torch.as_tensor(np.asarray(atoms.positions, dtype=np.float64))
    box = np.diag(atoms.cell.array)
    weighted = weighting is not None and not weighting.is_number
    out = {}
    with torch.no_grad():
        if g is not None:
            out["g"] = (
                _weighted_g(x, box, g, atoms, weighting)
                if weighted
                else pair_distribution(x, box, g).numpy()
            )
        if S is not None:
            out["S"] = (
                _weighted_S(x, box, S, atoms, weighting)
                if weighted
                else structure_factor_exact(x, box, S).numpy()
            )
        if adf is not None:
            out["adf"] = bond_angle_distribution(
                x, box, adf, r_cut=adf_cutoff, sigma_deg=adf_sigma
            ).numpy()
    return out


def _types(atoms, species) -> np.ndarray:
    symbols = atoms.get_chemical_symbols()
    unknown = sorted(set(symbols) - set(species))
    if unknown:
        raise ValueError(f"the structure holds species {unknown} that the weighting lacks")
    return np.array([species.index(s) for s in symbols])


def _weighted_g(x, box, r, atoms, weighting) -> np.ndarray:
    from ..physics.differentiable import (
        minimum_image_pairs,
        pair_weight_matrix,
        weighted_g_from_distances,
    )

    types = _types(atoms, weighting.species)
    counts = np.bincount(types, minlength=len(weighting.species))
    volume = float(np.prod(box))
    matrix = pair_weight_matrix(weighting.real_space(), weighting.species, counts, volume)
    edges = np.asarray(r, dtype=float)
    reach = edges[-1] + 0.5 * (edges[-1] - edges[-2])
    i, j, d, _ = minimum_image_pairs(x, box, reach)
    return weighted_g_from_distances(d, i, j, types, matrix, r).numpy()


def _weighted_S(x, box, q, atoms, weighting) -> np.ndarray:
    from ..physics.differentiable import weighted_structure_factor_exact

    types = _types(atoms, weighting.species)
    return weighted_structure_factor_exact(
        x, box, q, types, weighting.at_q, weighting.species
    ).numpy()
