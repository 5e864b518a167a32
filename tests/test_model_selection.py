"""TrainRatioSplit, train_ratio_curve and the summary tables."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.neighbors import KNeighborsRegressor

from sklearn_rdf.metrics import first_peak_error, get_scorers
from sklearn_rdf.model_selection import TrainRatioSplit, summarize_scores, train_ratio_curve
from sklearn_rdf.peers import SmoothingSplineRegressor


def curve():
    r = np.linspace(1.5, 7.3, 59)
    g = 3 * np.exp(-((r - 2.4) ** 2) / 0.05) + np.exp(-((r - 3.8) ** 2) / 0.2) - 0.2 * r
    return r.reshape(-1, 1), g


def test_split_sizes_and_protocol():
    X, _ = curve()
    splits = list(TrainRatioSplit(0.25, n_repeats=3, random_state=0).split(X))
    assert len(splits) == 3 == TrainRatioSplit(0.25, n_repeats=3).get_n_splits()
    for train, test in splits:
        assert len(train) == round(0.25 * 59) == 15
        np.testing.assert_array_equal(test, np.arange(59))
        assert np.all(np.diff(train) > 0)
    assert len({tuple(t) for t, _ in splits}) == 3  # different subsets
    again = list(TrainRatioSplit(0.25, n_repeats=3, random_state=0).split(X))
    for (a, _), (b, _) in zip(splits, again, strict=True):
        np.testing.assert_array_equal(a, b)
    full = list(TrainRatioSplit(1.0, n_repeats=2).split(X))
    np.testing.assert_array_equal(full[0][0], np.arange(59))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"ratio": 0.0}, "ratio"),
        ({"ratio": 1.5}, "ratio"),
        ({"ratio": "a"}, "ratio"),
        ({"ratio": 0.5, "n_repeats": 0}, "n_repeats"),
        ({"ratio": 0.5, "n_repeats": 1.5}, "n_repeats"),
    ],
)
def test_split_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        list(TrainRatioSplit(**kwargs).split(np.zeros((10, 1))))


def test_split_in_cross_validate_and_grid_search():
    X, y = curve()
    cv = TrainRatioSplit(0.5, n_repeats=3, random_state=0)
    res = cross_validate(
        KNeighborsRegressor(2), X, y, cv=cv, scoring=get_scorers(), return_indices=True
    )
    assert res["test_fpe"].shape == (3,)
    assert all(len(t) == 59 for t in res["indices"]["test"])
    search = GridSearchCV(
        KNeighborsRegressor(), {"n_neighbors": [1, 3]}, cv=cv, scoring=get_scorers(), refit="mae"
    ).fit(X, y)
    assert search.best_params_["n_neighbors"] in (1, 3)
    assert "TrainRatioSplit(ratio=0.5" in repr(cv)


def test_train_ratio_curve_tidy_frame_and_independent_recomputation():
    X, y = curve()
    models = {"knn": KNeighborsRegressor(2), "spline": SmoothingSplineRegressor()}
    scores, preds, params = train_ratio_curve(
        models,
        X,
        y,
        ratios=(1.0, 0.5),
        n_repeats=2,
        random_state=3,
        return_predictions=True,
        return_params=True,
    )
    assert list(scores.columns)[:6] == ["model", "ratio", "repeat", "n_train", "metric", "value"]
    assert (scores["fit_time"] > 0).all()
    assert (scores.loc[scores.model == "spline", "n_parameters"] > 0).all()
    assert len(scores) == 2 * 2 * 2 * 7
    assert set(scores["metric"]) == {
        "mae",
        "fpe",
        "spe",
        "mae_heldout",
        "r2_heldout",
        "peak1_dr",
        "peak2_dr",
    }
    assert (scores.loc[scores.ratio == 0.5, "n_train"] == 30).all()
    # one cell recomputed from the stored prediction with sklearn_rdf.metrics
    sel = preds[(preds.model == "knn") & (preds.ratio == 0.5) & (preds.repeat == 1)]
    expect = first_peak_error(sel.y_true, sel.y_pred, r=sel.r)
    cell = scores.query("model == 'knn' and ratio == 0.5 and repeat == 1 and metric == 'fpe'")
    assert cell["value"].item() == pytest.approx(expect)
    np.testing.assert_allclose(sel.y_true, y)
    assert params.empty  # neither model has fitted physics parameters
    # the same subsets for every model, reproducible from random_state
    again = train_ratio_curve(models, X, y, ratios=(1.0, 0.5), n_repeats=2, random_state=3)
    pd.testing.assert_frame_equal(scores.drop(columns="fit_time"), again.drop(columns="fit_time"))


def test_summary_table_mean_and_std():
    X, y = curve()
    scores = train_ratio_curve(
        {"knn": KNeighborsRegressor(2)}, X, y, ratios=(0.5, 1.0), n_repeats=3
    )
    text = summarize_scores(scores)
    assert list(text.columns) == [
        "MAE",
        "FPE",
        "SPE",
        "MAE held-out",
        "R² held-out",
        "Δr peak 1 (Å)",
        "Δr peak 2 (Å)",
    ]
    assert list(text.index.get_level_values("ratio")) == [1.0, 0.5]
    nums = summarize_scores(scores, as_text=False)
    vals = scores.query("ratio == 0.5 and metric == 'mae'")["value"]
    assert nums.loc[(0.5, "knn"), ("mae", "mean")] == pytest.approx(vals.mean())
    assert nums.loc[(0.5, "knn"), ("mae", "std")] == pytest.approx(vals.std())
    assert text.loc[(0.5, "knn"), "MAE"] == f"{vals.mean():.4f} ± {vals.std():.4f}"


def test_failures_are_recorded_or_raised():
    X, y = curve()
    bad = {"spline": SmoothingSplineRegressor(lam=-1.0)}
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        scores = train_ratio_curve(bad, X, y, ratios=(1.0,), n_repeats=1)
    assert scores["value"].isna().all()
    with pytest.raises(ValueError, match="lam"):
        train_ratio_curve(bad, X, y, ratios=(1.0,), n_repeats=1, error_score="raise")
    with pytest.raises(ValueError, match="ratio"):
        train_ratio_curve(bad, X, y, ratios=(0.0,))
    with pytest.raises(ValueError, match="unique"):
        train_ratio_curve([("a", KNeighborsRegressor()), ("a", KNeighborsRegressor())], X, y)
    with pytest.raises(ValueError, match="unknown scorer"):
        train_ratio_curve(KNeighborsRegressor(), X, y, scoring=("nope",))


def test_train_ratio_curve_on_a_dask_local_cluster():
    distributed = pytest.importorskip("dask.distributed")
    from joblib import parallel_config

    X, y = curve()
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        parallel_config(backend="dask"),
    ):
        scores = train_ratio_curve(
            {"knn": KNeighborsRegressor(2)}, X, y, ratios=(1.0, 0.5), n_repeats=2, n_jobs=-1
        )
        assert client.scheduler_info()["workers"]
    local = train_ratio_curve(
        {"knn": KNeighborsRegressor(2)}, X, y, ratios=(1.0, 0.5), n_repeats=2
    )
    pd.testing.assert_frame_equal(scores.drop(columns="fit_time"), local.drop(columns="fit_time"))


def test_random_state_none_leaves_the_global_rng_alone():
    X, y = curve()
    np.random.seed(5)  # noqa: NPY002 (the global RNG is what is checked)
    state = np.random.get_state()[1].copy()  # noqa: NPY002
    list(TrainRatioSplit(0.25, random_state=None).split(X))
    train_ratio_curve(
        {"knn": KNeighborsRegressor(2)}, X, y, ratios=(0.5,), n_repeats=1, random_state=None
    )
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002


def test_batch_parameters_and_pipelines_in_the_tidy_frames():
    from _rdf_fixtures import material
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    from sklearn_rdf.model_selection import cross_material_scores
    from sklearn_rdf.peers import FourierRDFRegressor
    from sklearn_rdf.wavelet import WaveletRDFBatchRegressor

    r, G, (q, F) = material()
    G2 = np.column_stack([G, 1.1 * G])
    _, params = train_ratio_curve(
        {"batch": WaveletRDFBatchRegressor(structure_factor=(q, F), learn=False)},
        r,
        G2,
        ratios=(1.0,),
        n_repeats=1,
        return_params=True,
    )
    assert set(params["curve"]) == {0, 1} and len(params) == 2 * 5
    # a Pipeline around a physics model predicts each material from its own F(q)
    mats = {"A": material(), "B": material(0.15)}
    pipe = make_pipeline(FunctionTransformer(), FourierRDFRegressor())
    a = cross_material_scores({"m": FourierRDFRegressor()}, mats, train_on="A")
    b = cross_material_scores({"m": pipe}, mats, train_on="A")
    np.testing.assert_allclose(a["value"], b["value"])


def test_heldout_scores_unmask_an_interpolator_at_ratio_1():
    """At ratio 1 a 1-NN interpolator has MAE = FPE = 0 on the paper's protocol; the held-out
    scores (interleaved 5-fold) are recomputed here by hand and are not 0."""
    X, y = curve()
    scores = train_ratio_curve({"knn": KNeighborsRegressor(1)}, X, y, ratios=(1.0,), n_repeats=1)
    value = scores.set_index("metric")["value"]
    assert value["mae"] == 0 and value["fpe"] == 0
    oof = np.empty_like(y)
    for fold in range(5):
        test = np.arange(fold, 59, 5)
        fit_on = np.setdiff1d(np.arange(59), test)
        oof[test] = KNeighborsRegressor(1).fit(X[fit_on], y[fit_on]).predict(X[test])
    assert value["mae_heldout"] == pytest.approx(np.mean(np.abs(oof - y)))
    assert value["mae_heldout"] > 0.05
    assert value["r2_heldout"] < 1.0
    assert 0 <= value["peak1_dr"] < 0.2


def test_peak_position_error_and_r_range():
    from sklearn_rdf.metrics import peak_position_error

    r = np.linspace(1.0, 6.0, 501)
    y = np.exp(-(((r - 1.2) / 0.05) ** 2)) + np.exp(-(((r - 2.5) / 0.1) ** 2))
    shifted = np.exp(-(((r - 2.6) / 0.1) ** 2))
    assert peak_position_error(y, shifted, r=r, k=2) == pytest.approx(0.1)
    assert peak_position_error(y, shifted, r=r, r_range=(1.5, 6.0)) == pytest.approx(0.1)
    assert peak_position_error(y, np.zeros_like(y) + 0 * r, r=r) == np.inf
    with pytest.raises(ValueError, match="r_range"):
        peak_position_error(y, shifted, r=r, r_range=(4.0, 6.0))
    X = r[::10].reshape(-1, 1)
    with pytest.raises(ValueError, match="r_range"):
        train_ratio_curve(KNeighborsRegressor(), X, y[::10], peak_r_range=(4.0, 6.0))
