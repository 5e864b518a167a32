"""Estimator checks for one-feature regressors (X is r).

scikit-learn's ``check_estimator`` feeds most checks X with several random features. A physics
model whose only input is the distance r (WaveletRDFRegressor, FourierRDFRegressor,
SmoothingSplineRegressor) rightly refuses those, so those checks are *expected* to fail:
:data:`ONE_FEATURE_EXPECTED_FAILURES` lists each with its reason. The properties those checks
guard still matter, so :func:`check_one_feature_regressor` runs the same properties on one-feature
data (r in Å): fit returns self, fitted attributes, n_features_in_, pickling, clone, NaN/inf and
negative-r errors, dtypes, 1-D and list input, array-likes that are not arrays (only
``__array__``; pandas), read-only input, order and subset invariance,
idempotent fits, inputs and parameters left untouched.
"""

from __future__ import annotations

import pickle

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

__all__ = ["ONE_FEATURE_EXPECTED_FAILURES", "check_one_feature_regressor"]

_MULTI = "feeds X with several features; X is r (one column, Å) by design"

#: scikit-learn checks that a one-feature (X = r) regressor is expected to fail, with reasons.
ONE_FEATURE_EXPECTED_FAILURES: dict[str, str] = {
    **{
        name: _MULTI
        for name in (
            "check_dict_unchanged",
            "check_dont_overwrite_parameters",
            "check_dtype_object",
            "check_estimators_dtypes",
            "check_estimators_fit_returns_self",
            "check_estimators_nan_inf",
            "check_estimators_overwrite_params",
            "check_estimators_pickle",
            "check_f_contiguous_array_estimator",
            "check_fit2d_1sample",
            "check_fit2d_predict1d",
            "check_fit_check_is_fitted",
            "check_fit_idempotent",
            "check_fit_score_takes_y",
            "check_methods_sample_order_invariance",
            "check_methods_subset_invariance",
            "check_n_features_in",
            "check_n_features_in_after_fitting",
            "check_pipeline_consistency",
            "check_readonly_memmap_input",
            "check_regressor_data_not_an_array",
            "check_regressors_int",
            "check_regressors_no_decision_function",
            "check_regressors_train",
            "check_supervised_y_2d",
        )
    },
    "check_fit1d": "a 1-D X is accepted as r by design (est.fit(r, g) with r of shape (n,))",
}


class _OnlyArray:
    """An array-like that converts with ``np.asarray`` but refuses numpy's function dispatch
    (``np.ndim``, ``np.shape``, ...), like scikit-learn's ``_NotAnArray``."""

    def __init__(self, data):
        self.data = np.asarray(data)

    def __array__(self, dtype=None, copy=None):
        return self.data if dtype is None else self.data.astype(dtype)

    def __array_function__(self, func, types, args, kwargs):
        raise TypeError(f"_OnlyArray does not take numpy's {func.__name__}")


def _default_data():
    r = np.linspace(1.5, 7.3, 59)
    y = 3.0 * np.exp(-((r - 2.4) ** 2) / 0.05) + np.exp(-((r - 3.8) ** 2) / 0.2) - 0.2 * r
    return r.reshape(-1, 1), y


def _assert_raises_value_error(func, *args, match: str | None = None):
    try:
        func(*args)
    except ValueError as exc:
        if match is not None and match.lower() not in str(exc).lower():
            raise AssertionError(f"ValueError message {exc!s} lacks {match!r}") from None
        return
    raise AssertionError(f"{func} did not raise a ValueError")


