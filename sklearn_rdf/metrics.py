"""Error metrics of the WT-RDF+ benchmark and their scikit-learn scorers.

Metrics (Eqs. 17-19 of the WT-RDF+ paper)
-----------------------------------------
- MAE: mean |y − ŷ| over all points of a curve (:func:`mean_absolute_error`).
- FPE: |y − ŷ| at the bin of the *first* peak of the ground truth (:func:`first_peak_error`).
- SPE: the same at the second peak (:func:`second_peak_error`); :func:`peak_error` for any k.

FPE and SPE read the error at two fixed bins, so a model can score well on them while putting
its peaks elsewhere (the WT-RDF+ selective loss fits exactly those two bins). Scores that
cannot be gamed that way sit beside them:

- :func:`peak_position_error`: |r_k(prediction) − r_k(target)| in Å, the k-th peak of the
  target matched to the nearest peak of the prediction (optionally only peaks in an r range);
- R² (:func:`sklearn.metrics.r2_score`) and MAE on held-out points, which
  :func:`sklearn_rdf.model_selection.train_ratio_curve` computes ("mae_heldout",
  "r2_heldout", "peak1_dr", "peak2_dr").

The peaks are those of ``y_true`` (never of the prediction), found by
:func:`sklearn_rdf.physics.find_rdf_peaks` with its documented defaults, and numbered in order
of increasing r. Pass ``r``: the curve is then ordered by r before the search, so shuffled
points (as in a cross-validation fold) give the same answer as sorted ones. Without ``r`` the
points are taken to be in r order already. A 1-D ``y_true`` is one curve, and r must not
repeat. Several curves on one r grid are the columns of a 2-D ``y_true`` of shape
(n_points, n_curves): each column is scored on its own and ``multioutput`` combines them
("uniform_average", the default, or "raw_values"), as in scikit-learn's regression metrics.

Scorers
-------
Scorers are module-level, picklable callables ``scorer(estimator, X, y)`` that predict on
X and read r from X (X is r, shape (n, 1) or (n,)): the values are negated errors, so greater
is better. Get them by name with :func:`get_scorer` (which falls back to scikit-learn's
names), or as a dict for ``cross_validate(scoring=...)`` with :func:`get_scorers`::

    from sklearn.model_selection import cross_validate
    from sklearn_rdf.metrics import get_scorers
    cross_validate(est, r, g, scoring=get_scorers(("mae", "fpe", "spe")))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from sklearn import metrics as _skm

from ._validation import as_curve, as_r
from .physics.peaks import find_rdf_peaks, kth_peak_index

__all__ = [
    "SCORER_ALIASES",
    "RDFScorer",
    "first_peak_error",
    "get_scorer",
    "get_scorer_names",
    "get_scorers",
    "mean_absolute_error",
    "peak_error",
    "peak_position_error",
    "second_peak_error",
]

_MULTIOUTPUT = ("uniform_average", "raw_values")


def _check_pair(y_true, y_pred):
    y_true = as_curve(y_true, "y_true", ndim=(1, 2))
    y_pred = as_curve(y_pred, "y_pred", ndim=(1, 2))
    if y_pred.ndim == 2 and y_true.ndim == 1 and y_pred.shape[1] == 1:
        y_pred = y_pred[:, 0]
    if y_true.ndim == 2 and y_pred.ndim == 1 and y_true.shape[1] == 1:
        y_pred = y_pred[:, None]
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred have mismatched shapes: {y_true.shape} and {y_pred.shape}"
        )
    return y_true, y_pred


def _check_r(r, n: int):
    if r is None:
        return None
    r = as_r(r)
    if r.shape[0] != n:
        raise ValueError(f"r and y_true have mismatched lengths: {r.shape[0]} and {n}")
    return r


def _combine(values: np.ndarray, multioutput: str):
    if multioutput not in _MULTIOUTPUT:
        raise ValueError(f"multioutput must be one of {_MULTIOUTPUT}, got {multioutput!r}")
    return values if multioutput == "raw_values" else float(np.mean(values))


def mean_absolute_error(
    y_true,
    y_pred,
    *,
    r=None,
    sample_weight=None,
    multioutput: str = "uniform_average",
):
    """MAE = mean |y − ŷ| (Eq. 17), the same as :func:`sklearn.metrics.mean_absolute_error`.

    ``r`` is accepted (and checked for length) so that all metrics of this module share one
    signature; it does not change the value.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_r(r, y_true.shape[0])
    if multioutput not in _MULTIOUTPUT:
        raise ValueError(f"multioutput must be one of {_MULTIOUTPUT}, got {multioutput!r}")
    return _skm.mean_absolute_error(
        y_true, y_pred, sample_weight=sample_weight, multioutput=multioutput
    )


