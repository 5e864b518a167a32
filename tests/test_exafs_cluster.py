"""The ONNE paper's 3-D assembly (GA on spheres) and FEFF multiple scattering on clusters.

The GA and the FEFF-file plumbing need nothing beyond the default install; the tests that run
a FEFF skip, with the reason, where neither the extra ``feff`` (xraylarch) nor ``feff10``
(feff10-rs) is installed.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
from ase import Atoms

from sklearn_rdf.exafs import (
    ClusterMacrostateGenerator,
    MacrostateGenerator,
    Shell,
    assemble_cluster,
    fibonacci_sphere,
    min_neighbour_distance,
)
from sklearn_rdf.physics import feff_paths
from sklearn_rdf.physics.exafs import e0_shifted_k, load_scattering_table
from sklearn_rdf.physics.feff_paths import (
    ClusterPaths,
    FeffError,
    available_feff,
    cluster_paths,
    fcc_cluster,
    feff_cluster_input,
)

HAVE_FEFF = available_feff()
needs_feff = pytest.mark.skipif(
    not HAVE_FEFF,
    reason="needs a FEFF: extra 'feff' (xraylarch's feff8l/feff6l) or 'feff10' (feff10-rs)",
)

#: Known optima of the Tammes problem (largest min chord of n points on the unit sphere)
TAMMES = {6: np.sqrt(2.0), 8: 1.2156, 12: 1.0515}


# ------------------------------------------------------------------ genetic algorithm


def test_fibonacci_sphere_unit_vectors():
    u = fibonacci_sphere(50)
    assert u.shape == (50, 3)
    np.testing.assert_allclose(np.linalg.norm(u, axis=1), 1.0)
    with pytest.raises(ValueError, match="n must be"):
        fibonacci_sphere(0)


def test_cluster_keeps_distances_symbols_and_order():
    d = np.array([2.3, 2.25, 2.4, 3.6, 3.7])
    d_copy = d.copy()
    atoms = assemble_cluster("Ni", d, ["Cl", "Cl", "Cl", "Zn", "Zn"], random_state=0)
    np.testing.assert_array_equal(d, d_copy)  # the caller's array is untouched
    assert atoms.get_chemical_symbols() == ["Ni", "Cl", "Cl", "Cl", "Zn", "Zn"]
    np.testing.assert_allclose(atoms.positions[0], 0.0)
    np.testing.assert_allclose(np.linalg.norm(atoms.positions[1:], axis=1), d, atol=1e-12)
    assert atoms.info["min_distance"] == pytest.approx(min_neighbour_distance(atoms))


def test_cluster_is_reproducible_by_seed():
    d = np.linspace(2.4, 2.7, 10)
    a = assemble_cluster("Cu", d, "Cu", random_state=3).positions
    b = assemble_cluster("Cu", d, "Cu", random_state=np.random.default_rng(3)).positions
    c = assemble_cluster("Cu", d, "Cu", random_state=4).positions
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


@pytest.mark.parametrize("n", sorted(TAMMES))
def test_ga_reaches_known_optima_and_beats_random(n):
    rng = np.random.default_rng(0)
    random_u = rng.normal(size=(200, n, 3))
    random_u /= np.linalg.norm(random_u, axis=-1, keepdims=True)
    random_best = max(min_neighbour_distance(u) for u in random_u)
    t0 = time.process_time()
    got = [assemble_cluster("Cu", [1.0] * n, "Cu", random_state=s).info for s in range(3)]
    cpu = (time.process_time() - t0) / 3
    best = np.mean([g["min_distance"] for g in got])
    assert best >= 0.95 * TAMMES[n]  # measured 0.975-0.997 of the optimum
    assert best > 1.3 * random_best  # the best of 200 random placements
    assert all(g["min_distance"] >= g["min_distance_initial"] for g in got)
    assert cpu < 1.0  # measured 0.02-0.05 CPU-s


def test_ga_spreads_a_four_shell_fcc_microstate():
    rng = np.random.default_rng(1)
    shells = [(2.556, 12), (3.615, 6), (4.427, 24), (5.112, 12)]
    d = np.concatenate([rng.normal(r, 0.05, n) for r, n in shells])
    atoms = assemble_cluster("Cu", d, "Cu", random_state=0, n_generations=60)
    # random directions give ~0.3 Å; the GA > 1.8 Å (150 generations: 2.1 Å, fcc itself 2.56)
    assert atoms.info["min_distance"] > 1.8


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"distances": [2.0, -1.0]}, "finite and > 0"),
        ({"distances": []}, "at least one"),
        ({"symbols": ["Cu"]}, "symbols has 1"),
        ({"symbols": ["Cu", "Qq"]}, "element symbols"),
        ({"population_size": 2}, "population_size"),
        ({"n_elite": 40}, "n_elite"),
        ({"mutation_scale": 0.0}, "mutation_scale"),
    ],
)
def test_cluster_bad_input(kwargs, match):
    args = {"distances": [2.0, 2.1], "symbols": ["Cu", "Cu"]} | kwargs
    with pytest.raises(ValueError, match=match):
        assemble_cluster("Cu", args.pop("distances"), args.pop("symbols"), **args)


# ------------------------------------------------------------------ FEFF plumbing (no FEFF)


def _dimer(r=2.55):
    return Atoms("CuCu", positions=[[0, 0, 0], [0, 0, r]])


def test_feff_input_dialects():
    six = feff_cluster_input(_dimer(), flavour="feff6l", edge="L3", nleg=2)
    eight = feff_cluster_input(_dimer(), flavour="feff8l", scf=4.0)
    assert "HOLE 4 1.0" in six and "CONTROL 1 1 1 1\n" in six and "NLEG 2" in six
    assert "EDGE K" in eight and "SCF 4.00" in eight and "PRINT 1 0 0 0 0 3" in eight
    with pytest.raises(ValueError, match="FEFF6 has no self-consistency"):
        feff_cluster_input(_dimer(), flavour="feff6l", scf=4.0)
    with pytest.raises(ValueError, match="within 0.5 Å"):
        feff_cluster_input(_dimer(0.3))
    with pytest.raises(ValueError, match="edge"):
        feff_cluster_input(_dimer(), edge="M5")


FEFFDAT = """ test                                                   Feff 6L.02  potph 4.12
 -------------------------------------------------------------------------------
   2  12.000   2.5562    2.6475   -5.48118 nleg, deg, reff, rnrmav(bohr), edge
        x         y         z   pot at#
     0.0000    0.0000    0.0000  0  29 Cu       absorbing atom
    -1.8075    1.8075    0.0000  1  29 Cu
    k   real[2*phc]   mag[feff]  phase[feff] red factor   lambda      real[p]@#
  0.000  3.5254E+00  0.0000E+00 -5.5980E+00  0.9858E+00  1.5490E+01  1.7901E+00
 10.000  1.0000E+00  2.0000E-01 -1.0000E+00  0.5000E+00  1.0000E+01  1.0000E+01
 20.000 -2.2298E+00  1.0711E-01 -2.1835E+01  0.8724E+00  4.6723E+01  2.0023E+01
