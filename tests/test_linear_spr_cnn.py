"""CNNSpectrumRegressor (the CNN baseline of LinearSPR) on SYNTHETIC RDF → spectrum data."""

from __future__ import annotations

import joblib
import numpy as np
import pytest
import torch

from sklearn_rdf._training import loss_history
from sklearn_rdf.linear_spr import CNNSpectrumRegressor
from sklearn_rdf.linear_spr._synthetic import make_synthetic_rdf_spectra

QUICK = {"channels": (6,), "hidden": 24, "lr": 1e-2, "max_epochs": 60}


@pytest.fixture(scope="module")
def data():
    b = make_synthetic_rdf_spectra(160, n_bins=40, n_freq=8, nonlinearity=2.0, random_state=0)
    return b.X, b.Y


def test_learns_the_map_and_reproduces_with_a_seed(data):
    X, Y = data
    a = CNNSpectrumRegressor(random_state=0, **QUICK).fit(X, Y)
    b = CNNSpectrumRegressor(random_state=0, **QUICK).fit(X, Y)
    c = CNNSpectrumRegressor(random_state=1, **QUICK).fit(X, Y)
    assert a.score(X, Y) > 0.8
    losses = loss_history(a.net_)
    assert losses.shape == (QUICK["max_epochs"],) and losses[-1] < 0.3 * losses[0]
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert not np.allclose(a.predict(X), c.predict(X))


def test_mini_batches_train_and_reproduce(data):
    X, Y = data
    params = dict(QUICK, max_epochs=15, batch_size=32)
    a = CNNSpectrumRegressor(random_state=0, **params).fit(X, Y)
    b = CNNSpectrumRegressor(random_state=0, **params).fit(X, Y)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert a.score(X, Y) > 0.5
    # five steps per epoch: mini-batches reach a lower loss than 15 full-batch steps
    full = CNNSpectrumRegressor(random_state=0, **dict(params, batch_size=None)).fit(X, Y)
    assert loss_history(a.net_)[-1] < loss_history(full.net_)[-1]


def test_does_not_touch_the_global_torch_rng(data):
    X, Y = data
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    CNNSpectrumRegressor(random_state=0, **dict(QUICK, max_epochs=2)).fit(X, Y)
    torch.testing.assert_close(torch.rand(3), expected)


def test_one_dimensional_y_and_one_rdf_bin(data):
    X, Y = data
    model = CNNSpectrumRegressor(random_state=0, **dict(QUICK, max_epochs=5)).fit(X, Y[:, 0])
    assert model.predict(X).shape == (X.shape[0],)
    one_bin = CNNSpectrumRegressor(random_state=0, **dict(QUICK, max_epochs=5)).fit(X[:, :1], Y)
    assert one_bin.predict(X[:, :1]).shape == Y.shape


def test_constant_spectral_points_are_predicted_exactly(data):
    X, Y = data
    Y = np.column_stack([Y, np.zeros(len(Y)), np.full(len(Y), 0.25)])  # e.g. above max freq
    model = CNNSpectrumRegressor(random_state=0, **dict(QUICK, max_epochs=5)).fit(X, Y)
    pred = model.predict(X[:7])
    np.testing.assert_array_equal(pred[:, -2:], np.tile([0.0, 0.25], (7, 1)))


def test_joblib_round_trip(tmp_path, data):
    X, Y = data
    model = CNNSpectrumRegressor(random_state=0, **dict(QUICK, max_epochs=5)).fit(X, Y)
    joblib.dump(model, tmp_path / "cnn.joblib")
    loaded = joblib.load(tmp_path / "cnn.joblib")
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"channels": ()}, "channels must name at least one"),
        ({"channels": 8}, "channels must be a sequence"),
        ({"channels": (8, 0)}, "each entry of channels must be an integer >= 1"),
        ({"kernel_size": 0}, "kernel_size must be an integer >= 1"),
        ({"hidden": 2.5}, "hidden must be an integer >= 1"),
        ({"max_epochs": 0}, "max_epochs must be an integer >= 1"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1"),
        ({"lr": 0.0}, "lr must be finite and > 0"),
        ({"weight_decay": -1.0}, "weight_decay must be finite and >= 0"),
        ({"device": "tpu"}, "device must be"),
    ],
)
def test_bad_parameters_raise_value_error(data, params, match):
    X, Y = data
    with pytest.raises(ValueError, match=match):
        CNNSpectrumRegressor(**params).fit(X, Y)


def test_bad_data_raise_value_error(data):
    X, Y = data
    X_bad = X.copy()
    X_bad[0, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        CNNSpectrumRegressor(**QUICK).fit(X_bad, Y)
    model = CNNSpectrumRegressor(random_state=0, **dict(QUICK, max_epochs=2)).fit(X, Y)
    with pytest.raises(ValueError, match=f"expecting {X.shape[1]} features"):
        model.predict(X[:, 1:])
