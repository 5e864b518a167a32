"""X-ray-, neutron- and explicitly weighted targets of the structure generators."""

import json

import numpy as np
import pytest

pytest.importorskip("ase")
torch = pytest.importorskip("torch")

from sklearn_rdf.generate import (  # noqa: E402
    ReverseMonteCarlo,
    SpectrumGuidedGenerator,
    structure_spectra,
    to_atoms,
)
from sklearn_rdf.generate._weighting import resolve_weighting  # noqa: E402
from sklearn_rdf.physics.differentiable import (  # noqa: E402
    partial_pair_distributions,
    weighted_total,
)
from sklearn_rdf.physics.scattering import faber_ziman_weights, neutron_weights  # noqa: E402
from sklearn_rdf.physics.xray import xray_form_factors  # noqa: E402

SIO2 = ["Si", "O"]
R = np.arange(0.05, 4.0, 0.1)
STEP = np.where(R > 2.2, 1.0, 0.0)


def _silica(sample=3):
    from sklearn_rdf.datasets import load_simulated_structures

    d = load_simulated_structures("sio2")
    return to_atoms(d.positions[sample], d.box[sample], [d.species[t] for t in d.types[sample]])


def _types(atoms, species):
    return np.array([species.index(s) for s in atoms.get_chemical_symbols()])


def test_weights_are_those_of_physics_scattering_for_silica():
    counts = [128, 256]
    c = [1 / 3, 2 / 3]
    xray = resolve_weighting("xray", SIO2, counts)
    expected = faber_ziman_weights(SIO2, c, [14.0, 8.0])  # f(0) = Z
    assert xray.real_space() == pytest.approx(expected, rel=1e-3)
    assert xray.real_space()["Si-O"] == pytest.approx(0.4978, abs=1e-4)
    assert resolve_weighting("neutron", SIO2, counts).real_space() == pytest.approx(
        neutron_weights(SIO2, c), rel=1e-12
    )
    number = resolve_weighting("number", SIO2, counts).real_space()
    assert number == pytest.approx({"Si-Si": 1 / 9, "Si-O": 4 / 9, "O-O": 4 / 9})
    # S(q): the q-dependent X-ray weights (interpolated form factors, exact to 1e-6)
    q = np.array([0.5, 3.3, 7.77, 11.9])
    exact = faber_ziman_weights(SIO2, c, xray_form_factors(SIO2, q))
    at_q = xray.at_q(q)
    for key in exact:
        np.testing.assert_allclose(at_q[key], exact[key], atol=1e-6)
    assert not np.allclose(at_q["O-O"], at_q["O-O"][0])  # they do depend on q
    est = SpectrumGuidedGenerator(n_atoms=96, species=SIO2, composition=c, weighting="xray")
    assert est.fit(R, STEP).pair_weights_ == pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize("kind", ["xray", "neutron"])
