"""Train-ratio curves: the WT-RDF+ paper's Tables 4–6 for any set of estimators.

Besides the paper's scores (MAE, FPE, SPE on the whole curve, training points included),
every fit is scored on points it did not see: "mae_heldout" and "r2_heldout" (MAE and R² on
the held-out points), "peak1_dr" and "peak2_dr" (Å, the first and second peak of the target
against the nearest peak of the prediction, on the held-out points). At ratio 1 there are no
held-out points, so these come from a K-fold over interleaved points (point i of the r-sorted
curve in fold i mod K), each fold predicted by a fit on the others.
"""

from __future__ import annotations

import numbers
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.exceptions import FitFailedWarning
from tqdm.auto import tqdm

from .. import metrics as _metrics
from .._parallel import call_recording_warnings, reissue_warnings
from .._validation import as_curve, as_r, check_random_state_local, check_same_length
from ._params import count_parameters
from ._split import TrainRatioSplit

__all__ = ["named_estimators", "summarize_scores", "train_ratio_curve"]

# Short metric names of the tables and the error function behind each (values: the error,
# lower is better).
_ERRORS = {
    "mae": _metrics.mean_absolute_error,
    "fpe": _metrics.first_peak_error,
    "spe": _metrics.second_peak_error,
}
# Scores on held-out points only (see the module docstring); higher-is-better for R².
_HONEST = ("mae_heldout", "r2_heldout", "peak1_dr", "peak2_dr")
DEFAULT_SCORING = ("mae", "fpe", "spe", *_HONEST)
_LONG = {
    "neg_mean_absolute_error": "mae",
    "neg_first_peak_error": "fpe",
    "neg_second_peak_error": "spe",
    "mean_absolute_error": "mae",
    "first_peak_error": "fpe",
    "second_peak_error": "spe",
}


def named_estimators(estimators) -> list[tuple[str, object]]:
    """``[(name, estimator), ...]`` from a dict, a list of pairs or a single estimator."""
    if isinstance(estimators, Mapping):
        pairs = list(estimators.items())
    elif hasattr(estimators, "fit"):
        pairs = [(type(estimators).__name__, estimators)]
    else:
        pairs = list(estimators)
    if not pairs:
        raise ValueError("no estimators given")
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"estimator names must be unique, got {names}")
    for name, est in pairs:
        if not hasattr(est, "fit") or not hasattr(est, "predict"):
            raise ValueError(f"{name!r} is not an estimator with fit and predict")
    return pairs


def _check_xy(r, y):
    r_arr = as_r(r, min_size=3)
    y_arr = as_curve(y, "y", ndim=(1, 2))
    check_same_length(r_arr, y_arr, "r", "y")
    return r_arr.reshape(-1, 1), y_arr


def _check_ratios(ratios) -> list[float]:
    if isinstance(ratios, numbers.Real):
        ratios = [ratios]
    out = [float(x) for x in ratios]
    if not out:
        raise ValueError("ratios is empty")
    for x in out:
        TrainRatioSplit(x)._check()
    return out


def _metric_names(scoring) -> list[str]:
    if isinstance(scoring, str):
        scoring = (scoring,)
    names = [_LONG.get(s, s) for s in scoring]
    for name in names:
        if name not in _ERRORS and name not in _HONEST:
            _metrics.get_scorer(name)  # raises a ValueError for unknown names
    return names


def _heldout_prediction(est, X, y, train, y_pred, n_folds):
    """(indices, prediction) on points no fit saw: the complement of ``train``, or at ratio 1
    a K-fold over interleaved points of the r-sorted curve."""
    n = X.shape[0]
    if len(train) < n:
        held = np.setdiff1d(np.arange(n), train)
        return held, y_pred[held]
    order = np.argsort(X[:, 0], kind="stable")
    out = np.empty_like(y_pred)
    for fold in range(n_folds):
        test = order[fold::n_folds]
        fit_on = np.setdiff1d(np.arange(n), test)
        est_k = clone(est).fit(X[fit_on], y[fit_on])
        pred = np.asarray(est_k.predict(X[test]), dtype=np.float64)
        out[test] = pred.reshape(out[test].shape)
    return np.arange(n), out


