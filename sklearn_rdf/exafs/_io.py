"""χ(k) from files: ``.chi``/``.chik``/``.xdi`` (the package's readers), μ(E) via xraylarch."""

from __future__ import annotations

import numpy as np

__all__ = ["read_chi"]


def read_chi(
    path,
    *,
    e0: float | None = None,
    rbkg: float = 1.0,
    kweight: int = 2,
    mu_column: str | None = None,
):
    """Unweighted χ(k) of an EXAFS file.

    χ(k) files (Larch/Athena ``.chi``, ``.chik``, XDI with a ``chi`` column) are read with
    :func:`sklearn_rdf.datasets.read`. A μ(E) file (XDI ``mu``/``mutrans``/``mufluor``) is
    turned into χ(k) by xraylarch's ``pre_edge`` and ``autobk`` (pre-edge line,
    normalisation, AUTOBK background), only when xraylarch is installed (extra ``feff``).

    Parameters
    ----------
    path : str or Path
        The file.
    e0 : float, optional
        Edge energy (eV) for μ(E) (default: larch's choice).
    rbkg : float, default 1.0
        AUTOBK R_bkg (Å) for μ(E).
    kweight : int, default 2
        AUTOBK k-weight for μ(E).
    mu_column : str, optional
        Which μ(E) column of the file to use (e.g. ``"mutrans"``); default the first one
        (the metadata's ``mu_column`` says which was used).

    Returns
    -------
    k : ndarray
        Wavenumbers (Å⁻¹).
    chi : ndarray
        χ(k), unweighted.
    metadata : dict
        The reader's metadata (element, edge, source ...).

    Raises
    ------
    ValueError
        A file that holds neither χ(k) nor μ(E); ImportError for μ(E) without xraylarch.
    """
    from ..datasets import read

    curve = read(path)
    if curve.quantity == "chi":
        if mu_column is not None:
            raise ValueError(f"{path}: holds χ(k), not μ(E); mu_column={mu_column!r} is unused")
        return np.array(curve.x, dtype=float), np.array(curve.y, dtype=float), curve.metadata
    if curve.quantity != "mu":
        raise ValueError(f"{path}: holds {curve.quantity!r}, not χ(k) or μ(E)")
    names = list(curve.metadata.get("y_columns") or ["mu"])
    if mu_column is None:
        mu_column = names[0]
    if mu_column not in names:  # checked before xraylarch is needed
        raise ValueError(f"{path}: no μ(E) column {mu_column!r}; the file has {names}")
    try:
        from larch import Group
        from larch.xafs import autobk, pre_edge
    except ImportError as exc:
        raise ImportError(
            f"{path} holds μ(E); turning it into χ(k) needs xraylarch (extra 'feff')"
        ) from exc
    col = names.index(mu_column)
    mu = curve.y if curve.y.ndim == 1 else curve.y[:, col]
    group = Group(energy=np.array(curve.x, dtype=float), mu=np.array(mu, dtype=float))
    pre_edge(group, e0=e0)
    autobk(group, rbkg=rbkg, kweight=kweight)
    meta = {**curve.metadata, "e0": float(group.e0), "mu_column": mu_column,
            "edge_step": float(group.edge_step)}  # fmt: skip
    return np.array(group.k), np.array(group.chi), meta