def test_weighted_target_is_recovered_by_the_differentiable_spectra(kind):
    from sklearn_rdf.physics.differentiable import (
        minimum_image_pairs,
        pair_weight_matrix,
        weighted_g_from_distances,
    )

    atoms = _silica()
    box = np.diag(atoms.cell.array)
    types = _types(atoms, SIO2)
    r = np.arange(0.02, 8.0, 0.04)
    weighting = resolve_weighting(kind, SIO2, np.bincount(types))
    x = torch.as_tensor(atoms.positions)
    for sigma in (0.0, 0.05):
        parts = partial_pair_distributions(x, box, r, types, 2, sigma=sigma)
        reference = weighted_total(parts, SIO2, weighting.real_space()).numpy()
        matrix = pair_weight_matrix(weighting.real_space(), SIO2, np.bincount(types), box.prod())
        i, j, d, _ = minimum_image_pairs(x, box, r[-1] + 0.02 + 4 * sigma)
        fast = weighted_g_from_distances(d, i, j, types, matrix, r, sigma=sigma).numpy()
        assert np.max(np.abs(fast - reference)) < 1e-10
    g = structure_spectra(atoms, g=r, weighting=weighting)["g"]
    np.testing.assert_allclose(g, weighted_total(
        partial_pair_distributions(x, box, r, types, 2), SIO2, weighting.real_space()).numpy(),
        atol=1e-10)  # fmt: skip
    assert np.max(np.abs(g - structure_spectra(atoms, g=r)["g"])) > 0.5  # not the number total
    # S(q): the Faber–Ziman total from ⟨|Σ_j f_j exp(ik·x_j)|²⟩, vector by vector
    q = np.array([2.05, 2.15])
    S = structure_spectra(atoms, S=q, weighting=weighting)["S"]
    from sklearn_rdf.physics.differentiable import histogram_bins, reciprocal_vectors

    k, b = reciprocal_vectors(box, histogram_bins(q)[0])
    kmod = np.linalg.norm(k, axis=1)
    if kind == "xray":
        f = xray_form_factors(SIO2, kmod)[types]  # (N, n_k), at each vector's own |k|
    else:
        from sklearn_rdf.physics.scattering import neutron_scattering_lengths

        f = np.repeat(neutron_scattering_lengths(SIO2)[types][:, None], kmod.size, 1)
    amp = (f * np.exp(1j * atoms.positions @ k.T)).sum(0)
    mean_f, mean_f2 = f.mean(0), (f * f).mean(0)
    s_k = (np.abs(amp) ** 2 / len(atoms) - mean_f2 + mean_f**2) / mean_f**2
    direct = [s_k[b == m].mean() for m in range(q.size)]
    np.testing.assert_allclose(S, direct, rtol=1e-6)  # form factors interpolated
    # a generator fitted to the structure's own weighted total scores it as exact
    rho = len(atoms) / atoms.get_volume()
    est = SpectrumGuidedGenerator(
        n_atoms=384, species=SIO2, composition=[1 / 3, 2 / 3], density=rho, weighting=kind
    )
    est.fit(r, g)
    assert est.spectral_errors([atoms])["g"]["error"] < 1e-9
    wrong = SpectrumGuidedGenerator(**{**est.get_params(), "weighting": "number"}).fit(r, g)
    assert wrong.spectral_errors([atoms])["g"]["error"] > 0.1


def test_number_weighting_is_the_default_and_single_species_ignores_it():
    assert SpectrumGuidedGenerator().weighting == "number"
    assert ReverseMonteCarlo().weighting == "number"
    atoms = _silica()
    r = np.arange(0.02, 8.0, 0.04)
    w = resolve_weighting("number", SIO2, [128, 256])
    np.testing.assert_allclose(
        structure_spectra(atoms, g=r, weighting=w)["g"], structure_spectra(atoms, g=r)["g"]
    )
    explicit = resolve_weighting({"Si-Si": 1 / 9, "O-Si": 4 / 9, "O-O": 4 / 9}, SIO2, [128, 256])
    np.testing.assert_allclose(
        structure_spectra(atoms, g=r, weighting=explicit)["g"],
        structure_spectra(atoms, g=r)["g"],
        atol=1e-12,
    )
    q = np.arange(1.05, 4.0, 0.1)
    np.testing.assert_allclose(
        structure_spectra(atoms, S=q, weighting=explicit)["S"],
        structure_spectra(atoms, S=q)["S"],
        atol=1e-10,
    )
    # one species: every weighting is the same total, the same structures
    kw = dict(n_atoms=32, density=0.05, n_steps=15, random_state=0)
    runs = [SpectrumGuidedGenerator(**kw, weighting=k).fit(R, STEP).sample(1)[0].positions
            for k in ("number", "xray", "neutron", {"Si-Si": 1.0})]  # fmt: skip
    rmc = [ReverseMonteCarlo(n_atoms=32, n_moves=500, use_numba=False, weighting=k,
                             random_state=0).fit(R, STEP).sample(1)[0].positions
           for k in ("number", "xray")]  # fmt: skip
    for other in runs[1:]:
        np.testing.assert_array_equal(other, runs[0])
    np.testing.assert_array_equal(rmc[0], rmc[1])


@pytest.mark.parametrize(
    "weighting, match",
    [
        ("electron", "unknown weighting"),
        (["xray"], "weighting must be one of"),
        ({"Si-Si": 0.2, "Si-O": 0.5, "O-O": 0.3, "Si-C": 0.0}, "Si-C"),
        ({"Si-Si": 0.2, "Si-O": 0.5}, "leaves out the pairs"),
        ({"Si-Si": 0.2, "Si-O": 0.5, "O-Si": 0.0, "O-O": 0.3}, "twice"),
        ({"Si-Si": np.nan, "Si-O": 0.5, "O-O": 0.3}, "finite number"),
        ({"Si-Si": "a", "Si-O": 0.5, "O-O": 0.3}, "finite number"),
        ({"Si-Si": 0.4, "Si-O": 0.8, "O-O": 0.3}, "sum to 1"),
        ({"Si-Si": -0.1, "Si-O": 0.6, "O-O": 0.5}, "'Si-Si'.* is negative"),
        ({"SiO": 1.0}, "pairs are"),
    ],
)
@pytest.mark.parametrize("cls", [SpectrumGuidedGenerator, ReverseMonteCarlo])
def test_bad_weighting_is_a_value_error_naming_it(cls, weighting, match):
    est = cls(n_atoms=48, species=SIO2, composition=[1 / 3, 2 / 3], weighting=weighting)
    with pytest.raises(ValueError, match=match):
        est.fit(R, STEP)


