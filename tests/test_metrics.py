"""MAE / FPE / SPE metrics and their scorers."""

from __future__ import annotations

import pickle

import joblib
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score, cross_validate
from sklearn.neighbors import KNeighborsRegressor

from sklearn_rdf import metrics
from sklearn_rdf.metrics import (
    first_peak_error,
    get_scorer,
    get_scorers,
    mean_absolute_error,
    peak_error,
    second_peak_error,
)

# A hand-made curve: peaks at index 2 (r = 1.2) and index 6 (r = 1.6).
R = np.round(np.arange(1.0, 2.0, 0.1), 1)
Y = np.array([0.0, 1.0, 5.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 0.0])
P = np.array([0.0, 1.0, 4.5, 1.0, 0.0, 1.0, 3.7, 1.0, 0.0, 0.4])


def test_hand_computed_errors():
    assert first_peak_error(Y, P, r=R) == pytest.approx(0.5)
    assert second_peak_error(Y, P, r=R) == pytest.approx(0.7)
    assert peak_error(Y, P, k=2, r=R) == pytest.approx(0.7)
    assert mean_absolute_error(Y, P, r=R) == pytest.approx((0.5 + 0.7 + 0.4) / 10)
    # without r the points are taken in the given order
    assert first_peak_error(Y, P) == pytest.approx(0.5)


def test_peaks_are_those_of_the_truth_not_the_prediction():
    P2 = P.copy()
    P2[4] = 100.0  # a huge spurious peak in the prediction changes nothing at the true peaks
    assert first_peak_error(Y, P2, r=R) == pytest.approx(0.5)


def test_unsorted_r_is_ordered_first():
    perm = np.array([9, 3, 0, 6, 1, 8, 2, 5, 7, 4])
    assert first_peak_error(Y[perm], P[perm], r=R[perm]) == pytest.approx(0.5)
    assert second_peak_error(Y[perm], P[perm], r=R[perm]) == pytest.approx(0.7)
    # ... whereas trusting the shuffled order would find other "peaks"
    assert first_peak_error(Y[perm], P[perm]) != pytest.approx(0.5)


def test_several_curves_as_columns():
    Yc = np.column_stack([Y, 2 * Y])
    Pc = np.column_stack([P, 2 * Y])
    raw = first_peak_error(Yc, Pc, r=R, multioutput="raw_values")
    np.testing.assert_allclose(raw, [0.5, 0.0])
    assert first_peak_error(Yc, Pc, r=R) == pytest.approx(0.25)
    assert mean_absolute_error(Yc, Pc, r=R) == pytest.approx(0.08)
    with pytest.raises(ValueError, match="multioutput"):
        first_peak_error(Yc, Pc, r=R, multioutput="variance_weighted")


def test_column_vector_predictions_are_accepted():
    assert first_peak_error(Y, P[:, None], r=R[:, None]) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((Y, P[:-1]), {"r": R}, "mismatched shapes"),
        ((Y, P), {"r": R[:-1]}, "mismatched lengths"),
        ((np.where(Y > 4, np.nan, Y), P), {}, "y_true contains NaN"),
        ((Y, np.where(P > 4, np.inf, P)), {}, "y_pred contains NaN or inf"),
        ((Y, P), {"r": np.where(R > 1.5, np.nan, R)}, "r contains NaN"),
        ((Y[:5], P[:5]), {}, "only 1 peak"),
        ((Y, P), {"r": np.r_[R[:-1], R[0]]}, "duplicate"),
    ],
)
def test_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        second_peak_error(*args, **kwargs)


def test_metrics_do_not_modify_inputs():
    y, p, r = Y.copy(), P.copy(), R[::-1].copy()
    second_peak_error(y, p, r=r)
    np.testing.assert_array_equal(y, Y)
    np.testing.assert_array_equal(p, P)
    np.testing.assert_array_equal(r, R[::-1])


# --- scorers inside scikit-learn model selection -----------------------------------------


def curve():
    r = np.linspace(1.5, 7.3, 59)
    g = np.exp(-((r - 2.4) ** 2) / 0.05) * 3 + np.exp(-((r - 3.8) ** 2) / 0.2) - 0.2 * r
    return r[:, None], g


def paper_protocol_cv(n, ratios=(0.5, 0.75), seed=0):
    """Train on a random fraction, test on the full curve (WT-RDF+ §5.3)."""
    rng = np.random.default_rng(seed)
    return [(np.sort(rng.choice(n, round(f * n), replace=False)), np.arange(n)) for f in ratios]


def test_scorer_names_and_fallback():
    assert isinstance(get_scorer("fpe"), metrics.RDFScorer)
    assert get_scorer("neg_second_peak_error") is get_scorer("spe")
    assert get_scorer("r2") is not None  # scikit-learn's own names still work
    assert set(get_scorers()) == {"mae", "fpe", "spe"}
    with pytest.raises(ValueError, match="unknown scorer"):
        get_scorer("not_a_scorer")
    assert "fpe" in metrics.get_scorer_names()


def test_scorer_value_matches_metric():
    X, y = curve()
    est = KNeighborsRegressor(n_neighbors=3).fit(X[::2], y[::2])
    assert get_scorer("fpe")(est, X, y) == pytest.approx(
        -first_peak_error(y, est.predict(X), r=X[:, 0])
    )
    # shuffled X gives the same score: the scorer orders the curve by r = X
    perm = np.random.default_rng(0).permutation(len(y))
    assert get_scorer("spe")(est, X[perm], y[perm]) == pytest.approx(get_scorer("spe")(est, X, y))


def test_scorers_in_cross_val_score_and_cross_validate():
    X, y = curve()
    cv = paper_protocol_cv(len(y))
    s = cross_val_score(KNeighborsRegressor(2), X, y, cv=cv, scoring=get_scorer("fpe"))
    assert s.shape == (2,) and np.all(s <= 0)
    res = cross_validate(KNeighborsRegressor(2), X, y, cv=cv, scoring=get_scorers(), n_jobs=2)
    for name in ("mae", "fpe", "spe"):
        assert np.all(np.isfinite(res[f"test_{name}"]))


def test_grid_search_with_scorers_n_jobs_2_and_joblib_round_trip(tmp_path):
    X, y = curve()
    search = GridSearchCV(
        KNeighborsRegressor(),
        {"n_neighbors": [1, 2, 4]},
        cv=paper_protocol_cv(len(y)),
        scoring=get_scorers(),
        refit="fpe",
        n_jobs=2,
    ).fit(X, y)
    path = tmp_path / "search.joblib"
    joblib.dump(search, path)
    loaded = joblib.load(path)
    np.testing.assert_array_equal(loaded.predict(X), search.predict(X))
    assert loaded.best_params_ == search.best_params_
    assert loaded.scorer_["fpe"](loaded, X, y) == search.scorer_["fpe"](search, X, y)


def test_scorers_pickle():
    for name in ("mae", "fpe", "spe"):
        s = pickle.loads(pickle.dumps(get_scorer(name)))
        assert repr(s) == repr(get_scorer(name))
