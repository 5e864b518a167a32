"""LinearSPR: agreement with scikit-learn's linear models, penalties, solvers, API contracts.

The data are SYNTHETIC (``sklearn_rdf.linear_spr._synthetic``): Gaussian-shell g(r) of an
a-Si-like glass and VDOS-shaped spectra from a fixed random linear map plus noise.
"""

from __future__ import annotations

import warnings

import joblib
import numpy as np
import pytest
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    MultiTaskElasticNet,
    MultiTaskLasso,
    Ridge,
)
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rdf.linear_spr import LinearSPR, penalty_from_paper
from sklearn_rdf.linear_spr._linear import _dual_gap, _Moments
from sklearn_rdf.linear_spr._synthetic import make_synthetic_rdf_spectra

RTOL = 1e-5  # the bar: same predictions within 1e-5 relative


def rel_diff(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a) - b)) / np.max(np.abs(b)))


@pytest.fixture(scope="module")
def small():
    """80 synthetic structures, 24 r bins, 6 spectral points (quick to converge tightly)."""
    b = make_synthetic_rdf_spectra(80, n_bins=24, n_freq=6, random_state=0)
    return b.X, b.Y


@pytest.fixture(scope="module")
def medium():
    b = make_synthetic_rdf_spectra(300, n_bins=80, n_freq=40, random_state=1)
    return b.X, b.Y


