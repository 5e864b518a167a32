"""The benchmark on a user's finely sampled files costs what the protocol costs: the target is
interpolated onto the protocol grid unless asked otherwise, and no peer's cost runs away."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.benchmark import run_benchmark, user_material
from sklearn_rdf.benchmark._models import GP_MAX_POINTS, peer_models
from sklearn_rdf.datasets import load_ge_se_glass, write
from sklearn_rdf.datasets.ge_se import R_GRID
from sklearn_rdf.physics import Curve, sine_transform_F_to_G


@pytest.fixture(scope="module")
def fine_files(tmp_path_factory):
    """A PDFgetX3-like G(r) with 999 points on 0.03-29.97 Å, and its F(q)."""
    glass = load_ge_se_glass("binary")
    folder = tmp_path_factory.mktemp("fine")
    r = np.linspace(0.03, 29.97, 999)
    G = sine_transform_F_to_G(glass.q, glass.F, r)
    sq, gr = folder / "glass.fq", folder / "glass.gr"
    write(sq, Curve(glass.q, glass.F, "F"))
    write(gr, Curve(r, G, "G"))
    return sq, gr, r, G


def test_a_fine_target_is_interpolated_onto_the_protocol_grid(fine_files):
    sq, gr, r, G = fine_files
    mat = user_material(sq, gr)
    np.testing.assert_array_equal(mat.r, R_GRID)
    np.testing.assert_allclose(mat.target, np.interp(R_GRID, r, G))
    assert mat.metadata["resampled"] == "999 points → 59 (protocol grid)"
    own = user_material(sq, gr, resample=False)
    assert own.r.size == 999 and own.metadata["resampled"] == "no"


def test_a_target_outside_the_protocol_grid_says_how_to_keep_its_points(tmp_path):
    glass = load_ge_se_glass("binary")
    r = np.linspace(8.0, 12.0, 50)
    sq, gr = tmp_path / "far.fq", tmp_path / "far.gr"
    write(sq, Curve(glass.q, glass.F, "F"))
    write(gr, Curve(r, np.sin(r), "G"))
    with pytest.raises(ValueError, match="--keep-grid"):
        user_material(sq, gr)
    assert user_material(sq, gr, resample=False).r.size == 50


def test_the_gaussian_process_peer_is_bounded():
    sf = (np.linspace(0.5, 8, 50), np.zeros(50))
    assert "GP" in peer_models(sf, n_points=59)
    assert "GP" in peer_models(sf, n_points=GP_MAX_POINTS)
    assert "GP" not in peer_models(sf, n_points=GP_MAX_POINTS + 1)


def test_run_benchmark_checks_the_device_before_any_fit(fine_files):
    sq, gr, _, _ = fine_files
    mat = user_material(sq, gr)
    logged = []
    with pytest.raises(ValueError, match="device must be"):
        run_benchmark({mat.name: mat}, device="tpu", log=logged.append)
    assert logged == []
