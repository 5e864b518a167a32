"""Training losses (Eqs. 16-17 of WT-RDF+) and the per-step parameter clipping (Eq. 15).

Every loss is a weighted sum over the r points and curves, Σ_{i,m} W_{im} ρ(ŷ_{im} − y_{im}),
with ρ = |·| or (·)²:

- ``"selective"`` (Eq. 16): W = 1 at the bins of the first ``n_peaks`` peaks of each training
  target (:func:`sklearn_rdf.physics.find_rdf_peaks`, peaks numbered by increasing r), 0
  elsewhere, ρ = |·|. One bin per peak, as in the paper (m_{n,p} ∈ {0, 1} marks the bin).
- ``"mae"`` (Eq. 17): W = 1/n_r everywhere, ρ = |·|.
- ``"mse"``: W = 1/n_r everywhere, ρ = (·)².

The least-squares solvers ("least_squares", "lm") minimise ½ Σ W (ŷ − y)², the squared
counterpart, on the same weights.
"""

from __future__ import annotations

import numpy as np
import torch
from skorch.callbacks import Callback
from torch import nn

from ..physics.peaks import find_rdf_peaks

__all__ = ["LOSSES", "BoundsClipper", "CurveLoss", "loss_weights"]

LOSSES: tuple[str, ...] = ("selective", "mae", "mse")


def loss_weights(loss: str, r: np.ndarray, Y: np.ndarray, n_peaks: int):
    """Weights W (n_r, m), the kind ("l1" or "l2") and the peak bins of a named loss.

    The peak bins are the indices (into r) of the first ``n_peaks`` peaks of each target,
    shape (n_peaks, m), for the selective loss; None for the others. Peaks are those of
    :func:`~sklearn_rdf.physics.find_rdf_peaks` with its defaults; when a target has fewer,
    its end points count too (``include_edges=True``): a random fraction of a curve's points
    need not sample the rising side of a first peak close to the start of the r range.

    Raises
    ------
    ValueError
        For an unknown loss, or (selective loss) a target with fewer points or fewer peaks
        than ``n_peaks``.
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    n_r, m = Y.shape
    if loss != "selective":
        return np.full((n_r, m), 1.0 / n_r), "l2" if loss == "mse" else "l1", None
    if n_r < n_peaks:
        raise ValueError(
            f"the selective loss uses the first n_peaks={n_peaks} peaks of the target, but the "
            f"target has only {n_r} point(s): fewer target points than peaks"
        )
    W = np.zeros((n_r, m))
    bins = np.empty((n_peaks, m), dtype=np.intp)
    for j in range(m):
        peaks = find_rdf_peaks(r, Y[:, j])
        if len(peaks) < n_peaks:
            # A sparse training subset may not sample the rising side of the first peak:
            # its highest point is then the first point. Let the ends count as peaks.
            peaks = find_rdf_peaks(r, Y[:, j], include_edges=True)
        if len(peaks) < n_peaks:
            which = "the target" if m == 1 else f"target curve {j}"
            raise ValueError(
                f"the selective loss uses the first n_peaks={n_peaks} peaks of the training "
                f"target, but {which} has only {len(peaks)} peak(s) even counting its end points "
                f"({n_r} points, find_rdf_peaks defaults); lower n_peaks or use loss='mae'"
            )
        bins[:, j] = peaks.indices[:n_peaks]
        W[bins[:, j], j] = 1.0
    return W, "l1", bins


class CurveLoss(nn.Module):
    """Σ W |ŷ − y| (``kind="l1"``) or Σ W (ŷ − y)² (``"l2"``); the skorch criterion.

    Parameters
    ----------
    weights : tensor of shape (n_r, m)
        Weight of each r point of each curve (see :func:`loss_weights`).
    kind : {"l1", "l2"}
    """

    def __init__(self, weights, kind: str = "l1"):
        super().__init__()
        if kind not in ("l1", "l2"):
            raise ValueError(f"kind must be 'l1' or 'l2', got {kind!r}")
        self.kind = kind
        self.register_buffer("weights", torch.as_tensor(weights))

    def forward(self, y_pred: torch.Tensor, y_true: torch.Tensor) -> torch.Tensor:
        res = y_pred - y_true.reshape(y_pred.shape)
        res = res.abs() if self.kind == "l1" else res * res
        return (self.weights.to(res.dtype) * res).sum()


class BoundsClipper(Callback):
    """Eq. 15: θ ← min(max(θ, lower), upper) at the start of training and after every step.

    Parameters
    ----------
    lower, upper : array-like of shape (m, 5)
        Bounds per curve and parameter (−inf/+inf where a parameter is free).
    """

    def __init__(self, lower, upper):
        self.lower = lower
        self.upper = upper

    def initialize(self):
        self._bounds = None
        return self

    def _clip(self, net) -> None:
        theta = net.module_.theta
        if self._bounds is None or self._bounds[0].device != theta.device:
            self._bounds = tuple(
                torch.as_tensor(np.asarray(v), dtype=theta.dtype, device=theta.device)
                for v in (self.lower, self.upper)
            )
        with torch.no_grad():
            theta.clamp_(min=self._bounds[0], max=self._bounds[1])

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        self._clip(net)

    def on_batch_end(self, net, batch=None, training=False, **kwargs):
        if training:
            self._clip(net)
