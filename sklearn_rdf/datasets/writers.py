"""Writers for the formats of :mod:`sklearn_rdf.datasets.readers`.

:func:`write` is the inverse of :func:`~sklearn_rdf.datasets.read`: a curve written in a
format reads back with the same x, y, errors and quantity (numbers are written with Python's
shortest round-trip representation, so the values are exact). The files follow the layout
of the tools that define the formats, so that the package's own results (or a user's curves)
can go where such files are expected:

- PDFgetX3 (``.gr``, ``.sq``, ``.fq``, ``.iq``): ``key = value`` configuration,
  ``#### start data``, ``#S 1``, ``#L`` labels, two columns (three with uncertainties);
- Gudrun ``.mint01``: ``#`` header, three columns Q, F(Q), error;
- Larch ``.chi``/``.chik``: ``#`` header ending in ``#  k chi``, two columns;
- XDI 1.0 (``.xdi``): version line, ``Column.N`` fields, ``# ///`` comments, ``#----``,
  label line, columns;
- plain columns (``.dat``, ``.xy``, ``.xye``, ``.txt``: ``#`` label line, whitespace;
  ``.csv``: label row, commas). The labels name the grid and the quantity (``r g``,
  ``q F_barn dF_barn``, ``E mu1 mu2``); when they cannot say it all (a quantity the readers
  do not know, units other than the quantity's), ``# quantity = ...``, ``# x_unit = ...``
  and ``# y_unit = ...`` lines come first, and :func:`~sklearn_rdf.datasets.read_columns`
  honours them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .. import __version__
from .._output import atomic_write_bytes, check_output_file
from ..physics import Curve
from .readers import _PDFGETX3_KINDS, _SPACE_OF, EXTENSIONS, _infer_quantity, _label_units

__all__ = ["write"]

_PDFGETX3_LABELS = {
    "G": ("r($\\AA$)", "G($\\AA^{-2}$)"),
    "S": ("Q($\\AA^{-1}$)", "S"),
    "F": ("Q($\\AA^{-1}$)", "F($\\AA^{-1}$)"),
    "I": ("Q($\\AA^{-1}$)", "I"),
}


def _rows(*columns: np.ndarray, sep: str = " ") -> str:
    table = np.column_stack(columns)
    return "".join(sep.join(repr(float(v)) for v in row) + "\n" for row in table)


def _columns(curve: Curve) -> list[np.ndarray]:
    y = curve.y if curve.y.ndim == 2 else curve.y[:, None]
    cols = [curve.x, *y.T]
    if curve.errors is not None:
        if y.shape[1] != 1:
            raise ValueError("errors can be written only with a single y column")
        cols.append(np.asarray(curve.errors, dtype=np.float64).reshape(-1))
    return cols


def _write_pdfgetx3(path: Path, curve: Curve) -> str:
    kind = {q: k for k, (q, _, _) in _PDFGETX3_KINDS.items()}.get(curve.quantity)
    if kind is None:
        raise ValueError(f"PDFgetX3 files hold G, S, F or I; this curve holds {curve.quantity!r}")
    suffix = path.suffix.lower().lstrip(".")
    if suffix in _PDFGETX3_KINDS and suffix != kind:
        raise ValueError(
            f"a .{suffix} file holds {_PDFGETX3_KINDS[suffix][0]}, "
            f"not {curve.quantity!r}: name it .{kind}"
        )
    if curve.y.ndim != 1:
        raise ValueError("a PDFgetX3 file holds a single y column")
    config = {k: v for k, v in curve.metadata.get("config", {}).items() if k != "outputtype"}
    lines = [
        "[DEFAULT]",
        "",
        f"version = sklearn-rdf {__version__}",
        "",
        "# input and output specifications",
        f"outputtype = {kind}",
    ]
    lines += [f"{key} = {value}" for key, value in config.items()]
    x_label, y_label = _PDFGETX3_LABELS[curve.quantity]
    lines += [
        "",
        "# End of config " + "-" * 63,
        "#### start data",
        "#S 1",
        f"#L {x_label}  {y_label}" + ("  d" + y_label if curve.errors is not None else ""),
    ]
    return "\n".join(lines) + "\n" + _rows(*_columns(curve))


def _write_gudrun(path: Path, curve: Curve) -> str:
    if curve.quantity != "F_barn":
        raise ValueError(f".mint01 files hold Gudrun's F(Q) ('F_barn'), not {curve.quantity!r}")
    if curve.y.ndim != 1:
        raise ValueError("a .mint01 file holds a single y column")
    errors = np.zeros_like(curve.x) if curve.errors is None else curve.errors
    header = [
        f"# {path.name}",
        "# written by sklearn-rdf: Q (1/Angstrom), F(Q) (barn/sr/atom), error",
    ]
    return "\n".join(header) + "\n" + _rows(curve.x, curve.y, errors, sep="  ")


def _write_chi(path: Path, curve: Curve) -> str:
    if curve.quantity != "chi" or curve.y.ndim != 1:
        raise ValueError(f".chi files hold one χ(k) column, not {curve.quantity!r}")
    header = [f"# Output from sklearn-rdf {__version__}", "#" + "-" * 33, "#  k   chi"]
    return "\n".join(header) + "\n" + _rows(curve.x, curve.y, sep="  ")


def _write_xdi(path: Path, curve: Curve) -> str:
    if curve.quantity not in ("mu", "chi", "unknown"):
        raise ValueError(
            f"XDI files hold μ(E) ('mu') or χ(k) ('chi'), not {curve.quantity!r}: write "
            "it as a column file (.dat, .csv)"
        )
    y = curve.y if curve.y.ndim == 2 else curve.y[:, None]
    x_name, x_unit = ("k", "inverse Angstrom") if curve.quantity == "chi" else ("energy", "eV")
    stem = {"chi": "chi", "mu": "mu"}.get(curve.quantity, "y")
    names = [stem] if y.shape[1] == 1 else [f"{stem}{i + 1}" for i in range(y.shape[1])]
    given = list(curve.metadata.get("y_columns", []))
    if curve.quantity == "chi" and y.shape[1] != 1:
        raise ValueError("an XDI χ(k) file holds a single chi column")
    if (
        curve.quantity == "mu"
        and len(given) == y.shape[1]
        and all(n.lower().startswith("mu") or n.lower() == "norm" for n in given)
    ):
        names = given
    lines = [f"# XDI/1.0 sklearn-rdf/{__version__}", f"# Column.1: {x_name} {x_unit}"]
    lines += [f"# Column.{i + 2}: {n}" for i, n in enumerate(names)]
    for key in ("element", "edge"):
        if key in curve.metadata:
            family_key = "Element.symbol" if key == "element" else "Element.edge"
            lines.append(f"# {family_key}: {curve.metadata[key]}")
    lines += [
        "# ///",
        f"# {curve.quantity} written by sklearn-rdf",
        "#" + "-" * 30,
        "# " + "  ".join([x_name, *names]),
    ]
    return "\n".join(lines) + "\n" + _rows(curve.x, *y.T, sep="  ")


def _write_columns(path: Path, curve: Curve) -> str:
    """Labels ``grid name`` (``grid name1 name2 ...``; ``dname`` for uncertainties), and
    ``# quantity = ...`` / ``# x_unit = ...`` / ``# y_unit = ...`` lines for what the labels
    alone would not give back (a quantity the readers do not know, units other than the
    quantity's), and ``# rho = ...`` (atoms/Å³) when the curve knows its number density."""
    n_y = 1 if curve.y.ndim == 1 else curve.y.shape[1]
    grid = _SPACE_OF.get(curve.quantity) or {"Å": "r", "Å⁻¹": "q", "eV": "E"}.get(
        curve.x_unit, "x"
    )
    name = curve.quantity if curve.quantity != "unknown" else "y"
    labels = [grid] + ([name] if n_y == 1 else [f"{name}{i + 1}" for i in range(n_y)])
    if curve.errors is not None:
        labels.append("d" + name)
    from_labels = _infer_quantity(labels, n_y) or "unknown"
    declared = {} if from_labels == curve.quantity else {"quantity": curve.quantity}
    for key, unit, implied in zip(
        ("x_unit", "y_unit"),
        (curve.x_unit, curve.y_unit),
        _label_units(curve.quantity, labels),
        strict=True,
    ):
        if unit and unit != implied:
            declared[key] = unit
    if curve.rho is not None:
        declared["rho"] = repr(float(curve.rho))
    header = "".join(f"# {key} = {value}\n" for key, value in declared.items())
    if path.suffix.lower() == ".csv":
        return header + ",".join(labels) + "\n" + _rows(*_columns(curve), sep=",")
    return header + "# " + "  ".join(labels) + "\n" + _rows(*_columns(curve))


_WRITERS = {
    "pdfgetx3": _write_pdfgetx3,
    "gudrun": _write_gudrun,
    "chi": _write_chi,
    "xdi": _write_xdi,
    "columns": _write_columns,
}


def write(
    path: str | os.PathLike, curve: Curve, format: str | None = None, *, overwrite: bool = False
) -> Path:
    """Write ``curve`` to ``path`` in the format its extension names (or ``format``).

    The file is written beside ``path`` under a temporary name and renamed into place when
    complete, so an interrupted write leaves no partial file.

    Parameters
    ----------
    path : str or Path
        Destination. Extensions as for :func:`~sklearn_rdf.datasets.read`.
    curve : Curve
        What to write; not modified. PDFgetX3 needs quantity G, S, F or I (and the matching
        extension), Gudrun "F_barn", Larch "chi", XDI "mu", "chi" or "unknown"; plain
        columns take anything (and keep the quantity and units).
    format : {"pdfgetx3", "gudrun", "chi", "xdi", "columns"}, optional
        Overrides the extension.
    overwrite : bool, default False
        Replace an existing file; without it an existing ``path`` is a ``ValueError``.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    if not isinstance(curve, Curve):
        raise ValueError(f"curve must be a sklearn_rdf.physics.Curve, got {type(curve).__name__}")
    fmt = format or EXTENSIONS.get(path.suffix.lower())
    if fmt not in _WRITERS:
        raise ValueError(
            f"cannot tell the format of {path} from its extension; pass format= one of "
            f"{', '.join(_WRITERS)}"
        )
    check_output_file(path, overwrite=overwrite)
    text = _WRITERS[fmt](path, curve)
    return atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)
