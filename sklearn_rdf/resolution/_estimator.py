"""G(r) beyond the Fourier limit: a Gaussian-shell fit of the truncated F(q) (PFIT style)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from .._validation import check_density, check_positive_int, check_positive_real, validate_r
from ..physics import as_structure_factor, gaussian_shells_g, sine_transform_F_to_G
from ..physics.quantities import g_to_G
from ..physics.shell_fit import fit_gaussian_shells, gaussian_shells_F

__all__ = ["ShellRDFRegressor"]

_PREDICTIONS = ("hybrid", "shells")


class ShellRDFRegressor(RegressorMixin, BaseEstimator):
    """Reduced PDF G(r) from a truncated F(q), with the truncation undone by Gaussian shells.

    The model fits Gaussian coordination shells (r_k, N_k, σ_k) to the measured
    F(q) = q(S(q) − 1) up to its q_max, under what physics knows: no atom closer than the core
    radius (the transformed curve must follow G(r) = −4πρr there), N_k ≥ 0, widths and
    positions within bounds, ρ given or fitted from that low-r line
    (:func:`sklearn_rdf.physics.fit_gaussian_shells`). The prediction is the *hybrid* curve:
    the data up to q_max, the shells' F(q) from q_max to ``q_extend``, transformed like a
    full-range measurement — no termination ripples from q_max and peaks narrower than the
    Fourier limit 2π/q_max. Like the Fourier transform it reads nothing from the target by
    default: ``fit(X, y)`` validates y and ignores it unless ``fit_scale=True``.

    X is r in Å (shape (n, 1); 1-D accepted), r ≥ 0; y is the target G(r) (Å⁻²).

    Parameters
    ----------
    structure_factor : (q, F) pair of arrays or Curve
        F(q) = q(S(q) − 1) in Å⁻¹ on q in Å⁻¹ (a Curve of S(q) is converted).
    q_max : float, optional
        Use the data up to this q (Å⁻¹); default: all of it.
    q_extend : float, default=40.0
        The shells continue F(q) up to this q (Å⁻¹). Set it to the q_max of the measurement
        you want to emulate (a benchmark's full-range truth), or high for the shells' own
        resolution.
    rho : float, optional
        Number density (atoms/Å³); fitted from the low-r line when None.
    n_shells : int or "auto", default="auto"
        Number of shells; "auto" tries 1 … ``max_shells`` and keeps the one whose shells
        best extrapolate F(q) from the lower 80 % of the q range to the top 20 %.
    max_shells : int, default=4
        Most shells "auto" tries.
    q_fit_min : float, default=1.0
        Data below this q (Å⁻¹) are not fitted by the shells.
    low_r_weight : float or "auto", default="auto"
        Weight of the low-r line against the F(q) residual. "auto": 10, unless the noise of
        F(q) would move G(r) below the core as much as the termination ripples that the line
        reads the tail from (:func:`sklearn_rdf.physics.low_r_noise_ratio` ≥ 0.3, as on
        small-box simulations); then the line is left out (and a fitted ρ stays at the slope
        of the data's transform below the core).
    core_fraction : float, default=0.8
        The low-r line holds below ``core_fraction`` × the first peak position; in (0, 1).
    sigma_bounds : (float, float), default=(0.02, 0.5)
        Allowed shell widths σ (Å).
    shell_range : (float, float), default=(0.5, 6.0)
        r range (Å) where shells are seeded; a range with no peak is a ValueError.
    prediction : {"hybrid", "shells"}, default="hybrid"
        "hybrid" as above; "shells": the G(r) of the Gaussian-shell model itself
        (:func:`sklearn_rdf.physics.gaussian_shells_g`, continuum after the last shell).
    seeding : {"peaks", "residual"}, default="peaks"
        How shells are seeded: one at a time where the unexplained F(q) transforms to its
        highest peak, or all at once at the peaks of the transformed data.
    fit_scale : bool, default=False
        Fit a scale and offset of the prediction to (X, y) by least squares (uses the target).
    shell_seeds : array-like of float, optional
        Shell positions (Å) known beforehand, e.g. bond lengths of the crystal of the same
        composition: they seed shells beside the peaks of the transformed data (replacing
        those within 0.25 Å), so shells that merge into one peak of the cut data can be
        found. Must lie in ``shell_range``; needs ``seeding="peaks"``.

    Attributes
    ----------
    shells_ : ndarray of shape (n_shells, 3)
        (r_k [Å], N_k, σ_k [Å]) per shell, by r. N_k is the shell's area in R(r) of the
        data's weighting (weighted coordination number) as the fit of F(q) beyond the data
        needs it; on real data it can be far from the true N (liquid Ar: 5.9 against 11.6),
        so take N from the area of the predicted R(r) (docs/resolution.md).
    shell_errors_ : ndarray of shape (n_shells, 3)
        One-standard-deviation uncertainties of ``shells_``.
    shell_table_ : pandas.DataFrame
        Columns R, R_err (Å), N, N_err, sigma, sigma_err (Å): the shell table.
    rho_, rho_error_ : float
        Number density (atoms/Å³) used or fitted, and its uncertainty (0 when given, NaN
        when the low-r line was left out and ρ kept at its start).
    r_core_ : float
        Below this r (Å) the low-r line was imposed.
    low_r_weight_ : float
        The weight of the low-r line used ("auto" resolved; 10⁻⁶: left out).
    noise_ratio_ : float
        :func:`sklearn_rdf.physics.low_r_noise_ratio` of the data (what "auto" reads).
    n_shells_ : int
        Shells kept.
    selection_ : list of dict
        The choice of the number of shells: extrapolation error per trial.
    q_, F_ : ndarray
        The data used (q ≤ q_max).
    scale_, offset_ : float
        1 and 0 unless ``fit_scale``.
    params_ : dict
        Flat view of the fitted numbers (r1, N1, sigma1, ..., rho).
    n_parameters_ : int
        Fitted numbers: 3 per shell, +1 for a fitted ρ, +2 with ``fit_scale``.
    n_features_in_ : int
        Always 1.

    Examples
    --------
    A glass of two Gaussian shells (Si–O-like at 1.6 Å, O–O-like at 2.6 Å), its F(q) cut at
    7.9 Å⁻¹:

    >>> import numpy as np
    >>> from sklearn_rdf.physics import g_to_G, gaussian_shells_g, sine_transform_G_to_F
    >>> from sklearn_rdf.resolution import ShellRDFRegressor
    >>> rr, rho = np.arange(0.005, 30, 0.005), 0.066
    >>> shells = [(1.6, 4.0, 0.05), (2.6, 6.0, 0.09)]
    >>> g = gaussian_shells_g(rr, shells, rho, continuum_start=3.2, continuum_width=0.4)
    >>> q = np.arange(0.05, 7.9, 0.02)
    >>> F = sine_transform_G_to_F(rr, g_to_G(rr, g, rho), q)
    >>> r = np.linspace(1.5, 8, 59).reshape(-1, 1)
    >>> est = ShellRDFRegressor(structure_factor=(q, F), rho=rho).fit(r, np.zeros(59))
    >>> est.n_shells_, est.shells_[:, 0].round(1)
    (2, array([1.6, 2.6]))
    """

    def __init__(
        self,
        structure_factor=None,
        *,
        q_max: float | None = None,
        q_extend: float = 40.0,
        rho: float | None = None,
        n_shells: int | str = "auto",
        max_shells: int = 4,
        q_fit_min: float = 1.0,
        low_r_weight: float | str = "auto",
        core_fraction: float = 0.8,
        sigma_bounds: tuple[float, float] = (0.02, 0.5),
        shell_range: tuple[float, float] = (0.5, 6.0),
        prediction: str = "hybrid",
        seeding: str = "peaks",
        fit_scale: bool = False,
        shell_seeds=None,
    ):
        self.structure_factor = structure_factor
        self.q_max = q_max
        self.q_extend = q_extend
        self.rho = rho
        self.n_shells = n_shells
        self.max_shells = max_shells
        self.q_fit_min = q_fit_min
        self.low_r_weight = low_r_weight
        self.core_fraction = core_fraction
        self.sigma_bounds = sigma_bounds
        self.shell_range = shell_range
        self.prediction = prediction
        self.seeding = seeding
        self.fit_scale = fit_scale
        self.shell_seeds = shell_seeds

    def _check_params(self):
        if self.structure_factor is None:
            raise ValueError("ShellRDFRegressor needs structure_factor=(q, F)")
        if self.prediction not in _PREDICTIONS:
            raise ValueError(f"prediction must be one of {_PREDICTIONS}, got {self.prediction!r}")
        if self.rho is not None:
            check_density(self.rho)
        if self.n_shells != "auto":
            check_positive_int(self.n_shells, "n_shells")
        check_positive_int(self.max_shells, "max_shells")
        check_positive_real(self.q_extend, "q_extend")
        if not (isinstance(self.low_r_weight, str) and self.low_r_weight == "auto"):
            check_positive_real(self.low_r_weight, "low_r_weight")
        check_positive_real(self.core_fraction, "core_fraction")
        lo, hi = (float(v) for v in self.sigma_bounds)
        if not 0 < lo < hi:
            raise ValueError(
                f"sigma_bounds must be (lo, hi) with 0 < lo < hi, got {self.sigma_bounds}"
            )
        lo, hi = (float(v) for v in self.shell_range)
        if not 0 <= lo < hi:
            raise ValueError(
                f"shell_range must be (lo, hi) with 0 <= lo < hi Å, got {self.shell_range}"
            )

    def fit(self, X, y):
        """Fit the shells to F(q); y is validated and used only with ``fit_scale``.

        Parameters
        ----------
        X : array-like of shape (n, 1) or (n,)
            Distances r (Å), ≥ 0.
        y : array-like of shape (n,)
            Target G(r) (Å⁻²); read only when ``fit_scale=True``.

        Returns
        -------
        self : ShellRDFRegressor
            The fitted estimator.
        """
        r, y = validate_r(self, X, y, reset=True)
        self._check_params()
        q, F = as_structure_factor(self.structure_factor)
        if self.q_max is not None:
            q_max = check_positive_real(self.q_max, "q_max")
            keep = q <= q_max
            if np.count_nonzero(keep) < 10:
                raise ValueError(f"fewer than 10 q points lie below q_max = {q_max} Å⁻¹")
            q, F = q[keep], F[keep]
        if self.q_extend < q[-1]:
            raise ValueError(
                f"q_extend = {self.q_extend} Å⁻¹ lies below the data's q_max = {q[-1]:.4g} Å⁻¹"
            )
        result = fit_gaussian_shells(
            q,
            F,
            rho=self.rho,
            q_extend=float(self.q_extend),
            n_shells=self.n_shells,
            max_shells=self.max_shells,
            q_fit_min=float(self.q_fit_min),
            core_fraction=float(self.core_fraction),
            low_r_weight=self.low_r_weight,
            sigma_bounds=tuple(float(v) for v in self.sigma_bounds),
            shell_range=tuple(float(v) for v in self.shell_range),
            seeding=self.seeding,
            prior_seeds=self.shell_seeds,
        )
        self.q_, self.F_ = q, F
        self.shells_ = result.shells
        self.shell_errors_ = result.errors
        self.rho_, self.rho_error_ = result.rho, result.rho_error
        self.r_core_ = result.r_core
        self.n_shells_ = int(result.shells.shape[0])
        self.selection_ = result.selection
        self.low_r_weight_, self.noise_ratio_ = result.low_r_weight, result.noise_ratio
        self._refine(q, F, result)
        self.scale_, self.offset_ = 1.0, 0.0
        if self.fit_scale:
            G = self._model(r)
            A = np.column_stack([G, np.ones_like(G)])
            self.scale_, self.offset_ = (float(c) for c in np.linalg.lstsq(A, y, rcond=None)[0])
        self.params_ = {}
        for k, (rk, nk, sk) in enumerate(self.shells_, start=1):
            self.params_.update({f"r{k}": float(rk), f"N{k}": float(nk), f"sigma{k}": float(sk)})
        self.params_["rho"] = self.rho_
        extra = self._extra_params()
        self.params_.update(extra)
        rho_fitted = self.rho is None and not np.isnan(self.rho_error_)  # NaN: kept at start
        self.n_parameters_ = (
            3 * self.n_shells_ + rho_fitted + 2 * bool(self.fit_scale) + len(extra)
        )
        return self

    def _refine(self, q, F, result):
        """Hook for subclasses: refine the fitted shells (``result``: the ShellFit)."""

    def _extra_params(self) -> dict:
        """Fitted numbers a subclass adds to ``params_`` (and to ``n_parameters_``)."""
        return {}

    def _tail_F(self, q_tail):
        """F(q) (Å⁻¹) continuing the data beyond q_max: the shells' F."""
        return gaussian_shells_F(q_tail, self.shells_)

    @property
    def shell_table_(self):
        """The shell table: R, R_err (Å), N, N_err, sigma, sigma_err (Å), one row per shell.

        Returns
        -------
        pandas.DataFrame
            Indexed by shell number (1 = smallest R); errors are one standard deviation
            from the Jacobian at the solution (statistical only).
        """
        import pandas as pd

        check_is_fitted(self)
        s, e = self.shells_, self.shell_errors_
        return pd.DataFrame(
            {
                "R": s[:, 0],
                "R_err": e[:, 0],
                "N": s[:, 1],
                "N_err": e[:, 1],
                "sigma": s[:, 2],
                "sigma_err": e[:, 2],
            },
            index=pd.RangeIndex(1, s.shape[0] + 1, name="shell"),
        )

    def extended_structure_factor(self, dq: float = 0.02):
        """The data up to q_max continued by the fitted tail F(q) up to ``q_extend``.

        Parameters
        ----------
        dq : float, default=0.02
            Step (Å⁻¹) of the continuation.

        Returns
        -------
        q, F : ndarray
            q (Å⁻¹) and F(q) = q(S(q) − 1) (Å⁻¹).
        """
        check_is_fitted(self)
        dq = check_positive_real(dq, "dq")
        q_tail = np.arange(self.q_[-1] + dq, self.q_extend + dq / 2, dq)
        q = np.concatenate([self.q_, q_tail])
        F = np.concatenate([self.F_, self._tail_F(q_tail)])
        return q, F

    def _model(self, r):
        if self.prediction == "shells":
            g = gaussian_shells_g(r, self.shells_, self.rho_)
            return g_to_G(r, g, self.rho_)
        q, F = self.extended_structure_factor()
        return sine_transform_F_to_G(q, F, r)

    def predict(self, X):
        """Ĝ(r) (Å⁻²) at X.

        Parameters
        ----------
        X : array-like of shape (n, 1) or (n,)
            Distances r (Å).

        Returns
        -------
        ndarray of shape (n,)
            Predicted G(r) (Å⁻²): the hybrid curve, or the shells' own G with
            ``prediction="shells"``, times ``scale_`` plus ``offset_``.
        """
        check_is_fitted(self)
        r = validate_r(self, X, reset=False)
        return self.scale_ * self._model(r) + self.offset_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags
