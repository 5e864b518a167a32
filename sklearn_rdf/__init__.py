"""sklearn-rdf: scikit-learn estimators for radial distribution functions of amorphous materials.

Conventions (r in Å, q in Å⁻¹, ρ in atoms/Å³; see ``docs/conventions.md``): g(r) pair
distribution function; G(r) = 4πρr(g(r) − 1); R(r) = 4πρr²g(r); S(q); F(q) = q(S(q) − 1).

The estimators and main helpers are importable from the top level; they load lazily, so
``import sklearn_rdf`` does not import torch until an estimator is used.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "WaveletRDFRegressor": "sklearn_rdf.wavelet",
    "WaveletRDFBatchRegressor": "sklearn_rdf.wavelet",
    "UnderdeterminedFitWarning": "sklearn_rdf.wavelet",
    "RBFNetRegressor": "sklearn_rdf.neural",
    "LSTMRegressor": "sklearn_rdf.neural",
    "LinearSPR": "sklearn_rdf.linear_spr",
    "CNNSpectrumRegressor": "sklearn_rdf.linear_spr",
    "ONNERegressor": "sklearn_rdf.exafs",
    "FourierRDFRegressor": "sklearn_rdf.peers",
    "SmoothingSplineRegressor": "sklearn_rdf.peers",
    "TrainRatioSplit": "sklearn_rdf.model_selection",
    "train_ratio_curve": "sklearn_rdf.model_selection",
    "get_scorer": "sklearn_rdf.metrics",
    "read": "sklearn_rdf.datasets",
    "load_ge_se_glasses": "sklearn_rdf.datasets",
    "load_simulated_glasses": "sklearn_rdf.datasets",
    "ShellRDFRegressor": "sklearn_rdf.resolution",
    "WaveletTailRDFRegressor": "sklearn_rdf.resolution",
    "reduce_xray": "sklearn_rdf.reduction",
    "reduce_neutron": "sklearn_rdf.reduction",
    "load_simulated_structures": "sklearn_rdf.datasets",
    "SpectrumGuidedGenerator": "sklearn_rdf.generate",
    "ReverseMonteCarlo": "sklearn_rdf.generate",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sklearn_rdf' has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise AttributeError(
            f"sklearn_rdf.{name} needs {module}, which cannot be imported: {exc}"
        ) from exc
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
