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

import inspect
import os
import re
import warnings

import numpy as np

from ..physics import CONVENTIONS, QUANTITIES, Curve
from ..physics.geometry import to_inverse_angstrom
from ..physics.scattering import (
    check_mean_length,
    mean_coherent_length,
    neutron_scattering_lengths,
    warn_if_ill_conditioned,
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
    "read_fit2d",
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
READER_QUANTITIES["I"] = (
    "scattered intensity I(Q), raw or corrected, not normalised (PDFgetX3 .iq, fit2d .chi, "
    "pyFAI .xy)",
    "Å⁻¹",
    "arb.",
)

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
    known = QUANTITIES.get(quantity) or CONVENTIONS.get(quantity)
    if known is not None:
        return known.grid_unit, known.unit
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
    _density_from_header(metadata, config.get("rho"))
    return Curve(data[:, 0], data[:, 1], quantity, x_unit, y_unit, metadata, errors)


def _density_from_header(metadata: dict, value) -> None:
    """metadata['rho'] (atoms/Å³) from a header's ``rho = ...`` when it is a number > 0."""
    try:
        rho = float(value)
    except (TypeError, ValueError):
        return
    if np.isfinite(rho) and rho > 0:
        metadata["rho"] = rho


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
        warn_if_ill_conditioned(composition, stacklevel=2)
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


def read_chi(path: PathLike, *, wavelength: float | None = None) -> Curve:
    """Read a Larch or Athena χ(k) file (``.chi``, ``.chik``), or a fit2d ``.chi`` pattern.

    ``#`` header (plain Larch text or XDI fields), the last comment line naming the columns
    (``k chi`` or ``k chi chik chik2 chik3 win energy``), then the columns. A ``.chi``
    without a ``#`` header is a fit2d intensity pattern (read by :func:`read_fit2d`, units
    from its header) or, when it has no header at all, plain columns read whole.

    Returns
    -------
    Curve
        quantity ``"chi"``: x = k (Å⁻¹), y = χ(k) (the column named ``chi``, else the
        second). Other columns (k-weighted χ, window, energy) are in ``metadata["columns"]``.
    """
    path, text = read_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("#"):
        if _fit2d_header(text) is not None:
            return read_fit2d(path, wavelength=wavelength)
        try:
            return read_columns(path)
        except ValueError:
            raise file_error(
                path,
                "is neither a Larch/Athena χ(k) file ('#' header) nor a fit2d .chi "
                "(title, x label, y label, number of points) nor plain columns",
                1,
            ) from None
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


# ----------------------------------------------------------------------------- fit2d

#: Axis labels of raw patterns (fit2d, pyFAI) -> the grid unit they declare.
_RAW_GRID_LABELS = (
    (
        re.compile(r"^q_?\(?a\^?-1|^q\s*\(\s*inverse\s+angstr|^q\s*\(\s*(1/a|a\^-1|å⁻¹)", re.I),
        "Å⁻¹",
    ),
    (
        re.compile(r"^q_?\(?nm\^?-1|^q\s*\(\s*inverse\s+nanomet|^q\s*\(\s*(1/nm|nm\^-1)", re.I),
        "nm⁻¹",
    ),
    (re.compile(r"^2th|^2-?theta|^tth", re.I), "°2θ"),
)
_WAVELENGTH_LINE = re.compile(
    r"^#?\s*wavelength\s*[:=]\s*([0-9.eE+-]+)\s*(m|a|å|angstrom|nm)?", re.I
)


def _raw_grid_unit(label: str | None) -> str | None:
    """'Q (Inverse Nanometres)' -> 'nm⁻¹', 'q_A^-1' -> 'Å⁻¹', '2th_deg' -> '°2θ', else None."""
    if not label:
        return None
    text = label.strip()
    for pattern, unit in _RAW_GRID_LABELS:
        if pattern.search(text):
            return unit
    return None


def _header_wavelength(header: list[str]) -> float | None:
    """λ in Å from a ``Wavelength: 1.908e-11`` header line (pyFAI writes metres)."""
    for line in header:
        match = _WAVELENGTH_LINE.match(line.strip())
        if match:
            value, unit = float(match.group(1)), (match.group(2) or "").lower()
            if unit == "m" or (not unit and value < 1e-6):
                return value * 1e10
            if unit == "nm":
                return value * 10.0
            return value
    return None


def _fit2d_header(text: str) -> tuple[str, str, str, int] | None:
    """(title, x label, y label, n points) when ``text`` starts like a fit2d .chi file."""
    lines = [line.strip() for line in text.splitlines()[:4]]
    if len(lines) < 4 or not lines[3].isdigit():
        return None
    for line in lines[1:3]:
        try:
            [float(t) for t in line.replace(",", " ").split()]
        except ValueError:
            continue
        return None  # a row of numbers: not a label

    return lines[0], lines[1], lines[2], int(lines[3])


def _raw_grid(x: np.ndarray, unit: str | None, wavelength, metadata: dict):
    """x as Q in Å⁻¹ when the unit allows it (nm⁻¹ always; 2θ with λ), and its unit."""
    if unit in (None, "Å⁻¹"):
        return x, unit
    if unit == "°2θ" and wavelength is None:
        metadata["two_theta"] = True
        return x, unit
    metadata["x_from"] = {"unit": unit, "values": x.copy()}
    if wavelength is not None:
        metadata["wavelength"] = float(wavelength)
    return to_inverse_angstrom(x, unit, wavelength), "Å⁻¹"


def read_fit2d(path: PathLike, *, wavelength: float | None = None) -> Curve:
    """Read a fit2d ``.chi`` intensity pattern: 4 header lines, then x and I columns.

    The header is a title, the x-axis label (``Q (Inverse Nanometres)``, ``Q (Inverse
    Angstroms)`` or ``2-Theta Angle (Degrees)``), the intensity label and the number of
    points (checked against the rows).

    Parameters
    ----------
    path : str or Path
        The file.
    wavelength : float, optional
        λ in Å, to turn a 2θ axis into Q.

    Returns
    -------
    Curve
        Quantity ``"I"``; x is Q in Å⁻¹ (nm⁻¹ converted, ×0.1; 2θ converted when
        ``wavelength`` is given, else left in degrees with ``x_unit = "°2θ"``). The grid as
        written is in ``metadata["x_from"]``.
    """
    path, text = read_text(path)
    header = _fit2d_header(text)
    if header is None:
        raise file_error(
            path, "not a fit2d .chi: expected title, x label, y label, number of points", 1
        )
    title, x_label, y_label, n_points = header
    table = parse_table(path, text, skip_lines=4)
    if table.n_columns < 2:
        raise file_error(path, "needs two columns (x, I)", int(table.data_lines[0]))
    if table.data.shape[0] != n_points:
        raise file_error(
            path,
            f"the header announces {n_points} points but {table.data.shape[0]} rows follow",
            4,
        )
    unit = _raw_grid_unit(x_label)
    if unit is None:
        raise file_error(path, f"unknown x axis {x_label!r} (expected Q or 2-Theta)", 2)
    metadata = _base_metadata(table, "fit2d")
    metadata.update(title=title, labels=[x_label, y_label])
    x, x_unit = _raw_grid(table.data[:, 0], unit, wavelength, metadata)
    return Curve(x, table.data[:, 1], "I", x_unit, "arb.", metadata)


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
    "G_keen": "r",
    "D": "r",
    "T": "r",
    "G_over_r": "r",
    "chi": "k",
    "mu": "E",
}
#: "# quantity = G", "# x_unit = Å", "# y_unit = Å⁻²": what a column file declares of itself
#: (the column writer adds these lines when the labels alone do not say it).
#: "# rho = 0.0869" (atoms/Å³) too, so that r-space conversions of a curve read back work.
_DECLARATION = re.compile(r"^#+\s*(quantity|x_unit|y_unit|rho)\s*=\s*(.*?)\s*$")


