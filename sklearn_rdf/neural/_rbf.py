"""Radial basis function network (WT-RDF+ paper, §3.1.1, Eqs. 10-11)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ._base import (
    _NeuralRegressorBase,
    check_positive_int,
    check_positive_real,
    shared_docs,
    sort_rows,
)

__all__ = ["RBFModule", "RBFNetRegressor", "initial_centers"]

#: log of the smallest unit value φ kept by :class:`RBFModule` (φ < e^−40 ≈ 4e-18 is 0).
_LOG_PHI_MIN = -40.0


def initial_centers(Xz: np.ndarray, n_centers: int) -> np.ndarray:
    """The documented starting centres μ_j of the RBF units, shape (n_centers, n_features).

    One feature (r): the ``n_centers`` evenly spaced quantiles of the training points,
    ``np.quantile(r, np.linspace(0, 1, M))``, so that the centres follow the density of the
    points and span them from the smallest to the largest r (with M > n they fill the gaps
    between neighbouring points evenly). Several features: the training rows at M evenly
    spaced ranks of the rows ordered by the first column (centres on data points).
    """
    if Xz.shape[1] == 1:
        return np.quantile(Xz[:, 0], np.linspace(0.0, 1.0, n_centers))[:, None]
    ranks = np.rint(np.linspace(0.0, Xz.shape[0] - 1.0, n_centers)).astype(int)
    return Xz[sort_rows(Xz)][ranks]


class RBFModule(nn.Module):
    """Torch module of the RBF network: ŷ = Σ_j w_j exp(−β‖x − μ_j‖²) + b (Eqs. 10-11).

    Unit values below e^−40 ≈ 4e-18 are set to exactly 0 (invisible in float32, and it
    keeps denormal floats, which are slow on CPUs, out of the forward and backward passes).

    Parameters
    ----------
    centers : array-like of shape (n_centers, n_features)
        Starting centres μ_j (learnable).
    beta : float
        Width parameter β (fixed), in the units of x⁻².
    n_outputs : int
        Number of outputs (curves) of the linear read-out w, b.
    """

    def __init__(self, centers, beta: float, n_outputs: int = 1):
        super().__init__()
        centers = torch.as_tensor(np.asarray(centers), dtype=torch.float32)
        self.centers = nn.Parameter(centers.reshape(centers.shape[0], -1).clone())
        self.beta = float(beta)
        self.readout = nn.Linear(self.centers.shape[0], n_outputs)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.shape[1] == 1:  # one feature: (n, 1) − (1, M) broadcasts to (n, M)
            sq = (X - self.centers.T) ** 2
        else:
            sq = ((X.unsqueeze(1) - self.centers.unsqueeze(0)) ** 2).sum(-1)
        # Units with β‖x − μ‖² > 40 (φ < 4e-18) are set to exactly 0: a float32 read-out
        # cannot see them (even 1024 of them with weights ~10 change ŷ by < 1e-13), while
        # exp of such arguments and their products in the backward pass are denormal
        # floats (or underflow), which the CPU computes 30x slower than normal ones
        # (measured: exp of the 59 x 512 units at β = 1024 takes 0.5 ms, 15 us clamped).
        a = -self.beta * sq
        phi = torch.where(a > _LOG_PHI_MIN, torch.exp(a.clamp(min=_LOG_PHI_MIN)), 0.0)
        if self.training:
            return self.readout(phi)
        # Prediction sums the read-out in float64: the float32 matrix product rounds
        # differently for different batch sizes, float64 makes a point's prediction
        # independent of the points predicted with it (to ~1e-15).
        w, b = self.readout.weight.double(), self.readout.bias.double()
        return nn.functional.linear(phi.double(), w, b)


@shared_docs
class RBFNetRegressor(_NeuralRegressorBase):
    """Radial basis function network regressor of a curve y(r) (WT-RDF+ baseline, Eqs. 10-11).

    M Gaussian units φ_j(z) = exp(−β (z − ζ_j)²) of the z-scored distance z = (r − r̄)/s_r with
    learnable centres ζ_j, and a linear read-out with bias, ŷ = Σ_j w_j φ_j + b, trained
    full batch with Adam on the mean squared error of the standardised target.

    Parameters
    ----------
    n_centers : int, default=512
        Number of Gaussian units M. 512 is the paper's choice (Table 1).
    beta : float, default=1024.0
        Width parameter β, acting on the z-scored r (see Notes). 1024 is the paper's choice
        (Table 1).
    <shared parameters>

    Attributes
    ----------
    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the :class:`RBFModule`.
    centers_ : ndarray of shape (n_centers, n_features_in_)
        The trained centres μ_j in the units of X (Å).
    <shared attributes>

    See Also
    --------
    LSTMRegressor : The other data-driven baseline of the paper.

    Notes
    -----
    **Scaling.** X (r) and y are z-scored inside the estimator with the training mean and
    standard deviation (§4.2: "pre-processed by a standard scaler ... to stabilize the
    training"), so a pipeline needs no scaler; predictions are returned in the units of y.

    **What β means in Å.** With z = (r − r̄)/s_r, exp(−β (z − ζ)²) = exp(−β_r (r − μ)²) with
    β_r = β / s_r² (Å⁻²) and μ = r̄ + s_r ζ; each unit is a Gaussian of standard deviation
    σ = s_r / √(2β) Å. On 59 points evenly spaced over 1.5-7.3 Å (s_r = 1.70 Å) the default
    β = 1024 gives β_r = 353 Å⁻² and σ = 0.038 Å, below the 0.1 Å point spacing: the network
    nearly interpolates the training points, and between them falls back towards the bias.
    The paper does not say whether β acted on scaled or raw r; Table 1's grid, run in these
    units on a Ge-Se-like curve, reproduces its trend (MAE falls as β grows; see
    ``docs/neural.md``).

    **Centres.** ζ_j start at M evenly spaced quantiles of the training r
    (:func:`initial_centers`) and are trained with the read-out; β is fixed. The read-out
    starts at torch's default ``nn.Linear`` initialisation.

    **Precision.** Training runs in float32 (any float dtype of X and y is accepted);
    predictions sum the read-out in float64, so that a point's prediction does not depend
    on the other points predicted with it, and are returned as float64.

    References
    ----------
    .. [1] D. Senjaya and S. E. Limantoro, "Machine Learning Assisted Parameter Tuning on
       Wavelet Transform Amorphous Radial Distribution Function" (WT-RDF+), §3.1.1, Table 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.neural import RBFNetRegressor
    >>> r = np.linspace(1.5, 7.3, 59)
    >>> G = np.exp(-((r - 2.4) / 0.1) ** 2) - 0.3 * np.sin(2 * r)
    >>> est = RBFNetRegressor(n_centers=128, beta=256, random_state=0).fit(r, G)
    >>> est.predict(r[:3]).shape
    (3,)
    """

    _module_class = RBFModule

    def __init__(
        self,
        n_centers: int = 512,
        beta: float = 1024.0,
        *,
        max_epochs: int = 500,
        lr: float = 0.01,
        device: str = "cpu",
        random_state=None,
        n_threads: int | None = 1,
    ):
        self.n_centers = n_centers
        self.beta = beta
        super().__init__(
            max_epochs=max_epochs,
            lr=lr,
            device=device,
            random_state=random_state,
            n_threads=n_threads,
        )

    def _check_params(self) -> None:
        check_positive_int(self.n_centers, "n_centers")
        check_positive_real(self.beta, "beta")

    def _module_params(self, Xz, n_outputs):
        return {
            "centers": initial_centers(Xz, int(self.n_centers)),
            "beta": float(self.beta),
            "n_outputs": n_outputs,
        }

    def fit(self, X, y):
        super().fit(X, y)
        centers = self.net_.module_.centers.detach().cpu().double().numpy()
        self.centers_ = self.x_scaler_.inverse_transform(centers)
        return self

    fit.__doc__ = _NeuralRegressorBase.fit.__doc__
