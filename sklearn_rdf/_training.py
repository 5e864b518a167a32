"""The one training core shared by every torch estimator of the package.

Estimators (WaveletRDFRegressor, RBFNetRegressor, LSTMRegressor, LinearSPR, CNNSpectrumRegressor)
are plain scikit-learn estimators that *compose* a skorch net: ``fit`` builds it with
:func:`make_net`, trains it with :func:`fit_net` and keeps it as ``net_``; ``predict`` calls
:func:`predict_net`. Everything that must be the same for all of them lives here:

Device
    ``device`` is "cpu", "cuda", "cuda:N" or "auto" (CUDA when available, else CPU), resolved by
    :func:`resolve_device`; asking for CUDA on a machine without it is a ValueError. A fitted
    net whose state lived on CUDA unpickles on a CPU-only machine (skorch maps it to the CPU
    with a ``DeviceWarning``); prediction then runs on ``net_.device``.

Seeding
    ``random_state`` (None, int or RandomState) gives one integer seed (:func:`seed_from`);
    the net is initialised and trained inside :func:`torch.random.fork_rng` seeded with it, so
    the same seed gives bit-identical fits and the global torch/numpy RNG is never touched.

Threads
    Torch's intra-op thread pool costs more than it gains on the small full-batch problems of
    this package: on the 2-core development machines a 500-epoch 64-centre RBF fit takes
    3.8 s with 2 threads and 0.28 s with 1. ``n_threads=1`` is therefore the default of the
    estimators; ``n_threads=None`` leaves torch's setting alone, ``-1`` uses every core. The
    previous setting is restored after each fit/predict (:func:`torch_threads`).

Dtype
    Data enter torch as float32 (any real dtype is accepted); predictions return as float64.

The loop
    skorch's ``NeuralNet`` with full-batch training: one batch per epoch served by
    :class:`FullBatchIterator` (no DataLoader), no train/validation split, and the default
    callbacks that cost time per epoch switched off (epoch timer, printing, validation
    scoring). The per-epoch train loss is still recorded in ``net_.history`` (by
    :class:`EpochTrainLoss`, which replaces skorch's history-scanning ``train_loss`` scorer)
    and returned by :func:`loss_history`; the history is a :class:`FastHistory`, whose
    per-record cost does not grow with the number of epochs. A :class:`NonFiniteGuard`
    callback stops training at the first non-finite loss and puts back the last parameters
    that gave a finite loss. With these, skorch's per-epoch cost is small next to the
    module's own: ``benchmarks/bench_neural.py`` times the estimators against bare torch
    loops of the same modules (``docs/neural.md``).
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
from sklearn.utils import check_random_state
from skorch import NeuralNet
from skorch.callbacks import Callback
from skorch.history import History

__all__ = [
    "DEFAULT_N_THREADS",
    "EpochTrainLoss",
    "FastHistory",
    "FullBatchIterator",
    "NonFiniteGuard",
    "NonFiniteLossWarning",
    "fit_net",
    "loss_history",
    "make_net",
    "predict_net",
    "resolve_device",
    "seed_from",
    "to_tensor",
    "torch_rng",
    "torch_threads",
]

DEFAULT_N_THREADS = 1


class NonFiniteLossWarning(RuntimeWarning):
    """Training stopped at a non-finite loss; the last finite parameters were kept."""


def resolve_device(device: str | torch.device | None) -> str:
    """Resolve "auto"/"cpu"/"cuda"/"cuda:N" (or a torch.device) to a device string.

    Raises
    ------
    ValueError
        For an unknown device, or a CUDA device on a machine where CUDA is not available.
    """
    if device is None or device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(
            f"device must be 'cpu', 'cuda', 'cuda:N' or 'auto', got {device!r}"
        ) from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} was asked for but CUDA is not available on this machine "
            "(torch.cuda.is_available() is False); use device='cpu' or 'auto'"
        )
    if dev.type not in ("cpu", "cuda"):
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or 'auto', got {device!r}")
    return str(dev)


def seed_from(random_state) -> int:
    """One integer seed from a scikit-learn ``random_state``, without global RNG draws.

    An int is used as is; a RandomState instance gives one draw from it; None draws fresh
    entropy from the OS (a new, unseeded generator), never from ``np.random``'s global state.
    """
    if random_state is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    if isinstance(random_state, int | np.integer) and not isinstance(random_state, bool):
        return int(random_state) % (2**32)
    rng = check_random_state(random_state)
    return int(rng.randint(2**31 - 1))


def _cuda_devices(device: str) -> list[int]:
    dev = torch.device(device)
    if dev.type != "cuda":
        return []
    return [dev.index if dev.index is not None else torch.cuda.current_device()]


@contextmanager
def torch_rng(seed: int, device: str = "cpu") -> Iterator[None]:
    """Seed torch inside a fork of its RNG state; the global state is restored on exit."""
    with torch.random.fork_rng(devices=_cuda_devices(device)):
        torch.manual_seed(seed)
        yield


@contextmanager
def torch_threads(n_threads: int | None) -> Iterator[None]:
    """Run with ``n_threads`` intra-op torch threads (None: unchanged, -1: all cores)."""
    if n_threads is None:
        yield
        return
    if isinstance(n_threads, bool) or not isinstance(n_threads, int | np.integer):
        raise ValueError(f"n_threads must be None, -1 or a positive integer, got {n_threads!r}")
    if n_threads == -1:
        n_threads = os.cpu_count() or 1
    if n_threads < 1:
        raise ValueError(f"n_threads must be None, -1 or a positive integer, got {n_threads!r}")
    previous = torch.get_num_threads()
    if previous == n_threads:
        yield
        return
    torch.set_num_threads(int(n_threads))
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def to_tensor(a, device: str = "cpu", dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """A contiguous tensor copy of ``a`` on ``device`` (float32 unless told otherwise)."""
    if isinstance(a, torch.Tensor):
        return a.to(device=device, dtype=dtype)
    return torch.as_tensor(np.ascontiguousarray(a), dtype=dtype, device=device)


class FullBatchIterator:
    """A skorch iterator (``iterator_train``/``iterator_valid``) that yields the whole dataset
    once, as a single batch, without a DataLoader.

    The dataset is skorch's ``Dataset`` built from tensors; its ``X`` and ``y`` are served as
    they are (already on the training device when :func:`fit_net` placed them there).
    """

    def __init__(self, dataset, batch_size=None, shuffle=None, **kwargs):
        self.dataset = dataset

    def __iter__(self):
        ds = self.dataset
        yield ds.X, ds.y

    def __len__(self) -> int:
        return 1


class FastHistory(History):
    """skorch's :class:`~skorch.history.History` with O(1) access to a single epoch.

    skorch records every value through ``history[-1]``, which in ``History`` copies the whole
    list of epochs first (O(epochs) per record, several records per epoch). This subclass
    answers an ``int`` index directly from the list (the same dict object ``History``
    returns) and leaves every other index form (slices, keys, batches) to ``History``.
    :func:`make_net` passes one to the net (skorch's ``history`` argument).
    """

    def __getitem__(self, i):
        if type(i) is int:
            return list.__getitem__(self, i)
        return super().__getitem__(i)


def _batch_loss(loss) -> float | None:
    """The Python float of a scalar loss tensor (None when the loss is not a scalar)."""
    if isinstance(loss, torch.Tensor):
        return float(loss.item()) if loss.numel() == 1 else None
    return float(loss)


class EpochTrainLoss(Callback):
    """Record the epoch's training loss as ``train_loss`` in the net's history.

    The value is the mean of the epoch's batch losses weighted by batch size (with
    :class:`FullBatchIterator`: the single batch's loss), read from the batch records skorch
    keeps anyway. It replaces skorch's default ``PassthroughScoring`` for ``train_loss``,
    which re-reads the whole history every epoch.
    """

    def on_epoch_end(self, net, **kwargs):
        total = weight = 0.0
        for row in net.history[-1]["batches"]:
            if "train_loss" in row:
                size = row.get("train_batch_size", 1)
                total += row["train_loss"] * size
                weight += size
        if weight:
            net.history.record("train_loss", total / weight)


class NonFiniteGuard(Callback):
    """Stop training at the first non-finite loss and restore the last finite parameters.

    Before each training batch the module's parameters are copied into a buffer allocated
    once per fit; when the batch's loss is finite that buffer becomes the last known-good state
    (the two buffers swap, nothing is allocated per batch). On a NaN/inf loss the good state
    is loaded back and training ends (skorch ends ``fit`` quietly on ``KeyboardInterrupt``);
    ``tripped_`` then holds the epoch number. At the end of training, parameters left
    non-finite by the last (never evaluated) step are replaced by the good state as well, and
    ``tripped_`` is set. The buffers are dropped when training ends, so a pickled net holds no
    device tensors outside skorch's CUDA-aware attributes (a net trained on CUDA must unpickle
    on a CPU-only machine).
    """

    def initialize(self):
        self.tripped_ = None
        self._release()
        return self

    def _release(self):
        self._params = None
        self._candidate = None
        self._good = None
        self._has_good = False

    def on_train_begin(self, net, **kwargs):
        # The module's parameters are the same tensors throughout a fit (the optimizer
        # updates them in place), so the list and the buffers are made once per fit.
        self._params = list(net.module_.parameters())
        with torch.no_grad():
            self._candidate = [p.detach().clone() for p in self._params]
            self._good = [p.detach().clone() for p in self._params]
        self._has_good = False

    def on_train_end(self, net, **kwargs):
        # The last optimiser step is never evaluated: a non-finite gradient with a finite
        # loss can leave NaN/inf parameters behind. Put back the last finite state then too.
        if self._params is not None and not all(
            bool(torch.isfinite(p).all()) for p in self._params
        ):
            self.tripped_ = len(net.history)
            self._restore()
        self._release()

    def _restore(self) -> None:
        if self._has_good:
            with torch.no_grad():
                for p, saved in zip(self._params, self._good, strict=True):
                    p.copy_(saved)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.update(_params=None, _candidate=None, _good=None, _has_good=False)
        return state

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        if not training or self._params is None:
            return
        with torch.no_grad():
            for buf, p in zip(self._candidate, self._params, strict=True):
                buf.copy_(p)

    def on_batch_end(self, net, batch=None, training=False, loss=None, **kwargs):
        if not training or loss is None:
            return
        value = _batch_loss(loss)
        finite = math.isfinite(value) if value is not None else bool(torch.isfinite(loss).all())
        if finite:
            self._candidate, self._good = self._good, self._candidate
            self._has_good = True
            return
        self.tripped_ = len(net.history)
        self._restore()
        raise KeyboardInterrupt


# Default skorch callbacks switched off: they cost time every epoch and print nothing useful
# for full-batch training without a validation split. skorch's ``train_loss`` scorer is
# replaced by :class:`EpochTrainLoss`, which records the same per-epoch ``train_loss`` in
# ``net_.history`` (the loss curve) without re-reading the history every epoch.
_QUIET_DEFAULTS = {
    "callbacks__epoch_timer": None,
    "callbacks__train_loss": None,
    "callbacks__valid_loss": None,
    "callbacks__print_log": None,
}


def make_net(
    module,
    *,
    criterion,
    max_epochs: int,
    lr: float,
    optimizer=torch.optim.Adam,
    device: str = "cpu",
    callbacks: Sequence[tuple[str, Callback]] = (),
    guard_nonfinite: bool = True,
    verbose: int = 0,
    **kwargs: Any,
) -> NeuralNet:
    """Build the package's standard skorch net (full batch, quiet, guarded).

    ``module`` and ``criterion`` are classes or instances as skorch takes them; extra keyword
    arguments go to :class:`skorch.NeuralNet` (``module__*``, ``optimizer__*``, ``history``,
    ...). The net records ``train_loss`` per epoch (:class:`EpochTrainLoss`) in a
    :class:`FastHistory` and, unless ``guard_nonfinite=False``, carries a
    :class:`NonFiniteGuard` named "nonfinite_guard".
    """
    cbs = [*callbacks, ("epoch_train_loss", EpochTrainLoss())]
    if guard_nonfinite:
        cbs.append(("nonfinite_guard", NonFiniteGuard()))
    params = {"history": FastHistory(), **_QUIET_DEFAULTS, **kwargs}
    return NeuralNet(
        module,
        criterion=criterion,
        optimizer=optimizer,
        lr=lr,
        max_epochs=max_epochs,
        batch_size=-1,
        train_split=None,
        iterator_train=FullBatchIterator,
        iterator_valid=FullBatchIterator,
        callbacks=cbs,
        device=device,
        verbose=verbose,
        **params,
    )


def fit_net(
    net: NeuralNet,
    X,
    y,
    *,
    random_state=None,
    n_threads: int | None = DEFAULT_N_THREADS,
    warn_nonfinite: bool = True,
) -> NeuralNet:
    """Train ``net`` on (X, y): float32 tensors on the net's device, seeded, thread-bounded.

    Warns with :class:`NonFiniteLossWarning` when the guard stopped training early.
    """
    device = str(net.device)
    X_t = to_tensor(X, device)
    y_t = None if y is None else to_tensor(y, device)
    with torch_threads(n_threads), torch_rng(seed_from(random_state), device):
        net.fit(X_t, y_t)
    guard = dict(net.callbacks_).get("nonfinite_guard")
    if warn_nonfinite and guard is not None and guard.tripped_ is not None:
        warnings.warn(
            f"training stopped at epoch {guard.tripped_}: the loss became NaN or inf; the last "
            "parameters that gave a finite loss were kept",
            NonFiniteLossWarning,
            stacklevel=2,
        )
    return net


def predict_net(net: NeuralNet, X, *, n_threads: int | None = DEFAULT_N_THREADS) -> np.ndarray:
    """Forward pass of a fitted net on X, returned as a float64 numpy array."""
    X_t = to_tensor(X, str(net.device))
    with torch_threads(n_threads):
        out = net.forward(X_t, training=False, device="cpu")
    return out.numpy().astype(np.float64)


def loss_history(net: NeuralNet) -> np.ndarray:
    """Per-epoch training loss recorded by skorch (empty before the first epoch)."""
    if not len(net.history):
        return np.empty(0)
    return np.asarray(net.history[:, "train_loss"], dtype=np.float64)
