"""Data-driven baselines of the WT-RDF+ benchmark: RBF network and LSTM (paper §3.1).

Both are scikit-learn regressors of a curve y(r) (X = r in Å, shape (n, 1) or (n,); y one
curve or several as columns) that compose a skorch net trained by the package's shared
training core (:mod:`sklearn_rdf._training`). See ``docs/neural.md``.
"""

from ._lstm import LSTMModule, LSTMRegressor
from ._rbf import RBFModule, RBFNetRegressor, initial_centers

__all__ = ["LSTMModule", "LSTMRegressor", "RBFModule", "RBFNetRegressor", "initial_centers"]