# -- the same predictions as scikit-learn ---------------------------------------------------
@pytest.mark.parametrize("alpha", [1e-4, 1.0, 100.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_l2_same_predictions_as_ridge(medium, alpha, fit_intercept):
    X, Y = medium
    ours = LinearSPR("l2", alpha, fit_intercept=fit_intercept).fit(X, Y)
    ref = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, Y)
    assert ours.solver_ == "cholesky"
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL
    assert rel_diff(ours.coef_, ref.coef_) < RTOL
    assert ours.coef_.shape == (Y.shape[1], X.shape[1])
    assert ours.intercept_.shape == (Y.shape[1],)


def test_l2_one_dimensional_y_follows_sklearn_shapes(medium):
    X, Y = medium
    ours = LinearSPR(alpha=0.1).fit(X, Y[:, 3])
    ref = Ridge(alpha=0.1).fit(X, Y[:, 3])
    assert ours.coef_.shape == ref.coef_.shape == (X.shape[1],)
    assert isinstance(ours.intercept_, float)
    assert ours.predict(X).shape == (X.shape[0],)
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL


def test_none_same_predictions_as_linear_regression():
    rng = np.random.default_rng(3)
    X = rng.random((60, 12))
    Y = X @ rng.normal(size=(12, 5)) + 0.01 * rng.normal(size=(60, 5))
    X[:, :3] = 0.0  # g(r) = 0 inside the core in every structure: XᵀX is singular
    ours = LinearSPR("none").fit(X, Y)
    ref = LinearRegression().fit(X, Y)
    assert ours.solver_ == "lstsq"
    assert np.abs(ours.coef_[:, :3]).max() < 1e-12 * np.abs(ours.coef_).max()  # minimum norm
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL
    assert rel_diff(ours.coef_, ref.coef_) < RTOL


@pytest.mark.parametrize(
    ("alpha", "l1_ratio", "reference"),
    [
        (1e-4, 0.5, MultiTaskElasticNet),
        (1e-3, 1.0, MultiTaskLasso),
    ],
)
def test_group_elastic_net_same_predictions_as_multitask(small, alpha, l1_ratio, reference):
    X, Y = small
    ours = LinearSPR("elasticnet", alpha, l1_ratio, l1_type="group", tol=1e-8, max_iter=20000)
    ours.fit(X, Y)
    params = {"alpha": alpha, "tol": 1e-10, "max_iter": 100000}
    if reference is MultiTaskElasticNet:
        params["l1_ratio"] = l1_ratio
    ref = reference(**params).fit(X, Y)
    assert ours.solver_ == "fista"
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL
    # the same RDF bins are selected (whole columns of W are zero)
    np.testing.assert_array_equal(np.any(ours.coef_ != 0, axis=0), np.any(ref.coef_ != 0, axis=0))


@pytest.mark.parametrize(
    ("penalty", "alpha", "l1_ratio", "reference"),
    [
        ("elasticnet", 1e-4, 0.5, ElasticNet),
        ("l1", 1e-3, None, Lasso),
    ],
)
def test_elementwise_same_predictions_as_elasticnet(small, penalty, alpha, l1_ratio, reference):
    X, Y = small
    kwargs = {} if l1_ratio is None else {"l1_ratio": l1_ratio}
    ours = LinearSPR(penalty, alpha, tol=1e-8, max_iter=20000, **kwargs).fit(X, Y)
    ref = reference(alpha=alpha, tol=1e-10, max_iter=100000, **kwargs).fit(X, Y)
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL
    np.testing.assert_array_equal(ours.coef_ != 0, ref.coef_ != 0)


@pytest.mark.parametrize("l1_type", ["group", "elementwise"])
def test_few_structures_use_sklearn_coordinate_descent(l1_type):
    """n_samples <= n_bins: "auto" picks scikit-learn's CD; FISTA reaches the same fit."""
    b = make_synthetic_rdf_spectra(20, n_bins=30, n_freq=5, random_state=4)
    X, Y = b.X, b.Y
    params = {"penalty": "elasticnet", "alpha": 1e-3, "l1_ratio": 0.7, "l1_type": l1_type}
    auto = LinearSPR(tol=1e-10, max_iter=100000, **params).fit(X, Y)
    assert auto.solver_ == "cd"
    ref_class = MultiTaskElasticNet if l1_type == "group" else ElasticNet
    ref = ref_class(alpha=1e-3, l1_ratio=0.7, tol=1e-10, max_iter=100000).fit(X, Y)
    assert rel_diff(auto.predict(X), ref.predict(X)) < RTOL
    fista = LinearSPR(solver="fista", tol=1e-8, max_iter=50000, **params).fit(X, Y)
    assert rel_diff(fista.predict(X), ref.predict(X)) < RTOL


def test_fista_solves_ridge_too(small):
    X, Y = small
    ours = LinearSPR("l2", 1.0, solver="fista", tol=1e-12, max_iter=20000).fit(X, Y)
    ref = Ridge(1.0).fit(X, Y)
    assert ours.solver_ == "fista" and ours.n_iter_ > 1
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL


def test_elasticnet_l1_ratio_zero_uses_the_closed_form(small):
    X, Y = small
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns that l1_ratio=0 is a ridge
        ref = ElasticNet(alpha=1e-3, l1_ratio=0.0, tol=1e-12, max_iter=100000).fit(X, Y)
    ours = LinearSPR("elasticnet", 1e-3, 0.0).fit(X, Y)
    assert ours.solver_ == "cholesky"
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL


def test_standardize_equals_scaler_pipeline_and_reports_original_units(medium):
    X, Y = medium
    ours = LinearSPR("l2", 3.0, standardize=True).fit(X, Y)
    ref = make_pipeline(StandardScaler(), Ridge(3.0)).fit(X, Y)
    assert rel_diff(ours.predict(X), ref.predict(X)) < RTOL
    # coef_ and intercept_ act on unscaled g(r)
    assert rel_diff(X @ ours.coef_.T + ours.intercept_, ref.predict(X)) < RTOL


def test_dual_gap_formula_matches_sklearn(small):
    """Our gap from moments equals scikit-learn's reported dual_gap_ at its own solution."""
    X, Y = small
    n = X.shape[0]
    ref = MultiTaskElasticNet(alpha=1e-4, l1_ratio=0.7, tol=1e-3).fit(X, Y)
    m = _Moments(
        X,
        Y,
        device="cpu",
        dtype=torch.float64,
        fit_intercept=True,
        standardize=False,
        need_yy=True,
    )
    Wt = torch.as_tensor(ref.coef_.T)
    gap = _dual_gap(Wt, m, 1e-4 * 0.7 * n, 1e-4 * 0.3 * n, group=True)
    np.testing.assert_allclose(gap / n, ref.dual_gap_, rtol=1e-6)


# -- penalties and their meaning -----------------------------------------------------------
def test_l1_gives_sparse_weights_group_gives_zero_columns(small):
    X, Y = small
    elem = LinearSPR("l1", 1e-4).fit(X, Y)
    group = LinearSPR("l1", 1e-4, l1_type="group").fit(X, Y)
    ridge = LinearSPR("l2", 1e-3).fit(X, Y)
    assert np.all(ridge.coef_ != 0)
    assert 0 < np.count_nonzero(elem.coef_) < elem.coef_.size // 2
    zero_cols = np.all(group.coef_ == 0, axis=0)
    assert 0 < zero_cols.sum() < X.shape[1]
    assert np.count_nonzero(group.coef_) == (~zero_cols).sum() * Y.shape[1]


def test_penalty_from_paper_maps_alpha_beta():
    assert penalty_from_paper(1e-5, 0.0) == {
        "penalty": "elasticnet",
        "alpha": 5e-6,
        "l1_ratio": 1.0,
    }
    assert penalty_from_paper(0.0, 0.0)["penalty"] == "none"
    # the paper's loss is twice LinearSPR's "elasticnet" objective for the returned parameters
    rng = np.random.default_rng(0)
    X, Y, W = rng.random((30, 7)), rng.random((30, 4)), rng.normal(size=(4, 7))
    a, b = 2e-3, 5e-4
    p = penalty_from_paper(a, b)
    R2 = np.sum((Y - X @ W.T) ** 2)
    paper = R2 / 30 + a * np.abs(W).sum() + b * np.sum(W**2)
    ours = (
        R2 / 60
        + p["alpha"] * p["l1_ratio"] * np.abs(W).sum()
        + 0.5 * p["alpha"] * (1 - p["l1_ratio"]) * np.sum(W**2)
    )
    np.testing.assert_allclose(paper, 2 * ours, rtol=1e-12)
    with pytest.raises(ValueError, match="beta"):
        penalty_from_paper(1e-5, -1.0)


def test_convergence_warning_when_max_iter_is_too_small(medium):
    X, Y = medium
    with pytest.warns(ConvergenceWarning, match="max_iter=10"):
        model = LinearSPR("l1", 1e-6, max_iter=10).fit(X, Y)
    assert model.n_iter_ == 10


def test_fista_history_records_dual_gap(small):
    X, Y = small
    model = LinearSPR("l1", 1e-3, tol=1e-8).fit(X, Y)
    gaps = np.asarray(model.net_.history[:, "dual_gap"])
    assert gaps[-1] <= 1e-8 * np.sum((Y - Y.mean(0)) ** 2)
    assert model.dual_gap_ == pytest.approx(gaps[-1] / X.shape[0])


# -- model selection and persistence -------------------------------------------------------
def test_grid_search_over_alpha_and_l1_ratio(small):
    X, Y = small
    grid = GridSearchCV(
        LinearSPR("elasticnet", max_iter=500, tol=1e-3),
        {"alpha": [1e-4, 1e-1], "l1_ratio": [0.2, 0.9]},
        cv=3,
    )
    grid.fit(X, Y)
    scores = grid.cv_results_["mean_test_score"]
    assert np.all(np.isfinite(scores)) and np.ptp(scores) > 0.05  # the penalty matters
    assert grid.best_params_["alpha"] < 1e-1  # the strongest penalty underfits
    assert grid.best_score_ > 0.5
    assert grid.best_estimator_.coef_.shape == (Y.shape[1], X.shape[1])


@pytest.mark.parametrize("params", [{"penalty": "l2"}, {"penalty": "l1", "alpha": 1e-3}])
def test_joblib_round_trip(tmp_path, small, params):
    X, Y = small
    model = LinearSPR(**params).fit(X, Y)
    path = tmp_path / "spr.joblib"
    joblib.dump(model, path)
    loaded = joblib.load(path)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.get_params() == model.get_params()


def test_float32_solver_agrees_loosely(medium):
    X, Y = medium
    ref = LinearSPR("l2", 1.0).fit(X, Y)
    f32 = LinearSPR("l2", 1.0, dtype="float32").fit(X, Y)
    assert rel_diff(f32.predict(X), ref.predict(X)) < 1e-3


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_gives_the_cpu_solution(small):
    X, Y = small
    for params in ({"penalty": "l2"}, {"penalty": "l1", "alpha": 1e-3, "tol": 1e-10}):
        cpu = LinearSPR(**params).fit(X, Y)
        gpu = LinearSPR(device="cuda", **params).fit(X, Y)
        assert rel_diff(gpu.predict(X), cpu.predict(X)) < RTOL


# -- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"penalty": "ridge"}, "penalty must be one of"),
        ({"alpha": -1.0}, "alpha must be a number >= 0"),
        ({"alpha": float("inf")}, "alpha must be finite"),
        ({"penalty": "elasticnet", "l1_ratio": 1.5}, r"l1_ratio must be a number in \[0, 1\]"),
        ({"l1_type": "rows"}, "l1_type must be one of"),
        ({"solver": "lbfgs"}, "solver must be one of"),
        ({"penalty": "l1", "solver": "cholesky"}, "solver='cholesky' solves penalties"),
        ({"penalty": "l2", "solver": "cd"}, "solver='cd'"),
        ({"penalty": "l1", "solver": "lstsq"}, "solver='lstsq' solves penalty='none' only"),
        ({"tol": 0}, "tol must be a number > 0"),
        ({"max_iter": 0}, "max_iter must be an integer >= 1"),
        ({"dtype": "float16"}, "dtype must be one of"),
        ({"device": "tpu"}, "device must be"),
    ],
)
def test_bad_parameters_raise_value_error(small, params, match):
    X, Y = small
    with pytest.raises(ValueError, match=match):
        LinearSPR(**params).fit(X, Y)


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_without_gpu_raises(small):
    X, Y = small
    with pytest.raises(ValueError, match="CUDA is not available"):
        LinearSPR(device="cuda").fit(X, Y)