def _honest_value(metric, r, yt, yp, peak_r_range) -> float:
    """One held-out score, averaged over the curves (columns); NaN where a peak is missing."""
    from sklearn.metrics import r2_score

    yt = yt.reshape(len(yt), -1)
    yp = yp.reshape(len(yp), -1)
    if metric == "mae_heldout":
        return float(np.mean(np.abs(yt - yp)))
    if metric == "r2_heldout":
        return float(r2_score(yt, yp)) if len(yt) > 1 else float("nan")
    k = 1 if metric == "peak1_dr" else 2
    values = []
    for c in range(yt.shape[1]):
        try:
            values.append(
                _metrics.peak_position_error(yt[:, c], yp[:, c], r=r, k=k, r_range=peak_r_range)
            )
        except ValueError:  # too few held-out points to show the target's k-th peak
            values.append(float("nan"))
    return float(np.mean(values))


def _fit_and_score(
    name,
    est,
    X,
    y,
    train,
    ratio,
    repeat,
    metric_names,
    error_score,
    n_folds=5,
    peak_r_range=None,
):
    est = clone(est)
    row_base = {"model": name, "ratio": ratio, "repeat": repeat, "n_train": len(train)}
    try:
        start = time.perf_counter()
        est.fit(X[train], y[train])
        fit_time = time.perf_counter() - start
        y_pred = np.asarray(est.predict(X), dtype=np.float64).reshape(np.shape(y))
    except Exception as exc:
        if error_score == "raise":
            raise
        warnings.warn(
            f"{name} failed to fit at ratio {ratio}, repeat {repeat}: {exc!r}",
            FitFailedWarning,
            stacklevel=2,
        )
        rows = [{**row_base, "metric": m, "value": float(error_score)} for m in metric_names]
        return rows, None, {}
    try:
        n_parameters = count_parameters(est)
    except ValueError:
        n_parameters = -1
    row_base.update(fit_time=fit_time, n_parameters=n_parameters)
    rows = []
    held = None
    if any(m in _HONEST for m in metric_names):
        try:
            held, held_pred = _heldout_prediction(est, X, y, train, y_pred, n_folds)
        except Exception as exc:
            if error_score == "raise":
                raise
            warnings.warn(
                f"{name} failed in the held-out folds at ratio {ratio}: {exc!r}",
                FitFailedWarning,
                stacklevel=2,
            )
    for m in metric_names:
        if m in _HONEST:
            value = (
                float(error_score)
                if held is None
                else _honest_value(m, X[held, 0], y[held], held_pred, peak_r_range)
            )
        elif m in _ERRORS:
            value = _ERRORS[m](y, y_pred, r=X[:, 0])
        else:
            value = _metrics.get_scorer(m)(est, X, y)
        rows.append({**row_base, "metric": m, "value": float(value)})
    params = dict(getattr(est, "params_", {}) or {})
    return rows, y_pred, params


