"""Benchmark figures are written and show what they should."""

from __future__ import annotations

import numpy as np
import pytest
from _rdf_fixtures import material
from matplotlib.figure import Figure
from sklearn.neighbors import KNeighborsRegressor

from sklearn_rdf.model_selection import cross_material_scores, train_ratio_curve
from sklearn_rdf.peers import FourierRDFRegressor
from sklearn_rdf.plotting import plot_cross_material, plot_parameter_counts, plot_ratio_fits


def _png_ok(fig: Figure, path) -> None:
    fig.savefig(path, dpi=60)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000


def test_ratio_fits_one_panel_per_ratio(tmp_path):
    r, G, sf = material()
    _, preds = train_ratio_curve(
        {"fourier": FourierRDFRegressor(structure_factor=sf), "knn": KNeighborsRegressor(2)},
        r,
        G,
        ratios=(1.0, 0.5),
        n_repeats=1,
        return_predictions=True,
    )
    fig = plot_ratio_fits(preds)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == ["100% of the points", "50% of the points"]
    labels = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert labels == ["target", "training points", "fourier", "knn"]
    np.testing.assert_allclose(np.sort(axes[0].lines[0].get_xdata()), r[:, 0])
    _png_ok(fig, tmp_path / "ratios.png")
    with pytest.raises(ValueError, match="lacks the columns"):
        plot_ratio_fits(preds.drop(columns="y_pred"))


def test_cross_material_and_parameter_counts(tmp_path):
    mats = {"A": material(), "B": material(0.1)}
    _, preds = cross_material_scores(
        {"fourier": FourierRDFRegressor()}, mats, train_on="A", return_predictions=True
    )
    fig = plot_cross_material(preds)
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["A (trained on)", "B"]
    _png_ok(fig, tmp_path / "cross.png")
    fig = plot_parameter_counts({"WT-RDF+": 5, "RBF": 1537})
    assert fig.axes[0].get_yscale() == "log"
    _png_ok(fig, tmp_path / "counts.png")
