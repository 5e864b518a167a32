"""G(r) beyond the Fourier limit by the WT-RDF kernel with learned extra terms (issue 13)."""

from __future__ import annotations

import numpy as np

from ..physics.shell_fit import gaussian_shells_F
from ..physics.wavelet import WT_RDF_PARAMS, check_kernel_options
from ..physics.wavelet_tail import fit_wavelet_tail
from ._estimator import ShellRDFRegressor

__all__ = ["WaveletTailRDFRegressor"]


class WaveletTailRDFRegressor(ShellRDFRegressor):
    """Reduced PDF G(r) from a truncated F(q): the WT-RDF kernel with learned extra terms.

    The third route of issue 13. The F(q) missing beyond the data's q_max is modelled as
    Gaussian shells (the learned extra terms, as in :class:`ShellRDFRegressor`) plus the two
    terms of the WT-RDF prediction of the data, c_J ∫F J_p((qr − b)/a) dq and
    c_Φ ∫F Φ((qr − b)/a) dq, taken to q space (their content at q ≤ q_max, which contradicts
    the data, is replaced by the data's own transform; see
    :mod:`sklearn_rdf.physics.wavelet_tail`). The shells start from the
    :class:`ShellRDFRegressor` fit (same number of shells, same selection from F alone) and are
    refitted jointly with (c_J, c_Φ) to the truncated F(q) alone, under the low-r line
    (G(r) = −4πρr inside the atomic core), g(r) ≥ 0 (a one-sided penalty) and a ridge on the
    kernel coefficients. The prediction is, as for the shells, the data up to q_max and the
    fitted tail up to ``q_extend``, transformed like a full-range measurement. Like the Fourier
    transform it reads nothing from the target by default.

    X is r in Å (shape (n, 1); 1-D accepted), r ≥ 0; y is the target G(r) (Å⁻²).

    Parameters
    ----------
    structure_factor : (q, F) pair of arrays or Curve
        F(q) = q(S(q) − 1) in Å⁻¹ on q in Å⁻¹ (a Curve of S(q) is converted).
    q_max : float, optional
        Use the data up to this q (Å⁻¹); default: all of it.
    q_extend : float, default=40.0
        The fitted tail continues F(q) up to this q (Å⁻¹).
    rho : float, optional
        Number density (atoms/Å³); fitted from the low-r line when None.
    n_shells : int or "auto", default="auto"
        Number of shells (see :class:`ShellRDFRegressor`).
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
        "hybrid": data + fitted tail, transformed; "shells": the shells' analytic G(r)
        (the kernel terms are then left out).
    seeding : {"peaks", "residual"}, default="peaks"
        How the starting shells are seeded (see :class:`ShellRDFRegressor`).
    fit_scale : bool, default=False
        Fit a scale and offset of the prediction to (X, y) by least squares (uses the target).
    shell_seeds : array-like of float, optional
        Shell positions (Å) known beforehand, e.g. bond lengths of the crystal of the same
        composition: they seed shells beside the peaks of the transformed data (replacing
        those within 0.25 Å), so shells that merge into one peak of the cut data can be
        found. Must lie in ``shell_range``; needs ``seeding="peaks"``.
    kernel_params : dict, optional
        (a, b) of the kernel argument (q r − b)/a; default the WT-RDF paper's
        a = 0.59, b = 4.6.
    p : int, default=0
        Bessel order of the kernel (even).
    form : {"eq4", "eq13"}, default="eq4"
        J_p(x) (the paper's Eq. 4) or J_p(2x) (its Eq. 13).
    coef_bounds : (float, float), default=(-10.0, 10.0)
        Bounds of each kernel coefficient (c_J is the paper's Λ, c_Φ its Λ K_f; the paper's
        values are Λ = −4.7, Λ K_f = −0.50).
    kernel_penalty : float, default=1.0
        Ridge weight on (c_J, c_Φ); 0 leaves them free.
    nonneg_weight : float, default=1.0
        Weight of the g(r) ≥ 0 penalty on [0.05, 10] Å; 0 switches it off.

    Attributes
    ----------
    kernel_coef_ : ndarray of shape (2,)
        The fitted (c_J, c_Φ).
    kernel_coef_errors_ : ndarray of shape (2,)
        Their one-standard-deviation uncertainties (statistical, from the Jacobian).
    kernel_q_, kernel_basis_ : ndarray of shape (n_tail,) and (n_tail, 2)
        The tail's q grid (Å⁻¹, from q_max to ``q_extend``) and the kernel terms W_J, W_Φ
        there (:func:`sklearn_rdf.physics.wavelet_tail_basis`).
    start_shells_ : ndarray of shape (n_shells, 3)
        The :class:`ShellRDFRegressor` shells the joint fit started from.
    shells_, shell_errors_, shell_table_, rho_, rho_error_, r_core_, n_shells_, selection_
        As in :class:`ShellRDFRegressor`, after the joint refit.
    q_, F_ : ndarray
        The data used (q ≤ q_max).
    scale_, offset_ : float
        1 and 0 unless ``fit_scale``.
    params_ : dict
        Flat view of the fitted numbers (r1, N1, sigma1, ..., rho, c_J, c_Phi).
    n_parameters_ : int
        Fitted numbers: those of :class:`ShellRDFRegressor` plus 2.
    n_features_in_ : int
        Always 1.

    See Also
    --------
    ShellRDFRegressor : the same without the kernel terms and the g ≥ 0 penalty.
    sklearn_rdf.wavelet.WaveletRDFRegressor : WT-RDF / WT-RDF+ fitted to target points.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import g_to_G, gaussian_shells_g, sine_transform_G_to_F
    >>> from sklearn_rdf.resolution import WaveletTailRDFRegressor
    >>> rr, rho = np.arange(0.005, 30, 0.005), 0.066
    >>> g = gaussian_shells_g(rr, [(1.6, 4.0, 0.05), (2.6, 6.0, 0.09)], rho,
    ...                       continuum_start=3.2, continuum_width=0.4)
    >>> q = np.arange(0.05, 7.9, 0.02)
    >>> F = sine_transform_G_to_F(rr, g_to_G(rr, g, rho), q)
    >>> r = np.linspace(1.5, 8, 59).reshape(-1, 1)
    >>> est = WaveletTailRDFRegressor(structure_factor=(q, F), rho=rho).fit(r, np.zeros(59))
    >>> est.shells_[:, 0].round(1), est.kernel_coef_.shape
    (array([1.6, 2.6]), (2,))
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
        kernel_params: dict | None = None,
        p: int = 0,
        form: str = "eq4",
        coef_bounds: tuple[float, float] = (-10.0, 10.0),
        kernel_penalty: float = 1.0,
        nonneg_weight: float = 1.0,
    ):
        super().__init__(
            structure_factor,
            q_max=q_max,
            q_extend=q_extend,
            rho=rho,
            n_shells=n_shells,
            max_shells=max_shells,
            q_fit_min=q_fit_min,
            low_r_weight=low_r_weight,
            core_fraction=core_fraction,
            sigma_bounds=sigma_bounds,
            shell_range=shell_range,
            prediction=prediction,
            seeding=seeding,
            fit_scale=fit_scale,
            shell_seeds=shell_seeds,
        )
        self.kernel_params = kernel_params
        self.p = p
        self.form = form
        self.coef_bounds = coef_bounds
        self.kernel_penalty = kernel_penalty
        self.nonneg_weight = nonneg_weight

    def _kernel(self) -> dict:
        params = {"a": WT_RDF_PARAMS["a"], "b": WT_RDF_PARAMS["b"]}
        if self.kernel_params is not None:
            unknown = set(self.kernel_params) - set(params)
            if unknown:
                raise ValueError(f"kernel_params takes 'a' and 'b' only, got {sorted(unknown)}")
            params.update({k: float(v) for k, v in self.kernel_params.items()})
        return {**params, "p": self.p, "form": self.form}

    def _check_params(self):
        super()._check_params()
        for name in ("kernel_penalty", "nonneg_weight"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        lo, hi = (float(v) for v in self.coef_bounds)
        if not lo < hi:
            raise ValueError(f"coef_bounds must be (lo, hi) with lo < hi, got {self.coef_bounds}")
        kernel = self._kernel()
        check_kernel_options(kernel["p"], None, kernel["form"])
        if not np.isfinite(kernel["a"]) or kernel["a"] == 0:
            raise ValueError(
                f"a (wavelet dilation) must be finite and non-zero, got {kernel['a']}"
            )

    def _refine(self, q, F, result):
        kernel = self._kernel()
        fit = fit_wavelet_tail(
            q,
            F,
            result,
            q_extend=float(self.q_extend),
            q_fit_min=float(self.q_fit_min),
            low_r_weight=result.low_r_weight,
            nonneg_weight=float(self.nonneg_weight),
            kernel_penalty=float(self.kernel_penalty),
            coef_bounds=tuple(float(v) for v in self.coef_bounds),
            sigma_bounds=tuple(float(v) for v in self.sigma_bounds),
            kernel=kernel,
        )
        self.start_shells_ = result.shells
        self.shells_, self.shell_errors_ = fit.shells, fit.shell_errors
        self.kernel_coef_, self.kernel_coef_errors_ = fit.coef, fit.coef_errors
        self.kernel_q_, self.kernel_basis_ = fit.q_tail, fit.basis

    def _extra_params(self) -> dict:
        return dict(zip(("c_J", "c_Phi"), map(float, self.kernel_coef_), strict=True))

    def _tail_F(self, q_tail):
        basis = np.column_stack(
            [np.interp(q_tail, self.kernel_q_, column) for column in self.kernel_basis_.T]
        )
        return gaussian_shells_F(q_tail, self.shells_) + basis @ self.kernel_coef_
