"""Readers for the files that total-scattering, PDF and EXAFS tools write.

Every reader returns a :class:`~sklearn_rdf.physics.Curve` (``x``, ``y``, ``quantity``,
``x_unit``, ``y_unit``, ``metadata``, ``errors``) and :func:`read` picks the reader from the
file's extension or, when that says nothing, from its content.

========================  ====================  ==========  ===========  ==================
format (``format=``)      extensions            quantity    x (unit)     y (unit)
========================  ====================  ==========  ===========  ==================
``"pdfgetx3"``            .gr .sq .fq .iq       G, S, F, I  r (Å) or     Å⁻², 1, Å⁻¹,
                                                            Q (Å⁻¹)      arb. units
``"gudrun"``              .mint01               F_barn      Q (Å⁻¹)      barn/sr/atom
``"chi"`` (Larch/Athena)  .chi .chik            chi         k (Å⁻¹)      1
``"xdi"``                 .xdi                  mu, chi     E (eV), k    1
``"columns"``             .dat .xy .xye .txt    declared,   as the       as the
                          .csv                  from the    labels say   labels say
                                                labels, or  (or the      (or the
                                                unknown     file)        file)
========================  ====================  ==========  ===========  ==================

Quantity names beyond the five of :data:`sklearn_rdf.physics.QUANTITIES` (g, G, R, S, F) are
listed, with their meaning and units, in :data:`READER_QUANTITIES`. Two need care:

- ``"F_barn"`` (Gudrun ``.mint01``) is the *interference differential cross-section*
  F(Q) = Σ_αβ c_α c_β b_α b_β [S_αβ(Q) − 1] in barn/sr/atom. It is **not** the package's
  F(q) = q(S(q) − 1): it is not multiplied by Q and carries the (Σ c b)² weighting. Turn it
  into S(Q) with :func:`interference_to_S`.
- ``"I"`` (PDFgetX3 ``.iq``) is the corrected, unnormalised intensity I(Q) (arbitrary units).

A malformed file raises a :class:`ValueError` whose message starts with ``"<file>, line
<n>:"``. The readers never modify anything the caller passes.
"""

from __future__ import annotations

import os
import re

import numpy as np

from ..physics import QUANTITIES, Curve
from ..physics.scattering import (
    check_mean_length,
    mean_coherent_length,
    neutron_scattering_lengths,
)
from ._text import TextTable, file_error, parse_table, read_text

PathLike = str | os.PathLike

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "READER_QUANTITIES",
    "detect_format",
    "interference_to_S",
    "read",
    "read_chi",
    "read_columns",
    "read_gudrun",
    "read_pair",
    "read_pdfgetx3",
    "read_xdi",
]

#: Quantities the readers return that are not in :data:`sklearn_rdf.physics.QUANTITIES`:
#: symbol -> (meaning, grid unit, value unit).
READER_QUANTITIES: dict[str, tuple[str, str, str]] = {
    "I": ("corrected scattered intensity I(Q), not normalised (PDFgetX3 .iq)", "Å⁻¹", "arb."),
    "F_barn": (
        "interference differential cross-section F(Q) = Σ c_α c_β b_α b_β [S_αβ(Q) − 1] "
        "(Gudrun .mint01; not q(S − 1))",
        "Å⁻¹",
        "barn/sr/atom",
    ),
    "chi": ("EXAFS oscillations χ(k) (Larch/Athena .chi/.chik)", "Å⁻¹", "1"),
    "mu": ("X-ray absorption coefficient μ(E), raw or normalised (XDI)", "eV", "1"),
    "unknown": ("a column file whose labels do not say what it holds", "", ""),
}

#: Extension (lower case) -> format name used by :func:`read`.
EXTENSIONS: dict[str, str] = {
    ".gr": "pdfgetx3",
    ".sq": "pdfgetx3",
    ".fq": "pdfgetx3",
    ".iq": "pdfgetx3",
    ".mint01": "gudrun",
    ".chi": "chi",
    ".chik": "chi",
    ".xdi": "xdi",
    ".dat": "columns",
    ".xy": "columns",
    ".xye": "columns",
    ".txt": "columns",
    ".csv": "columns",
}

