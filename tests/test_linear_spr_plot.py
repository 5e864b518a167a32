"""plot_spr_weights: the Fig. 3 weight heat map with RDF and spectrum peaks marked."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sklearn_rdf.linear_spr import LinearSPR, plot_spr_weights
from sklearn_rdf.linear_spr._synthetic import make_synthetic_rdf_spectra


def test_heat_map_with_peaks_marked():
    b = make_synthetic_rdf_spectra(120, n_bins=80, n_freq=60, random_state=0)
    model = LinearSPR("l2", 1e-3).fit(b.X, b.Y)
    g_ref, y_ref = b.X.mean(axis=0), b.Y.mean(axis=0)
    fig, axes = plot_spr_weights(model, b.r, b.freq, g=g_ref, spectrum=y_ref)
    try:
        (image,) = axes["weights"].collections  # pcolormesh: one cell per (r_j, ω_k)
        np.testing.assert_array_equal(np.asarray(image.get_array()).reshape(model.coef_.shape),
                                      model.coef_)  # fmt: skip
        # cells centred on the grid points: the first cell spans r_0 ± Δr/2
        x_edges = image.get_coordinates()[0, :, 0]
        np.testing.assert_allclose(x_edges[:2], b.r[0] + np.array([-0.5, 0.5]) * np.diff(b.r[:2]))
        lo, hi = image.get_clim()
        assert lo == -hi  # symmetric: zero weights are white
        # the synthetic glass has shells near 2.35, 3.84 and 5.8 Å and bands near 4.5, 10,
        # 13 and 15.3 THz
        assert np.min(np.abs(axes["rdf_peaks"] - 2.35)) < 0.15
        assert np.min(np.abs(axes["rdf_peaks"] - 3.84)) < 0.2
        assert np.min(np.abs(axes["spectrum_peaks"] - 4.5)) < 0.5
        n_lines = len(axes["rdf_peaks"]) + len(axes["spectrum_peaks"])
        assert len(axes["weights"].get_lines()) == n_lines
    finally:
        plt.close(fig)


def test_unfitted_estimator_raises_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        plot_spr_weights(LinearSPR(), np.linspace(1, 5, 10), np.linspace(0, 20, 6))


def test_shape_mismatch_raises():
    W = np.zeros((5, 10))
    with pytest.raises(ValueError, match=r"coef has shape \(5, 10\)"):
        plot_spr_weights(W, np.linspace(1, 5, 10), np.linspace(0, 20, 6))
    with pytest.raises(ValueError, match="r and g have mismatched lengths"):
        plot_spr_weights(W, np.linspace(1, 5, 10), np.linspace(0, 20, 5), g=np.ones(9))
    plt.close("all")
