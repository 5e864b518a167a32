"""Continue training a net built by :mod:`sklearn_rdf._training` on new data (one job).

Estimators that regenerate their training data (ONNE's macrostate stream) train in rounds:
:func:`~sklearn_rdf._training.fit_net` on the first draw, then :func:`continue_net` on each new
draw, which runs ``epochs`` more epochs with skorch's ``partial_fit`` (the optimizer state is
kept), seeded and thread-bounded like ``fit_net``. As in ``fit_net``, the package's own early
stop (:class:`~sklearn_rdf._stopping.StopTraining`) ends the round, with a
:class:`~sklearn_rdf._training.NonFiniteLossWarning` when the loss became NaN or inf, and a
user's Ctrl-C, which skorch's ``partial_fit`` swallows, is raised again.
"""

from __future__ import annotations

import warnings

import torch

from ._stopping import StopTraining
from ._training import (
    DEFAULT_N_THREADS,
    NonFiniteLossWarning,
    seed_from,
    to_tensor,
    torch_rng,
    torch_threads,
)

__all__ = ["continue_net"]


def continue_net(
    net,
    X,
    y,
    *,
    epochs: int,
    random_state=None,
    n_threads: int | None = DEFAULT_N_THREADS,
    dtype: torch.dtype = torch.float32,
):
    """Train a fitted ``net`` for ``epochs`` more epochs on (X, y); returns the net.

    Raises ``KeyboardInterrupt`` when the user interrupted the round (skorch swallows it).
    """
    device = str(net.device)
    X_t = to_tensor(X, device, dtype)
    y_t = to_tensor(y, device, dtype)
    epochs = int(epochs)
    # the guard keeps a finite state only once a batch of this round was finite: keep the
    # round's starting parameters to fall back on
    with torch.no_grad():
        start = [p.detach().clone() for p in net.module_.parameters()]
    stopped = False
    with torch_threads(n_threads), torch_rng(seed_from(random_state), device):
        try:
            net.partial_fit(X_t, y_t, epochs=epochs)
        except StopTraining:  # the package's own early stop: end the round as skorch would
            stopped = True
            net.notify("on_train_end", X=X_t, y=y_t)
    # partial_fit runs on_train_begin, so the counter holds this round's finished epochs
    counter = dict(getattr(net, "callbacks_", ())).get("epoch_counter")
    if not stopped and counter is not None and counter.epochs_done_ < epochs:
        raise KeyboardInterrupt(
            f"training interrupted after {counter.epochs_done_} of {epochs} epochs of a round"
        )
    guard = dict(getattr(net, "callbacks_", ())).get("nonfinite_guard")
    if stopped and guard is not None and guard.tripped_ is not None:
        if not guard.finite_seen_:
            with torch.no_grad():
                for p, saved in zip(net.module_.parameters(), start, strict=True):
                    p.copy_(saved)
        warnings.warn(
            f"training stopped at epoch {guard.tripped_}: the loss became NaN or inf; the last "
            "parameters that gave a finite loss (or the round's starting ones) were kept",
            NonFiniteLossWarning,
            stacklevel=2,
        )
    return net
