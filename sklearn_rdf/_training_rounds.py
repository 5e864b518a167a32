"""Continue training a net built by :mod:`sklearn_rdf._training` on new data (one job).

Estimators that regenerate their training data (ONNE's macrostate stream) train in rounds:
:func:`~sklearn_rdf._training.fit_net` on the first draw, then :func:`continue_net` on each new
draw, which runs ``epochs`` more epochs with skorch's ``partial_fit`` (the optimizer state is
kept), seeded and thread-bounded like ``fit_net``.
"""

from __future__ import annotations

import torch

from ._training import DEFAULT_N_THREADS, seed_from, to_tensor, torch_rng, torch_threads

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
    """Train a fitted ``net`` for ``epochs`` more epochs on (X, y); returns the net."""
    device = str(net.device)
    X_t = to_tensor(X, device, dtype)
    y_t = to_tensor(y, device, dtype)
    with torch_threads(n_threads), torch_rng(seed_from(random_state), device):
        net.partial_fit(X_t, y_t, epochs=int(epochs))
    return net
