"""Honest peers of the WT-RDF model: the standard Fourier analysis and generic smoothers.

- :class:`FourierRDFRegressor`: G(r) by the sine transform (Eq. 2) of the same truncated F(q)
  the wavelet model sees, with a fitted scale and offset (optionally Lorch-windowed).
- :class:`SmoothingSplineRegressor`: a cubic smoothing spline of r → G(r).
- :func:`make_gaussian_process`: a scikit-learn Gaussian process of r → G(r).
"""

from ._fourier import FourierRDFRegressor
from ._smoothers import SmoothingSplineRegressor, make_gaussian_process

__all__ = ["FourierRDFRegressor", "SmoothingSplineRegressor", "make_gaussian_process"]
