"""Where a measured structure factor stops carrying signal: a default q_max for transforms.

The sine transform of F(q) = q(S(q) − 1) weighs every q alike, so the noisy tail of a
neutron or X-ray measurement (its counting noise grows like q, and many files run to
40-50 Å⁻¹) fills G(r) with sharp spurious wiggles, inside the atomic core included. The rule
here is deliberately simple and reported, never silent:

- the q range is cut into bins of ``width`` Å⁻¹ (default: 1/25 of the range, at least 1 Å⁻¹);
- in each bin the *signal* is the RMS of a cubic fitted to F(q) and the *noise* the robust
  standard deviation of the point-to-point second differences (MAD / 0.6745 / √6, which a
  cubic's curvature hardly touches);
- q_max is the lower edge of the first run of two bins whose signal-to-noise ratio is below
  ``min_snr`` (default 3), of the first bin of all-zero padding (Gudrun pads the Q points
  it did not measure with zeros), or of the first bin whose signal is more than 1.5 times the
  largest signal of all bins before it (a physical F(q) does not grow with q: such a rise is a
  detector edge or a normalisation that blows up where ⟨f⟩² is small); otherwise the end of
  the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_curve, as_grid, check_same_length

__all__ = ["QRange", "noise_limited_q_max"]


@dataclass(frozen=True)
class QRange:
    """The q_max chosen by :func:`noise_limited_q_max` and why.

    Attributes
    ----------
    q_max : float
        Upper limit (Å⁻¹) for the transform.
    reason : str
        One line saying why (for a report to the user).
    bin_edges : ndarray
        Lower edges of the bins examined (Å⁻¹).
    snr : ndarray
        Signal-to-noise ratio in each bin (inf where the noise estimate is zero, 0 in
        all-zero padding).
    """

    q_max: float
    reason: str
    bin_edges: np.ndarray
    snr: np.ndarray


def _bin_snr(q: np.ndarray, F: np.ndarray) -> tuple[float, float]:
    """(signal-to-noise ratio, signal RMS) of one bin."""
    if np.all(F == 0):
        return 0.0, 0.0
    x = q - q.mean()
    smooth = np.polyval(np.polyfit(x, F, 3), x)
    d2 = np.diff(F, 2)
    noise = 1.4826 * np.median(np.abs(d2 - np.median(d2))) / np.sqrt(6.0)
    signal = float(np.sqrt(np.mean(smooth**2)))
    return (float("inf") if noise == 0 else signal / noise), signal


def noise_limited_q_max(q, F, *, width: float | None = None, min_snr: float = 3.0) -> QRange:
    """The largest q up to which F(q) = q(S(q) − 1) stands above its own noise.

    Parameters
    ----------
    q : array-like of shape (n,)
        Strictly increasing q (Å⁻¹).
    F : array-like of shape (n,)
        Reduced structure factor (Å⁻¹), or anything proportional to it.
    width : float, optional
        Bin width (Å⁻¹); default max(1, (q_max − q_min)/25).
    min_snr : float, default 3
        A bin is noise when its signal-to-noise ratio is below this.

    Returns
    -------
    QRange

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.qrange import noise_limited_q_max
    >>> q = np.linspace(0.1, 40.0, 4000)
    >>> F = 2.0 * np.sin(1.6 * q) * np.exp(-0.004 * q**2)
    >>> F = F + np.random.default_rng(0).normal(0.0, 0.02, q.size) * q
    >>> 10.0 < noise_limited_q_max(q, F).q_max < 16.0  # signal = noise near 14 Å⁻¹
    True
    """
    q = as_grid(q, "q", min_size=8)
    F = as_curve(F, "F")
    check_same_length(q, F, "q", "F")
    span = q[-1] - q[0]
    width = max(1.0, span / 25.0) if width is None else float(width)
    if not (np.isfinite(width) and width > 0):
        raise ValueError(f"width must be finite and > 0 (Å⁻¹), got {width!r}")
    if not (np.isfinite(min_snr) and min_snr > 0):
        raise ValueError(f"min_snr must be finite and > 0, got {min_snr!r}")
    edges = np.arange(q[0], q[-1], width)
    snr = np.full(edges.size, np.nan)
    signal = np.full(edges.size, np.nan)
    for i, lo in enumerate(edges):
        inside = (q >= lo) & (q < lo + width)
        if np.count_nonzero(inside) >= 8:
            snr[i], signal[i] = _bin_snr(q[inside], F[inside])
    for i in range(edges.size):
        before = signal[:i][np.isfinite(signal[:i])]
        if before.size >= 3 and signal[i] > 1.5 * before.max():
            return QRange(
                float(edges[i]),
                f"F(q) grows from {edges[i]:.3g} Å⁻¹ on (to {signal[i] / before.max():.1f}× "
                "its largest lower-q amplitude): not a structure factor there",
                edges,
                snr,
            )
        if snr[i] == 0.0 and i > 0:
            return QRange(
                float(edges[i]),
                f"F(q) is zero padding from {edges[i]:.3g} Å⁻¹ on",
                edges,
                snr,
            )
        if i + 1 < edges.size and snr[i] < min_snr and snr[i + 1] < min_snr and i > 0:
            return QRange(
                float(edges[i]),
                f"signal-to-noise below {min_snr:g} from {edges[i]:.3g} Å⁻¹ on "
                f"(bins of {width:.3g} Å⁻¹)",
                edges,
                snr,
            )
    return QRange(float(q[-1]), "the whole range stands above the noise", edges, snr)