_PDFGETX3_KINDS = {  # outputtype -> (quantity, x unit, y unit)
    "gr": ("G", "Å", "Å⁻²"),
    "sq": ("S", "Å⁻¹", "1"),
    "fq": ("F", "Å⁻¹", "Å⁻¹"),
    "iq": ("I", "Å⁻¹", "arb."),
}
_PDFGETX3_MARKER = "#### start data"


def _units(quantity: str) -> tuple[str, str]:
    if quantity in QUANTITIES:
        return QUANTITIES[quantity].grid_unit, QUANTITIES[quantity].unit
    _, x_unit, y_unit = READER_QUANTITIES.get(quantity, ("", "", ""))
    return x_unit, y_unit


def _base_metadata(table: TextTable, fmt: str) -> dict:
    return {"source": str(table.path), "format": fmt, "header": list(table.header)}


# --------------------------------------------------------------------------- PDFgetX3


def _pdfgetx3_config(lines: list[str]) -> dict[str, object]:
    """``key = value`` pairs of a PDFgetX3/xPDFsuite header; numbers become floats."""
    config: dict[str, object] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", "[")) or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        try:
            config[key] = float(value)
        except ValueError:
            config[key] = value
    return config


def read_pdfgetx3(path: PathLike) -> Curve:
    """Read a PDFgetX3 (or xPDFsuite, PDFgetN3) output file ``.gr``, ``.sq``, ``.fq``, ``.iq``.

    The file is the configuration used (``key = value`` lines, optionally in ``[sections]``),
    a ``#### start data`` line, a SPEC-style ``#S 1`` and ``#L`` column-label line, then two
    columns (PDFgui-style files may add σ columns: a third column is taken as the standard
    uncertainty of y, a fourth as that of y when the third is the uncertainty of x). Files
    without that header (plain two-column ``.sq`` files) are read as columns.

    Returns
    -------
    Curve
        ``quantity`` from the header's ``outputtype`` (or, failing that, the extension):
        ``.gr`` → "G" (G(r) in Å⁻² on r in Å), ``.sq`` → "S" (S(Q) on Q in Å⁻¹), ``.fq`` →
        "F" (F(Q) = Q(S(Q) − 1) in Å⁻¹), ``.iq`` → "I" (I(Q), arbitrary units).
        ``metadata["config"]`` holds the configuration (numbers as floats),
        ``metadata["labels"]`` the ``#L`` labels.
    """
    path, text = read_text(path)
    lines = text.splitlines()
    marker = next((i for i, line in enumerate(lines) if line.strip() == _PDFGETX3_MARKER), None)
    table = parse_table(path, text, skip_lines=0 if marker is None else marker + 1)
    config = _pdfgetx3_config(lines[: marker or 0])
    kind = str(config.get("outputtype", "")).strip().lower()
    if kind not in _PDFGETX3_KINDS:
        kind = path.suffix.lower().lstrip(".")
    if kind not in _PDFGETX3_KINDS:
        raise file_error(
            path,
            "cannot tell whether it holds G(r), S(Q), F(Q) or I(Q): no 'outputtype' in the "
            "header and the extension is not .gr/.sq/.fq/.iq; pass format='columns'",
        )
    quantity, x_unit, y_unit = _PDFGETX3_KINDS[kind]
    data = table.data
    if data.shape[1] < 2:
        raise file_error(path, "needs at least two columns (x, y)", int(table.data_lines[0]))
    errors = None
    if data.shape[1] == 3:
        errors = data[:, 2]
    elif data.shape[1] >= 4:
        errors = data[:, 3]
    metadata = _base_metadata(table, "pdfgetx3")
    metadata.update(config=config, labels=table.labels(), pdfgetx3_header=marker is not None)
    if "composition" in config:
        metadata["composition"] = config["composition"]
    return Curve(data[:, 0], data[:, 1], quantity, x_unit, y_unit, metadata, errors)


# ----------------------------------------------------------------------------- Gudrun


def read_gudrun(path: PathLike) -> Curve:
    """Read a Gudrun ``.mint01`` file: Q (Å⁻¹), F(Q) (barn/sr/atom), its error.

    ``#`` header lines, then three columns. F(Q) is Gudrun's interference differential
    cross-section Σ c_α c_β b_α b_β [S_αβ(Q) − 1] (quantity ``"F_barn"``), not q(S − 1);
    use :func:`interference_to_S` for S(Q). Rows are returned as written (Gudrun pads Q
    points outside the measured range with zeros, error 0 included).
    """
    path, text = read_text(path)
    table = parse_table(path, text)
    if table.n_columns not in (2, 3):
        raise file_error(
            path,
            f"a Gudrun .mint01 file has 3 columns (Q, F(Q), error), found {table.n_columns}",
            int(table.data_lines[0]),
        )
    data = table.data
    errors = data[:, 2] if table.n_columns == 3 else None
    x_unit, y_unit = _units("F_barn")
    return Curve(
        data[:, 0], data[:, 1], "F_barn", x_unit, y_unit, _base_metadata(table, "gudrun"), errors
    )


def interference_to_S(
    curve: Curve, *, composition: dict[str, float] | None = None, mean_b: float | None = None
) -> Curve:
    """S(Q) from Gudrun's interference cross-section F(Q) (quantity ``"F_barn"``).

    S(Q) − 1 = F(Q) / ⟨b⟩² with ⟨b⟩ = Σ_α c_α b_α the mean coherent neutron scattering
    length (Faber–Ziman normalisation; 1 barn = 100 fm²).

    Parameters
    ----------
    curve : Curve
        A curve with quantity ``"F_barn"`` (see :func:`read_gudrun`); not modified.
    composition : dict of str to float, optional
        Element or isotope to amount (normalised here), e.g. ``{"Si": 1, "O": 2}`` or
        ``{"D": 2, "O": 1}``; the scattering lengths come from the ``periodictable`` package
        (extra ``simulate``). A null-matrix composition (|⟨b⟩| < 1e-3 · max|b_α|) is
        refused: S(Q) is undefined there.
    mean_b : float, optional
        ⟨b⟩ in fm, instead of ``composition``.

    Returns
    -------
    Curve
        Quantity ``"S"`` on the same Q grid (errors scaled alike).
    """
    if curve.quantity != "F_barn":
        raise ValueError(f"curve holds {curve.quantity!r}, not Gudrun's 'F_barn'")
    if (composition is None) == (mean_b is None):
        raise ValueError("give exactly one of composition (dict element -> amount) or mean_b")
    if mean_b is None:
        mean_b = mean_coherent_length(composition)
        check_mean_length(mean_b, neutron_scattering_lengths(list(composition)))
    mean_b = float(mean_b)
    if not np.isfinite(mean_b) or mean_b == 0:
        raise ValueError(f"mean_b (fm) must be finite and non-zero, got {mean_b!r}")
    scale = 100.0 / mean_b**2  # barn -> fm², divided by <b>²
    errors = None if curve.errors is None else curve.errors * scale
    metadata = dict(curve.metadata, mean_b_fm=mean_b)
    return Curve(curve.x, 1.0 + curve.y * scale, "S", metadata=metadata, errors=errors)


# ------------------------------------------------------------------------ XDI / Larch

_XDI_VERSION = re.compile(r"^#\s*XDI/", re.IGNORECASE)
_XDI_FIELD = re.compile(r"^#\s*([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\s*:\s*(.*?)\s*$")
_UNIT_NAMES = {
    "ev": "eV",
    "kev": "keV",
    "inverse angstrom": "Å⁻¹",
    "1/angstrom": "Å⁻¹",
    "1/a": "Å⁻¹",
    "angstrom": "Å",
    "a": "Å",
}


def _xdi_header(header: list[str]) -> tuple[dict[str, str], list[str], dict[int, tuple]]:
    """XDI fields ("Family.key" -> value), user comments and columns {n: (name, unit)}."""
    fields: dict[str, str] = {}
    comments: list[str] = []
    columns: dict[int, tuple[str, str]] = {}
    in_comments = False
    for raw in header:
        line = raw.strip()
        body = line.lstrip("#").strip()
        if body.startswith("///"):
            in_comments = True
            continue
        if body.startswith("---"):
            in_comments = False
            continue
        if in_comments:
            comments.append(body)
            continue
        match = _XDI_FIELD.match(line)
        if not match:
            continue
        family, key, value = match.groups()
        fields[f"{family}.{key}"] = value
        if family.lower() == "column" and key.isdigit():
            value = value.split("#", 1)[0].strip()
            name, _, unit = value.partition(" ")
            columns[int(key)] = (name, _UNIT_NAMES.get(unit.strip().lower(), unit.strip()))
    return fields, comments, columns


def _column_names(table: TextTable, columns: dict[int, tuple]) -> list[str]:
    names = [f"col{i + 1}" for i in range(table.n_columns)]
    labels = table.labels()
    if labels:
        names = list(labels)
    for n, (name, _) in columns.items():
        if 1 <= n <= table.n_columns:
            names[n - 1] = name
    return names


def _extra_columns(table: TextTable, names: list[str], used: set[int]) -> dict[str, np.ndarray]:
    return {names[i]: table.data[:, i].copy() for i in range(table.n_columns) if i not in used}


def read_xdi(path: PathLike) -> Curve:
    """Read an XAS Data Interchange (XDI 1.0) file.

    The first line is ``# XDI/1.0 ...``; header fields ``# Family.key: value`` (the
    ``Column.N: name unit`` fields name the columns), optional user comments after
    ``# ///``, a ``#---`` line, a column-label line, then the data.

    Returns
    -------
    Curve
        x is column 1 (energy in eV, or k in Å⁻¹). When the columns include ``chi`` on a k
        grid: quantity ``"chi"``, y = χ(k). Otherwise, when columns are named ``mu...``
        (``mutrans``, ``mufluor``, ``mu``) or ``norm``: quantity ``"mu"``, y = those columns
        (2-D, one column each, names in ``metadata["y_columns"]``). Otherwise quantity
        ``"unknown"`` with every other column in y. Columns not in y are in
        ``metadata["columns"]``; the header fields in ``metadata["xdi"]``.
    """
    path, text = read_text(path)
    first = text.splitlines()[:1]
    if not first or not _XDI_VERSION.match(first[0].strip()):
        raise file_error(path, "not an XDI file: the first line must start with '# XDI/'", 1)
    table = parse_table(path, text)
    fields, comments, columns = _xdi_header(table.header)
    names = _column_names(table, columns)
    lower = [n.lower() for n in names]
    x_unit = columns.get(1, ("", ""))[1] or ("Å⁻¹" if lower[0] == "k" else "eV")
    if lower[0] == "k" and "chi" in lower[1:]:
        quantity, y_idx = "chi", [lower.index("chi", 1)]
    else:
        mu = [i for i in range(1, len(names)) if lower[i].startswith("mu") or lower[i] == "norm"]
        quantity, y_idx = ("mu", mu) if mu else ("unknown", list(range(1, len(names))))
    if not y_idx:
        raise file_error(path, "needs at least two columns (x, y)", int(table.data_lines[0]))
    y = table.data[:, y_idx[0]] if len(y_idx) == 1 else table.data[:, y_idx]
    metadata = _base_metadata(table, "xdi")
    metadata.update(
        xdi=fields,
        comments=comments,
        labels=names,
        y_columns=[names[i] for i in y_idx],
        columns=_extra_columns(table, names, {0, *y_idx}),
    )
    if "Element.symbol" in fields:
        metadata["element"] = fields["Element.symbol"]
    if "Element.edge" in fields:
        metadata["edge"] = fields["Element.edge"]
    return Curve(table.data[:, 0], y, quantity, x_unit, _units(quantity)[1], metadata)


def read_chi(path: PathLike) -> Curve:
    """Read a Larch or Athena χ(k) file (``.chi``, ``.chik``).

    ``#`` header (plain Larch text or XDI fields), the last comment line naming the columns
    (``k chi`` or ``k chi chik chik2 chik3 win energy``), then the columns.

    Returns
    -------
    Curve
        quantity ``"chi"``: x = k (Å⁻¹), y = χ(k) (the column named ``chi``, else the
        second). Other columns (k-weighted χ, window, energy) are in ``metadata["columns"]``.
    """
    path, text = read_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("#"):
        raise file_error(
            path,
            "does not look like a Larch/Athena χ(k) file (no '#' header); a fit2d .chi "
            "intensity file can be read with read_columns(path, skip_lines=4)",
            1,
        )
    table = parse_table(path, text)
    if table.n_columns < 2:
        raise file_error(path, "needs at least two columns (k, χ)", int(table.data_lines[0]))
    fields, _, columns = _xdi_header(table.header)
    names = _column_names(table, columns)
    lower = [n.lower() for n in names]
    y_i = lower.index("chi", 1) if "chi" in lower[1:] else 1
    metadata = _base_metadata(table, "chi")
    metadata.update(labels=names, columns=_extra_columns(table, names, {0, y_i}))
    if fields:
        metadata["xdi"] = fields
    if "Element.symbol" in fields:
        metadata["element"] = fields["Element.symbol"]
    x_unit, y_unit = _units("chi")
    return Curve(table.data[:, 0], table.data[:, y_i], "chi", x_unit, y_unit, metadata)


# ---------------------------------------------------------------------- plain columns

_GRIDS = {
    "r": ("r", "Å"),
    "q": ("q", "Å⁻¹"),
    "Q": ("q", "Å⁻¹"),
    "k": ("k", "Å⁻¹"),
    "E": ("E", "eV"),
}
#: Quantity -> the grid it lives on (also the x label the column writer gives it).
_SPACE_OF = {
    "g": "r",
    "G": "r",
    "R": "r",
    "S": "q",
    "F": "q",
    "I": "q",
    "F_barn": "q",
    "chi": "k",
    "mu": "E",
}
#: "# quantity = G", "# x_unit = Å", "# y_unit = Å⁻²": what a column file declares of itself
#: (the column writer adds these lines when the labels alone do not say it).
_DECLARATION = re.compile(r"^#+\s*(quantity|x_unit|y_unit)\s*=\s*(.*?)\s*$")


def _symbol(label: str) -> str:
    """'G(r)' -> 'G', 'r (Å)' -> 'r', 'chi(k)' -> 'chi'."""
    return re.split(r"[\s(\[]", label.strip(), maxsplit=1)[0]


def _series(label: str) -> str:
    """'g1' -> 'g', 'F_barn2' -> 'F_barn': the symbol of one of several numbered columns."""
    symbol = _symbol(label)
    return re.sub(r"\d+$", "", symbol) or symbol


def _is_error_label(label: str, y_label: str) -> bool:
    """Whether a third column named ``label`` is the standard uncertainty of ``y_label``.

    'err...', 'sig...', 'σ', 'unc...', 'std...', 'e', 'dy' and 'd' + the y symbol ('dG',
    'dS(Q)') are; a second member of the y column's numbered series ('g1', 'g2') is not.
    """
    text, y = _symbol(label).lower(), _symbol(y_label).lower()
    if text != y and _series(label).lower() == _series(y_label).lower():
        return False
    return text in ("e", "dy", "d" + y) or text.startswith(
        ("err", "sig", "σ", "unc", "std", "esd", "delta")
    )


def _infer_quantity(labels: list[str] | None, n_y: int = 1) -> str | None:
    """The quantity the labels name: a grid, then ``n_y`` y columns of one quantity of its
    space (``r g``; ``Q S(Q)``; ``r g1 g2``), else None."""
    if not labels or len(labels) < 1 + n_y:
        return None
    x = _symbol(labels[0])
    ys = {_series(label) for label in labels[1 : 1 + n_y]}
    if x in _GRIDS and len(ys) == 1:
        y = ys.pop()
        if _SPACE_OF.get(y) == _GRIDS[x][0]:
            return y
    return None


def _label_units(quantity: str, labels: list[str] | None) -> tuple[str, str]:
    """Units of a column file's x and y: from the quantity, else x from a grid label."""
    x_unit, y_unit = _units(quantity)
    if not x_unit and labels and _symbol(labels[0]) in _GRIDS:
        x_unit = _GRIDS[_symbol(labels[0])][1]
    return x_unit, y_unit


def _declarations(header: list[str]) -> dict[str, str]:
    """The ``# quantity = ...``, ``# x_unit = ...``, ``# y_unit = ...`` lines of a header."""
    found = {}
    for line in header:
        match = _DECLARATION.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def read_columns(
    path: PathLike,
    *,
    quantity: str | None = None,
    x_unit: str | None = None,
    y_unit: str | None = None,
    skip_lines: int = 0,
) -> Curve:
    """Read a plain column file (``.dat``, ``.xy``, ``.xye``, ``.txt``, ``.csv``).

    Whitespace-, comma- or semicolon-separated numbers, with or without ``#`` comments and
    with or without a header line of column labels.

    - 2 columns: x, y.
    - 3 columns: x, y and the standard uncertainty of y (the ``.xye`` convention), unless
      the column labels name a third column that is not an uncertainty (labels such as
      ``dy``, ``dg``, ``err``, ``sigma`` are; ``g2`` after ``g1`` is not): then x and two y
      columns.
    - 4 or more: x and several y columns (y is 2-D, one curve per column).

    Parameters
    ----------
    path : str or Path
    quantity : str, optional
        What y holds ("g", "G", "R", "S", "F", "chi", "I", "F_barn", "mu", ...). Default:
        what the file declares in a ``# quantity = ...`` header line (the package's writer
        adds one when the labels do not say it), else inferred from the labels when they
        name a grid and a quantity of its space (``r, g``; ``Q  S(Q)``; ``k chi``;
        ``r g1 g2`` for several curves; ``E mu``), else ``"unknown"``. Labels can mislead
        (a digitised file labelled ``s,q`` holds q and S(q)): pass ``quantity`` when you
        know better.
    x_unit, y_unit : str, optional
        Units; default: the file's ``# x_unit = ...`` / ``# y_unit = ...`` lines, else from
        the quantity (Å or Å⁻¹ for the grid).
    skip_lines : int, default 0
        Lines at the start to treat as header whatever they hold.
    """
    path, text = read_text(path)
    table = parse_table(path, text, skip_lines=int(skip_lines))
    if table.n_columns < 2:
        raise file_error(
            path,
            "has a single column; for x and y in two one-column files use read_pair(x, y)",
            int(table.data_lines[0]),
        )
    labels = table.labels()
    data = table.data
    has_errors = table.n_columns == 3 and (labels is None or _is_error_label(labels[2], labels[1]))
    n_y = 1 if table.n_columns == 2 or has_errors else table.n_columns - 1
    declared = _declarations(table.header)
    inferred = _infer_quantity(labels, n_y)
    in_file = declared.get("quantity") or inferred or "unknown"
    chosen = quantity or in_file
    default_x, default_y = _label_units(chosen, labels)
    if chosen == in_file:  # the file's unit lines describe its own quantity
        default_x = declared.get("x_unit", default_x)
        default_y = declared.get("y_unit", default_y)
    errors = data[:, 2] if has_errors else None
    y = data[:, 1] if n_y == 1 else data[:, 1:]
    metadata = _base_metadata(table, "columns")
    metadata.update(labels=labels, quantity_from_labels=inferred, declared=declared)
    return Curve(
        data[:, 0],
        y,
        chosen,
        default_x if x_unit is None else x_unit,
        default_y if y_unit is None else y_unit,
        metadata,
        errors,
    )


def read_pair(
    x_path: PathLike,
    y_path: PathLike,
    *,
    quantity: str = "unknown",
    x_unit: str | None = None,
    y_unit: str | None = None,
) -> Curve:
    """Read x and y from two one-column files (as some MD tools write r and g(r)).

    Each file holds one number per line (``#`` comments allowed); both must have the same
    number of rows. ``metadata["source"]`` is the y file, ``metadata["x_source"]`` the x file.
    """
    columns = []
    for p in (x_path, y_path):
        p, text = read_text(p)
        table = parse_table(p, text)
        if table.n_columns != 1:
            raise file_error(
                p, f"expected one column, found {table.n_columns}", int(table.data_lines[0])
            )
        columns.append((p, table))
    (xp, xt), (yp, yt) = columns
    if xt.data.shape[0] != yt.data.shape[0]:
        raise ValueError(
            f"{xp} has {xt.data.shape[0]} rows but {yp} has {yt.data.shape[0]}: not a pair"
        )
    default_x, default_y = _units(quantity)
    metadata = {"source": str(yp), "x_source": str(xp), "format": "pair"}
    return Curve(
        xt.data[:, 0],
        yt.data[:, 0],
        quantity,
        default_x if x_unit is None else x_unit,
        default_y if y_unit is None else y_unit,
        metadata,
    )


# ------------------------------------------------------------------------- entry point

FORMATS = {
    "pdfgetx3": read_pdfgetx3,
    "gudrun": read_gudrun,
    "chi": read_chi,
    "xdi": read_xdi,
    "columns": read_columns,
}
_ALIASES = {
    "larch": "chi",
    "athena": "chi",
    "pdfgetn3": "pdfgetx3",
    "xpdfsuite": "pdfgetx3",
    "mint01": "gudrun",
    "plain": "columns",
    "csv": "columns",
    "dat": "columns",
    "xy": "columns",
    "txt": "columns",
}


def detect_format(path: PathLike) -> str:
    """The format :func:`read` would use for ``path`` (see :data:`EXTENSIONS`).

    The extension decides, except that a file which declares itself (first line
    ``# XDI/``, or a ``#### start data`` line) is read as what it says when its extension
    is a generic one (.dat, .txt, ...) or unknown.
    """
    path, text = read_text(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt not in (None, "columns"):
        return fmt
    lines = text.splitlines()
    if lines and _XDI_VERSION.match(lines[0].strip()):
        return "xdi"
    if any(line.strip() == _PDFGETX3_MARKER for line in lines):
        return "pdfgetx3"
    return "columns"


def read(path: PathLike, format: str | None = None, **options) -> Curve:
    """Read a data file into a :class:`~sklearn_rdf.physics.Curve`.

    Parameters
    ----------
    path : str or Path
        The file.
    format : {"pdfgetx3", "gudrun", "chi", "xdi", "columns"}, optional
        Force a reader (aliases: "larch", "athena", "pdfgetn3", "mint01", "csv", ...).
        Default: :func:`detect_format` (extension, then content).
    **options
        Passed to the reader (``read_columns`` takes ``quantity``, ``x_unit``, ``y_unit``,
        ``skip_lines``).

    Returns
    -------
    Curve
        ``x``, ``y`` (unpacks as ``x, y``), ``quantity``, ``x_unit``, ``y_unit``,
        ``metadata`` (``source``, ``format``, ``header`` and format-specific entries) and
        ``errors`` (when the file has an uncertainty column).

    Raises
    ------
    ValueError
        If the file is missing or malformed (the message names the file and the line), or
        the format is unknown.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_rdf.datasets import read
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "g.csv").write_text("r, g\\n1.0, 0.0\\n2.0, 1.5\\n3.0, 1.0\\n")
    >>> curve = read(d / "g.csv")
    >>> curve.quantity, curve.x_unit, curve.y.tolist()
    ('g', 'Å', [0.0, 1.5, 1.0])
    """
    if os.path.isdir(path):
        raise ValueError(f"{path}: is a folder, not a file; give the path of a data file")
    if format is None:
        fmt = detect_format(path)
    else:
        fmt = _ALIASES.get(str(format).lower(), str(format).lower())
        if fmt not in FORMATS:
            known = ", ".join([*FORMATS, *_ALIASES])
            raise ValueError(f"unknown format {format!r}; known formats: {known}")
    return FORMATS[fmt](path, **options)
