"""Model selection for RDF curves: the WT-RDF+ paper's protocol, tables and grid searches."""

from ._curves import named_estimators, summarize_scores, train_ratio_curve
from ._inspect import cross_material_scores
from ._params import count_parameters
from ._split import TrainRatioSplit

__all__ = [
    "TrainRatioSplit",
    "count_parameters",
    "cross_material_scores",
    "named_estimators",
    "summarize_scores",
    "train_ratio_curve",
]
