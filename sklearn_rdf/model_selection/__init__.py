"""Model selection for RDF curves: the WT-RDF+ paper's protocol, tables and grid searches."""

from ._curves import named_estimators, summarize_scores, train_ratio_curve
from ._inspect import cross_material_scores
from ._params import count_parameters
from ._search import (
    PAPER_LSTM_GRID,
    PAPER_RBF_GRID,
    WAVELET_GRID,
    lstm_grid_search,
    rbf_grid_search,
    wavelet_grid_search,
)
from ._split import TrainRatioSplit

__all__ = [
    "PAPER_LSTM_GRID",
    "PAPER_RBF_GRID",
    "WAVELET_GRID",
    "TrainRatioSplit",
    "count_parameters",
    "cross_material_scores",
    "lstm_grid_search",
    "named_estimators",
    "rbf_grid_search",
    "summarize_scores",
    "train_ratio_curve",
    "wavelet_grid_search",
]