def test_bad_data_raise_value_error_and_inputs_are_untouched(small):
    X, Y = small
    X_bad = X.copy()
    X_bad[3, 4] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        LinearSPR().fit(X_bad, Y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        LinearSPR().fit(X, Y[:-1])
    model = LinearSPR(standardize=True).fit(X, Y)
    with pytest.raises(ValueError, match=f"expecting {X.shape[1]} features"):
        model.predict(X[:, :-1])
    X0, Y0 = X.copy(), Y.copy()
    LinearSPR("l1", 1e-3, standardize=True).fit(X, Y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


@pytest.mark.parametrize(
    "params",
    [
        {"penalty": "none"},  # lstsq
        {"penalty": "l2", "fit_intercept": False},  # cholesky on the caller's memory
        {"penalty": "l1", "alpha": 1e-3, "solver": "cd"},
        {"penalty": "elasticnet", "alpha": 1e-3, "solver": "fista", "standardize": True},
    ],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("one_d", [False, True])
def test_inputs_untouched_by_every_solver(small, params, dtype, one_d):
    X, Y = small
    X = X.astype(dtype)
    y = Y[:, 0].astype(dtype) if one_d else Y.astype(dtype)
    X0, y0 = X.copy(), y.copy()
    LinearSPR(**params).fit(X, y).predict(X)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize("penalty", ["none", "l2", "elasticnet"])
def test_fista_without_penalty_is_refused(small, penalty):
    X, Y = small
    with pytest.raises(ValueError, match="solver='fista' needs a penalty"):
        LinearSPR(penalty, alpha=0.0, solver="fista").fit(X, Y)


def test_cd_errors_name_the_problem(small):
    X, Y = small
    with pytest.raises(ValueError, match="needs a penalty with an L1 part"):
        LinearSPR("l1", alpha=0.0, solver="cd").fit(X, Y)


def test_refit_with_a_direct_solver_drops_the_old_net(small):
    X, Y = small
    model = LinearSPR("l1", 1e-3, solver="fista").fit(X, Y)
    assert hasattr(model, "net_")
    model.set_params(penalty="l2", solver="auto").fit(X, Y)
    assert model.solver_ == "cholesky" and not hasattr(model, "net_")


def test_fista_history_has_a_loss_for_every_epoch(small):
    X, Y = small
    model = LinearSPR("l1", 1e-3, tol=1e-6).fit(X, Y)
    history = model.net_.history
    assert len(history) >= 2  # stopped by the duality-gap test, not at the first epoch
    assert len(history[:, "train_loss"]) == len(history[:, "dual_gap"]) == len(history)
    assert model.n_iter_ == 10 * len(history)


def test_diverging_fista_keeps_finite_weights(small, monkeypatch):
    import sklearn_rdf.linear_spr._linear as lin
    from sklearn_rdf._training import NonFiniteLossWarning

    X, Y = small
    original = lin.make_net

    def too_large_step(*args, **kwargs):  # a step far above 1/L: the iterates blow up
        return original(*args, **{**kwargs, "lr": kwargs["lr"] * 1e3})

    monkeypatch.setattr(lin, "make_net", too_large_step)
    model = LinearSPR("l1", 1e-3, solver="fista", max_iter=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with pytest.warns(NonFiniteLossWarning):
            model.fit(X, Y)
    assert np.all(np.isfinite(model.coef_))
    assert np.all(np.isfinite(model.predict(X)))