@pytest.mark.parametrize("cls", [SpectrumGuidedGenerator, ReverseMonteCarlo])
def test_negative_cross_weight_keeps_the_hard_core_below_the_targets_bonds(cls):
    # b_Ti < 0: the neutron total of a Ti–O network has its Ti–O shell as a dip (w_TiO ≈ −1.15
    # here), and its first point above 0.5 is the O–O shell; the default hard core and ADF
    # cutoff must still come from the first shell, or the target's own bonds are forbidden
    d = _silica()
    sp = ["Ti", "O"]
    atoms = to_atoms(d.positions, d.cell.diagonal(), ["Ti" if s == "Si" else "O" for s in
                     d.get_chemical_symbols()])  # fmt: skip
    r = np.arange(0.02, 6.0, 0.04)
    neutron = resolve_weighting("neutron", sp, [128, 256])
    assert neutron.real_space()["Ti-O"] < -1.0
    g = structure_spectra(atoms, g=r, weighting=neutron)["g"]
    closest = atoms.get_all_distances(mic=True)[np.triu_indices(len(atoms), 1)].min()
    kw = dict(n_atoms=384, species=sp, composition=[1 / 3, 2 / 3],
              density=len(atoms) / atoms.get_volume())  # fmt: skip
    explicit = {k: float(v) for k, v in neutron.real_space().items()}  # negative: accepted
    for weighting in ("neutron", explicit):
        est = cls(**kw, weighting=weighting).fit(r, g)
        assert est.core_radius_ < closest  # 1.31 Å (2.12 Å from the O–O shell) vs 1.55 Å
        assert closest < est.adf_cutoff_ < 2.45  # between the Ti–O and O–O shells
    number = cls(**kw).fit(r, np.abs(g))  # a positive total: unchanged rule
    assert number.core_radius_ == pytest.approx(est.core_radius_)


def test_structure_spectra_takes_the_weighting_parameter_of_the_generators():
    atoms = _silica()
    r = np.arange(0.02, 6.0, 0.04)
    q = np.arange(2.05, 3.0, 0.1)
    w = resolve_weighting("xray", SIO2, [128, 256])
    by_name = structure_spectra(atoms, g=r, S=q, weighting="xray")
    by_object = structure_spectra(atoms, g=r, S=q, weighting=w)
    np.testing.assert_array_equal(by_name["g"], by_object["g"])
    np.testing.assert_array_equal(by_name["S"], by_object["S"])
    pairs = {"O-O": 0.28444, "Si-O": 0.49778, "Si-Si": 0.21778}
    np.testing.assert_allclose(structure_spectra(atoms, g=r, weighting=pairs)["g"],
                               by_name["g"], atol=2e-4)  # fmt: skip
    with pytest.raises(ValueError, match="unknown weighting"):
        structure_spectra(atoms, g=r, weighting="electron")
    with pytest.raises(ValueError, match="leaves out the pairs"):
        structure_spectra(atoms, g=r, weighting={"Si-Si": 1.0})


def test_rounded_explicit_weights_are_rescaled_to_sum_to_one():
    w = resolve_weighting({"Si-Si": 0.22, "Si-O": 0.5, "O-O": 0.29}, SIO2, [1, 2])
    assert sum(w.real_space().values()) == pytest.approx(1.0)
    assert w.real_space()["Si-O"] == pytest.approx(0.5 / 1.01)


