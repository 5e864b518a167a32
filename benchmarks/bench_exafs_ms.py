"""Benchmarks of the ONNE paper's 3-D assembly and FEFF multiple scattering (area exafs_ms).

``python -m benchmarks.run exafs_ms`` runs:

ga_placement
    :func:`sklearn_rdf.exafs.assemble_cluster` against the known optima of n points on a unit
    sphere (Tammes problem: 6 octahedron, 8 square antiprism, 12 icosahedron, 24 snub cube)
    and against random directions (mean, and best of as many placements as the GA evaluates),
    and on a four-shell fcc Cu microstate (12 + 6 + 24 + 12 distances, σ 0.05 Å), whose fcc
    arrangement has 2.5 Å; CPU seconds per cluster.
feff_clusters
    Each installed FEFF (feff8l, feff6l: extra ``feff``; feff10: extra ``feff10``) on fcc Cu
    to the 4th shell, on a GA cluster of the same distances, on a UF8 cube (2.30 Å) and on a
    GA UF8 cluster (RMAX 4.7 Å, so that F–U–F paths count): paths, CPU seconds, the
    single-scattering part against the shipped FEFF8L table (k²-weighted relative rms, k 2–14
    Å⁻¹ for Cu, 2–10 for U–F, before and after the best ΔE0), and the size of the multiple
    scattering (rms of k²χ_MS over rms of k²χ_SS).
generator_cost
    CPU seconds per spectrum of :class:`~sklearn_rdf.exafs.ClusterMacrostateGenerator`
    (GA + FEFF) against the single-scattering :class:`~sklearn_rdf.exafs.MacrostateGenerator`.

Rows without any FEFF installed say so. CPU times are ``time.process_time`` plus the FEFF child
processes' CPU, on the shared 2-core development machine under load from other sessions.
"""

from __future__ import annotations

import time

import numpy as np
from ase import Atoms

from sklearn_rdf.exafs import (
    ClusterMacrostateGenerator,
    MacrostateGenerator,
    Shell,
    assemble_cluster,
    min_neighbour_distance,
)
from sklearn_rdf.physics.exafs import e0_shifted_k, load_scattering_table
from sklearn_rdf.physics.feff_paths import available_feff, cluster_paths

from .harness import benchmark

TAMMES = {6: np.sqrt(2.0), 8: 1.2156, 12: 1.0515, 24: 0.7442}
FCC_SHELLS = ((2.556, 12), (3.615, 6), (4.427, 24), (5.112, 12))


def _random_min(radii, n_placements, rng):
    u = rng.normal(size=(n_placements, len(radii), 3))
    u /= np.linalg.norm(u, axis=-1, keepdims=True)
    return np.array([min_neighbour_distance(x * radii[:, None]) for x in u])


@benchmark("exafs_ms")
def ga_placement(quick: bool) -> list[dict]:
    rng = np.random.default_rng(0)
    seeds = range(2 if quick else 5)
    rows = []
    cases = [(f"{n} on a unit sphere", np.ones(n), opt) for n, opt in TAMMES.items()]
    fcc = np.concatenate([rng.normal(r, 0.05, n) for r, n in FCC_SHELLS])
    cases.append(("fcc Cu 4 shells (54 atoms, σ 0.05 Å)", fcc, None))
    for name, radii, opt in cases:
        got = [assemble_cluster("Cu", radii, "Cu", random_state=s).info for s in seeds]
        ga = np.array([g["min_distance"] for g in got])
        rand = _random_min(radii, 6000 if not quick else 600, rng)
        rows.append(
            {
                "benchmark": "ga_placement",
                "case": name,
                "GA min distance": round(float(ga.mean()), 4),
                "GA worst seed": round(float(ga.min()), 4),
                "known optimum": round(opt, 4) if opt else "fcc: 2.5",
                "GA / optimum": round(float(ga.mean() / opt), 3) if opt else "",
                "random, mean": round(float(rand.mean()), 4),
                "random, best of 6000": round(float(rand.max()), 4),
                "CPU s / cluster": round(float(np.mean([g["cpu_seconds"] for g in got])), 3),
            }
        )
    return rows


def _fcc_atoms():
    a = 3.615
    pts = {
        (i * a / 2, j * a / 2, l * a / 2)
        for i in range(-4, 5) for j in range(-4, 5) for l in range(-4, 5)
        if (i + j + l) % 2 == 0
    }  # fmt: skip
    pts = sorted((p for p in pts if 0 < np.linalg.norm(p) < 5.2), key=np.linalg.norm)
    return Atoms(["Cu"] * (len(pts) + 1), positions=[(0, 0, 0), *pts])


def _uf8_atoms():
    cube = np.array([(x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)]) / np.sqrt(3)
    return Atoms(["U"] + ["F"] * 8, positions=np.vstack([np.zeros(3), 2.30 * cube]))


def _ga_twin(atoms, seed=0):
    """A GA cluster with the same distances and species as ``atoms``."""
    d = np.linalg.norm(atoms.positions[1:], axis=1)
    sym = atoms.get_chemical_symbols()
    return assemble_cluster(sym[0], d, sym[1:], random_state=seed)


