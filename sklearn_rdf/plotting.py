"""Figures of the benchmark (matplotlib, no pyplot state: safe in scripts and servers).

- :func:`plot_ratio_fits`: fitted vs target curves, one panel per training ratio (Figs. 4–6).
- :func:`plot_cross_material`: one panel per material, models trained on one (Fig. 7).
- :func:`plot_parameter_counts`: fitted parameters per model, log scale (Fig. 9).

Each returns a :class:`matplotlib.figure.Figure`; ``fig.savefig(path)`` writes a PNG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["plot_cross_material", "plot_parameter_counts", "plot_ratio_fits"]

_DEFAULT_YLABEL = "G(r) (Å⁻²)"


def _grid(n: int, ncols: int = 3, size=(4.2, 3.2)) -> tuple[Figure, list]:
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig = Figure(figsize=(size[0] * ncols, size[1] * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel().tolist()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _check_columns(df: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks the columns {missing}")


def plot_ratio_fits(
    predictions: pd.DataFrame,
    *,
    models: Sequence[str] | None = None,
    repeat: int = 0,
    curve: int = 0,
    ylabel: str = _DEFAULT_YLABEL,
    title: str | None = None,
) -> Figure:
    """Target and predicted curves, one panel per training ratio (largest first).

    ``predictions`` is the tidy frame of ``train_ratio_curve(..., return_predictions=True)``;
    training points of the first model are marked with circles.
    """
    _check_columns(
        predictions, ["model", "ratio", "repeat", "r", "y_true", "y_pred"], "predictions"
    )
    df = predictions[(predictions["repeat"] == repeat)]
    if "curve" in df.columns:
        df = df[df["curve"] == curve]
    if df.empty:
        raise ValueError(f"no predictions for repeat {repeat}")
    models = list(dict.fromkeys(df["model"])) if models is None else list(models)
    ratios = sorted(df["ratio"].unique(), reverse=True)
    fig, axes = _grid(len(ratios), ncols=min(4, len(ratios)))
    for ax, ratio in zip(axes, ratios, strict=True):
        sel = df[df["ratio"] == ratio]
        first = sel[sel["model"] == models[0]].sort_values("r")
        ax.plot(first["r"], first["y_true"], "k-", lw=2, label="target")
        if "train" in first.columns:
            tr = first[first["train"]]
            ax.plot(tr["r"], tr["y_true"], "o", mfc="none", mec="k", ms=4, label="training points")
        for name in models:
            m = sel[sel["model"] == name].sort_values("r")
            if not m.empty:
                ax.plot(m["r"], m["y_pred"], "-", lw=1.3, label=name)
        ax.set_title(f"{ratio:.0%} of the points")
        ax.set_xlabel("r (Å)")
        ax.set_ylabel(ylabel)
    axes[0].legend(fontsize=7)
    if title:
        fig.suptitle(title)
    return fig


def plot_cross_material(
    predictions: pd.DataFrame,
    *,
    models: Sequence[str] | None = None,
    ylabel: str = _DEFAULT_YLABEL,
) -> Figure:
    """One panel per test material: target and each model's prediction (Fig. 7)."""
    _check_columns(
        predictions,
        ["model", "train_material", "test_material", "r", "y_true", "y_pred"],
        "predictions",
    )
    models = list(dict.fromkeys(predictions["model"])) if models is None else list(models)
    materials = list(dict.fromkeys(predictions["test_material"]))
    fig, axes = _grid(len(materials))
    trained = predictions["train_material"].iloc[0]
    for ax, mat in zip(axes, materials, strict=True):
        sel = predictions[predictions["test_material"] == mat]
        first = sel[sel["model"] == models[0]].sort_values("r")
        ax.plot(first["r"], first["y_true"], "k-", lw=2, label="target")
        for name in models:
            m = sel[sel["model"] == name].sort_values("r")
            ax.plot(m["r"], m["y_pred"], "-", lw=1.3, label=name)
        ax.set_title(mat + (" (trained on)" if mat == trained else ""))
        ax.set_xlabel("r (Å)")
        ax.set_ylabel(ylabel)
    axes[0].legend(fontsize=7)
    fig.suptitle(f"Trained on {trained}, evaluated with each material's structure factor")
    return fig


def plot_parameter_counts(counts: Mapping[str, int]) -> Figure:
    """Bar chart of fitted parameters per model (log scale), with the counts written on top."""
    if not counts:
        raise ValueError("counts is empty")
    names, values = list(counts), [int(v) for v in counts.values()]
    fig = Figure(figsize=(max(4.5, 1.1 * len(names)), 3.4), layout="constrained")
    ax = fig.subplots()
    bars = ax.bar(names, values, color="tab:blue")
    ax.set_yscale("log")
    ax.set_ylabel("fitted parameters")
    ax.bar_label(bars, labels=[f"{v:,}" for v in values], fontsize=8)
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    ax.set_title("Model size")
    return fig
