"""Every failure says its cause: library errors become ValueErrors that name the problem,
options are checked before any fit, and a failed fit's reason reaches the user."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import ConvergenceWarning, FitFailedWarning
from torch import nn

from sklearn_rdf import (
    CNNSpectrumRegressor,
    LinearSPR,
    RBFNetRegressor,
    WaveletRDFBatchRegressor,
    WaveletRDFRegressor,
)
from sklearn_rdf._training import fit_net, make_net
from sklearn_rdf.cli import main
from sklearn_rdf.datasets import read
from sklearn_rdf.model_selection import train_ratio_curve

Q = np.linspace(0.5, 8.0, 80)
R = np.linspace(1.0, 8.0, 50)
G = np.sin(2 * R) * np.exp(-0.2 * R)
SF = (Q, np.sin(2.4 * Q) * np.exp(-0.05 * Q))


def test_a_loss_never_finite_is_a_clear_error_not_a_key_error():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="NaN or inf from the first step"):
            WaveletRDFRegressor(structure_factor=SF, max_epochs=5).fit(R, G * 1e300)


class _NaNLoss(nn.Module):
    def forward(self, y_pred, y_true):
        return ((y_pred - y_true) ** 2).mean() * float("nan")


def test_fit_net_with_a_nan_loss_from_the_start_raises():
    net = make_net(nn.Linear, module__in_features=1, module__out_features=1,
                   criterion=_NaNLoss, max_epochs=5, lr=0.1)  # fmt: skip
    with pytest.raises(ValueError, match="no finite loss at all"):
        fit_net(net, R[:, None], G[:, None], random_state=0)


@pytest.mark.parametrize("penalty", ["l2", "none", "l1"])
def test_linear_spr_on_overflowing_x_is_a_value_error(penalty):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 20))
    Y = X @ np.ones((20, 5))
    kw = {"penalty": penalty} if penalty != "l1" else {"penalty": "l1", "alpha": 0.1}
    with pytest.raises(ValueError, match="overflow float64"):
        LinearSPR(**kw).fit(X * 1e155, Y)


@pytest.mark.parametrize(
    "fit",
    [
        lambda: WaveletRDFRegressor(structure_factor=SF, lr=1e38).fit(R, G),
        lambda: RBFNetRegressor(lr=1e38).fit(R, G),
        lambda: CNNSpectrumRegressor(lr=1e38, max_epochs=2).fit(
            np.random.default_rng(0).random((10, 30)), np.random.default_rng(1).random((10, 5))
        ),
    ],
    ids=["wavelet", "rbf", "cnn"],
)
def test_an_adam_learning_rate_that_overflows_float32_is_refused_up_front(fit):
    with pytest.raises(ValueError, match="for Adam"):
        fit()


def test_a_second_rounds_bad_lr_is_refused_before_the_first_round_runs():
    est = WaveletRDFRegressor(
        structure_factor=SF, rounds=[{"max_epochs": 10_000}, {"max_epochs": 5, "lr": 1e38}]
    )
    with pytest.raises(ValueError, match=r"lr of rounds\[1\]"):
        est.fit(R, G)
    assert not hasattr(est, "params_")


def test_reading_a_folder_says_it_is_a_folder(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a file"):
        read(tmp_path)
    (tmp_path / "sub.gr").mkdir()
    with pytest.raises(ValueError, match="is a folder, not a file"):
        read(tmp_path / "sub.gr")


def test_the_batch_regressor_fitted_on_a_1d_y_predicts_1d():
    est = WaveletRDFBatchRegressor(structure_factor=SF, max_epochs=3).fit(R, G)
    assert est.predict(R).shape == (R.size,)
    est = WaveletRDFBatchRegressor(structure_factor=SF, max_epochs=3).fit(R, G[:, None])
    assert est.predict(R).shape == (R.size, 1)


class BrokenRegressor(RegressorMixin, BaseEstimator):
    """Fails every fit, with a reason."""

    def fit(self, X, y):
        raise ValueError("broken on purpose: the reason a user must see")

    def predict(self, X):  # pragma: no cover - never fitted
        raise AssertionError


class WarningRegressor(RegressorMixin, BaseEstimator):
    """Fits the mean, warning like scikit-learn's GP does."""

    def fit(self, X, y):
        warnings.warn("did not converge (on purpose)", ConvergenceWarning, stacklevel=2)
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


def test_warnings_of_worker_processes_reach_the_caller():
    """With n_jobs=2 (loky worker processes) the fits' warnings are raised in the caller's
    process, so that its filters (and the CLI's one summary) see them."""
    X = R[:, None]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        train_ratio_curve(
            [("broken", BrokenRegressor()), ("warns", WarningRegressor())],
            X, G, ratios=(1.0, 0.5), n_repeats=2, n_jobs=2, n_folds=2,
        )  # fmt: skip
    failed = [w for w in caught if issubclass(w.category, FitFailedWarning)]
    converge = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    # one warning per fit: 2 repeats x (the fit + 2 held-out folds) at ratio 1, 2 at ratio 0.5
    assert len(failed) == 4 and len(converge) == 2 * (1 + 2) + 2
    assert "broken on purpose" in str(failed[0].message)


@pytest.mark.slow
def test_the_benchmark_shows_the_first_failed_fits_reason(tmp_path, capsys, monkeypatch):
    from sklearn_rdf.benchmark import _run
    from sklearn_rdf.peers import FourierRDFRegressor

    def peers(sf, n_points=None):  # FT (the cross-material study needs it), a broken one
        return {"FT": FourierRDFRegressor(structure_factor=sf), "Broken": BrokenRegressor()}

    monkeypatch.setattr(_run, "peer_models", peers)
    code = main(["benchmark", "--quick", "--n-jobs", "1", "--no-progress",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "2 fits failed (NaN in the tables); the first: Broken failed to fit" in out
    assert "broken on purpose: the reason a user must see" in out
