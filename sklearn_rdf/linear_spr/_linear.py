"""LinearSPR: a linear structure–property map ŷ = W g + b from RDF vectors to spectra.

Wang, Cheng & Chen ("Beyond overcomplication: a linear model suffices to decode hidden
structure-property relationships in glasses", ``../shared/papers/linear-spr.txt``) show from
first-order perturbation theory that disorder-induced changes of phonon spectra (PDOS, Raman,
INS, IXS) are approximately linear in the radial distribution function, and fit
ŷ = W g + b with L1/L2 regularisation. This module fits that map, scikit-learn style.

Solvers
-------
``cholesky`` (penalty "l2")
    Normal equations (XᵀX + αI) Wᵀ = XᵀY on the centred (and optionally standardised) data,
    solved by a Cholesky factorisation in torch on ``device`` (an eigendecomposition
    pseudo-inverse if XᵀX + αI is numerically singular). One pass over the data: XᵀX, XᵀY.
``lstsq`` (penalty "none")
    Minimum-norm least squares from a thin SVD of the centred X (as ``LinearRegression``).
``fista`` (any penalty; the default for "l1" and "elasticnet" when n_samples > n_bins)
    Proximal gradient with Nesterov acceleration and adaptive restart
    (:class:`sklearn_rdf._training.ProximalGradient`), trained through the package's skorch
    core. The least-squares term is first reduced to its sufficient statistics: with
    XcᵀXc = V Λ Vᵀ, the k ≤ n_bins "samples" A = Λ^½ Vᵀ and B = Λ^-½ Vᵀ XcᵀYc give
    ‖Yc − Xc Wᵀ‖² = ‖B − A Wᵀ‖² + const, so an iteration costs O(n_bins² · n_out) whatever
    the number of structures. It stops when scikit-learn's duality gap of the same objective
    falls below ``tol`` · ‖Yc‖²_F, the criterion scikit-learn's coordinate descent uses, so
    equal ``tol`` means equally converged fits.
``cd`` (penalties with an L1 part, CPU; the default when n_samples ≤ n_bins)
    scikit-learn's own coordinate descent (``MultiTaskElasticNet`` / ``ElasticNet``) on the
    centred, scaled data: its epochs cost O(n_samples · n_bins · n_out), cheap for few
    structures, where FISTA on an underdetermined problem needs many iterations.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np
import torch
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, MultiTaskElasticNet
from sklearn.utils.validation import check_is_fitted, validate_data
from skorch.callbacks import Callback

from .._stopping import StopTraining
from .._training import (
    ElasticNetProx,
    ProximalGradient,
    fit_net,
    make_net,
    resolve_device,
    to_tensor,
    torch_threads,
)

__all__ = ["LinearSPR", "penalty_from_paper"]

_PENALTIES = ("none", "l2", "l1", "elasticnet")
_L1_TYPES = ("elementwise", "group")
_SOLVERS = ("auto", "cholesky", "lstsq", "fista", "cd")
_DTYPES = {"float64": torch.float64, "float32": torch.float32}
_STEPS_PER_EPOCH = 10  # FISTA iterations per skorch epoch; the duality gap is checked after each


def penalty_from_paper(alpha: float, beta: float) -> dict:
    """LinearSPR parameters for the paper's L1 weight α and L2 weight β.

    Assumes the paper's loss (1/N) Σ_i ‖y_i − W g_i − b‖² + α‖W‖₁ + β‖W‖²_F (squared errors
    summed over the spectrum, averaged over the N structures). LinearSPR's objective with
    ``penalty="elasticnet"`` is half of that when

        alpha = α/2 + β,   l1_ratio = (α/2) / (α/2 + β),

    which is what this function returns (``penalty="none"`` when α = β = 0). If the paper's
    mean squared error is also averaged over the n_out spectral points, divide α and β by
    n_out first.

    Examples
    --------
    >>> penalty_from_paper(1e-5, 0.0)
    {'penalty': 'elasticnet', 'alpha': 5e-06, 'l1_ratio': 1.0}
    """
    for name, value in (("alpha", alpha), ("beta", beta)):
        if not (isinstance(value, numbers.Real) and math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    total = alpha / 2 + beta
    if total == 0:
        return {"penalty": "none", "alpha": 0.0, "l1_ratio": 0.0}
    return {"penalty": "elasticnet", "alpha": float(total), "l1_ratio": float(alpha / 2 / total)}


class _Moments:
    """Centred (and scaled) second moments of (X, Y) as tensors on the solver's device.

    ``xx`` = XcᵀXc (n_bins, n_bins), ``xy`` = XcᵀYc (n_bins, n_out), ``yy`` = ‖Yc[:, k]‖²
    (n_out,), with Xc the centred X divided by ``x_scale`` column by column.
    """

    def __init__(self, X, Y, *, device, dtype, fit_intercept, standardize, need_yy):
        Xt = to_tensor(X, device, dtype)
        Yt = to_tensor(Y, device, dtype)
        n = Xt.shape[0]
        if fit_intercept:
            self.x_mean = Xt.mean(dim=0)
            self.y_mean = Yt.mean(dim=0)
            Xc = Xt - self.x_mean
        else:
            self.x_mean = torch.zeros(Xt.shape[1], device=device, dtype=dtype)
            self.y_mean = torch.zeros(Yt.shape[1], device=device, dtype=dtype)
            Xc = Xt
        if standardize:
            mean = Xt.mean(dim=0)
            var = (Xt - mean).square().mean(dim=0)
            # scikit-learn's StandardScaler rule for a constant column (rounding-level var)
            eps = torch.finfo(dtype).eps
            constant = var <= n * eps * var + (n * mean * eps).square()
            self.x_scale = torch.where(constant, torch.ones_like(var), var.sqrt())
        else:
            self.x_scale = torch.ones(Xt.shape[1], device=device, dtype=dtype)
        self.xx = Xc.T @ Xc
        # Xc's columns sum to zero, so XcᵀY = XcᵀYc without centring Y
        self.xy = Xc.T @ Yt
        if standardize:
            self.xx /= torch.outer(self.x_scale, self.x_scale)
            self.xy /= self.x_scale[:, None]
        self.yy = (Yt - self.y_mean).square().sum(dim=0) if need_yy else None
        self.n = n
        self._X, self._Y = Xt, Yt

    def lstsq(self) -> torch.Tensor:
        """Minimum-norm least-squares Wᵀ from an SVD of the centred, scaled X (as
        scipy.linalg.lstsq, which LinearRegression uses): no squared condition number."""
        Xc = (self._X - self.x_mean) / self.x_scale
        U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
        cutoff = S[0] * max(Xc.shape) * torch.finfo(S.dtype).eps if S.numel() else 0.0
        inv = torch.where(S > cutoff, 1.0 / S, torch.zeros_like(S))
        return Vh.T @ (inv[:, None] * (U.T @ (self._Y - self.y_mean)))

    def coordinate_descent(self, l1, l2, group, tol, max_iter) -> tuple[torch.Tensor, int, float]:
        """Wᵀ from scikit-learn's coordinate descent on the centred, scaled data (CPU):
        ``MultiTaskElasticNet`` (group) or ``ElasticNet`` (elementwise, one fit per output),
        with alpha = l1 + l2 and l1_ratio = l1 / (l1 + l2). Returns (Wᵀ, n_iter, dual gap)."""
        Xc = ((self._X - self.x_mean) / self.x_scale).cpu().numpy()
        Yc = (self._Y - self.y_mean).cpu().numpy()
        estimator = MultiTaskElasticNet if group else ElasticNet
        cd = estimator(
            alpha=l1 + l2, l1_ratio=l1 / (l1 + l2), fit_intercept=False, tol=tol,
            max_iter=max_iter,
        ).fit(Xc, Yc)  # fmt: skip
        coef = np.atleast_2d(cd.coef_)
        Wt = torch.as_tensor(coef.T.copy(), device=self.xx.device, dtype=self.xx.dtype)
        return Wt, int(np.max(cd.n_iter_)), float(np.sum(cd.dual_gap_))

    def release(self) -> None:
        """Drop the references to the data (the moments stay)."""
        self._X = self._Y = None


def _solve_normal(xx: torch.Tensor, xy: torch.Tensor, ridge: float) -> torch.Tensor:
    """Wᵀ solving (xx + ridge·I) Wᵀ = xy; the minimum-norm solution when singular."""
    A = xx.clone()
    A.diagonal().add_(ridge)
    L, info = torch.linalg.cholesky_ex(A)
    if int(info) == 0:
        return torch.cholesky_solve(xy, L)
    evals, V = torch.linalg.eigh(A)
    cutoff = evals.abs().max() * A.shape[0] * torch.finfo(A.dtype).eps
    inv = torch.where(evals > cutoff, 1.0 / evals, torch.zeros_like(evals))
    return V @ (inv[:, None] * (V.T @ xy))


def _dual_gap(Wt: torch.Tensor, m: _Moments, l1_reg: float, l2_reg: float, group: bool) -> float:
    """scikit-learn's duality gap of ½‖Yc − Xc W‖² + l1_reg N(W) + ½ l2_reg ‖W‖², from moments.

    Same formulas as ``sklearn/linear_model/_cd_fast.pyx`` (gap_enet per output, summed, for
    the elementwise L1 norm; gap_enet_multi_task for the group norm; formulation B for l1 = 0
    and the first-order condition ‖XᵀR‖² when l1 = l2 = 0).
    """
    xxW = m.xx @ Wt
    XtR = m.xy - xxW  # XᵀR, shape (n_bins, n_out)
    Wy = (Wt * m.xy).sum(dim=0)  # per output: w_kᵀ Xᵀy_k
    R2 = m.yy - 2 * Wy + (Wt * xxW).sum(dim=0)  # per output ‖r_k‖²
    Ry = m.yy - Wy
    w2 = Wt.square().sum(dim=0)
    if l1_reg == 0:
        if l2_reg == 0:
            return float(XtR.square().sum())
        gap = R2 + 0.5 * l2_reg * w2 - Ry + XtR.square().sum(dim=0) / (2 * l2_reg)
        return float(gap.sum())
    XtA = XtR - l2_reg * Wt
    if group:
        R2, Ry, w2 = R2.sum(), Ry.sum(), w2.sum()
        dual_norm = torch.linalg.vector_norm(XtA, dim=1).max()
        w_norm = torch.linalg.vector_norm(Wt, dim=1).sum()
    else:
        dual_norm = XtA.abs().amax(dim=0)
        w_norm = Wt.abs().sum(dim=0)
    scale = torch.clamp(l1_reg / dual_norm.clamp_min(torch.finfo(Wt.dtype).tiny), max=1.0)
    smooth = R2 + l2_reg * w2
    primal = 0.5 * smooth + l1_reg * w_norm
    dual = -0.5 * scale**2 * smooth + scale * Ry
    return float((primal - dual).sum())


class _LinearMap(torch.nn.Module):
    """x ↦ x Wᵀ, W of shape (n_out, n_in) starting at zero (no bias: the data are centred)."""

    def __init__(self, n_in: int, n_out: int, dtype: torch.dtype = torch.float64):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(n_out, n_in, dtype=dtype))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.T


def _check_no_overflow(X: np.ndarray, Y: np.ndarray, dtype: torch.dtype) -> None:
    """ValueError when the moments XᵀX, XᵀY, YᵀY would overflow ``dtype``."""
    limit = math.sqrt(torch.finfo(dtype).max / max(X.shape[0], 1))
    for name, a in (("X", X), ("y", Y)):
        peak = float(np.abs(a).max()) if a.size else 0.0
        if peak > limit:
            raise ValueError(
                f"{name} holds values up to {peak:.3g}: their products overflow "
                f"{str(dtype).removeprefix('torch.')} in the moments XᵀX, XᵀY (largest "
                f"magnitude allowed with {X.shape[0]} samples: {limit:.3g}); rescale {name}"
            )


class _DualGapStop(Callback):
    """Evaluate the duality gap at FISTA's iterate after each epoch; stop below tolerance."""

    def __init__(self, moments, l1_reg, l2_reg, group, tol_abs):
        self.moments = moments
        self.l1_reg = l1_reg
        self.l2_reg = l2_reg
        self.group = group
        self.tol_abs = tol_abs

    def initialize(self):
        self.converged_ = False
        self.gap_ = math.inf
        return self

    def _gap(self, net) -> float:
        W = net.optimizer_.iterates()[0]
        return _dual_gap(W.T, self.moments, self.l1_reg, self.l2_reg, self.group)

    def on_epoch_end(self, net, **kwargs):
        self.gap_ = self._gap(net)
        net.history.record("dual_gap", self.gap_)
        if self.gap_ <= self.tol_abs:
            self.converged_ = True
            raise StopTraining

    def on_train_end(self, net, **kwargs):
        self.moments = None  # the fitted net keeps no copy of the data's moments