def check_one_feature_regressor(estimator, X=None, y=None, *, atol: float = 1e-8) -> None:
    """Run scikit-learn's regressor properties on one-feature data (X = r).

    Parameters
    ----------
    estimator : estimator instance
        Unfitted, with settings that make a fit quick.
    X, y : arrays, optional
        r of shape (n, 1) (Å) and a target curve; default: a 59-point two-peak curve on
        1.5–7.3 Å.
    atol : float
        Tolerance of the invariance comparisons (stochastic or float32 models need more).

    Raises
    ------
    AssertionError
        Naming the property that does not hold.
    """
    if X is None:
        X, y = _default_data()
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = X.shape[0]
    params_before = {k: repr(v) for k, v in estimator.get_params().items()}

    est = clone(estimator)
    try:
        est.predict(X)
    except NotFittedError:
        pass
    else:
        raise AssertionError("predict before fit did not raise NotFittedError")

    X_in, y_in = X.copy(), y.copy()
    assert est.fit(X_in, y_in) is est, "fit does not return self"
    np.testing.assert_array_equal(X_in, X, err_msg="fit modified X")
    np.testing.assert_array_equal(y_in, y, err_msg="fit modified y")
    assert est.n_features_in_ == 1, f"n_features_in_ is {est.n_features_in_}, not 1"
    pred = est.predict(X)
    assert pred.shape == (n,), f"predict returned shape {pred.shape}, expected ({n},)"
    assert np.all(np.isfinite(pred)), "predict returned NaN or inf"
    np.testing.assert_array_equal(X_in, X, err_msg="predict modified X")

    # parameters are not overwritten by fit
    after = {k: repr(v) for k, v in est.get_params().items()}
    assert after == params_before, "fit changed the estimator's parameters"

    # idempotent fit and pickling
    pred_again = clone(estimator).fit(X, y).predict(X)
    np.testing.assert_allclose(pred_again, pred, atol=atol, err_msg="fit is not idempotent")
    loaded = pickle.loads(pickle.dumps(est))
    np.testing.assert_allclose(loaded.predict(X), pred, atol=0, err_msg="pickle changes predict")

    # 1-D r, list input, float32, int, read-only and Fortran-ordered arrays
    np.testing.assert_allclose(est.predict(X[:, 0]), pred, atol=atol)
    np.testing.assert_allclose(est.predict(X.tolist()), pred, atol=atol)
    np.testing.assert_allclose(
        est.predict(X.astype(np.float32)), pred, atol=1e-4 * (1 + abs(pred).max())
    )
    clone(estimator).fit(np.round(X * 10).astype(np.int64), y)  # integer r accepted
    ro = X.copy()
    ro.setflags(write=False)
    np.testing.assert_allclose(est.predict(np.asfortranarray(ro)), pred, atol=atol)
    clone(estimator).fit(ro, y)

    # array-likes that are not arrays: only __array__ (scikit-learn's _NotAnArray), pandas
    np.testing.assert_allclose(
        clone(estimator).fit(_OnlyArray(X), _OnlyArray(y)).predict(_OnlyArray(X)),
        pred,
        atol=atol,
        err_msg="an array-like that only offers __array__ gives other predictions",
    )
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None:
        frame, series = pd.DataFrame(X, columns=["r"]), pd.Series(y)
        np.testing.assert_allclose(
            clone(estimator).fit(frame, series).predict(frame), pred, atol=atol
        )

    # prediction is point-wise: order and subset invariance
    perm = np.random.default_rng(0).permutation(n)
    np.testing.assert_allclose(
        est.predict(X[perm]),
        pred[perm],
        atol=atol,
        err_msg="predict depends on the order of the points",
    )
    np.testing.assert_allclose(
        est.predict(X[: n // 2]), pred[: n // 2], atol=atol, err_msg="predict on a subset differs"
    )

    # bad input: NaN/inf, negative r, wrong number of features, mismatched lengths
    for bad in (np.nan, np.inf):
        Xb = X.copy()
        Xb[3, 0] = bad
        _assert_raises_value_error(clone(estimator).fit, Xb, y)
        _assert_raises_value_error(est.predict, Xb)
        yb = y.copy()
        yb[3] = bad
        _assert_raises_value_error(clone(estimator).fit, X, yb)
    _assert_raises_value_error(clone(estimator).fit, X - X.max() - 1.0, y, match="negative")
    _assert_raises_value_error(est.predict, np.hstack([X, X]))
    _assert_raises_value_error(clone(estimator).fit, X, y[:-1])
    score = est.score(X, y)
    assert np.isfinite(score), "score is not finite"