def _symbol(label: str) -> str:
    """'G(r)' -> 'G', 'r (Å)' -> 'r', 'chi(k)' -> 'chi', 'G(r)/r' -> 'G_over_r'."""
    text = label.strip()
    if re.match(r"^G(\(r\))?\s*/\s*r\b", text):
        return "G_over_r"
    return re.split(r"[\s(\[]", text, maxsplit=1)[0]


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


def _select_columns(path, table: TextTable, labels, columns):
    """(data, labels) of the chosen columns: indices (0-based) or labels, x first."""
    if columns is None:
        return table.data, labels
    if isinstance(columns, str | int) or not hasattr(columns, "__iter__"):
        columns = [columns]
    columns = list(columns)
    if len(columns) < 2:
        raise ValueError(f"columns must name x and at least one y column, got {columns!r}")
    chosen = []
    for c in columns:
        if isinstance(c, str) and not c.strip().lstrip("-").isdigit():
            names = [label.strip() for label in labels or []]
            symbols = [_symbol(label) for label in labels or []]
            if c.strip() in names:
                chosen.append(names.index(c.strip()))
            elif c.strip() in symbols:
                chosen.append(symbols.index(c.strip()))
            else:
                raise file_error(
                    path,
                    f"no column labelled {c!r}; labels: {labels!r} (or give 0-based indices)",
                )
            continue
        i = int(c)
        if not 0 <= i < table.n_columns:
            raise file_error(
                path,
                f"column index {i} is out of range: the file has {table.n_columns} columns "
                "(indices are 0-based: 0 is the first)",
            )
        chosen.append(i)
    data = table.data[:, chosen]
    return data, None if labels is None else [labels[i] for i in chosen]


