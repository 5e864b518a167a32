"""Heat map of a LinearSPR weight matrix with the RDF and spectrum peaks marked (Fig. 3 of
Wang, Cheng & Chen)."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._validation import as_curve, as_grid, check_same_length
from ..physics import find_rdf_peaks

__all__ = ["plot_spr_weights"]


def plot_spr_weights(
    coef,
    r,
    freq,
    *,
    g=None,
    spectrum=None,
    rel_prominence: float = 0.05,
    cmap: str = "RdBu_r",
    r_label: str = "r (Å)",
    freq_label: str = "frequency",
    g_label: str = "g(r)",
    spectrum_label: str = "spectrum",
    figsize: tuple[float, float] = (7.0, 6.0),
):
    """Plot W (n_out × n_bins) as a heat map over (r, frequency), RDF above, spectrum beside.

    The colour scale is symmetric about zero, so weights that an L1 penalty set to zero are
    white. Dashed lines mark the peaks of the reference RDF (vertical, through the heat map)
    and of the reference spectrum (horizontal), both found with
    :func:`sklearn_rdf.physics.find_rdf_peaks` (scipy.signal.find_peaks with a prominence of
    ``rel_prominence`` times the curve's range); where the lines cross on large weights, an
    RDF feature drives a spectral feature.

    Parameters
    ----------
    coef : LinearSPR or array-like of shape (n_out, n_bins)
        A fitted :class:`LinearSPR` (its ``coef_``) or the weight matrix.
    r : array-like of shape (n_bins,)
        r grid of the RDF vectors (Å), strictly increasing.
    freq : array-like of shape (n_out,)
        Frequency grid of the spectra (any unit; say which in ``freq_label``), increasing.
    g : array-like of shape (n_bins,), optional
        A reference RDF (e.g. a moderately disordered structure) drawn above the heat map.
    spectrum : array-like of shape (n_out,), optional
        A reference spectrum drawn to the right of the heat map.
    rel_prominence : float, default 0.05
        Peak prominence threshold as a fraction of each curve's range.
    cmap : str, default "RdBu_r"
        A diverging matplotlib colormap.
    r_label, freq_label, g_label, spectrum_label : str
        Axis labels.
    figsize : (float, float), default (7, 6)
        Figure size in inches.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : dict
        ``"weights"``, ``"rdf"``, ``"spectrum"`` and ``"colorbar"`` axes (``"rdf"``/
        ``"spectrum"`` only when ``g``/``spectrum`` is given), and ``"rdf_peaks"`` /
        ``"spectrum_peaks"``: the peak positions marked (r in Å, frequency).
    """
    import matplotlib.pyplot as plt

    if hasattr(coef, "fit"):  # an estimator: its fitted W
        check_is_fitted(coef, "coef_")
    W = getattr(coef, "coef_", coef)
    W = as_curve(W, "coef", ndim=(1, 2))
    if W.ndim == 1:
        W = W[None, :]
    r = as_grid(r, "r")
    freq = as_grid(freq, "freq", min_size=1)
    if W.shape != (freq.size, r.size):
        raise ValueError(
            f"coef has shape {W.shape} but (len(freq), len(r)) = ({freq.size}, {r.size}): "
            "coef must be (n_out, n_bins) with n_out spectral points and n_bins RDF bins"
        )
    if g is not None:
        g = as_curve(g, "g")
        check_same_length(r, g, "r", "g")
    if spectrum is not None:
        spectrum = as_curve(spectrum, "spectrum")
        check_same_length(freq, spectrum, "freq", "spectrum")

    fig = plt.figure(figsize=figsize)
    grid = fig.add_gridspec(
        2, 3, width_ratios=(4, 1, 0.15), height_ratios=(1, 3), wspace=0.08, hspace=0.08
    )
    ax_w = fig.add_subplot(grid[1, 0])
    vmax = float(np.max(np.abs(W))) or 1.0
    # one cell per (bin centre r_j, frequency ω_k), on uniform or non-uniform grids
    image = ax_w.pcolormesh(r, freq, W, shading="nearest", cmap=cmap, vmin=-vmax, vmax=vmax)
    ax_w.set_xlabel(r_label)
    ax_w.set_ylabel(freq_label)
    axes = {"weights": ax_w}
    cax = fig.add_subplot(grid[1, 2])
    fig.colorbar(image, cax=cax, label="weight")
    axes["colorbar"] = cax

    rdf_peaks = spectrum_peaks = np.empty(0)
    if g is not None:
        axes["rdf"] = fig.add_subplot(grid[0, 0], sharex=ax_w)
        rdf_peaks = _curve_with_peaks(axes["rdf"], r, g, g_label, rel_prominence, along_x=True)
    if spectrum is not None:
        axes["spectrum"] = fig.add_subplot(grid[1, 1], sharey=ax_w)
        spectrum_peaks = _curve_with_peaks(
            axes["spectrum"], freq, spectrum, spectrum_label, rel_prominence, along_x=False
        )
    for x in rdf_peaks:
        ax_w.axvline(x, ls="--", lw=0.8, color="0.3")
    for y in spectrum_peaks:
        ax_w.axhline(y, ls="--", lw=0.8, color="0.3")
    axes["rdf_peaks"] = rdf_peaks
    axes["spectrum_peaks"] = spectrum_peaks
    return fig, axes


def _curve_with_peaks(ax, x, y, label, rel_prominence, *, along_x: bool) -> np.ndarray:
    """Draw a reference curve beside the heat map and mark its peaks; return their positions
    (the curve runs along the heat map's x axis, or along its y axis when ``along_x`` is
    False)."""
    positions = find_rdf_peaks(x, y, rel_prominence=rel_prominence).positions
    if along_x:
        ax.plot(x, y, color="k", lw=1)
        ax.set_ylabel(label)
        ax.tick_params(labelbottom=False)
    else:
        ax.plot(y, x, color="k", lw=1)
        ax.set_xlabel(label)
        ax.tick_params(labelleft=False)
    mark = ax.axvline if along_x else ax.axhline
    for position in positions:
        mark(position, ls="--", lw=0.8, color="0.4")
    return positions
