"""Plumbing shared by the data-driven baselines (RBF network, LSTM) of the WT-RDF+ benchmark.

Both estimators are plain scikit-learn regressors that compose a skorch net built by the
package's training core (:mod:`sklearn_rdf._training`): ``fit`` validates the data, z-scores
the input X (r, Å) and the target y, builds the net with :func:`~sklearn_rdf._training.make_net`
and trains it with :func:`~sklearn_rdf._training.fit_net` (seeded, thread-bounded, full batch,
mean squared error on the standardised target, Adam); ``predict`` undoes the scaling.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod

import numpy as np
import torch
from scipy import sparse
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from .._training import (
    check_adam_lr,
    fit_net,
    loss_history,
    make_net,
    predict_net,
    resolve_device,
)
from .._validation import check_positive_int, check_positive_real

__all__ = ["check_positive_int", "check_positive_real", "shared_docs", "sort_rows"]


_SHARED_PARAMETERS = """max_epochs : int, default=500
        Number of full-batch training epochs (§4.2).
    lr : float, default=0.01
        Adam learning rate (§4.2).
    device : {"cpu", "cuda", "cuda:N", "auto"}, default="cpu"
        Where the network trains; "auto" takes CUDA when available. A CUDA device on a
        machine without CUDA is a ValueError. Prediction runs where the fitted net is (a
        model fitted on CUDA and unpickled on a CPU-only machine predicts on the CPU).
    random_state : int, RandomState instance or None, default=None
        Seed of the network's initialisation and training. An int gives bit-identical fits;
        the global torch and numpy random states are never used or changed.
    n_threads : int or None, default=1
        Torch intra-op threads during fit and predict (-1: all cores, None: torch's current
        setting). One thread is fastest for problems of this size."""

_SHARED_ATTRIBUTES = """x_scaler_, y_scaler_ : sklearn.preprocessing.StandardScaler
        The z-scoring of X and of y (per curve), fitted on the training data.
    loss_curve_ : ndarray of shape (n_iter_,)
        Training loss (mean squared error of the standardised y) of each epoch.
    n_iter_ : int
        Number of epochs run with a finite loss (less than ``max_epochs`` only when a
        non-finite loss stopped training, with a
        :class:`~sklearn_rdf._training.NonFiniteLossWarning`).
    n_outputs_ : int
        Number of curves (columns of y).
    n_features_in_ : int
        Number of columns of X (1: r).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names of X, when X is a DataFrame with string column names."""


def shared_docs(cls):
    """Class decorator: fill the ``<shared parameters>`` and ``<shared attributes>`` lines of
    the docstring with the documentation of the hyperparameters and fitted attributes that
    every estimator of :mod:`sklearn_rdf.neural` has."""
    cls.__doc__ = cls.__doc__.replace("<shared parameters>", _SHARED_PARAMETERS).replace(
        "<shared attributes>", _SHARED_ATTRIBUTES
    )
    return cls


def sort_rows(X: np.ndarray) -> np.ndarray:
    """Indices that order the rows of X by the first column (r), ties broken by the others.

    The sort is stable, so equal rows keep the caller's order.
    """
    return np.lexsort(X.T[::-1])


def _r_as_column(X):
    """A 1-D X is the r grid itself: make it the single column of a 2-D X."""
    if sparse.issparse(X):
        return X
    ndim = getattr(X, "ndim", None)
    if ndim is None:  # a list, or an object that only converts through __array__
        X = np.asarray(X)
        ndim = X.ndim
    return np.reshape(np.asarray(X), (-1, 1)) if ndim == 1 else X


class _NeuralRegressorBase(RegressorMixin, BaseEstimator, metaclass=ABCMeta):
    """Fit/predict shared by the torch regressors of :mod:`sklearn_rdf.neural`.

    Subclasses give the torch module (``_module_class``) and its keyword arguments
    (:meth:`_module_params`) and may change how standardised inputs become the module's
    input (:meth:`_forward`, and ``_fit_order`` for training).
    """

    def __init__(
        self,
        *,
        max_epochs: int = 500,
        lr: float = 0.01,
        device: str = "cpu",
        random_state=None,
        n_threads: int | None = 1,
    ):
        self.max_epochs = max_epochs
        self.lr = lr
        self.device = device
        self.random_state = random_state
        self.n_threads = n_threads

    #: The torch module class the net trains (set by subclasses).
    _module_class: type[torch.nn.Module]

    @abstractmethod
    def _module_params(self, Xz: np.ndarray, n_outputs: int) -> dict:
        """Keyword arguments of the module, given the standardised training inputs."""

    def _check_params(self) -> None:
        """Validate the subclass's own hyperparameters (ValueError naming the parameter)."""

    def _fit_order(self, Xz: np.ndarray) -> np.ndarray | None:
        """Row order in which the training points are shown to the module (None: as given)."""
        return None

    def _forward(self, Xz: np.ndarray) -> np.ndarray:
        """Standardised predictions of the fitted net for standardised inputs."""
        return predict_net(self.net_, Xz, n_threads=self.n_threads)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags

    def fit(self, X, y):
        """Train the network on the points (X, y).

        Parameters
        ----------
        X : array-like of shape (n_points, 1) or (n_points,)
            The distances r (Å) of the points (any float dtype). More columns are accepted as
            further input features; the first column is then r.
        y : array-like of shape (n_points,) or (n_points, n_curves)
            The curve values at those points (for example G(r) in Å⁻²); several curves on the
            same r points are the columns of a 2-D y.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        max_epochs = check_positive_int(self.max_epochs, "max_epochs")
        lr = check_adam_lr(check_positive_real(self.lr, "lr"))
        self._check_params()
        device = resolve_device(self.device)
        X, y = validate_data(
            self, _r_as_column(X), y, dtype=np.float64, multi_output=True, y_numeric=True
        )
        self._y_ndim = y.ndim
        Y = y.reshape(y.shape[0], -1)
        self.x_scaler_ = StandardScaler().fit(X)
        self.y_scaler_ = StandardScaler().fit(Y)
        Xz = self.x_scaler_.transform(X)
        Yz = self.y_scaler_.transform(Y)
        order = self._fit_order(Xz)
        if order is not None:
            Xz, Yz = Xz[order], Yz[order]
        self.n_outputs_ = Y.shape[1]
        net = make_net(
            self._module_class,
            criterion=torch.nn.MSELoss,
            max_epochs=max_epochs,
            lr=lr,
            optimizer=torch.optim.Adam,
            device=device,
            **{f"module__{k}": v for k, v in self._module_params(Xz, self.n_outputs_).items()},
        )
        self.net_ = fit_net(net, Xz, Yz, random_state=self.random_state, n_threads=self.n_threads)
        self.loss_curve_ = loss_history(self.net_)
        self.n_iter_ = len(self.loss_curve_)
        return self

    def predict(self, X) -> np.ndarray:
        """Predict the curve at the distances X.

        Parameters
        ----------
        X : array-like of shape (n_points, 1) or (n_points,)
            Distances r (Å), in any order.

        Returns
        -------
        y_pred : ndarray of shape (n_points,) or (n_points, n_curves)
            Float64 predictions in the caller's order, 1-D when the training y was 1-D.
        """
        check_is_fitted(self)
        if self.n_features_in_ == 1:
            X = _r_as_column(X)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        Y = self.y_scaler_.inverse_transform(self._forward(self.x_scaler_.transform(X)))
        return Y[:, 0] if self._y_ndim == 1 else Y
