"""Parameter counts (Fig. 9 of the WT-RDF+ paper)."""

from __future__ import annotations

import numpy as np

__all__ = ["count_parameters"]


def count_parameters(estimator) -> int:
    """Number of fitted numbers of a fitted estimator.

    - ``n_parameters_`` when the estimator reports it (WaveletRDFRegressor: the 5 θ;
      FourierRDFRegressor: scale and offset; splines: coefficients);
    - torch estimators (``net_``): the trainable entries of the module;
    - Gaussian processes: the dual coefficients (one per training point) plus the kernel
      hyperparameters;
    - linear models: ``coef_`` and ``intercept_`` entries.

    Raises
    ------
    ValueError
        For an unfitted estimator or one of a kind it cannot count.
    """
    if hasattr(estimator, "n_parameters_"):
        return int(estimator.n_parameters_)
    net = getattr(estimator, "net_", None)
    if net is not None:
        return int(sum(p.numel() for p in net.module_.parameters() if p.requires_grad))
    if hasattr(estimator, "alpha_") and hasattr(estimator, "kernel_"):
        return int(np.size(estimator.alpha_) + estimator.kernel_.n_dims)
    if hasattr(estimator, "coef_"):
        return int(np.size(estimator.coef_) + np.size(getattr(estimator, "intercept_", 0)))
    raise ValueError(f"cannot count the parameters of {type(estimator).__name__}: is it fitted?")