"""


def test_read_feffdat(tmp_path):
    f = tmp_path / "feff0001.dat"
    f.write_text(FEFFDAT)
    nleg, deg, reff, k, amp, pha, lam = feff_paths._read_feffdat(str(f))
    assert (nleg, deg, reff) == (2, 12.0, 2.5562)
    np.testing.assert_allclose(k, [0, 10, 20])
    np.testing.assert_allclose(amp[1], 0.2 * 0.5)  # mag[feff] · red factor
    np.testing.assert_allclose(pha[1], 1.0 - 1.0)  # 2δ_c + φ
    np.testing.assert_allclose(lam[1], 10.0)


def test_path_sum_is_the_exafs_equation():
    kf = np.linspace(0, 20, 81)
    ones = np.ones((2, kf.size))
    paths = ClusterPaths(
        k=kf, nleg=np.array([2, 3]), degeneracy=np.array([6.0, 12.0]),
        reff=np.array([2.5, 3.8]), amplitude=0.5 * ones, phase=0.3 * ones,
        mean_free_path=8.0 * ones, backend="test", cpu_seconds=0.0,
    )  # fmt: skip
    k = np.arange(2, 12.01, 0.1)
    kp, _ = e0_shifted_k(k, 2.0)
    one = 6 * 0.5 / (kp * 2.5**2) * np.exp(-2 * 2.5 / 8) * np.sin(2 * kp * 2.5 + 0.3)
    np.testing.assert_allclose(paths.chi(k, e0_shift=2.0, legs=2, s02=0.8), 0.8 * one)
    ms = paths.chi(k) - paths.chi(k, legs=2)
    np.testing.assert_allclose(ms, paths.chi(k, legs=3))
    with pytest.raises(ValueError, match="FEFF's grid"):
        paths.chi(np.arange(2, 25.0))


def test_missing_feff_is_a_clear_import_error(monkeypatch):
    monkeypatch.setattr(feff_paths, "available_feff", lambda: [])
    with pytest.raises(ImportError, match=r"sklearn-rdf\[feff10\]"):
        cluster_paths(_dimer())
    with pytest.raises(ImportError, match="feff6l is not installed"):
        cluster_paths(_dimer(), feff="feff6l")
    with pytest.raises(ValueError, match="feff must be"):
        cluster_paths(_dimer(), feff="feff9")


def test_feff_writing_no_path_is_an_error_and_the_folder_is_removed(monkeypatch):
    seen = []
    monkeypatch.setattr(feff_paths, "_resolve_backend", lambda feff: "feff6l")
    monkeypatch.setattr(feff_paths, "_run", lambda backend, work, timeout: seen.append(work))
    with pytest.raises(FeffError, match="wrote no feffNNNN.dat"):
        cluster_paths(_dimer())
    assert seen and not os.path.exists(seen[0])


def test_cluster_generator_bad_settings():
    cu = [Shell("Cu-Cu", n=(8, 12), distance=(2.45, 2.65), sigma=(0.05, 0.1))]
    k, r = np.arange(2, 12.01, 0.05), np.linspace(2, 3.2, 61)
    with pytest.raises(ValueError, match="toy kernel"):
        ClusterMacrostateGenerator(cu, k, r, tables="toy")
    with pytest.raises(ValueError, match="one absorber"):
        ClusterMacrostateGenerator([*cu, Shell("U-F", 8, 2.3, 0.1)], k, r)
    with pytest.raises(ValueError, match="outside"):  # FEFF's and the tables' k ≤ 20 Å⁻¹
        ClusterMacrostateGenerator(cu, np.arange(2, 22.0, 0.1), r)
    with pytest.raises(ValueError, match="feff must be"):
        ClusterMacrostateGenerator(cu, k, r, feff="feff9")
    with pytest.raises(ValueError, match="clusters_per_spectrum"):
        ClusterMacrostateGenerator(cu, k, r, clusters_per_spectrum=0)
    with pytest.raises(ValueError, match="nleg"):
        ClusterMacrostateGenerator(cu, k, r, nleg=1)
    with pytest.raises(ValueError, match="rmax"):
        ClusterMacrostateGenerator(cu, k, r, rmax=-1.0)
    with pytest.raises(ValueError, match="FEFF6 has no"):
        ClusterMacrostateGenerator(cu, k, r, feff="feff6l", scf=4.0)
    with pytest.raises(ValueError, match="population_size"):
        ClusterMacrostateGenerator(cu, k, r, population_size=2)
    with pytest.raises(ValueError, match="n_generations"):
        ClusterMacrostateGenerator(cu, k, r, n_generations=-1)


# ------------------------------------------------------------------ with a FEFF installed


@needs_feff
@pytest.mark.extras
@pytest.mark.parametrize("backend", HAVE_FEFF)
def test_feff_on_fcc_copper_single_and_multiple_scattering(backend):
    paths = cluster_paths(fcc_cluster("Cu", 3.615, 5.2), feff=backend)
    assert paths.n_paths >= 10 and set(paths.nleg) == {2, 3, 4}
    ss = paths.nleg == 2
    np.testing.assert_allclose(paths.reff[ss], [2.556, 3.615, 4.427, 5.112], atol=2e-3)
    np.testing.assert_allclose(paths.degeneracy[ss], [12, 6, 24, 12])
    # the single-scattering part against the shipped FEFF8L (SCF) table, after a ΔE0 scan:
    # measured 0.044 (feff8l, feff10) and 0.065 (feff6l) of the k²-weighted rms
    k = np.arange(2, 14.001, 0.05)
    table = load_scattering_table("Cu-Cu")
    amp, pha, lam = table.at(k, paths.reff[ss])
    R = paths.reff[ss][:, None]
    chi_tab = np.sum(
        paths.degeneracy[ss][:, None] * amp / (k * R**2) * np.exp(-2 * R / lam)
        * np.sin(2 * k * R + pha), axis=0,
    )  # fmt: skip
    w = k**2
    best = min(
        np.linalg.norm(w * (paths.chi(k, legs=2, e0_shift=e) - chi_tab))
        for e in np.arange(-6, 6.01, 0.5)
    ) / np.linalg.norm(w * chi_tab)
    assert best < 0.1
    # multiple scattering of fcc Cu to the 4th shell: measured 0.67-0.68 of the SS rms
    ms = paths.chi(k) - paths.chi(k, legs=2)
    ratio = np.linalg.norm(w * ms) / np.linalg.norm(w * paths.chi(k, legs=2))
    assert 0.3 < ratio < 1.2


@needs_feff
@pytest.mark.extras
@pytest.mark.slow
def test_cluster_generator_runs_feff_reproducibly():
    gen = ClusterMacrostateGenerator(
        [Shell("Cu-Cu", n=(3, 5), distance=(2.45, 2.65), sigma=(0.05, 0.1))],
        k=np.arange(2, 12.01, 0.05), r=np.linspace(2.0, 3.2, 61), e0_shift=(-2, 2),
        pair_samples=1, n_generations=20,
    )  # fmt: skip
    X, Y, params = gen.sample(2, random_state=0)
    X2, Y2, _ = gen.sample(2, random_state=0)
    np.testing.assert_array_equal(Y, Y2)
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (2, gen.k.size) and np.all(np.abs(X).max(axis=1) > 0)
    # y is the histogram of the placed atoms: its integral is the integer neighbour count
    np.testing.assert_allclose(np.trapezoid(Y, gen.r, axis=1), params["n_atoms"], atol=0.6)
    assert {"n_paths", "min_distance", "ms_fraction", "feff_cpu_s"} <= set(params)


def test_keep_folder_with_an_earlier_run_is_refused(tmp_path, monkeypatch):
    # a stale feffNNNN.dat (e.g. a NLEG 4 run before a NLEG 2 one) would be read as a path
    (tmp_path / "feff0001.dat").write_text(FEFFDAT)
    monkeypatch.setattr(feff_paths, "_resolve_backend", lambda feff: "feff6l")
    monkeypatch.setattr(feff_paths, "_run", lambda backend, work, timeout: None)
    with pytest.raises(ValueError, match="not empty"):
        cluster_paths(_dimer(), keep_folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feff0001.dat"]  # left as it was
    with pytest.raises(ValueError, match="not an existing folder"):
        cluster_paths(_dimer(), keep_folder=tmp_path / "absent")


def test_feff10_output_redirection_is_safe_from_two_threads(tmp_path):
    """feff10-rs prints to fd 1/2, so its runs redirect them; two threads doing so at once
    (joblib's threading backend, dask threads) must leave stdout where it was."""
    import threading

    before = os.fstat(1), os.fstat(2)
    entered = threading.Event()

    def first():
        with feff_paths._fd_to_file(str(tmp_path / "a.log")):
            entered.set()
            time.sleep(0.2)

    def second():  # enters while the first is redirected, leaves after it
        entered.wait(5)
        with feff_paths._fd_to_file(str(tmp_path / "b.log")):
            time.sleep(0.4)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert os.path.samestat(os.fstat(1), before[0]) and os.path.samestat(os.fstat(2), before[1])


@pytest.mark.parametrize("n_samples", [0, -1, 2.5, "3", True])
def test_sample_count_is_checked_by_both_generators(n_samples):
    cu = [Shell("Cu-Cu", n=(8, 12), distance=(2.45, 2.65), sigma=(0.05, 0.1))]
    k, r = np.arange(2, 12.01, 0.05), np.linspace(2, 3.2, 61)
    for gen in (MacrostateGenerator(cu, k, r), ClusterMacrostateGenerator(cu, k, r)):
        with pytest.raises(ValueError, match="n_samples must be an integer >= 1"):
            gen.sample(n_samples, random_state=0)


def test_paths_report_the_rmax_used_and_a_bad_k_range(tmp_path, monkeypatch):
    """info["rmax"] is the RMAX written (the default resolved, not None); a k below 0 is
    reported by its range."""

    def fake_run(backend, work, timeout):
        (tmp_path / "seen.inp").write_text(open(os.path.join(work, "feff.inp")).read())
        with open(os.path.join(work, "feff0001.dat"), "w") as fh:
            fh.write(FEFFDAT)

    monkeypatch.setattr(feff_paths, "_resolve_backend", lambda feff: "feff6l")
    monkeypatch.setattr(feff_paths, "_run", fake_run)
    paths = cluster_paths(_dimer(2.5))
    assert paths.info["rmax"] == pytest.approx(5.5)  # 2.2 × 2.5 Å
    assert "RMAX 5.500" in (tmp_path / "seen.inp").read_text()
    with pytest.raises(ValueError, match="k from -1 to 5"):
        paths.chi(np.arange(-1, 5.5))


def test_fcc_cluster_shells_and_bad_input():
    atoms = fcc_cluster("Ni", 3.524, 5.2)
    d = np.linalg.norm(atoms.positions, axis=1)
    assert atoms.get_chemical_symbols() == ["Ni"] * 55 and d[0] == 0 and np.all(np.diff(d) >= 0)
    shells, counts = np.unique(np.round(d[1:], 3), return_counts=True)
    np.testing.assert_allclose(shells, 3.524 * np.sqrt([0.5, 1, 1.5, 2]), atol=1e-3)
    assert counts.tolist() == [12, 6, 24, 12]
    assert len(fcc_cluster("Cu", 3.615, 3.0)) == 13  # the first shell only
    with pytest.raises(ValueError, match="a must be a distance"):
        fcc_cluster("Cu", 0.0)
    with pytest.raises(ValueError, match="r_max must be a distance"):
        fcc_cluster("Cu", 3.6, float("nan"))
    with pytest.raises(ValueError, match="a must be a distance"):
        fcc_cluster("Cu", "3.6")
    with pytest.raises(ValueError, match="symbol must be a chemical element, got 'Xx'"):
        fcc_cluster("Xx", 3.6)
