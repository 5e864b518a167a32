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
    neural estimators and the CNN; the wavelet estimators take "auto" (one thread for a curve,
    every core for a batch of 32 or more, whose tensors are large enough to gain) and
    LinearSPR None (its matrix products gain from threads, as numpy's BLAS does).
    ``n_threads=None`` leaves torch's setting alone, ``-1`` uses every core. The
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
    loops of the same modules (``docs/neural.md``). ``make_net(batch_size=k)`` switches to
    shuffled mini-batches of k samples (:class:`MiniBatchIterator`, index slicing on the
    device, seeded like the rest of the fit).

Interrupts
    skorch's loop swallows ``KeyboardInterrupt``; the package's own stops raise
    :class:`~sklearn_rdf._stopping.StopTraining` instead, and :func:`fit_net` raises a user's
    Ctrl-C again once skorch has ended the fit (``sklearn_rdf/_stopping.py``). The optimizers
    are used without importing ``torch._dynamo`` (``sklearn_rdf/_torch_startup.py``): the first
    fit of a process costs what the next ones cost.

Proximal gradient
    :class:`ProximalGradient` is a torch optimizer for objectives f(θ) + h(θ) with a smooth
    loss f (the criterion) and a non-smooth penalty h given by its proximal operator (e.g.
    :class:`ElasticNetProx`): ISTA, or FISTA with adaptive restart. Pass it to
    :func:`make_net` as ``optimizer`` with ``optimizer__prox=...``; :func:`fit_net` leaves the
    proximal iterates (not FISTA's extrapolated points) in the parameters.
"""

from __future__ import annotations

import math
import numbers
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
from sklearn.utils import check_random_state
from skorch import NeuralNet
from skorch.callbacks import Callback
from skorch.history import History

from ._stopping import EpochCounter, StopTraining, raise_if_interrupted
from ._torch_startup import EagerAdam, without_dynamo_import
from ._validation import check_positive_int

__all__ = [
    "DEFAULT_N_THREADS",
    "ElasticNetProx",
    "EpochTrainLoss",
    "FastHistory",
    "FullBatchIterator",
    "MiniBatchIterator",
    "NonFiniteGuard",
    "NonFiniteLossWarning",
    "ProximalGradient",
    "check_adam_lr",
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


def check_adam_lr(lr, name: str = "lr", *, beta1: float = 0.9) -> float:
    """``lr`` as a float, or a ValueError when Adam cannot take it in float32.

    Adam's first step moves each parameter by lr/(1 − β₁) (bias correction); torch computes
    that step in the parameters' dtype, so it must be a finite float32 (lr < 3.4e37 for the
    default β₁ = 0.9), else torch fails mid-fit with "value cannot be converted".
    """
    limit = float(torch.finfo(torch.float32).max) * (1.0 - beta1)
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not math.isfinite(lr):
        raise ValueError(f"{name} must be a finite number > 0, got {lr!r}")
    if not 0 < lr < limit:
        raise ValueError(
            f"{name} must be > 0 and < {limit:.3g} for Adam (its first step lr/(1 − β₁) "
            f"must be a finite float32), got {lr!r}"
        )
    return float(lr)


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
    """A contiguous tensor of ``a`` on ``device`` (float32 unless told otherwise).

    A writable C-contiguous numpy array of the same dtype on the CPU is wrapped without a
    copy (callers only read it); a read-only one (a memmap, say) is copied, since torch cannot
    wrap it safely.
    """
    if isinstance(a, torch.Tensor):
        return a.to(device=device, dtype=dtype)
    arr = np.ascontiguousarray(a)
    if not arr.flags.writeable:
        arr = arr.copy()
    return torch.as_tensor(arr, dtype=dtype, device=device)


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


class MiniBatchIterator:
    """A skorch iterator serving mini-batches of ``batch_size`` samples, without a DataLoader.

    Batches are index slices of the dataset's tensors (already on the training device when
    :func:`fit_net` placed them there). With ``shuffle=True`` (training) each epoch draws a
    fresh permutation from torch's RNG on that device, which :func:`fit_net` seeds, so fits
    stay reproducible; the last batch may be smaller. ``batch_size`` None or -1: one batch.
    """

    def __init__(self, dataset, batch_size=None, shuffle=False, **kwargs):
        self.dataset = dataset
        n = len(dataset)
        self.batch_size = n if batch_size in (None, -1) else int(batch_size)
        self.shuffle = bool(shuffle)

    def __iter__(self):
        ds = self.dataset
        X, y = ds.X, ds.y
        n = len(ds)
        bs = max(self.batch_size, 1)
        order = torch.randperm(n, device=X.device) if self.shuffle else None
        for start in range(0, n, bs):
            idx = slice(start, start + bs) if order is None else order[start : start + bs]
            yield X[idx], (None if y is None else y[idx])

    def __len__(self) -> int:
        return math.ceil(len(self.dataset) / max(self.batch_size, 1))


class NonFiniteGuard(Callback):
    """Stop training at the first non-finite loss and restore the last finite parameters.

    Before each training batch the module's parameters are copied into a buffer allocated
    once per fit; when the batch's loss is finite that buffer becomes the last known-good state
    (the two buffers swap, nothing is allocated per batch). On a NaN/inf loss the good state
    is loaded back and training ends (by :class:`~sklearn_rdf._stopping.StopTraining`, which
    :func:`fit_net` tells apart from a user's ``KeyboardInterrupt``); ``tripped_`` then holds
    the epoch number and ``finite_seen_`` whether any batch gave a finite loss. At the end of
    training, parameters left non-finite by the last (never evaluated) step are replaced by the
    good state as well, and
    ``tripped_`` is set. The buffers are dropped when training ends, so a pickled net holds no
    device tensors outside skorch's CUDA-aware attributes (a net trained on CUDA must unpickle
    on a CPU-only machine).
    """

    def initialize(self):
        self.tripped_ = None
        self.finite_seen_ = False
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
        self.finite_seen_ = False

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
            self.finite_seen_ = True
            return
        self.tripped_ = len(net.history)
        self._restore()
        raise StopTraining


class ProximalGradient(torch.optim.Optimizer):
    """Proximal gradient descent as a torch optimizer: ISTA, or FISTA with adaptive restart.

    Minimises F(θ) = f(θ) + h(θ), where f is the smooth loss whose gradient the closure
    computes (the net's criterion) and h a possibly non-smooth penalty given through its
    proximal operator ``prox(v, step) = argmin_θ h(θ) + ‖θ − v‖² / (2 step)`` (per parameter
    group; None means h = 0). One step is

        x_{k+1} = prox(y_k − lr ∇f(y_k), lr),
        y_{k+1} = x_{k+1} + (t_k − 1)/t_{k+1} (x_{k+1} − x_k),  t_{k+1} = (1 + √(1 + 4t_k²))/2

    (Beck & Teboulle 2009; ``accelerated=False`` gives ISTA, y = x). With ``restart=True`` the
    momentum is reset whenever (y_k − x_{k+1})·(x_{k+1} − x_k) > 0 (the gradient restart of
    O'Donoghue & Candès 2015), which keeps FISTA monotone-ish and fast on ill-conditioned
    problems. It converges for ``lr`` ≤ 1/L, L the Lipschitz constant of ∇f.

    The parameters hold the points y_k where the gradient is taken; the proximal iterates x_k
    (sparse for an L1 penalty) live in the optimizer state: :meth:`iterates` returns them and
    :meth:`load_iterates` copies them into the parameters (:func:`fit_net` does this after
    training). An iteration whose loss is NaN or inf changes nothing and ends the step.

    Parameters
    ----------
    params : iterable
        Parameters or parameter groups (a group may set its own ``lr``, ``prox``,
        ``accelerated``, ``restart``).
    lr : float
        Step size (> 0).
    prox : callable or None, default None
        ``prox(v: Tensor, step: float) -> Tensor`` (e.g. :class:`ElasticNetProx`); picklable
        if the fitted net is to be pickled.
    accelerated : bool, default True
        FISTA (True) or ISTA (False).
    restart : bool, default True
        Adaptive (gradient-based) momentum restart; only with ``accelerated``.
    n_steps : int, default 1
        Iterations per :meth:`step` call, each calling the closure for a new gradient (as
        torch's LBFGS does with ``max_iter``): with skorch, one epoch then makes ``n_steps``
        iterations, which spreads the per-epoch bookkeeping over several cheap iterations.
    """

    def __init__(
        self,
        params,
        lr: float,
        prox: Callable[[torch.Tensor, float], torch.Tensor] | None = None,
        accelerated: bool = True,
        restart: bool = True,
        n_steps: int = 1,
    ):
        self.n_steps = check_positive_int(n_steps, "n_steps")
        if not (isinstance(lr, numbers.Real) and math.isfinite(lr) and lr > 0):
            raise ValueError(f"lr (proximal gradient step) must be finite and > 0, got {lr!r}")
        if prox is not None and not callable(prox):
            raise ValueError(f"prox must be a callable prox(v, step) or None, got {prox!r}")
        defaults = {"lr": lr, "prox": prox, "accelerated": accelerated, "restart": restart}
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        """``n_steps`` proximal-gradient iterations, each on a fresh gradient from ``closure``
        (one iteration on the present gradients when no closure is given). Returns the loss
        of the first iteration, or the first non-finite one (which stops without a step)."""
        first = None
        for _ in range(self.n_steps if closure is not None else 1):
            if closure is not None:
                with torch.enable_grad():
                    loss = closure()
                if first is None:
                    first = loss
                if isinstance(loss, torch.Tensor) and not bool(torch.isfinite(loss).all()):
                    return loss
            self._iterate()
        return first

    def _iterate(self) -> None:
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            if not params:
                continue
            lr, prox = group["lr"], group["prox"]
            new, old = [], []
            for p in params:
                state = self.state[p]
                if "iterate" not in state:
                    state["iterate"] = p.detach().clone()
                v = p - lr * p.grad
                new.append(prox(v, lr) if prox is not None else v)
                old.append(state["iterate"])
            momentum = 0.0
            if group["accelerated"]:
                t = self.state[params[0]].get("t", 1.0)
                if group["restart"]:
                    triples = zip(params, new, old, strict=True)
                    slope = sum(((p - x) * (x - xo)).sum() for p, x, xo in triples)
                    if float(slope) > 0:
                        t = 1.0
                t_next = (1.0 + math.sqrt(1.0 + 4.0 * t * t)) / 2.0
                momentum = (t - 1.0) / t_next
                for p in params:
                    self.state[p]["t"] = t_next
            for p, x, xo in zip(params, new, old, strict=True):
                if momentum:
                    torch.add(x, x - xo, alpha=momentum, out=p)
                else:
                    p.copy_(x)
                self.state[p]["iterate"] = x

    def iterates(self) -> list[torch.Tensor]:
        """The proximal iterates x_k, one per parameter (the parameter itself before a step)."""
        return [
            self.state[p].get("iterate", p) for group in self.param_groups for p in group["params"]
        ]

    @torch.no_grad()
    def load_iterates(self) -> None:
        """Copy the proximal iterates x_k into the parameters."""
        for group in self.param_groups:
            for p in group["params"]:
                x = self.state[p].get("iterate")
                if x is not None:
                    p.copy_(x)


class ElasticNetProx:
    """Proximal operator of the elastic-net penalty h(θ) = l1·N(θ) + (l2/2)·‖θ‖².

    N(θ) = Σ|θ_i| (``group_dim=None``: lasso, elementwise), or the group norm Σ_g ‖θ_g‖₂ over
    the slices θ_g along ``group_dim`` (``group_dim=0`` on a weight of shape (n_out, n_in):
    one group per input column, the L2,1 norm of scikit-learn's ``MultiTaskElasticNet``).
    The operator is prox_{s·h}(v) = T(v, s·l1) / (1 + s·l2), with T the (group) soft threshold
    T(v, τ) = sign(v) max(|v| − τ, 0), or v_g max(1 − τ/‖v_g‖₂, 0) per group.

    Parameters
    ----------
    l1 : float, default 0.0
        Weight of the (group) L1 norm, ≥ 0.
    l2 : float, default 0.0
        Weight of the squared L2 norm (with the factor 1/2), ≥ 0.
    group_dim : int or None, default None
        Dimension along which a group's norm is taken; None for the elementwise L1 norm.
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0, group_dim: int | None = None):
        for name, value in (("l1", l1), ("l2", l2)):
            if not (isinstance(value, numbers.Real) and math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        self.l1 = float(l1)
        self.l2 = float(l2)
        self.group_dim = group_dim

    def __call__(self, v: torch.Tensor, step: float) -> torch.Tensor:
        tau = step * self.l1
        if tau > 0:
            if self.group_dim is None:
                v = torch.sign(v) * torch.clamp(v.abs() - tau, min=0.0)
            else:
                norms = torch.linalg.vector_norm(v, dim=self.group_dim, keepdim=True)
                tiny = torch.finfo(v.dtype).tiny
                v = v * torch.clamp(1.0 - tau / norms.clamp_min(tiny), min=0.0)
        if self.l2 > 0:
            v = v / (1.0 + step * self.l2)
        return v

    def penalty(self, theta: torch.Tensor) -> float:
        """h(θ)."""
        if self.group_dim is None:
            norm = theta.abs().sum()
        else:
            norm = torch.linalg.vector_norm(theta, dim=self.group_dim).sum()
        return float(self.l1 * norm + 0.5 * self.l2 * (theta * theta).sum())

    def __repr__(self) -> str:
        return f"ElasticNetProx(l1={self.l1!r}, l2={self.l2!r}, group_dim={self.group_dim!r})"


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
    batch_size: int | None = None,
    **kwargs: Any,
) -> NeuralNet:
    """Build the package's standard skorch net (full batch unless told, quiet, guarded).

    ``module`` and ``criterion`` are classes or instances as skorch takes them; extra keyword
    arguments go to :class:`skorch.NeuralNet` (``module__*``, ``optimizer__*``, ``history``,
    ...). The net records ``train_loss`` per epoch (:class:`EpochTrainLoss`) in a
    :class:`FastHistory` and, unless ``guard_nonfinite=False``, carries a
    :class:`NonFiniteGuard` named "nonfinite_guard". ``batch_size`` None trains on the full
    batch (:class:`FullBatchIterator`); a positive int trains on shuffled mini-batches of that
    size and predicts in batches of that size (:class:`MiniBatchIterator`).
    """
    # EpochTrainLoss first: a callback that ends training at an epoch's end (early stopping,
    # a convergence test) then still finds that epoch's train_loss recorded.
    cbs = [("epoch_train_loss", EpochTrainLoss()), *callbacks]
    if guard_nonfinite:
        cbs.append(("nonfinite_guard", NonFiniteGuard()))
    # Last: counts the epochs that ran to their end, so that fit_net can tell a loop that
    # skorch left on a user's KeyboardInterrupt from one that finished (see _stopping.py).
    cbs.append(("epoch_counter", EpochCounter()))
    if isinstance(optimizer, type) and issubclass(optimizer, torch.optim.Adam | torch.optim.AdamW):
        check_adam_lr(lr, beta1=kwargs.get("optimizer__betas", (0.9, 0.999))[0])
    if optimizer is torch.optim.Adam:  # the same Adam, without torch.compile's import
        optimizer = EagerAdam
    params = {"history": FastHistory(), **_QUIET_DEFAULTS}
    if batch_size is None:
        params.update(
            batch_size=-1, iterator_train=FullBatchIterator, iterator_valid=FullBatchIterator
        )
    else:
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int | np.integer)
            or batch_size < 1
        ):
            raise ValueError(
                f"batch_size must be None (full batch) or a positive integer, got {batch_size!r}"
            )
        params.update(
            batch_size=int(batch_size),
            iterator_train=MiniBatchIterator,
            iterator_train__shuffle=True,
            iterator_valid=MiniBatchIterator,
        )
    params.update(kwargs)
    return NeuralNet(
        module,
        criterion=criterion,
        optimizer=optimizer,
        lr=lr,
        max_epochs=max_epochs,
        train_split=None,
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
    dtype: torch.dtype = torch.float32,
) -> NeuralNet:
    """Train ``net`` on (X, y): tensors of ``dtype`` (float32 unless told) on the net's device,
    seeded, thread-bounded. The module's parameters must have that dtype too.

    Warns with :class:`NonFiniteLossWarning` when the guard stopped training early, and raises
    ``ValueError`` when the loss was never finite. A ``KeyboardInterrupt`` during training
    (Ctrl-C), which skorch's loop swallows, is raised again once skorch has ended the fit
    (``on_train_end`` ran, so the guard's restored state is in place). When the
    optimizer keeps iterates apart from the parameters (:class:`ProximalGradient`), they are
    loaded into the parameters at the end.
    """
    device = str(net.device)
    X_t = to_tensor(X, device, dtype)
    y_t = None if y is None else to_tensor(y, device, dtype)
    stopped = False
    with torch_threads(n_threads), torch_rng(seed_from(random_state), device):
        try:
            with without_dynamo_import():  # no first-fit import of torch.compile's machinery
                net.fit(X_t, y_t)
        except StopTraining:  # the package's own early stop: end training as skorch would
            stopped = True
            net.notify("on_train_end", X=X_t, y=y_t)
    # skorch swallows KeyboardInterrupt inside its loop: a user's Ctrl-C is raised again here.
    raise_if_interrupted(net, stopped)
    guard = dict(net.callbacks_).get("nonfinite_guard")
    tripped = guard is not None and guard.tripped_ is not None
    if tripped and not guard.finite_seen_:
        raise ValueError(
            "the training loss was NaN or inf from the first step on (no finite loss at all, "
            "so there are no parameters to keep): check the scale of X and y (and of the "
            "starting parameters) and the learning rate"
        )
    load_iterates = getattr(getattr(net, "optimizer_", None), "load_iterates", None)
    if callable(load_iterates) and not tripped:
        # (after a non-finite loss the guard's restored parameters are the last finite state;
        # the optimizer's iterates may not be)
        load_iterates()
    if warn_nonfinite and tripped:
        warnings.warn(
            f"training stopped at epoch {guard.tripped_}: the loss became NaN or inf; the last "
            "parameters that gave a finite loss were kept",
            NonFiniteLossWarning,
            stacklevel=2,
        )
    return net


def predict_net(
    net: NeuralNet,
    X,
    *,
    n_threads: int | None = DEFAULT_N_THREADS,
    dtype: torch.dtype = torch.float32,
) -> np.ndarray:
    """Forward pass of a fitted net on X (as ``dtype``), returned as a float64 numpy array."""
    X_t = to_tensor(X, str(net.device), dtype)
    with torch_threads(n_threads):
        out = net.forward(X_t, training=False, device="cpu")
    return out.numpy().astype(np.float64)


def loss_history(net: NeuralNet) -> np.ndarray:
    """Per-epoch training loss recorded by skorch (empty before the first epoch)."""
    # An epoch stopped by the guard ends before its train_loss is recorded.
    return np.asarray(
        [row["train_loss"] for row in net.history if "train_loss" in row], dtype=np.float64
    )