def train_ratio_curve(
    estimators,
    r,
    y,
    *,
    ratios: Sequence[float] | float = (1.0, 0.75, 0.5, 0.25),
    n_repeats: int = 3,
    scoring: Iterable[str] | str = DEFAULT_SCORING,
    n_folds: int = 5,
    peak_r_range: tuple[float, float] | None = None,
    n_jobs: int | None = None,
    random_state=0,
    vary_random_state: bool = True,
    error_score=np.nan,
    return_predictions: bool = False,
    return_params: bool = False,
    progress: bool = False,
):
    """Fit every estimator on fractions of a curve; score it on the full curve and held out.

    For each estimator, each training ratio and each of ``n_repeats`` random subsets (drawn by
    :class:`TrainRatioSplit`, the same subsets for every estimator), the estimator is cloned,
    fitted on the subset and asked to predict all points; "mae", "fpe" and "spe" are computed
    against the full target curve. This is the protocol of Tables 4–6 of the WT-RDF+ paper.
    It counts the training points: at ratio 1 any interpolator scores ≈ 0, and FPE/SPE read
    the two bins a selective loss fits. The held-out scores ("mae_heldout", "r2_heldout",
    "peak1_dr", "peak2_dr", see the module docstring) use only points the fit did not see.

    Parameters
    ----------
    estimators : dict, list of (name, estimator) or estimator
        The models to compare.
    r : array-like of shape (n,) or (n, 1)
        Distances (Å): the estimators' X.
    y : array-like of shape (n,) or (n, n_curves)
        The target curve(s) (for the paper: G(r) in Å⁻²).
    ratios : sequence of float in (0, 1]
        Training fractions.
    n_repeats : int, default=3
        Random subsets per ratio.
    scoring : iterable of str
        "mae", "fpe", "spe" (the errors themselves: lower is better), the held-out scores
        "mae_heldout", "peak1_dr", "peak2_dr" (errors; peak errors in Å, ``inf`` when the
        prediction has no peak, NaN when the held-out points show no such target peak) and
        "r2_heldout" (greater is better), or any scorer name of
        :func:`sklearn_rdf.metrics.get_scorer` (its score as returned, greater is better).
    n_folds : int, default=5
        Folds of the interleaved K-fold that gives the held-out scores at ratio 1.
    peak_r_range : (float, float), optional
        Only target and predicted peaks in this r range (Å) count for "peak1_dr"/"peak2_dr".
    n_jobs : int or None
        Parallel fits through joblib (so a ``joblib.parallel_config(backend="dask")`` block
        sends them to a dask.distributed cluster).
    random_state : int or None, default=0
        Seeds the subsets; with ``vary_random_state`` also the estimators (repeat i of every
        ratio gets ``random_state`` = base seed + i), so that the spread over repeats includes
        the training randomness of stochastic models.
    error_score : float or "raise", default=np.nan
        Value recorded when a fit fails (with a FitFailedWarning), or "raise".
    return_predictions, return_params : bool
        Also return the predicted curves and the fitted ``params_`` of estimators that have
        them (WaveletRDFRegressor), both as tidy DataFrames.
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    scores : DataFrame
        Columns model, ratio, repeat, n_train, metric, value (one row per fit and metric), and
        fit_time (s) and n_parameters (:func:`count_parameters`, −1 when unknown) of the fit.
    predictions : DataFrame, if ``return_predictions``
        Columns model, ratio, repeat, curve, point, r, train (whether the point was in the
        training subset), y_true, y_pred: one row per point and curve.
    params : DataFrame, if ``return_params``
        Columns model, ratio, repeat, curve, param, value (curve 0 for one-curve models).
    """
    pairs = named_estimators(estimators)
    X, y = _check_xy(r, y)
    ratio_list = _check_ratios(ratios)
    metric_names = _metric_names(scoring)
    if error_score != "raise" and not isinstance(error_score, numbers.Real):
        raise ValueError(f"error_score must be a number or 'raise', got {error_score!r}")
    if isinstance(n_folds, bool) or not isinstance(n_folds, numbers.Integral) or n_folds < 2:
        raise ValueError(f"n_folds must be an integer >= 2, got {n_folds!r}")
    if peak_r_range is not None and any(m in ("peak1_dr", "peak2_dr") for m in metric_names):
        y_cols = y.reshape(len(y), -1)
        for c in range(y_cols.shape[1]):  # a range with no target peak is a ValueError
            _metrics.peak_position_error(
                y_cols[:, c], y_cols[:, c], r=X[:, 0], k=1, r_range=peak_r_range
            )
    rng = check_random_state_local(random_state)
    base_seed = int(rng.randint(2**31 - 1 - 10_000))
    tasks = []
    for ratio in ratio_list:
        split = TrainRatioSplit(ratio, n_repeats=n_repeats, random_state=rng.randint(2**31 - 1))
        for repeat, (train, _) in enumerate(split.split(X)):
            for name, est in pairs:
                est_r = est
                if vary_random_state and "random_state" in est.get_params(deep=False):
                    est_r = clone(est).set_params(random_state=base_seed + repeat)
                tasks.append((name, est_r, train, ratio, repeat))
    # Each task's warnings come back with its result and are raised again here, in order,
    # instead of being printed by a worker process in the middle of the run.
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(call_recording_warnings)(
            _fit_and_score,
            name,
            est,
            X,
            y,
            train,
            ratio,
            rep,
            metric_names,
            error_score,
            n_folds,
            peak_r_range,
        )
        for name, est, train, ratio, rep in tasks
    )
    rows, pred_rows, param_rows = [], [], []
    for (name, _, train, ratio, repeat), ((task_rows, y_pred, params), caught) in zip(
        tasks, tqdm(results, total=len(tasks), disable=not progress, desc="fits"), strict=True
    ):
        reissue_warnings(caught)
        rows.extend(task_rows)
        keys = {"model": name, "ratio": ratio, "repeat": repeat}
        if return_predictions and y_pred is not None:
            yt = y.reshape(len(y), -1)
            yp = y_pred.reshape(len(y), -1)
            in_train = np.isin(np.arange(len(y)), train)
            for c in range(yt.shape[1]):
                pred_rows.append(
                    pd.DataFrame(
                        {
                            **keys,
                            "curve": c,
                            "point": np.arange(len(y)),
                            "r": X[:, 0],
                            "train": in_train,
                            "y_true": yt[:, c],
                            "y_pred": yp[:, c],
                        }
                    )
                )
        if return_params:
            for k, v in params.items():  # floats, or one value per curve (batch estimators)
                values = np.ravel(np.asarray(v, dtype=np.float64))
                param_rows.extend(
                    {**keys, "curve": c, "param": k, "value": float(x)}
                    for c, x in enumerate(values)
                )
    columns = [
        "model",
        "ratio",
        "repeat",
        "n_train",
        "metric",
        "value",
        "fit_time",
        "n_parameters",
    ]
    scores = pd.DataFrame(rows, columns=columns)
    out = [scores]
    if return_predictions:
        out.append(pd.concat(pred_rows, ignore_index=True) if pred_rows else pd.DataFrame())
    if return_params:
        out.append(
            pd.DataFrame(
                param_rows, columns=["model", "ratio", "repeat", "curve", "param", "value"]
            )
        )
    return out[0] if len(out) == 1 else tuple(out)


