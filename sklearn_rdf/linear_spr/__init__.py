"""Linear structure–property regression from RDFs to spectra (LinearSPR) and its CNN baseline.

Wang, Cheng & Chen (``../shared/papers/linear-spr.txt``): disorder-induced changes of
vibrational spectra are approximately linear in the radial distribution function, so a
regularised linear map ŷ = W g + b (:class:`LinearSPR`) predicts them about as well as a
convolutional network (:class:`CNNSpectrumRegressor`) with less data, and its weights are
readable (:func:`plot_spr_weights`).
"""

from ._cnn import CNNSpectrumRegressor
from ._linear import LinearSPR, penalty_from_paper
from ._plot import plot_spr_weights

__all__ = ["CNNSpectrumRegressor", "LinearSPR", "penalty_from_paper", "plot_spr_weights"]