def peak_error(
    y_true,
    y_pred,
    *,
    k: int,
    r=None,
    multioutput: str = "uniform_average",
    **peak_kwargs,
):
    """|y − ŷ| at the bin of the k-th peak of ``y_true`` (Eqs. 18-19 for k = 1, 2).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_points,) or (n_points, n_curves)
        Target and predicted curves on the same r points.
    k : int
        Peak number, 1 = the peak at the smallest r.
    r : array-like of shape (n_points,) or (n_points, 1), optional
        The distances; the curve is ordered by r before the peak search. Without r the points
        must be in r order.
    multioutput : {"uniform_average", "raw_values"}
        How to combine several curves (2-D ``y_true``).
    **peak_kwargs
        Peak-finding settings, see :func:`sklearn_rdf.physics.find_rdf_peaks`.

    Raises
    ------
    ValueError
        If a curve of ``y_true`` has fewer than k peaks, or the inputs are malformed.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    r = _check_r(r, y_true.shape[0])
    yt = y_true.reshape(y_true.shape[0], -1)
    yp = y_pred.reshape(y_pred.shape[0], -1)
    errors = np.empty(yt.shape[1])
    for j in range(yt.shape[1]):
        i = kth_peak_index(r, yt[:, j], k, **peak_kwargs)
        errors[j] = abs(yt[i, j] - yp[i, j])
    return _combine(errors, multioutput)


def first_peak_error(y_true, y_pred, *, r=None, multioutput="uniform_average", **peak_kwargs):
    """First-peak error FPE (Eq. 18): :func:`peak_error` with k = 1."""
    return peak_error(y_true, y_pred, k=1, r=r, multioutput=multioutput, **peak_kwargs)


def second_peak_error(y_true, y_pred, *, r=None, multioutput="uniform_average", **peak_kwargs):
    """Second-peak error SPE (Eq. 19): :func:`peak_error` with k = 2."""
    return peak_error(y_true, y_pred, k=2, r=r, multioutput=multioutput, **peak_kwargs)


def peak_position_error(
    y_true,
    y_pred,
    *,
    r,
    k: int = 1,
    r_range: tuple[float, float] | None = None,
    **peak_kwargs,
) -> float:
    """Peak-position error (Å): the k-th peak of ``y_true`` against the nearest peak of ``y_pred``.

    Peaks are found on both curves with :func:`sklearn_rdf.physics.find_rdf_peaks` (same
    settings), keeping only those inside ``r_range`` when it is given; the k-th target peak
    (k = 1: smallest r in the range) is matched to the prediction's peak closest to it. A
    prediction with no peak in the range gets ``inf`` (it has no peak to put anywhere).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_points,)
        Target and predicted curve on the same r points (one curve).
    r : array-like of shape (n_points,) or (n_points, 1)
        Distances (Å), any order.
    k : int, default=1
        Which target peak (1 = first).
    r_range : (float, float), optional
        Only peaks with r_lo ≤ r ≤ r_hi (Å) count, e.g. to skip a shell below the grid start
        whose place a truncation ripple would take.
    **peak_kwargs
        Peak-finding settings of :func:`sklearn_rdf.physics.find_rdf_peaks`.

    Returns
    -------
    float
        |Δr| in Å (``inf`` when the prediction has no peak in the range).

    Raises
    ------
    ValueError
        If the target has fewer than k peaks in ``r_range`` (the range holds no such peak),
        or the inputs are malformed.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.metrics import peak_position_error
    >>> r = np.linspace(1.0, 4.0, 301)
    >>> y = np.exp(-((r - 2.0) / 0.1) ** 2)
    >>> round(peak_position_error(y, np.exp(-((r - 2.05) / 0.1) ** 2), r=r), 3)
    0.05
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    if y_true.ndim != 1:
        raise ValueError("peak_position_error scores one curve: y_true must be 1-D")
    r = _check_r(r, y_true.shape[0])
    if r is None:
        raise ValueError("peak_position_error needs r (the distances, Å)")
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k (peak number, 1 = first peak) must be an integer >= 1, got {k!r}")
    true_peaks = find_rdf_peaks(r, y_true, r_range=r_range, **peak_kwargs)
    if len(true_peaks) < k:
        where = f"in r_range {tuple(r_range)} Å" if r_range is not None else "on the curve"
        raise ValueError(
            f"the target has {len(true_peaks)} peak(s) {where}, fewer than k = {k}: choose an "
            "r range that holds the peak"
        )
    pred_peaks = find_rdf_peaks(r, y_pred, r_range=r_range, **peak_kwargs)
    if len(pred_peaks) == 0:
        return float("inf")
    target = true_peaks.positions[k - 1]
    return float(np.min(np.abs(pred_peaks.positions - target)))


