"""Long short-term memory regressor over the r-ordered points (WT-RDF+ paper, §3.1.2, Eq. 12)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ._base import _NeuralRegressorBase, check_positive_int, shared_docs, sort_rows

__all__ = ["LSTMModule", "LSTMRegressor"]


class LSTMModule(nn.Module):
    """Torch module of Eq. 12: h_t, c_t = LSTM(x_t, h_{t−1}, c_{t−1}); ŷ_t = w h_t + b.

    The input X of shape (n_steps, n_features) is ONE sequence whose rows are the time
    steps, in order; the output has shape (n_steps, n_outputs). The states start at zero.

    Parameters
    ----------
    n_features : int
        Size of x_t (1: r).
    hidden_size : int
        Size of the hidden state h_t.
    n_outputs : int
        Number of outputs (curves) of the per-step linear read-out w, b.
    """

    def __init__(self, n_features: int = 1, hidden_size: int = 64, n_outputs: int = 1):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden_size)
        self.readout = nn.Linear(hidden_size, n_outputs)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        h, _ = self.lstm(X.unsqueeze(1))  # (n_steps, batch=1, hidden_size)
        return self.readout(h.squeeze(1))


@shared_docs
class LSTMRegressor(_NeuralRegressorBase):
    """LSTM regressor of a curve y(r) read as a sequence in r (WT-RDF+ baseline, Eq. 12).

    The points are sorted by r and read by a one-layer LSTM as one sequence, one point per
    step (input: the z-scored r of the point); a linear read-out of each step's hidden state
    gives that point's value. Trained full batch with Adam on the mean squared error of the
    standardised target.

    Parameters
    ----------
    hidden_size : int, default=64
        Size of the hidden state h_t (the paper's choice, Table 2).
    <shared parameters>

    Attributes
    ----------
    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the :class:`LSTMModule`.
    <shared attributes>

    See Also
    --------
    RBFNetRegressor : The other data-driven baseline of the paper.

    Notes
    -----
    **Points → sequences.** ``fit`` sorts the training points by r (a stable sort; with
    several columns, by the first column, ties by the next ones) and trains on that single
    sequence: with a 25 % training subset the sequence has the subset's points only, with
    their larger r steps. ``predict`` sorts the query points by r the same way, runs the
    LSTM over that sequence from a zero state, and returns the values in the caller's order.
    A point's prediction therefore depends on the other points predicted with it (Eq. 12 is
    a sequence model): predict the whole curve in one call, as the paper does (a model
    trained on 25 % of the points predicts 100 % of them). Several curves on one r grid
    (columns of y) share the sequence; the read-out has one output per curve.

    **Scaling.** r and y are z-scored inside the estimator with the training mean and
    standard deviation (§4.2), so a pipeline needs no scaler; predictions are returned in
    the units of y.

    References
    ----------
    .. [1] D. Senjaya and S. E. Limantoro, "Machine Learning Assisted Parameter Tuning on
       Wavelet Transform Amorphous Radial Distribution Function" (WT-RDF+), §3.1.2, Table 2.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.neural import LSTMRegressor
    >>> r = np.linspace(1.5, 7.3, 59)
    >>> G = np.exp(-((r - 2.4) / 0.1) ** 2) - 0.3 * np.sin(2 * r)
    >>> est = LSTMRegressor(hidden_size=16, max_epochs=50, random_state=0).fit(r, G)
    >>> est.predict(r).shape
    (59,)
    """

    _module_class = LSTMModule

    def __init__(
        self,
        hidden_size: int = 64,
        *,
        max_epochs: int = 500,
        lr: float = 0.01,
        device: str = "cpu",
        random_state=None,
        n_threads: int | None = 1,
    ):
        self.hidden_size = hidden_size
        super().__init__(
            max_epochs=max_epochs,
            lr=lr,
            device=device,
            random_state=random_state,
            n_threads=n_threads,
        )

    def _check_params(self) -> None:
        check_positive_int(self.hidden_size, "hidden_size")

    def _module_params(self, Xz, n_outputs):
        return {
            "n_features": Xz.shape[1],
            "hidden_size": int(self.hidden_size),
            "n_outputs": n_outputs,
        }

    def _fit_order(self, Xz):
        return sort_rows(Xz)

    def _forward(self, Xz):
        order = sort_rows(Xz)
        out = np.empty((Xz.shape[0], self.n_outputs_))
        out[order] = super()._forward(Xz[order])
        return out
