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
    GA UF8 cluster (default RMAX: 2.2 × the nearest-neighbour distance, so that F–U–F
    paths count): paths, CPU seconds, the
    single-scattering part against the shipped FEFF8L table (k²-weighted relative rms, k 2–14
    Å⁻¹ for Cu, 2–10 for U–F, before and after the best ΔE0), and the size of the multiple
    scattering (rms of k²χ_MS over rms of k²χ_SS).
generator_cost
    CPU seconds per spectrum of :class:`~sklearn_rdf.exafs.ClusterMacrostateGenerator`
    (GA + FEFF) against the single-scattering :class:`~sklearn_rdf.exafs.MacrostateGenerator`,
    and how far the cluster's χ (all paths) lies from the tables' single scattering on the
    same atoms at the best ΔE0 (k²-weighted relative rms, k 2–12 Å⁻¹).

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
from sklearn_rdf.physics.feff_paths import available_feff, cluster_paths, fcc_cluster

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
    fcc, uf8 = fcc_cluster("Cu", 3.615, 5.2), _uf8_atoms()
    cases = [
        ("fcc Cu to the 4th shell (crystal)", fcc, "K", None, "Cu-Cu", (2, 14)),
        ("GA Cu cluster, same 54 distances", _ga_twin(fcc), "K", None, "Cu-Cu", (2, 14)),
        ("UF8 cube, 2.30 Å", uf8, "L3", None, "U-F", (2, 10)),
        ("GA UF8 cluster, 2.30 Å", _ga_twin(uf8), "L3", None, "U-F", (2, 10)),
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
    w = k**2
    e0s = np.arange(-8, 8.01, 0.5)
    for name, shells in setups.items():
        r = np.arange(1.8, 5.6, 0.005)  # fine: a histogram bin of 0.005 Å moves the phase ≤ 0.06
        single = MacrostateGenerator(shells, k, r, e0_shift=(-5, 5))
        t0 = time.process_time()
        single.sample(1000, random_state=0)
        t_single = (time.process_time() - t0) / 1000
        scan = MacrostateGenerator(shells, k, r, e0_shift=(-8, 8))
        row = {"benchmark": "generator_cost", "case": name,
               "single scattering, CPU s / spectrum": float(f"{t_single:.2g}")}  # fmt: skip
        for backend in available_feff() or ["none"]:
            if backend == "none":
                rows.append(row | {"feff": "skipped: no FEFF installed"})
                break
            gen = ClusterMacrostateGenerator(shells, k, r, feff=backend, pair_samples=1)
            t0 = time.process_time()
            X, Y, params = gen.sample(n, random_state=0)
            t_main = (time.process_time() - t0) / n
            per = params.drop_duplicates("sample")
            # the tables' single scattering on the very atoms FEFF saw (their histogram), at
            # the ΔE0 that fits best: what the default generator would have given
            vs_tables = np.mean([
                min(_rel(X[i], scan.chi(Y[i : i + 1], e0_shift=e)[0], w) for e in e0s)
                for i in range(n)
            ])  # fmt: skip
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
                    "χ vs tables' SS, best ΔE0": round(float(vs_tables), 3),
                    "spectra": n,
                }
            )
    return rows


@benchmark("exafs_ms")
def ms_effect_on_onne(quick: bool) -> list[dict]:
    """An ONNE trained on single scattering (the default), tested on FEFF cluster spectra.

    Four fcc Cu shells (N, μ, σ drawn around fcc Cu); 3 members trained on the tables. Test:
    the same held-out macrostates and GA clusters three ways: the tables' single scattering on
    the clusters' atoms, FEFF8L single scattering only (NLEG 2) and FEFF8L with multiple
    scattering (NLEG 4). Errors of N and R per shell against the clusters' atoms.
    """
    from sklearn_rdf.exafs import ONNERegressor
    from sklearn_rdf.physics.exafs import shell_moments

    backends = available_feff()
    if not backends:
        return [{"benchmark": "ms_effect_on_onne", "case": "skipped: no FEFF installed"}]
    k = np.arange(2, 12.001, 0.05)
    r = np.arange(1.8, 5.6, 0.02)
    shells = [
        Shell("Cu-Cu", (n - 2, n), (rr - 0.08, rr + 0.08), (0.05, 0.1)) for rr, n in FCC_SHELLS
    ]
    windows = [(rr - 0.4, rr + 0.4) for rr, _ in FCC_SHELLS]
    windows[2] = (4.1, 4.75)  # the 3rd and 4th shells are 0.69 Å apart
    windows[3] = (4.75, 5.5)
    train_gen = MacrostateGenerator(shells, k, r, e0_shift=(-5, 10), noise=0.005, pair_samples=200)
    t0 = time.process_time()
    onne = ONNERegressor(
        train_gen, n_members=2 if quick else 3, n_train=2000 if quick else 8000,
        max_epochs=30 if quick else 50, n_calibration=200, n_jobs=1, random_state=0,
    ).fit()  # fmt: skip
    t_train = time.process_time() - t0
    n_test = 6 if quick else 30
    backend = backends[0]
    variants = {}
    t0 = time.process_time()
    for label, nleg in (("FEFF SS only (NLEG 2)", 2), ("FEFF with MS (NLEG 4)", 4)):
        gen = ClusterMacrostateGenerator(shells, k, r, feff=backend, nleg=nleg)
        X, _, _ = gen.sample(n_test, random_state=1)
        variants[label] = X
    # the very atoms of the test clusters (the draws sample() makes with the same seed),
    # histogrammed and put through the tables
    rng = np.random.default_rng(1)
    comps, *_ = gen._draw_macrostates(n_test, rng)
    Y_atoms = np.stack([gen._histogram(*gen._microstate(c, rng)) for c in comps])
    variants = {"tables SS on the clusters' atoms": train_gen.chi(Y_atoms)} | variants
    t_test = time.process_time() - t0
    rows = []
    for label, X in variants.items():
        pred = onne.predict(X)
        row = {"benchmark": "ms_effect_on_onne", "case": label, "feff": backend}
        for s, (lo, hi) in enumerate(windows):
            # the truth is the clusters' own atoms (integer N, their mean distance)
            n_true, d_true, _ = shell_moments(r, Y_atoms, lo, hi)
            n_hat, d_hat, _ = shell_moments(r, pred, lo, hi)
            row[f"N err, shell {s + 1}"] = round(float(np.mean(np.abs(n_hat - n_true))), 2)
            row[f"R err (Å), shell {s + 1}"] = round(float(np.mean(np.abs(d_hat - d_true))), 3)
        row |= {"test spectra": n_test, "train CPU s": round(t_train, 1),
                "test set CPU s (main process)": round(t_test, 1)}  # fmt: skip
        rows.append(row)
    return rows
