"""CNNSpectrumRegressor: the convolutional baseline of the LinearSPR paper's comparison.

A 1-D convolutional network reads the RDF vector as a one-channel signal over r: blocks of
Conv1d ("same" padding) → ReLU → MaxPool1d(2), then a dense head (one hidden ReLU layer) to
the n_out spectral points. Trained with Adam on the mean squared error of standardised
targets through the package's skorch core (full batch, or shuffled mini-batches with
``batch_size``).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from .._training import DEFAULT_N_THREADS, fit_net, make_net, predict_net, resolve_device
from .._validation import check_positive_int

__all__ = ["CNNSpectrumRegressor"]


class _SpectrumCNN(torch.nn.Module):
    """(n, n_bins) → conv blocks over r → flatten → Linear → ReLU → Linear → (n, n_out)."""

    def __init__(
        self,
        n_in: int,
        n_out: int,
        channels: tuple[int, ...] = (16, 32),
        kernel_size: int = 7,
        hidden: int = 64,
    ):
        super().__init__()
        layers: list[torch.nn.Module] = []
        c_prev, length = 1, n_in
        for c in channels:
            layers += [torch.nn.Conv1d(c_prev, c, kernel_size, padding="same"), torch.nn.ReLU()]
            if length >= 2:
                layers.append(torch.nn.MaxPool1d(2, ceil_mode=True))
                length = math.ceil(length / 2)
            c_prev = c
        self.features = torch.nn.Sequential(*layers)
        self.head = torch.nn.Sequential(
            torch.nn.Flatten(),
            torch.nn.Linear(c_prev * length, hidden),
            torch.nn.ReLU(),
            torch.nn.Linear(hidden, n_out),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x.unsqueeze(1)))


class CNNSpectrumRegressor(MultiOutputMixin, RegressorMixin, BaseEstimator):
    """1-D convolutional network from RDF vectors to spectra (the CNN baseline of LinearSPR).

    Each row of X (one structure's g(r), G(r) or R(r) on a common r grid, n_bins values) is a
    one-channel signal; ``len(channels)`` blocks of Conv1d(kernel_size, "same" padding) →
    ReLU → MaxPool1d(2) extract features along r, and a dense head (``hidden`` ReLU units)
    maps them to the n_out points of the spectrum. X bins and y outputs are standardised
    internally (``standardize``); the loss is their mean squared error, minimised with Adam
    through the package's skorch training core. Spectral points that are constant over the
    training set (a VDOS above the highest mode, say) are predicted as that constant.

    Parameters
    ----------
    channels : tuple of int, default (16, 32)
        Output channels of the convolution blocks (one block each).
    kernel_size : int, default 7
        Convolution kernel length (RDF bins).
    hidden : int, default 64
        Width of the dense hidden layer.
    lr : float, default 1e-3
        Adam learning rate.
    weight_decay : float, default 0.0
        Adam weight decay (L2 on all weights).
    max_epochs : int, default 300
        Training epochs.
    batch_size : int or None, default None
        None: full-batch training; an int: shuffled mini-batches of that size (better for
        thousands of structures).
    standardize : bool, default True
        Standardise the RDF bins and the spectral outputs (undone in ``predict``).
    device : {"cpu", "cuda", "cuda:N", "auto"}, default "cpu"
        Training device.
    random_state : int, RandomState or None, default None
        Seeds the initial weights and the mini-batch order.
    n_threads : int or None, default 1
        Torch intra-op threads (None: torch's setting; -1: every core).

    Attributes
    ----------
    net_ : skorch.NeuralNet
        The trained net (``net_.history[:, "train_loss"]``: loss per epoch). Trained in
        float32; its module is kept in float64 for prediction.
    n_features_in_ : int
        Number of RDF bins seen in ``fit``.
    n_outputs_ : int
        Number of spectral outputs (1 for a 1-D y).
    y_ndim_ : int
        1 when fitted on a 1-D y (predictions are then 1-D), else 2.
    constant_outputs_ : ndarray of bool, shape (n_outputs_,)
        Spectral points constant over the training set (e.g. a VDOS above its highest mode);
        they are predicted as that constant (``constant_values_``), exactly.
    x_scaler_, y_scaler_ : sklearn.preprocessing.StandardScaler
        The standardisation of the RDF bins and of the spectral outputs (identity when
        ``standardize=False``).

    See Also
    --------
    LinearSPR : the linear map the paper finds competitive with this network.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.linear_spr import CNNSpectrumRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((64, 32))
    >>> Y = np.tanh(X @ rng.normal(size=(32, 5)))
    >>> cnn = CNNSpectrumRegressor(channels=(8,), max_epochs=50, random_state=0).fit(X, Y)
    >>> cnn.predict(X).shape
    (64, 5)
    """

    def __init__(
        self,
        channels: tuple[int, ...] = (16, 32),
        kernel_size: int = 7,
        hidden: int = 64,
        *,
        lr: float = 1e-3,
        weight_decay: float = 0.0,
        max_epochs: int = 300,
        batch_size: int | None = None,
        standardize: bool = True,
        device: str = "cpu",
        random_state=None,
        n_threads: int | None = DEFAULT_N_THREADS,
    ):
        self.channels = channels
        self.kernel_size = kernel_size
        self.hidden = hidden
        self.lr = lr
        self.weight_decay = weight_decay
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.standardize = standardize
        self.device = device
        self.random_state = random_state
        self.n_threads = n_threads

    def _check_params(self) -> tuple[int, ...]:
        try:
            channels = tuple(self.channels)
        except TypeError:
            raise ValueError(
                f"channels must be a sequence of positive integers, got {self.channels!r}"
            ) from None
        if not channels:
            raise ValueError("channels must name at least one convolution block, got ()")
        channels = tuple(check_positive_int(c, "each entry of channels") for c in channels)
        check_positive_int(self.kernel_size, "kernel_size")
        check_positive_int(self.hidden, "hidden")
        check_positive_int(self.max_epochs, "max_epochs")
        if self.batch_size is not None:
            check_positive_int(self.batch_size, "batch_size")
        for name in ("lr", "weight_decay"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ValueError(f"{name} must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0 or (name == "lr" and value == 0):
                raise ValueError(
                    f"{name} must be finite and {'>' if name == 'lr' else '>='} 0, got {value!r}"
                )
        return channels

    def fit(self, X, y) -> CNNSpectrumRegressor:
        """Train the network.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_bins)
            RDF vectors on one r grid.
        y : array-like of shape (n_samples, n_out) or (n_samples,)
            Spectra on one frequency grid.

        Returns
        -------
        self
        """
        channels = self._check_params()
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True, dtype=np.float64)
        device = resolve_device(self.device)
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        self.n_outputs_ = Y.shape[1]
        self.y_ndim_ = y.ndim
        self.x_scaler_ = StandardScaler(with_mean=self.standardize, with_std=self.standardize)
        self.y_scaler_ = StandardScaler(with_mean=self.standardize, with_std=self.standardize)
        X_s = self.x_scaler_.fit_transform(X)
        Y_s = self.y_scaler_.fit_transform(Y)
        self.constant_outputs_ = np.ptp(Y, axis=0) == 0
        self.constant_values_ = Y[0, self.constant_outputs_].copy()
        net = make_net(
            _SpectrumCNN,
            module__n_in=X.shape[1],
            module__n_out=self.n_outputs_,
            module__channels=channels,
            module__kernel_size=int(self.kernel_size),
            module__hidden=int(self.hidden),
            criterion=torch.nn.MSELoss,
            max_epochs=int(self.max_epochs),
            lr=float(self.lr),
            optimizer=torch.optim.Adam,
            optimizer__weight_decay=float(self.weight_decay),
            device=device,
            batch_size=self.batch_size,
        )
        self.net_ = fit_net(
            net,
            X_s,
            Y_s,
            random_state=self.random_state,
            n_threads=self.n_threads,
        )
        # trained in float32, kept and evaluated in float64: predictions then do not depend
        # on how the samples are batched (float32 convolutions do, at the 1e-7 level)
        self.net_.module_.double()
        return self

    def predict(self, X) -> np.ndarray:
        """Predicted spectra.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_bins)
            RDF vectors on the r grid seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples, n_out), or (n_samples,) for a model fitted on a 1-D y
        """
        check_is_fitted(self, "net_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        Z = predict_net(
            self.net_,
            self.x_scaler_.transform(X),
            n_threads=self.n_threads,
            dtype=torch.float64,
        )
        Y = self.y_scaler_.inverse_transform(Z)
        Y[:, self.constant_outputs_] = self.constant_values_
        return Y[:, 0] if self.y_ndim_ == 1 else Y
