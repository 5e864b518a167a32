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


def _short(name):
    """The short table name of a scorer name ("neg_first_peak_error" → "fpe")."""
    return {v: k for k, v in SCORER_ALIASES.items()}.get(name, name)


def _search(estimator, grid, *, scoring, refit, cv, n_jobs, **kwargs) -> GridSearchCV:
    names = (scoring,) if isinstance(scoring, str) else tuple(scoring)
    scorers = {_short(n): s for n, s in get_scorers(names).items()}
    if not isinstance(refit, bool):
        if _short(refit) not in scorers:
            raise ValueError(f"refit={refit!r} must be one of the scoring names {list(scorers)}")
        refit = _short(refit)
    cv = TrainRatioSplit(1.0, n_repeats=1) if cv is None else cv
    return GridSearchCV(
        estimator, grid, scoring=scorers, refit=refit, cv=cv, n_jobs=n_jobs, **kwargs
    )


_SEARCH_DOC = """

    Parameters
    ----------
    estimator : estimator, optional
        The base estimator (default settings if None; required for the wavelet model, which
        carries its structure factor).
    param_grid : dict or list of dicts, optional
        Default: {grid}.
    scoring : str or iterable of str
        Scorer names ("mae", "fpe", "spe" or any of :func:`sklearn_rdf.metrics.get_scorer`);
        ``cv_results_`` keys use the short names ("mean_test_fpe").
    refit : str, default "mae"
        The scoring name that picks ``best_estimator_`` (short or long form).
    cv : splitter, optional
        Default ``TrainRatioSplit(1.0, n_repeats=1)``: fit on the whole curve and score it, as
        the paper's grid searches do. Pass ``TrainRatioSplit(0.25, n_repeats=3)`` to select
        for recovering a curve from a quarter of its points.
    n_jobs : int, optional
        Parallel fits.
    **kwargs
        Passed to :class:`~sklearn.model_selection.GridSearchCV`.

    Returns
    -------
    GridSearchCV
        Unfitted; call ``fit(r, y)``.
    """


def _factory(name: str, default_estimator, default_grid, grid_name: str, summary: str):
    def search(
        estimator=None,
        *,
        param_grid=None,
        scoring: Iterable[str] | str = ("mae", "fpe", "spe"),
        refit: str = "mae",
        cv=None,
        n_jobs: int | None = None,
        **kwargs,
    ) -> GridSearchCV:
        if estimator is None:
            estimator = default_estimator()
        return _search(
            estimator,
            default_grid if param_grid is None else param_grid,
            scoring=scoring,
            refit=refit,
            cv=cv,
            n_jobs=n_jobs,
            **kwargs,
        )

    search.__name__ = search.__qualname__ = name
    search.__doc__ = summary + _SEARCH_DOC.format(grid=grid_name)
    return search


def _rbf():
    from ..neural import RBFNetRegressor

    return RBFNetRegressor()


def _lstm():
    from ..neural import LSTMRegressor

    return LSTMRegressor()


def _no_wavelet():
    raise ValueError("wavelet_grid_search needs a WaveletRDFRegressor(structure_factor=...)")


rbf_grid_search = _factory(
    "rbf_grid_search",
    _rbf,
    PAPER_RBF_GRID,
    ":data:`PAPER_RBF_GRID`",
    "GridSearchCV of :class:`~sklearn_rdf.neural.RBFNetRegressor` over Table 1's 16 (M, β).",
)
lstm_grid_search = _factory(
    "lstm_grid_search",
    _lstm,
    PAPER_LSTM_GRID,
    ":data:`PAPER_LSTM_GRID`",
    "GridSearchCV of :class:`~sklearn_rdf.neural.LSTMRegressor` over Table 2's hidden sizes.",
)
_wavelet_search = _factory(
    "wavelet_grid_search",
    _no_wavelet,
    WAVELET_GRID,
    ":data:`WAVELET_GRID`",
    "GridSearchCV of a :class:`~sklearn_rdf.wavelet.WaveletRDFRegressor` (with its "
    "``structure_factor`` set) over the bounds of a and the learning rate.",
)


def wavelet_grid_search(estimator, **kwargs) -> GridSearchCV:
    if estimator is None or "structure_factor" not in estimator.get_params(deep=False):
        raise ValueError("wavelet_grid_search needs a WaveletRDFRegressor(structure_factor=...)")
    return _wavelet_search(estimator, **kwargs)


wavelet_grid_search.__doc__ = _wavelet_search.__doc__