_LABELS = {
    "mae": "MAE",
    "fpe": "FPE",
    "spe": "SPE",
    "mae_heldout": "MAE held-out",
    "r2_heldout": "R² held-out",
    "peak1_dr": "Δr peak 1 (Å)",
    "peak2_dr": "Δr peak 2 (Å)",
}


def summarize_scores(scores: pd.DataFrame, *, digits: int = 4, as_text: bool = True):
    """Mean ± std over repeats, one row per (ratio, model) and one column per metric.

    ``as_text=False`` returns the numbers (columns MultiIndex (metric, "mean"/"std")).
    Ratios are listed from the largest (as in the paper's tables), models in input order.
    """
    required = {"model", "ratio", "metric", "value"}
    if not required <= set(scores.columns):
        raise ValueError(f"scores needs the columns {sorted(required)}")
    model_order = list(dict.fromkeys(scores["model"]))
    metric_order = list(dict.fromkeys(scores["metric"]))
    stats = scores.groupby(["ratio", "model", "metric"], sort=False)["value"].agg(["mean", "std"])
    stats["std"] = stats["std"].fillna(0.0)
    table = stats.unstack("metric")
    table = table.swaplevel(0, 1, axis=1)[metric_order]
    ratios = sorted(scores["ratio"].unique(), reverse=True)
    index = pd.MultiIndex.from_product([ratios, model_order], names=["ratio", "model"])
    table = table.reindex(index).dropna(how="all")
    if not as_text:
        return table
    text = pd.DataFrame(index=table.index)
    for m in metric_order:
        mean, std = table[(m, "mean")], table[(m, "std")]
        text[_LABELS.get(m, m)] = [
            f"{a:.{digits}f} ± {b:.{digits}f}" for a, b in zip(mean, std, strict=True)
        ]
    return text