class LinearSPR(MultiOutputMixin, RegressorMixin, BaseEstimator):
    """Linear structure–property regression ŷ = W g + b from RDF vectors to spectra.

    Fits the linear map of Wang, Cheng & Chen from vectorised radial distribution functions
    (each row of X is one structure's g(r), G(r) or R(r) on a common r grid, n_bins values)
    to spectra (each row of y is, e.g., a phonon density of states on a common frequency grid,
    n_out values), with none, L2, L1 or elastic-net regularisation of W.

    Objectives (n = n_samples, Y and X centred when ``fit_intercept``; standardised X columns
    when ``standardize``):

    - ``penalty="none"``: ‖Y − XWᵀ‖²_F (ordinary least squares, as ``LinearRegression``);
    - ``penalty="l2"``: ‖Y − XWᵀ‖²_F + alpha ‖W‖²_F, exactly scikit-learn's ``Ridge(alpha)``;
    - ``penalty="l1"``: (1/2n) ‖Y − XWᵀ‖²_F + alpha N(W);
    - ``penalty="elasticnet"``: (1/2n) ‖Y − XWᵀ‖²_F + alpha l1_ratio N(W)
      + (alpha (1 − l1_ratio)/2) ‖W‖²_F, exactly scikit-learn's ``ElasticNet``/``Lasso``
      (``l1_type="elementwise"``) or ``MultiTaskElasticNet``/``MultiTaskLasso``
      (``l1_type="group"``) with the same ``alpha`` and ``l1_ratio``.

    The L1 norm N(W) is, with ``l1_type="elementwise"`` (default), the lasso norm Σ|W_kj| of
    every weight: each spectral point k selects its own RDF bins, giving the sparse r–ω weight
    map of the paper's Fig. 3. With ``l1_type="group"`` it is the L2,1 norm Σ_j ‖W_:j‖₂ of
    scikit-learn's multi-task estimators: an RDF bin j is kept or dropped for the whole
    spectrum at once.

    The paper's notation: its α weights the L1 norm and its β the squared L2 norm of a loss
    (1/N) Σ‖y − Wg − b‖² + α‖W‖₁ + β‖W‖²; that is twice the "elasticnet" objective above with
    ``alpha = α/2 + β`` and ``l1_ratio = (α/2)/(α/2 + β)`` (:func:`penalty_from_paper`). Its
    Fig. 3 (L1, α = 1e-5, β = 0) is ``penalty="elasticnet", alpha=5e-6, l1_ratio=1`` (or
    ``penalty="l1", alpha=5e-6``).

    Parameters
    ----------
    penalty : {"l2", "none", "l1", "elasticnet"}, default "l2"
        Regularisation of W (see above; the intercept b is never penalised).
    alpha : float, default 1.0
        Regularisation strength, ≥ 0 (scikit-learn's scaling for each penalty, see above).
        Ignored for ``penalty="none"``.
    l1_ratio : float, default 0.5
        Elastic-net mixing in [0, 1] (1: L1 only, 0: L2 only); used by "elasticnet" only.
    l1_type : {"elementwise", "group"}, default "elementwise"
        Which L1 norm: the lasso norm of every weight, or the group (L2,1) norm over RDF bins.
    fit_intercept : bool, default True
        Fit b (by centring X and Y); False fits ŷ = W g.
    standardize : bool, default False
        Scale each RDF bin to unit variance before fitting (bins constant over the training
        set keep scale 1), so that the penalty treats all bins alike; ``coef_`` and
        ``intercept_`` are returned in the original units.
    solver : {"auto", "cholesky", "lstsq", "fista", "cd"}, default "auto"
        "cholesky": normal equations (penalties "none" and "l2", and "elasticnet" with
        ``l1_ratio=0``); "lstsq": minimum-norm least squares from an SVD of X (penalty
        "none"; accurate for nearly collinear RDF bins, where the normal equations square
        the condition number); "fista": proximal gradient through the skorch training core
        (any penalty, any device); "cd": scikit-learn's coordinate descent on the centred
        (scaled) data (penalties with an L1 part, CPU only). "auto": "lstsq" for "none",
        "cholesky" for a penalty without L1 part; with an L1 part "cd" on the CPU when
        n_samples ≤ n_bins (an underdetermined fit, where FISTA converges slowly and a
        coordinate-descent epoch is cheap), else "fista" (whose iterations cost
        O(n_bins² n_out) whatever n_samples: much faster than coordinate descent for many
        structures, see ``docs/linear-spr.md``).
    tol : float, default 1e-4
        FISTA stops when the duality gap falls below ``tol`` · ‖Yc‖²_F (scikit-learn's
        criterion, on the same objective); "cd" passes ``tol`` to scikit-learn, whose
        elementwise ``ElasticNet`` applies it to each output (spectral point) in turn. In
        float32 the gap cannot fall much below 1e-6 · ‖Yc‖²_F: use ``tol`` ≥ 1e-5 there.
    max_iter : int, default 5000
        Maximum number of FISTA iterations (rounded up to a multiple of 10: the duality gap
        is checked every 10 iterations, one epoch of the skorch loop), or of coordinate
        descent epochs.
    device : {"cpu", "cuda", "cuda:N", "auto"}, default "cpu"
        Where the moments are computed and the solver runs.
    dtype : {"float64", "float32"}, default "float64"
        Floating-point type of the solver (float32 is faster on most GPUs; the 1e-5
        agreement with scikit-learn needs float64).
    n_threads : int or None, default None
        Torch intra-op threads while fitting (None: torch's setting, by default every core,
        as numpy's BLAS does for scikit-learn; -1: every core). Unlike the small neural
        models (one thread by default), LinearSPR's matrix products gain from threads; in
        ``GridSearchCV(n_jobs=k)`` joblib's worker processes already limit torch to
        cores/k threads.

    Attributes
    ----------
    coef_ : ndarray of shape (n_out, n_bins), or (n_bins,) for a 1-D y
        W, in the units of the original X and y.
    intercept_ : ndarray of shape (n_out,), or float for a 1-D y
        b.
    n_iter_ : int
        FISTA iterations run, a multiple of 10; coordinate-descent epochs (the most over
        the outputs for the elementwise "cd"); 1 for the direct solvers (one solve).
    dual_gap_ : float
        Final duality gap divided by n_samples, as scikit-learn reports it (summed over the
        outputs for the elementwise "cd"; NaN for the direct solvers).
    solver_ : str
        The solver used.
    net_ : skorch.NeuralNet
        The trained net (FISTA only). Per epoch (10 iterations) ``net_.history`` holds
        ``"train_loss"``, the smooth part of the objective at the epoch's first gradient
        point (up to a constant), and ``"dual_gap"``, the duality gap after the epoch.
    n_features_in_ : int
        Number of RDF bins seen in ``fit``.

    See Also
    --------
    CNNSpectrumRegressor : the CNN baseline of the paper's comparison.
    plot_spr_weights : heat map of ``coef_`` with the RDF and spectrum peaks marked.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.linear_spr import LinearSPR
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((50, 20))            # 50 RDF vectors of 20 bins
    >>> Y = X @ rng.random((20, 8)) + 1.0   # 50 spectra of 8 points
    >>> model = LinearSPR(penalty="l2", alpha=1e-3).fit(X, Y)
    >>> model.coef_.shape, model.intercept_.shape
    ((8, 20), (8,))
    >>> sparse = LinearSPR(penalty="l1", alpha=1e-3).fit(X, Y)
    >>> bool(sparse.score(X, Y) > 0.9)
    True
    """

    def __init__(
        self,
        penalty: str = "l2",
        alpha: float = 1.0,
        l1_ratio: float = 0.5,
        *,
        l1_type: str = "elementwise",
        fit_intercept: bool = True,
        standardize: bool = False,
        solver: str = "auto",
        tol: float = 1e-4,
        max_iter: int = 5000,
        device: str = "cpu",
        dtype: str = "float64",
        n_threads: int | None = None,
    ):
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.l1_type = l1_type
        self.fit_intercept = fit_intercept
        self.standardize = standardize
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.device = device
        self.dtype = dtype
        self.n_threads = n_threads

    # -- parameters ---------------------------------------------------------------------
    def _check_params(self) -> None:
        def choice(name, allowed):
            value = getattr(self, name)
            if not isinstance(value, str) or value not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {value!r}")

        choice("penalty", _PENALTIES)
        choice("l1_type", _L1_TYPES)
        choice("solver", _SOLVERS)
        choice("dtype", tuple(_DTYPES))
        a = self.alpha
        if isinstance(a, bool) or not isinstance(a, int | float | np.number) or not a >= 0:
            raise ValueError(f"alpha must be a number >= 0, got {a!r}")
        if not math.isfinite(a):
            raise ValueError(f"alpha must be finite, got {a!r}")
        r = self.l1_ratio
        if isinstance(r, bool) or not isinstance(r, int | float | np.number) or not 0 <= r <= 1:
            raise ValueError(f"l1_ratio must be a number in [0, 1], got {r!r}")
        t = self.tol
        if isinstance(t, bool) or not isinstance(t, int | float | np.number) or not t > 0:
            raise ValueError(f"tol must be a number > 0, got {t!r}")
        m = self.max_iter
        if isinstance(m, bool) or not isinstance(m, int | np.integer) or m < 1:
            raise ValueError(f"max_iter must be an integer >= 1, got {m!r}")

    def _penalty_weights(self, n: int) -> tuple[float, float]:
        """(l1, l2) of the normalised objective (1/2n)‖R‖² + l1 N(W) + (l2/2)‖W‖²."""
        alpha = float(self.alpha)
        if self.penalty == "none":
            return 0.0, 0.0
        if self.penalty == "l2":  # Ridge: ‖R‖² + alpha‖W‖² = 2n × [(1/2n)‖R‖² + (alpha/2n)‖W‖²]
            return 0.0, alpha / n
        if self.penalty == "l1":
            return alpha, 0.0
        return alpha * self.l1_ratio, alpha * (1.0 - self.l1_ratio)

    def _resolve_solver(self, l1: float, l2: float, n: int, p: int, device: str) -> str:
        if self.solver == "auto":
            if l1 > 0:
                return "cd" if device == "cpu" and n <= p else "fista"
            return "lstsq" if l2 == 0 else "cholesky"
        if self.solver == "cd" and device != "cpu":
            raise ValueError(
                f"solver='cd' (scikit-learn's coordinate descent) runs on the CPU only; the "
                f"device resolved to {device!r}: use solver='fista' or 'auto' there"
            )
        if self.solver == "cd" and l1 == 0:
            raise ValueError(
                "solver='cd' (scikit-learn's coordinate descent) needs a penalty with an L1 "
                f"part (alpha > 0, and l1_ratio > 0 for 'elasticnet'); got "
                f"penalty={self.penalty!r}, alpha={self.alpha!r}, l1_ratio={self.l1_ratio!r}"
            )
        if self.solver == "fista" and l1 == 0 and l2 == 0:
            raise ValueError(
                f"solver='fista' needs a penalty (alpha > 0); penalty={self.penalty!r} with "
                f"alpha={self.alpha!r} is ordinary least squares, solved exactly by "
                "solver='lstsq' or 'auto' (FISTA's duality-gap stop is undefined without a "
                "penalty)"
            )
        if self.solver == "lstsq" and (l1 > 0 or l2 > 0):
            raise ValueError(
                f"solver='lstsq' solves penalty='none' only; penalty={self.penalty!r} with "
                f"alpha={self.alpha!r} needs solver 'cholesky', 'fista' or 'auto'"
            )
        if self.solver == "cholesky" and l1 > 0:
            raise ValueError(
                f"solver='cholesky' solves penalties without an L1 part (penalty 'none', "
                f"'l2', or 'elasticnet' with l1_ratio=0); penalty={self.penalty!r} with "
                f"l1_ratio={self.l1_ratio!r} needs solver='fista' or 'auto'"
            )
        return self.solver

    # -- fit / predict ------------------------------------------------------------------
    def fit(self, X, y) -> LinearSPR:
        """Fit W and b.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_bins)
            RDF vectors (g(r), G(r) or R(r) of each structure on one r grid).
        y : array-like of shape (n_samples, n_out) or (n_samples,)
            Spectra on one frequency grid.

        Returns
        -------
        self
        """
        self._check_params()
        X, y = validate_data(
            self, X, y, multi_output=True, y_numeric=True, dtype=[np.float64, np.float32]
        )
        self.__dict__.pop("net_", None)  # a refit with another solver leaves no stale net
        device = resolve_device(self.device)
        dtype = _DTYPES[self.dtype]
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        n = X.shape[0]
        l1, l2 = self._penalty_weights(n)
        self.solver_ = self._resolve_solver(l1, l2, n, X.shape[1], device)
        _check_no_overflow(X, Y, dtype)
        try:
            Wt, m = self._solve(X, Y, n, l1, l2, device, dtype)
        except torch.linalg.LinAlgError as exc:
            raise ValueError(
                f"LinearSPR (solver {self.solver_!r}) could not solve the normal equations: "
                f"{exc}. Rescale X (or set standardize=True) or add an L2 penalty"
            ) from None
        coef = (Wt / m.x_scale[:, None]).T
        intercept = m.y_mean - coef @ m.x_mean
        coef = coef.cpu().numpy().astype(np.float64)
        intercept = intercept.cpu().numpy().astype(np.float64)
        if y.ndim == 1:
            self.coef_, self.intercept_ = coef[0], float(intercept[0])
        else:
            self.coef_, self.intercept_ = coef, intercept
        return self

    def _solve(self, X, Y, n, l1, l2, device, dtype):
        with torch_threads(self.n_threads):
            m = _Moments(
                X,
                Y,
                device=device,
                dtype=dtype,
                fit_intercept=self.fit_intercept,
                standardize=self.standardize,
                need_yy=self.solver_ == "fista",
            )
            if self.solver_ == "lstsq":
                Wt = m.lstsq()
            elif self.solver_ == "cholesky":
                Wt = _solve_normal(m.xx, m.xy, n * l2)
            elif self.solver_ == "cd":
                group = self.l1_type == "group"
                Wt, self.n_iter_, self.dual_gap_ = m.coordinate_descent(
                    l1, l2, group, float(self.tol), int(self.max_iter)
                )
            m.release()
            if self.solver_ in ("lstsq", "cholesky"):
                self.n_iter_ = 1
                self.dual_gap_ = math.nan
        if self.solver_ == "fista":
            Wt = self._fista(m, l1, l2, device, dtype)
        return Wt, m

    def _fista(self, m: _Moments, l1: float, l2: float, device: str, dtype) -> torch.Tensor:
        n, p, q = m.n, m.xx.shape[0], m.xy.shape[1]
        group = self.l1_type == "group"
        with torch_threads(self.n_threads):
            evals, V = torch.linalg.eigh(m.xx)
        lam_max = float(evals[-1]) if p else 0.0
        if not lam_max > 0:  # every RDF bin constant: W = 0
            self.n_iter_, self.dual_gap_ = 0, 0.0
            return torch.zeros(p, q, device=device, dtype=dtype)
        keep = evals > lam_max * p * torch.finfo(dtype).eps
        root = evals[keep].sqrt()
        Vk = V[:, keep]
        # ‖Yc − Xc Wᵀ‖² / (2n) = ‖B − A Wᵀ‖² + const with these k "samples" (sum reduction)
        A = (root[:, None] * Vk.T) / math.sqrt(2 * n)
        B = (Vk.T @ m.xy) / root[:, None] / math.sqrt(2 * n)
        gap_stop = _DualGapStop(m, n * l1, n * l2, group, float(self.tol) * float(m.yy.sum()))
        net = make_net(
            _LinearMap,
            module__n_in=p,
            module__n_out=q,
            module__dtype=dtype,
            criterion=torch.nn.MSELoss,
            criterion__reduction="sum",
            max_epochs=math.ceil(self.max_iter / _STEPS_PER_EPOCH),
            lr=n / lam_max,  # 1/L, L = λ_max(XcᵀXc)/n the Lipschitz constant of the gradient
            optimizer=ProximalGradient,
            optimizer__prox=ElasticNetProx(l1, l2, group_dim=0 if group else None),
            optimizer__n_steps=_STEPS_PER_EPOCH,
            device=device,
            callbacks=[("dual_gap", gap_stop)],
        )
        fit_net(net, A, B, random_state=0, n_threads=self.n_threads, dtype=dtype)
        gap_stop = dict(net.callbacks_)["dual_gap"]
        self.net_ = net
        self.n_iter_ = len(net.history) * _STEPS_PER_EPOCH
        self.dual_gap_ = gap_stop.gap_ / n
        if not gap_stop.converged_:
            warnings.warn(
                f"FISTA did not converge in max_iter={self.max_iter} iterations: duality gap "
                f"{gap_stop.gap_:.3e} > tolerance {gap_stop.tol_abs:.3e}; increase max_iter "
                "or tol, or standardize the RDF bins",
                ConvergenceWarning,
                stacklevel=3,
            )
        return net.module_.weight.detach().T

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
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return np.asarray(X, dtype=np.float64) @ self.coef_.T + self.intercept_
