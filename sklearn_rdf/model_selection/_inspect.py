"""Cross-material evaluation (Figs. 7–8 of the WT-RDF+ paper)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone

from .._parallel import call_recording_warnings, reissue_warnings
from ._curves import _ERRORS, _check_xy, _honest_value, _metric_names, named_estimators

# Scores beside the paper's: R² and peak positions (Å) on the test material's whole curve.
_EXTRA = {"r2": "r2_heldout", "peak1_dr": "peak1_dr", "peak2_dr": "peak2_dr"}

__all__ = ["cross_material_scores"]


def _structure_factor_key(estimator) -> str | None:
    """The parameter through which ``estimator`` (or a step of a Pipeline) takes F(q)."""
    keys = [k for k in estimator.get_params(deep=True) if k.split("__")[-1] == "structure_factor"]
    if len(keys) > 1:
        raise ValueError(
            f"{type(estimator).__name__} has several structure_factor parameters: {keys}"
        )
    return keys[0] if keys else None


def _predict_material(est, key, X, structure_factor):
    """Predict with the material's own F(q). A Pipeline passes the keyword to its last step."""
    if key is None:
        return est.predict(X)
    return est.predict(X, structure_factor=structure_factor)


def _fit_on(est, X, y, structure_factor):
    est = clone(est)
    key = _structure_factor_key(est)
    if key is not None:
        est.set_params(**{key: structure_factor})
    return est.fit(X, y)


def _material(name, value):
    try:
        r, y, sf = value
    except (TypeError, ValueError):
        raise ValueError(f"material {name!r} must be a (r, y, structure_factor) triple") from None
    X, y = _check_xy(r, y)
    return X, y, sf


def cross_material_scores(
    estimators,
    materials: Mapping[str, tuple],
    *,
    train_on: str,
    scoring: Iterable[str] = ("mae", "fpe", "spe"),
    return_predictions: bool = False,
    n_jobs: int | None = None,
):
    """Fit on one material and score on every material with its own structure factor.

    Parameters
    ----------
    estimators : dict, list of (name, estimator) or estimator
    materials : mapping name → (r, y, structure_factor)
        r (Å), the target curve (G(r), Å⁻²) and the structure factor ((q, F) or Curve).
    train_on : str
        The material to fit on (the paper: the binary Ge0.25Se0.75).
    scoring : iterable of str
        "mae", "fpe", "spe", and "r2", "peak1_dr", "peak2_dr" (R², peak-position errors in
        Å; every test material but ``train_on`` itself is unseen by the fit).
    return_predictions : bool
        Also return a tidy frame of the predicted curves.
    n_jobs : int or None
        Fit the estimators in parallel (joblib).

    Estimators with a ``structure_factor`` parameter (WaveletRDFRegressor, FourierRDFRegressor,
    or a Pipeline whose last step is one: ``Pipeline.predict`` passes keywords to its last
    step) are fitted with the training material's F(q) and predict each material from its
    own: physics models transfer. Others (RBF, LSTM, smoothers) only see r and predict the
    training material's curve everywhere: the table shows exactly that they cannot transfer.

    Returns
    -------
    scores : DataFrame
        Columns model, train_material, test_material, metric, value.
    predictions : DataFrame, if ``return_predictions``
        Columns model, train_material, test_material, r, y_true, y_pred.
    """
    pairs = named_estimators(estimators)
    if train_on not in materials:
        raise ValueError(f"train_on={train_on!r} is not one of the materials {list(materials)}")
    data = {name: _material(name, value) for name, value in materials.items()}
    metrics = _metric_names(scoring)
    unknown = [m for m in metrics if m not in _ERRORS and m not in _EXTRA]
    if unknown:
        raise ValueError(
            f"cross_material_scores takes mae, fpe, spe, r2, peak1_dr, peak2_dr; got {unknown}"
        )
    X_tr, y_tr, sf_tr = data[train_on]
    fitted = []
    for est, caught in Parallel(n_jobs=n_jobs)(
        delayed(call_recording_warnings)(_fit_on, est, X_tr, y_tr, sf_tr) for _, est in pairs
    ):
        reissue_warnings(caught)  # raised here, not printed by a worker mid-run
        fitted.append(est)
    rows, preds = [], []
    for (model_name, _), est in zip(pairs, fitted, strict=True):
        key = _structure_factor_key(est)
        for mat, (X, y, sf) in data.items():
            y_pred = _predict_material(est, key, X, sf)
            y_pred = np.asarray(y_pred, dtype=np.float64).reshape(y.shape)
            keys = {"model": model_name, "train_material": train_on, "test_material": mat}
            for m in metrics:
                if m in _EXTRA:
                    value = _honest_value(_EXTRA[m], X[:, 0], y, y_pred, None)
                else:
                    value = float(_ERRORS[m](y, y_pred, r=X[:, 0]))
                rows.append({**keys, "metric": m, "value": value})
            if return_predictions:
                preds.append(pd.DataFrame({**keys, "r": X[:, 0], "y_true": y, "y_pred": y_pred}))
    scores = pd.DataFrame(
        rows, columns=["model", "train_material", "test_material", "metric", "value"]
    )
    if return_predictions:
        return scores, pd.concat(preds, ignore_index=True)
    return scores
