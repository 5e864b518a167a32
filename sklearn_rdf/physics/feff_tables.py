"""Compute single-scattering tables |f_eff|(k, r), δ(k, r), λ(k, r) with FEFF (extra "feff").

The package ships precomputed tables (:func:`sklearn_rdf.physics.exafs.load_scattering_table`);
this module makes new ones. It needs ``xraylarch`` (the extra ``feff``; install it in its own
virtual environment, it pulls about 2.4 GB), whose bundled FEFF8L computes the muffin-tin
potentials and phase shifts of a cluster once (``feff8l``, 1–10 s) and then one
single-scattering path per distance in process (``Feff8L_XAFSPath``, about 30 ms a path).

Why xraylarch and not feff10-rs (measured on these machines, 2026-12-01, shared 2-core load):
``feff10-rs`` 0.2.4 (an 8.5 MB wheel) runs the whole FEFF pipeline per input in 6–7 s and has
no call for one path at a chosen distance, so a table of 35 distances costs 35 pipeline runs
(≈ 4 CPU-minutes a pair) against ≈ 10 s with FEFF8L's path call; its ``feff0001.dat`` agrees
with feff8l's to 3 decimals. The tables are computed once and shipped, so the build cost
matters more than the install size. (A per-distance table from feff10-rs is possible without
that call: replace its ``paths.dat`` by one path per distance and rerun genfmt, as
``benchmarks/make_uf4_table_variants.py`` does; it agrees with these tables to 0.1 %.)

Trap (measured): FEFF8L's Fortran ``STOP``\\s — and kills Python — when the phase file is
given by an absolute path, so :func:`compute_table` changes into the calculation folder and
passes the bare name.

Run ``python -m sklearn_rdf.physics.feff_tables OUT.npz`` (in the larch environment) to rebuild
the shipped tables, ``python -m sklearn_rdf.physics.feff_tables OUT.npz U-F U-U`` to rebuild
some of them and keep the others.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import tempfile
import time
from dataclasses import dataclass

import numpy as np

from .exafs import ScatteringTable
from .feff_paths import fcc_cluster

__all__ = ["CLUSTERS", "Cluster", "compute_table", "feff_input", "write_tables"]

_Z = {"O": 8, "F": 9, "Cl": 17, "Fe": 26, "Ni": 28, "Cu": 29, "Zn": 30, "Pt": 78, "U": 92}


@dataclass(frozen=True)
class Cluster:
    """A small cluster for FEFF's potentials: absorber at the origin, neighbours around it.

    Parameters
    ----------
    name : str
        What the provenance calls the cluster.
    absorber : str
        Element symbol of the absorber (at the origin).
    atoms : tuple of (x, y, z, symbol)
        The neighbours, coordinates in Å.
    edge : str, default "K"
        Absorption edge.
    scf_radius : float or None, default 4.0
        Self-consistency radius (Å). None: overlapped atomic potentials without SCF, needed
        for the Fe–O cluster, where FEFF8L's SCF segfaults (and for a U cluster as sparse as
        U + 8 F + 6 U, where it stops in CORVAL).
    """

    name: str
    absorber: str
    atoms: tuple
    edge: str = "K"
    scf_radius: float | None = 4.0


def _fcc(symbol: str, a: float, r_max: float = 5.2) -> tuple:
    atoms = fcc_cluster(symbol, a, r_max)
    return tuple((*np.round(p, 4), symbol) for p in atoms.positions[1:])


def _shell(symbol: str, r: float, directions) -> tuple:
    d = np.asarray(directions, dtype=float)
    d = d / np.linalg.norm(d, axis=1, keepdims=True)
    return tuple((*np.round(r * v, 4), symbol) for v in d)


def _farthest_point_shells(first, shells) -> tuple:
    """Add each (symbol, n, r) shell atom by atom on the direction farthest from those placed.

    Deterministic: the candidates are 400 golden-spiral directions; each new atom takes the
    one whose nearest placed atom (absorber included) is farthest.
    """
    i = np.arange(400) + 0.5
    z = 1.0 - 2.0 * i / 400
    phi = i * np.pi * (3.0 - np.sqrt(5.0))
    unit = np.column_stack([np.sqrt(1 - z * z) * np.cos(phi), np.sqrt(1 - z * z) * np.sin(phi), z])
    placed = [np.zeros(3)] + [np.asarray(a[:3], dtype=float) for a in first]
    atoms = list(first)
    for symbol, n, r in shells:
        cand = r * unit
        for _ in range(n):
            gap = np.linalg.norm(cand[:, None, :] - np.asarray(placed)[None], axis=2).min(axis=1)
            p = cand[np.argmax(gap)]
            placed.append(p)
            atoms.append((*np.round(p, 4), symbol))
    return tuple(atoms)


_CUBE = list(itertools.product((-1, 1), repeat=3))
_OCTA = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
_TETRA = [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)]
_CUBO = [p for p in itertools.product((-1, 0, 1), repeat=3) if sum(map(abs, p)) == 2]

#: The clusters of the shipped tables (fcc metals at their room-temperature lattice constants;
#: molten-salt-like first shells at the distances the shared data and the ONNE paper report).
CLUSTERS = {
    "Cu": Cluster("fcc Cu, a = 3.615 Å, to 5.2 Å", "Cu", _fcc("Cu", 3.615)),
    "Ni": Cluster("fcc Ni, a = 3.524 Å, to 5.2 Å", "Ni", _fcc("Ni", 3.524)),
    "Pt": Cluster("fcc Pt, a = 3.924 Å, to 5.2 Å", "Pt", _fcc("Pt", 3.924)),
    "U": Cluster(
        "U + 8 F at 2.30 Å (cube) + 4 F at 3.63, 6 U at 4.27, 16 F at 4.52 Å (the UF4 melt MD's "
        "U-centred shells; farthest-point directions), 35 atoms",
        "U",
        _farthest_point_shells(
            _shell("F", 2.30, _CUBE), (("F", 4, 3.63), ("U", 6, 4.27), ("F", 16, 4.52))
        ),
        edge="L3",
        # SCF converges on this cluster; on U + 8 F + 6 U (the tables before 2026-12-01 15:00)
        # FEFF8L's and FEFF10's SCF stop in CORVAL (measured; docs/exafs.md, UF4 section)
        scf_radius=4.0,
    ),
    "Ni_Cl": Cluster(
        "Ni + 4 Cl at 2.25 Å (tetrahedron) + 2 Zn at 3.70 Å, NiCl4 in ZnCl2-KCl-like",
        "Ni",
        _shell("Cl", 2.25, _TETRA) + _shell("Zn", 3.70, [(1, 1, -1), (-1, -1, -1)]),
    ),
    "Fe_O": Cluster(
        "Fe + 6 O at 2.10 Å (octahedron) + 12 Fe at 3.04 Å, FeO rock-salt-like",
        "Fe",
        _shell("O", 2.10, _OCTA) + _shell("Fe", 3.04, _CUBO),
        scf_radius=None,  # FEFF8L's SCF segfaults on this cluster (measured)
    ),
}

#: (pair, cluster key, r grid start, stop, step) of the shipped tables (Å).
SHIPPED = (
    ("Cu-Cu", "Cu", 1.8, 5.2, 0.1),
    ("Ni-Ni", "Ni", 1.8, 5.2, 0.1),
    ("Pt-Pt", "Pt", 2.0, 5.6, 0.1),
    ("U-F", "U", 1.8, 3.6, 0.1),
    ("U-U", "U", 3.0, 5.4, 0.1),
    ("Ni-Cl", "Ni_Cl", 1.8, 3.6, 0.1),
    ("Ni-Zn", "Ni_Cl", 2.8, 4.6, 0.1),
    ("Fe-O", "Fe_O", 1.6, 3.0, 0.1),
    ("Fe-Fe", "Fe_O", 2.4, 4.2, 0.1),
)


def feff_input(cluster: Cluster) -> tuple[str, dict]:
    """The feff.inp text of ``cluster`` and its potential index of each element.

    Parameters
    ----------
    cluster : Cluster
        The cluster.

    Returns
    -------
    text : str
        The feff.inp contents.
    ipots : dict
        Element symbol → FEFF potential index.
    """
    elements = [cluster.absorber, *sorted({a[3] for a in cluster.atoms})]
    ipot = {sym: i + 1 for i, sym in enumerate(dict.fromkeys(elements[1:]))}
    lines = [
        # ASCII only: FEFF truncates the title and may split a UTF-8 character
        "TITLE " + cluster.name.replace("Å", "A").encode("ascii", "replace").decode()[:60],
        f"EDGE {cluster.edge}",
        "S02 1.0",
        "CONTROL 1 1 1 1 1 1",
        "PRINT 1 0 0 0 0 3",
        "EXCHANGE 0",
        *([f"SCF {cluster.scf_radius:.1f}"] if cluster.scf_radius else []),
        "RPATH 0.1",
        "POTENTIALS",
        f" 0 {_Z[cluster.absorber]} {cluster.absorber}",
        *(f" {i} {_Z[s]} {s}" for s, i in ipot.items()),
        "ATOMS",
        "   0.0000   0.0000   0.0000 0",
        *(f" {x:9.4f} {y:9.4f} {z:9.4f} {ipot[s]}" for x, y, z, s in cluster.atoms),
        "END",
    ]
    return "\n".join(lines) + "\n", ipot


@contextlib.contextmanager
def _cwd(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def compute_table(
    absorber: str, scatterer: str, r, cluster: Cluster, *, folder=None
) -> ScatteringTable:
    """FEFF8L single-scattering functions of (absorber, scatterer) at each distance in r (Å).

    Runs FEFF8L's potentials on ``cluster`` once, then one single-scattering path per distance.
    Needs ``xraylarch`` (extra ``feff``).

    Parameters
    ----------
    absorber, scatterer : str
        Element symbols of the pair.
    r : array-like of shape (n_r,)
        Distances (Å) at which the path is computed.
    cluster : Cluster
        The cluster whose potentials FEFF computes.
    folder : path-like, optional
        Working folder for FEFF (default a temporary one).

    Returns
    -------
    ScatteringTable
        The pair's functions on (r, k), with their provenance.
    """
    try:
        import larch
        from larch.xafs import feff8l
        from larch.xafs.feff8lpath import Feff8L_XAFSPath
    except ImportError as exc:  # pragma: no cover - needs the extra
        raise ImportError(
            "computing FEFF tables needs xraylarch (pip install 'sklearn-rdf[feff]', in its own "
            "virtual environment); the package's precomputed tables need nothing"
        ) from exc
    r = np.asarray(r, dtype=np.float64)
    text, ipot = feff_input(cluster)
    if scatterer not in ipot:
        raise ValueError(f"the cluster {cluster.name!r} has no {scatterer} atom")
    with contextlib.ExitStack() as stack:
        work = folder or stack.enter_context(tempfile.TemporaryDirectory())
        with open(os.path.join(work, "feff.inp"), "w") as fh:
            fh.write(text)
        t0 = time.perf_counter()  # FEFF8L runs in child processes: wall time
        feff8l(folder=work, verbose=False)
        t_pot = time.perf_counter() - t0
        rows = []
        with _cwd(work):  # the phase file must be a bare relative name (FEFF8L trap)
            t0 = time.process_time()
            for dist in r:
                path = Feff8L_XAFSPath(phase_file="phase.pad")
                path.add_scatterer(0.0, 0.0, float(dist), ipot=ipot[scatterer])
                path.calculate_xafs()
                rows.append((path.k.copy(), path.amp.copy(), path.pha.copy(), path.lam.copy()))
            t_paths = time.process_time() - t0
            version = path.version
    k = np.clip(rows[0][0], 0.0, None)
    k[0] = 0.0
    provenance = {
        "feff": f"feff8l via xraylarch {larch.__version__} ({version})",
        "edge": cluster.edge,
        "cluster": cluster.name,
        "potentials": {cluster.absorber + " (absorber)": 0, **ipot},
        "settings": "EXCHANGE 0 (Hedin-Lundqvist), "
        + (f"SCF {cluster.scf_radius} Å" if cluster.scf_radius else "no SCF (overlapped atoms)")
        + ", S02 1.0, core hole on",
        "amplitude": "red_fact * mag_feff (Å)",
        "phase": "2 real_phc + phase_feff (rad)",
        "seconds": {"potentials_wall": round(t_pot, 2), "paths_cpu": round(t_paths, 3)},
        "date": time.strftime("%Y-%m-%d"),
    }
    return ScatteringTable(
        absorber,
        scatterer,
        k,
        r,
        np.stack([row[1] for row in rows]),
        np.stack([row[2] for row in rows]),
        np.stack([row[3] for row in rows]),
        edge=cluster.edge,
        provenance=provenance,
    )


def write_tables(path, shipped=SHIPPED, *, merge: bool = False) -> dict:
    """Compute every table of ``shipped`` and write them to one ``.npz`` (the package data).

    Parameters
    ----------
    path : path-like
        The ``.npz`` file to write.
    shipped : sequence of (pair, cluster key, r_start, r_stop, r_step), default SHIPPED
        The tables to compute.
    merge : bool, default False
        Keep the arrays of the other pairs already in ``path`` (rebuild some tables only;
        the others stay byte for byte as they were).

    Returns
    -------
    dict
        The arrays written, by ``"pair/name"``.
    """
    out = {}
    if merge and os.path.exists(path):
        redo = {pair for pair, *_ in shipped}
        with np.load(path, allow_pickle=False) as old:
            out = {n: old[n] for n in old.files if n.split("/")[0] not in redo}
    for pair, key, start, stop, step in shipped:
        a, b = pair.split("-")
        r = np.round(np.arange(start, stop + step / 2, step), 4)
        table = compute_table(a, b, r, CLUSTERS[key])
        for name in ("k", "r", "amplitude", "phase", "mean_free_path"):
            out[f"{pair}/{name}"] = np.asarray(getattr(table, name), dtype=np.float64)
        out[f"{pair}/provenance"] = np.array(json.dumps(table.provenance))
        print(pair, table.provenance["seconds"], flush=True)
    np.savez_compressed(path, **out)
    return out


if __name__ == "__main__":  # pragma: no cover - needs the extra
    import sys

    # python -m sklearn_rdf.physics.feff_tables OUT.npz [PAIR ...]: the named pairs only,
    # merged into OUT.npz (the other tables kept as they are)
    pairs = sys.argv[2:]
    chosen = [row for row in SHIPPED if row[0] in pairs] if pairs else SHIPPED
    if pairs and len(chosen) != len(pairs):
        raise SystemExit(f"unknown pairs {sorted(set(pairs) - {r[0] for r in SHIPPED})}")
    write_tables(
        sys.argv[1] if len(sys.argv) > 1 else "feff_tables.npz", chosen, merge=bool(pairs)
    )