def _warn_skipped_rows(path, text: str, skip_lines: int, n_columns: int) -> None:
    """Warn when ``skip_lines`` throws away lines that are rows of numbers like the data."""
    if skip_lines <= 0:
        return
    numeric = 0
    for line in text.splitlines()[:skip_lines]:
        tokens = line.replace(",", " ").split()
        try:
            [float(t) for t in tokens]
        except ValueError:
            continue
        numeric += len(tokens) == n_columns
    if numeric:
        warnings.warn(
            f"{path}: skip_lines={skip_lines} drops {numeric} line(s) that are data rows "
            f"with {n_columns} numbers; lower skip_lines to keep them",
            UserWarning,
            stacklevel=3,
        )


def read_columns(
    path: PathLike,
    *,
    quantity: str | None = None,
    x_unit: str | None = None,
    y_unit: str | None = None,
    skip_lines: int = 0,
    columns=None,
    wavelength: float | None = None,
) -> Curve:
    """Read a plain column file (``.dat``, ``.xy``, ``.xye``, ``.txt``, ``.csv``).

    Whitespace-, comma- or semicolon-separated numbers, with or without ``#`` comments and
    with or without a header line of column labels.

    - 2 columns: x, y.
    - 3 columns: x, y and the standard uncertainty of y (the ``.xye`` convention), unless
      the column labels name a third column that is not an uncertainty (labels such as
      ``dy``, ``dg``, ``err``, ``sigma`` are; ``g2`` after ``g1`` is not): then x and two y
      columns.
    - 4 or more: x and several y columns (y is 2-D, one curve per column), unless
      ``columns`` picks some.

    Raw patterns (pyFAI ``.xy``: labels ``q_A^-1``, ``q_nm^-1`` or ``2th_deg`` and ``I``) are
    read as intensity (quantity ``"I"``) on Q in Å⁻¹: nm⁻¹ is converted (×0.1), and 2θ too
    when the wavelength is known (``wavelength=`` or a ``# Wavelength: ...`` header line, in
    metres as pyFAI writes it, or Å); otherwise x stays 2θ with ``x_unit = "°2θ"``.

    Parameters
    ----------
    path : str or Path
    quantity : str, optional
        What y holds ("g", "G", "R", "S", "F", "chi", "I", "F_barn", "mu", "D", "T",
        "G_keen", "G_over_r", ...). Default: what the file declares in a
        ``# quantity = ...`` header line (the package's writer adds one when the labels do
        not say it), else inferred from the labels when they name a grid and a quantity of
        its space (``r, g``; ``Q  S(Q)``; ``k chi``; ``r G(r)/r``; ``r g1 g2`` for several
        curves; ``E mu``), else ``"unknown"``. Labels can mislead (a digitised file
        labelled ``s,q`` holds q and S(q)): pass ``quantity`` when you know better.
    x_unit, y_unit : str, optional
        Units; default: the file's ``# x_unit = ...`` / ``# y_unit = ...`` lines, else from
        the quantity (Å or Å⁻¹ for the grid).
    skip_lines : int, default 0
        Lines at the start to treat as header whatever they hold (a warning says so when
        some of them are rows of numbers).
    columns : sequence of int or str, optional
        The x column then the y column(s) to read, by 0-based index (as
        :func:`numpy.loadtxt`'s ``usecols``) or by label: ``(0, 3)``, ``("Q", "S_SiO")``.
        Default: all columns as described above.
    wavelength : float, optional
        λ in Å, to turn a 2θ axis into Q.
    """
    path, text = read_text(path)
    skip_lines = int(skip_lines)
    if skip_lines < 0:
        raise ValueError(f"skip_lines must be >= 0, got {skip_lines}")
    table = parse_table(path, text, skip_lines=skip_lines)
    _warn_skipped_rows(path, text, skip_lines, table.n_columns)
    data, labels = _select_columns(path, table, table.labels(), columns)
    n_columns = data.shape[1]
    if n_columns < 2:
        raise file_error(
            path,
            "has a single column; for x and y in two one-column files use read_pair(x, y)",
            int(table.data_lines[0]),
        )
    has_errors = (
        n_columns == 3
        and columns is None
        and (labels is None or _is_error_label(labels[2], labels[1]))
    )
    n_y = 1 if n_columns == 2 or has_errors else n_columns - 1
    raw_unit = _raw_grid_unit(labels[0]) if labels else None
    labels_for_inference = labels
    if raw_unit is not None:
        labels_for_inference = ["q", *labels[1:]]
    declared = _declarations(table.header)
    inferred = _infer_quantity(labels_for_inference, n_y)
    in_file = declared.get("quantity") or inferred or "unknown"
    chosen = quantity or in_file
    default_x, default_y = _label_units(chosen, labels_for_inference)
    if chosen == in_file:  # the file's unit lines describe its own quantity
        default_x = declared.get("x_unit", default_x)
        default_y = declared.get("y_unit", default_y)
    errors = data[:, 2] if has_errors else None
    y = data[:, 1] if n_y == 1 else data[:, 1:]
    metadata = _base_metadata(table, "columns")
    metadata.update(labels=labels, quantity_from_labels=inferred, declared=declared)
    _density_from_header(metadata, declared.get("rho"))
    x = data[:, 0]
    if raw_unit is not None and x_unit is None:
        lam = wavelength if wavelength is not None else _header_wavelength(table.header)
        if lam is not None:
            metadata["wavelength"] = float(lam)
        x, default_x = _raw_grid(x, raw_unit, lam, metadata)
    return Curve(
        x,
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

#: Format name -> reader function, as used by :func:`read` (``format=``).
FORMATS = {
    "pdfgetx3": read_pdfgetx3,
    "fit2d": read_fit2d,
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
    "fit2d-chi": "fit2d",
    "plain": "columns",
    "csv": "columns",
    "dat": "columns",
    "xy": "columns",
    "txt": "columns",
}


def detect_format(path: PathLike) -> str:
    """The format :func:`read` would use for ``path`` (see :data:`EXTENSIONS`).

    The extension decides, except that a ``.chi`` with a fit2d header is ``"fit2d"``, and a
    file which declares itself (first line ``# XDI/``, or a ``#### start data`` line) is
    read as what it says when its extension is a generic one (.dat, .txt, ...) or unknown.
    """
    path, text = read_text(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt == "chi" and _fit2d_header(text) is not None:
        return "fit2d"
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
    format : {"pdfgetx3", "fit2d", "gudrun", "chi", "xdi", "columns"}, optional
        Force a reader (aliases: "larch", "athena", "pdfgetn3", "mint01", "csv", ...).
        Default: :func:`detect_format` (extension, then content).
    **options
        Passed to the reader (``read_columns`` takes ``quantity``, ``x_unit``, ``y_unit``,
        ``skip_lines``, ``columns``, ``wavelength``; ``read_fit2d`` ``wavelength``); an
        option the reader does not take raises a ValueError.

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
    reader = FORMATS[fmt]
    accepted = set(inspect.signature(reader).parameters) - {"path"}
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise ValueError(
            f"the {fmt!r} reader takes no option {', '.join(unknown)} (it takes: "
            f"{', '.join(sorted(accepted)) or 'none'}); pass format='columns' to read the "
            "file as plain columns with those options"
        )
    return reader(path, **options)
