"""WT-RDF and WT-RDF+ (Senjaya & Limantoro): the wavelet-transform RDF model as estimators.

- :class:`WaveletRDFRegressor`: G(r) (Å⁻²) from the structure factor F(q) (Å⁻¹) with five
  tuned parameters θ = (a, b, K_f, C̃, Λ); one target curve.
- :class:`WaveletRDFBatchRegressor`: the same for many curves at once (one θ per curve),
  e.g. the frames of a time-resolved diffraction experiment.
- :class:`WaveletRDFModule`, :func:`bessel_j`: the torch model and a differentiable J_p.
- :class:`UnderdeterminedFitWarning`: a least-squares-type solver fits more free parameters
  than the loss has points per curve (e.g. solver="lm" with the selective loss).

The physics (kernel D(x), numpy/scipy reference model) is in
:mod:`sklearn_rdf.physics.wavelet`; ``docs/wavelet.md`` describes the design and benchmarks.
"""

from ._estimator import (
    DEFAULT_BOUNDS,
    DEFAULT_ROUNDS,
    UnderdeterminedFitWarning,
    WaveletRDFBatchRegressor,
    WaveletRDFRegressor,
)
from ._kernel import BesselJ, bessel_j, bessel_j_and_derivative
from ._losses import BoundsClipper, CurveLoss, loss_weights
from ._module import WaveletRDFModule

__all__ = [
    "DEFAULT_BOUNDS",
    "DEFAULT_ROUNDS",
    "BesselJ",
    "BoundsClipper",
    "CurveLoss",
    "UnderdeterminedFitWarning",
    "WaveletRDFBatchRegressor",
    "WaveletRDFModule",
    "WaveletRDFRegressor",
    "bessel_j",
    "bessel_j_and_derivative",
    "loss_weights",
]
