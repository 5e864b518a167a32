"""Datasets and file readers.

(The full readers for PDFgetX3, Gudrun, Larch/Athena/XDI and plain files come with the datasets
issue; until then :func:`read` reads plain whitespace/comma separated columns with ``#``
comments.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..physics import Curve

__all__ = ["read"]


def read(path, format=None) -> Curve:
    """Read a two- or more-column text file into a :class:`~sklearn_rdf.physics.Curve`."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        data = np.loadtxt(path, comments="#", delimiter=None, ndmin=2)
    except ValueError as exc:
        raise ValueError(f"{path}: cannot read numeric columns: {exc}") from None
    if data.shape[1] < 2:
        raise ValueError(f"{path}: needs at least two columns, found {data.shape[1]}")
    return Curve(data[:, 0], data[:, 1], quantity="unknown", metadata={"source": str(path)})


from .simulated import load_simulated_glasses  # noqa: E402, F401  (add to __all__)
