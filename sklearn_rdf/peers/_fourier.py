"""The standard analysis as an estimator: G(r) from the sine transform of F(q), scaled."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from .._validation import validate_r
from ..physics import as_structure_factor, sine_transform_F_to_G

__all__ = ["FourierRDFRegressor"]


class FourierRDFRegressor(RegressorMixin, BaseEstimator):
    """Reduced PDF G(r) by the Fourier (sine) transform of F(q), with a fitted scale and offset.

    The analysis the WT-RDF model claims to improve on (Eq. 2 of the WT-RDF+ paper):

        Ĝ(r) = s · (2/π) ∫_{q_min}^{q_max} F(q) M(q) sin(q r) dq + c,

    computed from the same (truncated) structure factor the wavelet model sees. Only the scale s
    and the offset c are fitted (ordinary least squares on the training points), which absorbs
    an unknown normalisation of F(q) or of the target curve. With ``window="lorch"`` the Lorch
    function damps the truncation ripples.

    X is r in Å (shape (n, 1); 1-D accepted), r ≥ 0; y is the target G(r) (Å⁻², or any curve
    proportional to it up to an offset).

    Parameters
    ----------
    structure_factor : (q, F) pair of arrays or Curve
        F(q) = q(S(q) − 1) in Å⁻¹ on q in Å⁻¹ (a Curve of S(q) is converted).
    q_min, q_max : float, optional
        Integration limits in Å⁻¹ (default: the whole grid).
    window : {"lorch"} or None, default=None
        Modification function applied before the transform.
    fit_scale : bool, default=True
        Fit s; if False, s = 1.
    fit_offset : bool, default=True
        Fit c; if False, c = 0.

    Attributes
    ----------
    scale_ : float
        The fitted s.
    offset_ : float
        The fitted c (Å⁻²).
    params_ : dict
        ``{"scale": scale_, "offset": offset_}``.
    n_parameters_ : int
        Number of fitted numbers (2 with both on).
    q_, F_ : ndarray
        The validated structure factor of the fit, used by ``predict`` by default.
    n_features_in_ : int
        Always 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.peers import FourierRDFRegressor
    >>> q = np.linspace(0.3, 7.9, 400)
    >>> F = np.sin(2.4 * q) * np.exp(-0.005 * q**2)
    >>> r = np.linspace(1.5, 7.3, 59).reshape(-1, 1)
    >>> est = FourierRDFRegressor(structure_factor=(q, F)).fit(r, np.ones(59))
    >>> round(est.offset_, 6), round(est.scale_, 6)
    (1.0, 0.0)
    """

    def __init__(
        self,
        structure_factor=None,
        *,
        q_min: float | None = None,
        q_max: float | None = None,
        window: str | None = None,
        fit_scale: bool = True,
        fit_offset: bool = True,
    ):
        self.structure_factor = structure_factor
        self.q_min = q_min
        self.q_max = q_max
        self.window = window
        self.fit_scale = fit_scale
        self.fit_offset = fit_offset

    def _transform(self, r, q, F):
        return sine_transform_F_to_G(
            q, F, r, q_min=self.q_min, q_max=self.q_max, window=self.window
        )

    def fit(self, X, y):
        """Fit the scale and offset of the transformed F(q) to the target G(r)."""
        r, y = validate_r(self, X, y, reset=True)
        self.q_, self.F_ = as_structure_factor(self.structure_factor)
        G_ft = self._transform(r, self.q_, self.F_)
        columns = [
            c for c, on in ((G_ft, self.fit_scale), (np.ones_like(G_ft), self.fit_offset)) if on
        ]
        target = y - (0.0 if self.fit_scale else G_ft)
        coef = np.linalg.lstsq(np.column_stack(columns), target, rcond=None)[0] if columns else []
        coef = list(coef)
        self.scale_ = float(coef.pop(0)) if self.fit_scale else 1.0
        self.offset_ = float(coef.pop(0)) if self.fit_offset else 0.0
        self.params_ = {"scale": self.scale_, "offset": self.offset_}
        self.n_parameters_ = int(self.fit_scale) + int(self.fit_offset)
        return self

    def predict(self, X, structure_factor=None):
        """Ĝ(r) at X; ``structure_factor`` predicts another material's curve (cross-material)."""
        check_is_fitted(self)
        r = validate_r(self, X, reset=False)
        if structure_factor is None:
            q, F = self.q_, self.F_
        else:
            q, F = as_structure_factor(structure_factor)
        return self.scale_ * self._transform(r, q, F) + self.offset_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags
