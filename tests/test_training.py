"""The shared torch/skorch training core (sklearn_rdf._training)."""

from __future__ import annotations

import pickle
from unittest.mock import patch

import numpy as np
import pytest
import torch
from numpy.testing import assert_array_equal
from skorch.callbacks import Callback
from skorch.history import History
from torch import nn

from sklearn_rdf._training import (
    EpochTrainLoss,
    FastHistory,
    NonFiniteLossWarning,
    fit_net,
    loss_history,
    make_net,
    predict_net,
    resolve_device,
    seed_from,
    torch_threads,
)

X = np.linspace(-1, 1, 40)[:, None]
Y = np.sin(3 * X)


class _Tiny(nn.Module):
    def __init__(self, width: int = 8):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, width), nn.Tanh(), nn.Linear(width, 1))

    def forward(self, x):
        return self.net(x)


def _net(max_epochs: int = 15, **kw):
    return make_net(_Tiny, criterion=nn.MSELoss, max_epochs=max_epochs, lr=0.01, **kw)


def test_fast_history_indexes_like_history():
    rows = [{"epoch": i + 1, "train_loss": 1.0 / (i + 1), "batches": [{"train_loss": 0.5}]}
            for i in range(4)]  # fmt: skip
    fast, slow = FastHistory(rows), History(rows)
    assert fast[-1] is slow[-1] is rows[-1]
    assert fast[1] is rows[1]
    for index in [(slice(None), "train_loss"), (-1, "batches", 0), (-1, "batches", slice(None),
                  "train_loss"), (slice(1, 3), ("epoch", "train_loss")), slice(0, 2)]:  # fmt: skip
        assert fast[index] == slow[index]
    with pytest.raises(KeyError):
        fast[:, "missing"]


def test_make_net_records_the_loss_curve_with_the_fast_history():
    net = fit_net(_net(max_epochs=12), X, Y, random_state=0)
    assert isinstance(net.history, FastHistory)
    losses = loss_history(net)
    assert losses.shape == (12,)
    # Full batch: each epoch's train_loss is its one batch's loss.
    assert_array_equal(losses, [row["batches"][0]["train_loss"] for row in net.history])
    assert losses[-1] < losses[0]
    # skorch's own history argument still wins when given.
    own = History()
    assert _net(history=own).history is own


def test_epoch_train_loss_weights_batches_by_size():
    class _Net:
        history = FastHistory([{"batches": [
            {"train_loss": 1.0, "train_batch_size": 30},
            {"train_loss": 4.0, "train_batch_size": 10},
            {"valid_loss": 100.0, "valid_batch_size": 5},
        ]}])  # fmt: skip

    EpochTrainLoss().on_epoch_end(_Net())
    assert _Net.history[-1]["train_loss"] == pytest.approx((30 * 1.0 + 10 * 4.0) / 40)


def test_fit_is_seeded_reproducible_and_leaves_global_rng_alone():
    state = torch.random.get_rng_state()
    a = predict_net(fit_net(_net(), X, Y, random_state=5), X)
    b = predict_net(fit_net(_net(), X, Y, random_state=5), X)
    c = predict_net(fit_net(_net(), X, Y, random_state=6), X)
    assert a.dtype == np.float64
    assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert torch.equal(torch.random.get_rng_state(), state)


class _NaNAfter(nn.Module):
    """MSE loss that turns NaN from the ``bad``-th call on."""

    calls = 0
    bad = 5

    def forward(self, y_pred, y_true):
        type(self).calls += 1
        loss = ((y_pred - y_true) ** 2).mean()
        return loss * float("nan") if type(self).calls >= self.bad else loss


class _ParamLog(Callback):
    def initialize(self):
        self.seen = []
        return self

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        self.seen.append([p.detach().clone() for p in net.module_.parameters()])


def test_nonfinite_guard_restores_the_last_finite_parameters():
    _NaNAfter.calls = 0
    log = _ParamLog()
    net = make_net(_Tiny, criterion=_NaNAfter, max_epochs=50, lr=0.05, callbacks=[("log", log)])
    with pytest.warns(NonFiniteLossWarning, match="epoch 5"):
        fit_net(net, X, Y, random_state=0)
    guard = dict(net.callbacks_)["nonfinite_guard"]
    assert guard.tripped_ == 5
    # Epochs 1-4 had finite losses; the parameters of epoch 4 (the last that gave a finite
    # loss) are back in the module, not the NaN-updated ones.
    assert loss_history(net).shape == (4,)
    for p, saved in zip(net.module_.parameters(), log.seen[3], strict=True):
        assert torch.equal(p.detach(), saved)
    assert np.all(np.isfinite(predict_net(net, X)))
    # The guard's buffers are released, so the pickled net holds no stray device tensors.
    assert guard._candidate is None and guard._good is None
    assert pickle.loads(pickle.dumps(net)).history[-1]["epoch"] == 5


def test_torch_threads_sets_and_restores():
    before = torch.get_num_threads()
    with torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match="n_threads"):
            with torch_threads(bad):
                pass


def test_resolve_device_and_seed():
    assert resolve_device("cpu") == "cpu"
    with patch("torch.cuda.is_available", lambda *_: False):
        assert resolve_device("auto") == "cpu"
        with pytest.raises(ValueError, match="CUDA is not available"):
            resolve_device("cuda:0")
    with pytest.raises(ValueError, match="device"):
        resolve_device("tpu")
    assert seed_from(7) == 7
    assert seed_from(np.random.RandomState(0)) == seed_from(np.random.RandomState(0))