@pytest.mark.parametrize("use_numba", [False, True])
def test_rmc_keeps_the_weighted_histogram_and_fits_the_weighted_total(use_numba):
    if use_numba:
        pytest.importorskip("numba")
    from sklearn_rdf.generate._rmc import run_rmc

    atoms = _silica()
    r = np.arange(0.02, 5.0, 0.04)
    est = ReverseMonteCarlo(n_atoms=96, species=SIO2, composition=[1 / 3, 2 / 3],
                            density=len(atoms) / atoms.get_volume(), weighting="xray",
                            n_moves=4000, use_numba=use_numba, random_state=0)  # fmt: skip
    target = structure_spectra(atoms, g=r, weighting=resolve_weighting("xray", SIO2, [128, 256]))
    est.fit(r, target["g"])
    res = run_rmc(est.counts_, est.box_length_, r, target["g"], core_radius=est.core_radius_,
                  max_step=0.3, tolerance_start=0.3, tolerance_end=0.01, n_moves=4000,
                  max_time=None, seed=1, use_numba=use_numba, pair_w=est._pair_w())  # fmt: skip
    symbols = [SIO2[t] for t in res["types"]]
    final = to_atoms(res["positions"], res["box"], symbols)
    recomputed = structure_spectra(final, g=r, weighting=est.weighting_)["g"]
    np.testing.assert_allclose(res["g_model"], recomputed, atol=1e-9)  # incremental = direct
    start = est.spectral_errors([to_atoms(np.random.default_rng(0).uniform(
        0, est.box_length_, (96, 3)), res["box"], symbols)])["g"]["error"]  # fmt: skip
    assert est.spectral_errors([final])["g"]["error"] < 0.7 * start


def test_rmc_weighted_numpy_and_numba_make_the_same_moves():
    pytest.importorskip("numba")
    kw = dict(n_atoms=48, species=SIO2, composition=[1 / 3, 2 / 3], n_moves=3000,
              weighting="neutron", random_state=2)  # fmt: skip
    a = ReverseMonteCarlo(**kw, use_numba=False).fit(R, STEP).sample(1)[0]
    b = ReverseMonteCarlo(**kw, use_numba=True).fit(R, STEP).sample(1)[0]
    np.testing.assert_allclose(a.positions, b.positions, atol=1e-8)


def test_guided_weighted_fit_lowers_the_weighted_error():
    atoms = _silica()
    r = np.arange(0.02, 5.0, 0.04)
    w = resolve_weighting("xray", SIO2, [128, 256])
    g = structure_spectra(atoms, g=r, weighting=w)["g"]
    q = np.arange(1.75, 5.0, 0.5)
    S = structure_spectra(atoms, S=q, weighting=w)["S"]
    est = SpectrumGuidedGenerator(n_atoms=96, species=SIO2, composition=[1 / 3, 2 / 3],
                                  density=len(atoms) / atoms.get_volume(), weighting="xray",
                                  n_steps=120, target_weights={"g": 1.0, "S": 0.5},
                                  random_state=0)  # fmt: skip
    est.fit(r, g, q=q, S=S)
    out = est.sample(1)[0]
    symbols = out.get_chemical_symbols()
    start = to_atoms(np.random.default_rng(0).uniform(0, est.box_length_, (96, 3)),
                     out.cell.diagonal(), symbols)  # fmt: skip
    fitted, random = est.spectral_errors([out]), est.spectral_errors([start])
    assert fitted["g"]["error"] < 0.6 * random["g"]["error"]
    assert np.isfinite(fitted["S"]["error"])


def test_generate_command_weighting(tmp_path):
    pytest.importorskip("matscipy")
    from sklearn_rdf.cli import build_parser, main

    args = build_parser().parse_args(["generate", "t.dat", "--density", "0.05", "--out", "o"])
    assert args.weighting == "number"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["generate", "t.dat", "--density", "0.05", "--out", "o",
                                   "--weighting", "electron"])  # fmt: skip
    atoms = _silica()
    r = np.arange(0.02, 5.0, 0.04)
    g = structure_spectra(atoms, g=r, weighting=resolve_weighting("xray", SIO2, [128, 256]))
    path = tmp_path / "target.dat"
    np.savetxt(path, np.column_stack([r, g["g"]]))
    out = tmp_path / "out"
    density = f"{len(atoms) / atoms.get_volume():.5f}"
    assert main(["generate", str(path), "--density", density, "--species", "Si,O",
                 "--composition", "0.3333333,0.6666667", "--n-atoms", "96", "--budget", "0.5",
                 "--weighting", "xray", "--out", str(out)]) == 0  # fmt: skip
    report = json.loads((out / "report.json").read_text())
    assert report["weighting"] == "xray"
    assert report["pair_weights"]["Si-O"] == pytest.approx(0.4978, abs=1e-3)
