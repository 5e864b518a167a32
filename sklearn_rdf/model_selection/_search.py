"""Ready-made grid searches with the WT-RDF+ paper's grids (Tables 1 and 2)."""

from __future__ import annotations

from collections.abc import Iterable

from sklearn.model_selection import GridSearchCV

from ..metrics import SCORER_ALIASES, get_scorers
from ._split import TrainRatioSplit

__all__ = [
    "PAPER_LSTM_GRID",
    "PAPER_RBF_GRID",
    "WAVELET_GRID",
    "lstm_grid_search",
    "rbf_grid_search",
    "wavelet_grid_search",
]

#: Table 1 of the WT-RDF+ paper: the 16 (M, β) pairs searched for the RBF network.
PAPER_RBF_GRID: list[dict] = [
    {"n_centers": [m], "beta": [float(b)]}
    for m, b in (
        (16, 16), (32, 16), (64, 16), (16, 32), (16, 64), (32, 64), (64, 64), (16, 128),
        (64, 256), (128, 256), (256, 256), (128, 512), (256, 512), (512, 512), (512, 1024),
        (1024, 1024),
    )
]  # fmt: skip

#: Table 2 of the WT-RDF+ paper: hidden sizes h_t of the LSTM.
PAPER_LSTM_GRID: dict = {"hidden_size": [8, 16, 32, 64, 128, 256]}

#: A grid over what §3.2 tunes by hand for WT-RDF+: the bounds of a and the learning rate.
WAVELET_GRID: dict = {
    "bounds": [
        None,  # the paper's a ∈ [0.600, 0.610], K_f ∈ [0.010, 0.300]
        {"a": (0.55, 0.65), "K_f": (0.010, 0.300)},
        {"a": (0.40, 0.80), "K_f": (0.010, 0.300)},
    ],
    "lr": [0.01, 0.03],
}


def _search(estimator, grid, *, scoring, refit, cv, n_jobs, **kwargs) -> GridSearchCV:
    names = (scoring,) if isinstance(scoring, str) else tuple(scoring)
    scorers = get_scorers(names)
    refit_name = refit if refit in scorers or isinstance(refit, bool) else None
    if refit_name is None:
        alias = {v: k for k, v in SCORER_ALIASES.items()}.get(refit, refit)
        if alias not in scorers:
            raise ValueError(f"refit={refit!r} must be one of the scoring names {list(scorers)}")
        refit_name = alias
    cv = TrainRatioSplit(1.0, n_repeats=1) if cv is None else cv
    return GridSearchCV(
        estimator, grid, scoring=scorers, refit=refit_name, cv=cv, n_jobs=n_jobs, **kwargs
    )


def rbf_grid_search(
    estimator=None,
    *,
    param_grid=None,
    scoring: Iterable[str] | str = ("mae", "fpe", "spe"),
    refit: str = "mae",
    cv=None,
    n_jobs: int | None = None,
    **kwargs,
) -> GridSearchCV:
    """GridSearchCV of :class:`~sklearn_rdf.neural.RBFNetRegressor` over Table 1's 16 (M, β).

    Parameters
    ----------
    estimator : RBFNetRegressor, optional
        The base estimator (default settings if None).
    param_grid : dict or list of dicts, optional
        Default :data:`PAPER_RBF_GRID`.
    scoring : str or iterable of str
        Scorer names ("mae", "fpe", "spe" or any of :func:`sklearn_rdf.metrics.get_scorer`).
    refit : str, default "mae"
        The scoring name that picks ``best_estimator_``.
    cv : splitter, optional
        Default ``TrainRatioSplit(1.0, n_repeats=1)``: fit on the whole curve and score it, as
        the paper's grid searches do. Pass ``TrainRatioSplit(0.25, n_repeats=3)`` to select
        for recovering a curve from a quarter of its points.
    n_jobs : int, optional
        Parallel fits.
    **kwargs
        Passed to :class:`~sklearn.model_selection.GridSearchCV`.
    """
    from ..neural import RBFNetRegressor

    return _search(
        estimator if estimator is not None else RBFNetRegressor(),
        PAPER_RBF_GRID if param_grid is None else param_grid,
        scoring=scoring,
        refit=refit,
        cv=cv,
        n_jobs=n_jobs,
        **kwargs,
    )


def lstm_grid_search(
    estimator=None,
    *,
    param_grid=None,
    scoring: Iterable[str] | str = ("mae", "fpe", "spe"),
    refit: str = "mae",
    cv=None,
    n_jobs: int | None = None,
    **kwargs,
) -> GridSearchCV:
    """GridSearchCV of :class:`~sklearn_rdf.neural.LSTMRegressor` over Table 2's h_t.

    Same parameters as :func:`rbf_grid_search`; default grid :data:`PAPER_LSTM_GRID`.
    """
    from ..neural import LSTMRegressor

    return _search(
        estimator if estimator is not None else LSTMRegressor(),
        PAPER_LSTM_GRID if param_grid is None else param_grid,
        scoring=scoring,
        refit=refit,
        cv=cv,
        n_jobs=n_jobs,
        **kwargs,
    )


def wavelet_grid_search(
    estimator,
    *,
    param_grid=None,
    scoring: Iterable[str] | str = ("mae", "fpe", "spe"),
    refit: str = "mae",
    cv=None,
    n_jobs: int | None = None,
    **kwargs,
) -> GridSearchCV:
    """GridSearchCV of a :class:`~sklearn_rdf.wavelet.WaveletRDFRegressor` (with its
    ``structure_factor`` set) over the bounds of a and the learning rate (:data:`WAVELET_GRID`).

    Same parameters as :func:`rbf_grid_search`; the estimator is required because it carries
    the structure factor.
    """
    if estimator is None or "structure_factor" not in estimator.get_params(deep=False):
        raise ValueError("wavelet_grid_search needs a WaveletRDFRegressor(structure_factor=...)")
    return _search(
        estimator,
        WAVELET_GRID if param_grid is None else param_grid,
        scoring=scoring,
        refit=refit,
        cv=cv,
        n_jobs=n_jobs,
        **kwargs,
    )
