"""Benchmarks of LinearSPR and its CNN baseline (``python -m benchmarks.run linear_spr``).

ridge_fit_time
    Fit time on 20,000 × 300 → 300 (quick: 2,000 × 100 → 100) of scikit-learn's ``Ridge``
    (default solver: Cholesky on the normal equations) and ``LinearSPR(penalty="l2")`` with the
    same alpha, at 1 and 2 threads each: numpy/scipy BLAS limited with threadpoolctl for
    scikit-learn, torch intra-op threads (``n_threads``) for LinearSPR. Runs interleaved
    round after round (best and median of ``REPEAT``); the agreement of the predictions is
    reported beside the times.
multitask_enet_fit_time
    The same size, group elastic net (``alpha``, ``l1_ratio=0.5``): ``LinearSPR(l1_type=
    "group")`` (FISTA, ``tol=1e-4``) against ``MultiTaskElasticNet`` (coordinate descent, the
    same objective and the same duality-gap criterion). "At equal validation error":
    scikit-learn runs warm-started in chunks of 10 epochs, timed without the evaluation in
    between, until its validation MSE is within 1 % of LinearSPR's, until it converges, or
    until a time cap (then the ratio is an upper bound, reported with "<"). One thread each.
agreement_with_sklearn
    max|ŷ − ŷ_sklearn| / max|ŷ_sklearn| for each penalty against the scikit-learn estimator
    with the same objective, on the data of ``tests/test_linear_spr.py`` (the tests assert
    < 1e-5; this records the values).
learning_curve_simulated
    The simulated glasses (``sklearn_rdf.datasets.load_simulated_glasses``: total g(r) →
    VDOS normalised to unit area), one row per (system, training-set size, model): test MSE
    and R² on a fixed 20 % test split. R² is 1 − Σ squared errors / Σ squared deviations from
    the per-frequency mean, over the whole spectrum (:func:`spectrum_r2`): scikit-learn's
    uniform average over frequencies is meaningless here, since VDOS bins above the highest
    mode are constant, and its variance-weighted average ignores the errors made there. The
    training mean spectrum (``DummyRegressor``) is the reference row. ``fit_s`` is one fit
    (for a grid search: the refit on the whole training subset), ``search_s`` the whole
    search. Linear models choose
    alpha (and l1_ratio) by 3-fold CV on the training subset (GridSearchCV, validation MSE);
    ``MultiTaskElasticNet`` uses the alpha/l1_ratio chosen for LinearSPR's group elastic net
    (the same objective: a solver check, not a second model); the CNN has fixed settings.
    Skips with a row that says why when the data are absent.
learning_curve_synthetic
    The same protocol on SYNTHETIC data (``sklearn_rdf.linear_spr._synthetic``: Gaussian-shell
    g(r) → VDOS-shaped spectra through a random linear map plus a quadratic term and
    noise), labelled as such: a smoke test of the protocol, not evidence about glasses.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.dummy import DummyRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    MultiTaskElasticNet,
    MultiTaskLasso,
    Ridge,
)
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from sklearn_rdf.linear_spr import CNNSpectrumRegressor, LinearSPR
from sklearn_rdf.linear_spr._synthetic import make_synthetic_rdf_spectra

from .harness import benchmark

REPEAT = 5
MIN_SAMPLES = 50  # a simulated system with fewer samples is reported as too small
ALPHAS = (1e-6, 1e-5, 1e-4, 1e-3)  # L1 / elastic-net alpha ((1/2n)‖R‖² scaling)
RIDGE_ALPHAS = (1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1000.0)  # Ridge alpha (‖R‖² scaling)
L1_RATIOS = (0.5, 0.9)


def _sizes(quick: bool) -> tuple[int, int, int]:
    return (2000, 100, 100) if quick else (20000, 300, 300)


def _synthetic(n: int, n_bins: int, n_freq: int, nonlinearity: float = 0.0, seed: int = 0):
    b = make_synthetic_rdf_spectra(
        n, n_bins=n_bins, n_freq=n_freq, nonlinearity=nonlinearity, random_state=seed
    )
    return b.X, b.Y


def _interleaved(funcs: dict, repeat: int) -> dict:
    """Run each function once (warm-up), then ``repeat`` rounds in turn; best/median (s)."""
    for f in funcs.values():
        f()
    times = {k: [] for k in funcs}
    for _ in range(repeat):
        for k, f in funcs.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    return {k: (min(v), float(np.median(v))) for k, v in times.items()}


@benchmark("linear_spr")
def ridge_fit_time(quick: bool) -> list[dict]:
    n, p, q = _sizes(quick)
    X, Y = _synthetic(n, p, q)
    alpha = 1e-3
    rows = []
    for threads in (1, 2):

        def sk(threads=threads):
            with threadpool_limits(threads):
                return Ridge(alpha=alpha).fit(X, Y)

        def ours(dtype="float64", threads=threads):
            return LinearSPR("l2", alpha, n_threads=threads, dtype=dtype).fit(X, Y)

        res = _interleaved(
            {
                "sklearn Ridge": sk,
                "LinearSPR l2": ours,
                "LinearSPR l2 float32": lambda: ours("float32"),
            },
            REPEAT,
        )
        ref = sk().predict(X)
        agree = {
            "LinearSPR l2": ours().predict(X),
            "LinearSPR l2 float32": ours("float32").predict(X),
        }
        base = res["sklearn Ridge"][0]
        for name, (best, median) in res.items():
            row = {
                "task": f"{n}x{p}->{q}",
                "model": name,
                "threads": threads,
                "best_s": best,
                "median_s": median,
                "ratio_to_sklearn": best / base,
            }
            if name in agree:
                row["max_rel_diff_pred"] = float(
                    np.max(np.abs(agree[name] - ref)) / np.max(np.abs(ref))
                )
            rows.append(row)
    return rows


@benchmark("linear_spr")
def multitask_enet_fit_time(quick: bool) -> list[dict]:
    n, p, q = _sizes(quick)
    X_all, Y_all = _synthetic(n + n // 10, p, q)
    X, Xv, Y, Yv = X_all[:n], X_all[n:], Y_all[:n], Y_all[n:]
    alpha, l1_ratio, tol = 1e-4, 0.5, 1e-4
    rows = []
    for threads in (1, 2):
        t0 = time.perf_counter()
        ours = LinearSPR(
            "elasticnet",
            alpha,
            l1_ratio,
            l1_type="group",
            tol=tol,
            max_iter=20000,
            n_threads=threads,
        ).fit(X, Y)
        t_ours = time.perf_counter() - t0
        mse_ours = mean_squared_error(Yv, ours.predict(Xv))
        rows.append({
            "task": f"{n}x{p}->{q}", "model": "LinearSPR group EN (FISTA)", "threads": threads,
            "fit_s": t_ours, "epochs": ours.n_iter_, "val_mse": mse_ours,
            "converged": bool(ours.dual_gap_ * n <= tol * np.sum((Y - Y.mean(0)) ** 2)),
        })  # fmt: skip
        if threads == 1:
            t_ours_1, mse_target = t_ours, mse_ours
    cap = min(600.0, max(60.0, 20 * t_ours_1))
    sk = MultiTaskElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=tol, max_iter=10, warm_start=True)
    elapsed, epochs, mse, converged = 0.0, 0, np.inf, False
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        while elapsed < cap:
            t0 = time.perf_counter()
            sk.fit(X, Y)
            elapsed += time.perf_counter() - t0
            epochs += sk.n_iter_
            converged = bool(sk.n_iter_ < sk.max_iter)
            mse = mean_squared_error(Yv, sk.predict(Xv))
            if mse <= 1.01 * mse_target or converged:
                break
    reached = bool(mse <= 1.01 * mse_target)
    rows.append({
        "task": f"{n}x{p}->{q}", "model": "sklearn MultiTaskElasticNet (CD)", "threads": 1,
        "fit_s": elapsed, "epochs": epochs, "val_mse": mse, "converged": converged,
        "reached_equal_val_mse": reached,
        "ratio_LinearSPR_to_sklearn": ("" if reached else "< ") + f"{t_ours_1 / elapsed:.3g}",
    })  # fmt: skip
    return rows


@benchmark("linear_spr")
def agreement_with_sklearn(quick: bool) -> list[dict]:
    """max|ŷ − ŷ_sklearn| / max|ŷ_sklearn| on the data of tests/test_linear_spr.py."""
    small = _synthetic(80, 24, 6)
    medium = make_synthetic_rdf_spectra(300, n_bins=80, n_freq=40, random_state=1)
    rng = np.random.default_rng(3)
    Xr = rng.random((60, 12))
    Yr = Xr @ rng.normal(size=(12, 5)) + 0.01 * rng.normal(size=(60, 5))
    Xr[:, :3] = 0.0  # RDF bins inside the core: zero in every structure
    tight = {"tol": 1e-10, "max_iter": 100000}
    ours_tol = {"tol": 1e-8, "max_iter": 20000}
    cases = [
        ("l2", (medium.X, medium.Y), LinearSPR("l2", 1e-4), Ridge(1e-4)),
        ("l2, alpha=100", (medium.X, medium.Y), LinearSPR("l2", 100.0), Ridge(100.0)),
        ("none", (Xr, Yr), LinearSPR("none"), LinearRegression()),
        ("group elastic net", small,
         LinearSPR("elasticnet", 1e-4, 0.5, l1_type="group", **ours_tol),
         MultiTaskElasticNet(alpha=1e-4, l1_ratio=0.5, **tight)),
        ("group lasso", small, LinearSPR("l1", 1e-3, l1_type="group", **ours_tol),
         MultiTaskLasso(alpha=1e-3, **tight)),
        ("elementwise elastic net", small, LinearSPR("elasticnet", 1e-4, 0.5, **ours_tol),
         ElasticNet(alpha=1e-4, l1_ratio=0.5, **tight)),
        ("elementwise lasso", small, LinearSPR("l1", 1e-3, **ours_tol), Lasso(1e-3, **tight)),
        ("l2 by FISTA", small, LinearSPR("l2", 1.0, solver="fista", tol=1e-12, max_iter=20000),
         Ridge(1.0)),
        ("l2, standardize", (medium.X, medium.Y), LinearSPR("l2", 3.0, standardize=True),
         make_pipeline(StandardScaler(), Ridge(3.0))),
    ]  # fmt: skip
    rows = []
    for name, (X, Y), ours, ref in cases:
        p_ours, p_ref = ours.fit(X, Y).predict(X), ref.fit(X, Y).predict(X)
        rows.append({
            "case": name, "reference": type(ref).__name__ if name != "l2, standardize"
            else "StandardScaler + Ridge", "solver": ours.solver_,
            "max_rel_diff_pred": float(np.max(np.abs(p_ours - p_ref)) / np.max(np.abs(p_ref))),
        })  # fmt: skip
    return rows


# -- learning curves ------------------------------------------------------------------------
# Model selection by validation MSE: the estimators' own score (R² averaged uniformly over the
# spectral points) is dominated by points that are nearly constant within a fold (a VDOS above
# its highest mode), which made the searches pick the largest alpha on the simulated glasses.
SCORING = "neg_mean_squared_error"


def _linear_models(quick: bool):
    alphas = list(ALPHAS[2:] if quick else ALPHAS)
    ridge_alphas = list(RIDGE_ALPHAS[2:5] if quick else RIDGE_ALPHAS)
    l1_ratios = list(L1_RATIOS[:1] if quick else L1_RATIOS)
    return {
        "LinearSPR l2": GridSearchCV(
            LinearSPR("l2"), {"alpha": ridge_alphas}, cv=3, scoring=SCORING
        ),
        "LinearSPR l1": GridSearchCV(
            LinearSPR("l1", max_iter=5000), {"alpha": alphas}, cv=3, scoring=SCORING
        ),
        "LinearSPR elastic net (group)": GridSearchCV(
            LinearSPR("elasticnet", l1_type="group", max_iter=5000),
            {"alpha": alphas, "l1_ratio": l1_ratios},
            cv=3,
            scoring=SCORING,
        ),
        "sklearn Ridge": GridSearchCV(Ridge(), {"alpha": ridge_alphas}, cv=3, scoring=SCORING),
    }


def _cnn(quick: bool) -> CNNSpectrumRegressor:
    return CNNSpectrumRegressor(
        channels=(16, 32), kernel_size=7, hidden=64, lr=1e-3,
        max_epochs=30 if quick else 150, batch_size=64, random_state=0,
    )  # fmt: skip


def _learning_curve(X, Y, dataset: str, sizes, quick: bool) -> list[dict]:
    X_tr, X_te, Y_tr, Y_te = train_test_split(X, Y, test_size=0.2, random_state=0)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X_tr))
    rows = []
    for size in sizes:
        if size > len(X_tr):
            continue
        idx = order[:size]
        Xs, Ys = X_tr[idx], Y_tr[idx]
        fitted = {}
        models = dict(
            {"mean spectrum (DummyRegressor)": DummyRegressor()},
            **_linear_models(quick),
            CNN=_cnn(quick),
        )
        for name, model in models.items():
            if isinstance(model, GridSearchCV) and size < 6:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                t0 = time.perf_counter()
                model.fit(Xs, Ys)
                fit_s = time.perf_counter() - t0
            fitted[name] = model
            rows.append(_score_row(dataset, size, name, model, X_te, Y_te, fit_s))
        en = fitted.get("LinearSPR elastic net (group)")
        if en is not None:
            best = en.best_params_
            sk = MultiTaskElasticNet(alpha=best["alpha"], l1_ratio=best["l1_ratio"])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                t0 = time.perf_counter()
                sk.fit(Xs, Ys)
                fit_s = time.perf_counter() - t0
            rows.append(
                _score_row(dataset, size, "sklearn MultiTaskElasticNet (same alpha)", sk,
                           X_te, Y_te, fit_s)
            )  # fmt: skip
    return rows


def spectrum_r2(Y_true, Y_pred) -> float:
    """1 − Σ squared errors / Σ squared deviations from the per-frequency mean, over the
    whole spectrum. (scikit-learn's ``variance_weighted`` R² equals this only when no output
    is constant: it drops the errors made at constant frequencies, e.g. above the highest
    mode of a VDOS.)"""
    sse = np.sum((Y_true - Y_pred) ** 2)
    sst = np.sum((Y_true - Y_true.mean(axis=0)) ** 2)
    return float(1.0 - sse / sst)


def _score_row(dataset, size, name, model, X_te, Y_te, search_s) -> dict:
    pred = model.predict(X_te)
    params = getattr(model, "best_params_", None)
    solver = getattr(getattr(model, "best_estimator_", model), "solver_", "")
    return {
        "data": dataset,
        "n_train": size,
        "model": name,
        "test_mse": float(mean_squared_error(Y_te, pred)),
        "test_r2": spectrum_r2(Y_te, pred),
        "fit_s": float(getattr(model, "refit_time_", search_s)),
        "search_s": search_s if isinstance(model, GridSearchCV) else "",
        "params": "" if params is None else ", ".join(f"{k}={v:g}" for k, v in params.items()),
        "solver": solver,
    }


@benchmark("linear_spr")
def learning_curve_simulated(quick: bool) -> list[dict]:
    try:
        from sklearn_rdf.datasets import load_simulated_glasses
    except ImportError as exc:
        return [{"data": "simulated glasses", "status": f"not available: {exc}"}]
    try:
        from sklearn_rdf.datasets.simulated import SIMULATED_SYSTEMS as systems
    except ImportError:
        systems = ("ka3d", "ka2d", "a-si", "cuzr", "sio2", "sic")
    rows = []
    for system in systems:
        try:
            bunch = load_simulated_glasses(system=system)
        except (ValueError, FileNotFoundError, OSError, KeyError) as exc:
            rows.append({"data": system, "status": f"not available: {exc}"})
            continue
        X, Y = np.asarray(bunch.X, dtype=np.float64), np.asarray(bunch.Y, dtype=np.float64)
        if len(X) < MIN_SAMPLES:
            rows.append({"data": system, "status": f"only {len(X)} samples; skipped"})
            continue
        n_train = int(0.8 * len(X))
        fractions = (0.1, 0.5) if quick else (0.05, 0.1, 0.25, 0.5, 1.0)
        sizes = sorted({max(10, int(f * n_train)) for f in fractions})
        label = f"{system} g(r)->VDOS ({X.shape[1]} r bins, {Y.shape[1]} freq bins)"
        rows += _learning_curve(X, Y, label, sizes, quick)
    return rows


@benchmark("linear_spr")
def learning_curve_synthetic(quick: bool) -> list[dict]:
    X, Y = _synthetic(600 if quick else 2500, 150, 100, nonlinearity=1.0, seed=3)
    sizes = (25, 100) if quick else (25, 100, 500, 2000)
    return _learning_curve(X, Y, "SYNTHETIC", sizes, quick)
