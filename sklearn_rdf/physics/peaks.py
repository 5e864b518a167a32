"""Peak finding on RDF curves (g, G or R on an r grid) with :func:`scipy.signal.find_peaks`.

Defaults, chosen for measured and modelled RDFs of glasses (tens to thousands of points):

- a point is a peak when it is a strict local maximum (scipy's definition; plateaus count
  once, at their middle), never at the first or last point of the curve;
- its prominence must be at least ``rel_prominence`` (default 5 %) of the curve's range
  max(y) − min(y); this drops noise wiggles and the truncation ripples of a Fourier
  transform without dropping the second and third coordination shells of a glass;
- peaks are numbered in order of increasing r: the first peak is the one at the smallest r.

The curve is ordered by r before the search, so an unsorted r gives the same peaks (indices
are returned in the caller's original order).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks

from .._validation import as_curve, as_grid, check_same_length

__all__ = ["DEFAULT_REL_PROMINENCE", "Peaks", "find_rdf_peaks", "kth_peak_index"]

#: Default minimum peak prominence, as a fraction of the curve's range (max − min).
DEFAULT_REL_PROMINENCE = 0.05


@dataclass(frozen=True)
class Peaks:
    """Peaks of a curve, in order of increasing r.

    Attributes
    ----------
    indices : ndarray of int
        Indices into the arrays as the caller passed them (not the r-sorted order).
    positions : ndarray
        r of each peak (Å).
    heights : ndarray
        Curve value at each peak.
    prominences : ndarray
        Prominence of each peak (scipy.signal.peak_prominences).
    """

    indices: np.ndarray
    positions: np.ndarray
    heights: np.ndarray
    prominences: np.ndarray

    def __len__(self) -> int:
        return int(self.indices.size)


def _order_by_r(r, y, *, rname: str = "r", yname: str = "y"):
    y = as_curve(y, yname)
    if r is None:
        order = np.arange(y.size)
        return order, order.astype(np.float64), y
    r = as_grid(r, rname, strictly_increasing=False, min_size=1)
    check_same_length(r, y, rname, yname)
    order = np.argsort(r, kind="stable")
    r_sorted = r[order]
    if np.any(np.diff(r_sorted) == 0):
        raise ValueError(
            f"{rname} contains duplicate values: a curve has one value per r (for several "
            "curves on one r grid, call once per curve, or use sklearn_rdf.metrics with the "
            "curves as the columns of a 2-D y_true)"
        )
    return order, r_sorted, y[order]


def find_rdf_peaks(
    r,
    y,
    *,
    rel_prominence: float = DEFAULT_REL_PROMINENCE,
    prominence: float | None = None,
    height: float | None = None,
    distance: int | None = None,
    width: float | None = None,
    include_edges: bool = False,
    r_range: tuple[float, float] | None = None,
) -> Peaks:
    """Find the peaks of an RDF curve, numbered by increasing r.

    Parameters
    ----------
    r : array-like of shape (n,) or None
        Distances (Å). Any order; None means the points are already ordered by r (the
        positions are then the indices).
    y : array-like of shape (n,)
        The curve (g, G or R; the peaks of one are those of the others only approximately).
    rel_prominence : float, default 0.05
        Minimum prominence as a fraction of max(y) − min(y). Ignored when ``prominence`` is set.
    prominence, height, distance, width
        Passed to :func:`scipy.signal.find_peaks` (absolute values, ``distance`` in points).
    include_edges : bool, default False
        Also count the first or last point as a peak when it is higher than its neighbour
        (its prominence is measured to the lowest point before the next higher one). Off for
        full curves; useful for sparse samples of a curve whose first peak lies near the
        start of the r range (a random 25 % of the points may not sample its rising side).
    r_range : (float, float) or None, default None
        Keep only the peaks whose position lies in ``[r_lo, r_hi]`` (Å; needs ``r``). The search
        itself runs on the whole curve, so a peak is judged by the same prominence whatever
        the range; use it to skip truncation ripples inside the atomic core (r < r_min) or a
        shell below the grid start. Peaks are then numbered from the first one in the range.

    Returns
    -------
    Peaks

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import find_rdf_peaks
    >>> r = np.linspace(0.5, 6.0, 551)
    >>> g = np.exp(-((r - 1.0) / 0.05) ** 2) + np.exp(-((r - 2.5) / 0.1) ** 2)
    >>> find_rdf_peaks(r, g).positions
    array([1. , 2.5])
    >>> find_rdf_peaks(r, g, r_range=(1.5, 6.0)).positions
    array([2.5])
    """
    order, r_sorted, y_sorted = _order_by_r(r, y)
    if r_range is not None:
        lo_hi = np.asarray(r_range, dtype=float) if np.ndim(r_range) == 1 else None
        if r is None or lo_hi is None or lo_hi.shape != (2,) or not np.all(np.isfinite(lo_hi)):
            raise ValueError(
                f"r_range must be a pair (r_lo, r_hi) of finite distances in Å with r given, "
                f"got {r_range!r}"
            )
        if lo_hi[0] >= lo_hi[1]:
            raise ValueError(f"r_range must have r_lo < r_hi, got {r_range!r}")
    if prominence is None:
        if not (
            isinstance(rel_prominence, numbers.Real)
            and np.isfinite(rel_prominence)
            and rel_prominence >= 0
        ):
            raise ValueError(f"rel_prominence must be finite and >= 0, got {rel_prominence!r}")
        prominence = rel_prominence * float(np.ptp(y_sorted))
    y_search = y_sorted
    if include_edges:
        floor = y_sorted.min() - max(float(np.ptp(y_sorted)), 1.0)
        y_search = np.concatenate(([floor], y_sorted, [floor]))
    found, props = find_peaks(
        y_search, prominence=prominence, height=height, distance=distance, width=width
    )
    if include_edges:
        found = found - 1
    prominences = props["prominences"]
    if r_range is not None:
        keep = (r_sorted[found] >= lo_hi[0]) & (r_sorted[found] <= lo_hi[1])
        found, prominences = found[keep], prominences[keep]
    return Peaks(
        indices=order[found],
        positions=r_sorted[found],
        heights=y_sorted[found],
        prominences=prominences,
    )


def kth_peak_index(r, y, k: int, **peak_kwargs) -> int:
    """Index (into the caller's arrays) of the k-th peak (k = 1: the first, smallest-r peak).

    Raises
    ------
    ValueError
        If k < 1, or the curve has fewer than k peaks under the peak-finding settings.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k (peak number, 1 = first peak) must be an integer >= 1, got {k!r}")
    peaks = find_rdf_peaks(r, y, **peak_kwargs)
    if len(peaks) < k:
        raise ValueError(
            f"asked for peak {k} but the curve has only {len(peaks)} peak(s) "
            f"({np.size(y)} points) under the peak-finding settings"
        )
    return int(peaks.indices[k - 1])
