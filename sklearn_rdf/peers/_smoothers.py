"""Generic smoothers of r → G(r) as peers: a smoothing spline and a Gaussian process."""

from __future__ import annotations

import numbers

import numpy as np
from scipy.interpolate import make_smoothing_spline
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel
from sklearn.utils.validation import check_is_fitted

from .._validation import validate_r

__all__ = ["SmoothingSplineRegressor", "make_gaussian_process"]

_MIN_POINTS = 5
_SPAN = 100.0


class SmoothingSplineRegressor(RegressorMixin, BaseEstimator):
    """Cubic smoothing spline of a curve y(r) (:func:`scipy.interpolate.make_smoothing_spline`).

    A purely data-driven peer with no physics: it smooths the training points and interpolates
    between them (and extrapolates beyond them with the end polynomials). X is r (one column;
    1-D accepted), y one curve.

    Parameters
    ----------
    lam : float or None, default=None
        Smoothing parameter λ ≥ 0 of the penalised least squares Σ(y − f)² + λ∫f''(r)² dr with
        r in Å (0: interpolation). None picks it by generalised cross-validation (GCV). scipy's
        GCV search is bounded to λ ∈ (0, n) and resolves λ only to ~1e-5, far coarser than the
        λ ≈ 1e-6 Å³ a sharp RDF peak needs; so r is mapped to a span of 100 before the spline
        is built (the penalty scales as span³, and λ given here is converted accordingly).

    Attributes
    ----------
    spline_ : scipy.interpolate.BSpline
        The fitted spline, of r · ``r_scale_``.
    r_scale_ : float
        The factor mapping r onto a span of 100.
    n_parameters_ : int
        Number of B-spline coefficients.
    n_features_in_ : int
        Always 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.peers import SmoothingSplineRegressor
    >>> r = np.linspace(1.5, 7.3, 59).reshape(-1, 1)
    >>> est = SmoothingSplineRegressor(lam=0.0).fit(r, np.sin(r[:, 0]))
    >>> bool(np.allclose(est.predict(r), np.sin(r[:, 0])))
    True
    """

    def __init__(self, lam: float | None = None):
        self.lam = lam

    def fit(self, X, y):
        """Fit the spline through (r, y), ordering the points by r."""
        r, y = validate_r(self, X, y, reset=True)
        lam_ok = self.lam is None or (
            isinstance(self.lam, numbers.Real)
            and not isinstance(self.lam, bool)
            and np.isfinite(self.lam)
            and self.lam >= 0
        )
        if not lam_ok:
            raise ValueError(f"lam must be None or a finite number >= 0, got {self.lam!r}")
        order = np.argsort(r, kind="stable")
        r_sorted, y_sorted = r[order], y[order]
        if np.any(np.diff(r_sorted) == 0):
            raise ValueError("X (r) contains duplicate values: a spline needs distinct r")
        if r.size < _MIN_POINTS:
            raise ValueError(
                f"a smoothing spline needs at least {_MIN_POINTS} points, got n_samples = {r.size}"
            )
        span = float(r_sorted[-1] - r_sorted[0])
        self.r_scale_ = _SPAN / span
        lam = None if self.lam is None else float(self.lam) * self.r_scale_**3
        self.spline_ = make_smoothing_spline(r_sorted * self.r_scale_, y_sorted, lam=lam)
        self.n_parameters_ = int(self.spline_.c.size)
        return self

    def predict(self, X):
        """The spline at r = X."""
        check_is_fitted(self)
        r = validate_r(self, X, reset=False)
        return np.asarray(self.spline_(r * self.r_scale_), dtype=np.float64)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags


def make_gaussian_process(random_state=0, length_scale: float = 0.3) -> GaussianProcessRegressor:
    """A scikit-learn Gaussian process for r → G(r): C · RBF(ℓ) + white noise, y normalised.

    ``length_scale`` (Å) is the initial ℓ (bounds 0.02–10 Å); the marginal likelihood is
    maximised with 3 restarts seeded by ``random_state``.
    """
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * RBF(length_scale, (0.02, 10.0)) + WhiteKernel(
        1e-3, (1e-8, 1.0)
    )
    return GaussianProcessRegressor(
        kernel=kernel, normalize_y=True, n_restarts_optimizer=3, random_state=random_state
    )