def _table_ss(paths, table, k, e0):
    kp, ok = e0_shifted_k(k, e0)
    out = np.zeros(k.size)
    kv = kp[ok]
    for i in np.flatnonzero(paths.nleg == 2):
        R = paths.reff[i]
        amp, pha, lam = table.at(kv, [R])
        out[ok] += (
            paths.degeneracy[i] * amp[0] / (kv * R * R) * np.exp(-2 * R / lam[0])
            * np.sin(2 * kv * R + pha[0])
        )  # fmt: skip
    return out


def _rel(a, b, w):
    return float(np.linalg.norm(w * (a - b)) / np.linalg.norm(w * b))


@benchmark("exafs_ms")
def feff_clusters(quick: bool) -> list[dict]:
    backends = available_feff()
    if not backends:
        return [{"benchmark": "feff_clusters", "case": "skipped: no FEFF installed"}]
    fcc, uf8 = _fcc_atoms(), _uf8_atoms()
    cases = [
        ("fcc Cu to the 4th shell (crystal)", fcc, "K", None, "Cu-Cu", (2, 14)),
        ("GA Cu cluster, same 54 distances", _ga_twin(fcc), "K", None, "Cu-Cu", (2, 14)),
        ("UF8 cube, 2.30 Å (RMAX 4.7)", uf8, "L3", 4.7, "U-F", (2, 10)),
        ("GA UF8 cluster, 2.30 Å (RMAX 4.7)", _ga_twin(uf8), "L3", 4.7, "U-F", (2, 10)),
    ]
    rows = []
    for name, atoms, edge, rmax, pair, (k0, k1) in cases:
        k = np.arange(k0, k1 + 1e-9, 0.05)
        w = k**2
        table = load_scattering_table(pair)
        for backend in backends:
            paths = cluster_paths(atoms, feff=backend, edge=edge, rmax=rmax)
            ss = paths.chi(k, legs=2)
            ms = paths.chi(k) - ss
            e0s = np.arange(-8, 8.01, 0.25)
            fits = [_rel(paths.chi(k, legs=2, e0_shift=e), _table_ss(paths, table, k, 0), w)
                    for e in e0s]  # fmt: skip
            j = int(np.argmin(fits))
            rows.append(
                {
                    "benchmark": "feff_clusters",
                    "case": name,
                    "feff": backend,
                    "paths (2/3/4 legs)": "/".join(
                        str(int(np.sum(paths.nleg == n))) for n in (2, 3, 4)
                    ),
                    "CPU s": round(paths.cpu_seconds, 3),
                    "SS vs table": round(_rel(ss, _table_ss(paths, table, k, 0), w), 3),
                    "SS vs table, best ΔE0": round(fits[j], 3),
                    "best ΔE0 (eV)": float(e0s[j]),
                    "|MS| / |SS|": round(
                        float(np.linalg.norm(w * ms) / np.linalg.norm(w * ss)), 3
                    ),
                }
            )
    return rows


@benchmark("exafs_ms")
def generator_cost(quick: bool) -> list[dict]:
    k = np.arange(2, 12.001, 0.05)
    setups = {
        "Cu, first shell N 8-12": [Shell("Cu-Cu", (8, 12), (2.45, 2.65), (0.05, 0.12))],
        "Cu, 4 fcc shells": [
            Shell("Cu-Cu", (n - 2, n), (r - 0.1, r + 0.1), (0.05, 0.12)) for r, n in FCC_SHELLS
        ],
        "U-F, N 6-10": [Shell("U-F", (6, 10), (2.1, 2.5), (0.05, 0.2))],
    }
    rows = []
    n = 2 if quick else 6
    for name, shells in setups.items():
        r = np.arange(1.8, 5.6, 0.02)
        single = MacrostateGenerator(shells, k, r, e0_shift=(-5, 5))
        t0 = time.process_time()
        single.sample(1000, random_state=0)
        t_single = (time.process_time() - t0) / 1000
        row = {"benchmark": "generator_cost", "case": name,
               "single scattering, CPU s / spectrum": float(f"{t_single:.2g}")}  # fmt: skip
        for backend in available_feff() or ["none"]:
            if backend == "none":
                rows.append(row | {"feff": "skipped: no FEFF installed"})
                break
            gen = ClusterMacrostateGenerator(shells, k, r, e0_shift=(-5, 5), feff=backend)
            t0 = time.process_time()
            _, _, params = gen.sample(n, random_state=0)
            t_main = (time.process_time() - t0) / n
            per = params.drop_duplicates("sample")
            rows.append(
                row
                | {
                    "feff": backend,
                    "atoms": round(float(per["n_atoms"].mean()), 1),
                    "paths": round(float(per["n_paths"].mean()), 1),
                    "GA CPU s": round(float(per["ga_cpu_s"].mean()), 3),
                    "FEFF CPU s": round(float(per["feff_cpu_s"].mean()), 3),
                    "all, CPU s / spectrum": round(t_main + float(per["feff_cpu_s"].mean()), 3),
                    "MS share (rms)": round(float(per["ms_fraction"].mean()), 3),
                    "spectra": n,
                }
            )
    return rows