_METRICS: dict[str, Callable] = {
    "mean_absolute_error": mean_absolute_error,
    "first_peak_error": first_peak_error,
    "second_peak_error": second_peak_error,
}


def _r_from_X(X):
    """r from the estimator input X: its only column, or None for multi-feature X."""
    X = np.asarray(X)
    if X.ndim == 1:
        return X
    if X.ndim == 2 and X.shape[1] == 1:
        return X[:, 0]
    return None


class RDFScorer:
    """Scorer ``scorer(estimator, X, y)`` for one metric of this module, with X = r.

    Returns ``sign * metric(y, estimator.predict(X), r=r)``; the default sign −1 makes it a
    "greater is better" score as scikit-learn's model selection expects. Instances pickle
    (the class lives at module level), so fitted searches using them survive joblib.

    Parameters
    ----------
    metric : str
        "mean_absolute_error", "first_peak_error" or "second_peak_error".
    sign : {-1, 1}
        −1 for a negated error (``neg_*`` names), 1 for the raw error.
    **kwargs
        Extra keyword arguments of the metric (``k`` is implied by the name; peak settings).
    """

    def __init__(self, metric: str, sign: int = -1, **kwargs):
        if metric not in _METRICS:
            raise ValueError(f"unknown metric {metric!r}; known: {', '.join(_METRICS)}")
        if sign not in (-1, 1):
            raise ValueError(f"sign must be -1 or 1, got {sign!r}")
        self.metric = metric
        self.sign = sign
        self.kwargs = kwargs

    def __call__(self, estimator, X, y, sample_weight=None):
        y_pred = estimator.predict(X)
        kwargs = dict(self.kwargs)
        if sample_weight is not None:
            if self.metric != "mean_absolute_error":
                raise ValueError(f"{self.metric} does not take sample weights")
            kwargs["sample_weight"] = sample_weight
        return self.sign * _METRICS[self.metric](y, y_pred, r=_r_from_X(X), **kwargs)

    def __repr__(self) -> str:
        prefix = "neg_" if self.sign == -1 else ""
        return f"RDFScorer({prefix}{self.metric})"


_SCORERS: dict[str, RDFScorer] = {
    "neg_mean_absolute_error": RDFScorer("mean_absolute_error"),
    "neg_first_peak_error": RDFScorer("first_peak_error"),
    "neg_second_peak_error": RDFScorer("second_peak_error"),
}

#: Short names used in the benchmark tables, and the scorer each stands for.
SCORER_ALIASES: dict[str, str] = {
    "mae": "neg_mean_absolute_error",
    "fpe": "neg_first_peak_error",
    "spe": "neg_second_peak_error",
}


def get_scorer_names() -> list[str]:
    """Names :func:`get_scorer` knows besides scikit-learn's own."""
    return sorted([*SCORER_ALIASES, *_SCORERS])


def get_scorer(scoring):
    """A scorer by name: "mae", "fpe", "spe", "neg_first_peak_error", ... or any name that
    :func:`sklearn.metrics.get_scorer` knows. Callables are returned unchanged."""
    if callable(scoring):
        return scoring
    name = SCORER_ALIASES.get(scoring, scoring)
    if name in _SCORERS:
        return _SCORERS[name]
    try:
        return _skm.get_scorer(name)
    except (ValueError, TypeError):
        raise ValueError(
            f"unknown scorer {scoring!r}; this package adds {', '.join(get_scorer_names())} "
            "to scikit-learn's names (sklearn.metrics.get_scorer_names())"
        ) from None


def get_scorers(names: Iterable[str] = ("mae", "fpe", "spe")) -> dict[str, Callable]:
    """A ``{name: scorer}`` dict for ``cross_validate(scoring=...)`` / ``GridSearchCV``."""
    if isinstance(names, str):
        names = (names,)
    return {name: get_scorer(name) for name in names}
