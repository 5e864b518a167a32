"""Low-level parsing of column text files: a header, then a block of numeric rows.

Every reader of :mod:`sklearn_rdf.datasets.readers` goes through :func:`parse_table`, so that
all of them report a malformed file the same way: a :class:`ValueError` whose message starts
with ``"<file>, line <n>:"`` (1-based line numbers) and quotes the offending line.

Rules (shared by PDFgetX3, Gudrun, Larch/Athena, XDI and plain column files):

- lines starting with the comment character (``#``) are comments, blank lines are ignored;
- before the data, any line whose first token is not a number is a header line (PDFgetX3
  ``key = value`` configuration, a CSV header such as ``r, g``, a ``[section]``);
- the data block starts at the first line whose first token is a number; from there on every
  non-comment, non-blank line must be a row of finite numbers with the same number of columns;
- a row is split on commas when it contains one, on semicolons when it contains one, and on
  whitespace otherwise (tabs included); a trailing delimiter is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["TextTable", "file_error", "parse_table", "read_text"]

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$")


def file_error(path, message: str, line: int | None = None) -> ValueError:
    """A ValueError that names the file (and the 1-based line when given)."""
    where = f"{path}" if line is None else f"{path}, line {line}"
    return ValueError(f"{where}: {message}")


def read_text(path) -> tuple[Path, str]:
    """Return ``(Path, text)`` of a text file; UTF-8, falling back to Latin-1."""
    path = Path(path)
    if path.is_dir():
        raise file_error(path, "is a folder, not a file")
    if not path.is_file():
        raise file_error(path, "no such file")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise file_error(path, "is a binary file, not a text file of columns")
    try:
        return path, raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return path, raw.decode("latin-1")


def split_row(line: str) -> list[str]:
    """Split a data or label line on commas, semicolons or whitespace."""
    for sep in (",", ";"):
        if sep in line:
            tokens = [t.strip() for t in line.split(sep)]
            while tokens and not tokens[-1]:
                tokens.pop()
            return tokens
    return line.split()


def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(token)) or token.lower() in ("nan", "inf", "+inf", "-inf")


def _to_float(token: str) -> float:
    return float(token.replace("D", "E").replace("d", "e"))


@dataclass
class TextTable:
    """A parsed column file.

    Attributes
    ----------
    path : Path
    header : list of str
        Every line before the first data row (comments included, newline stripped).
    header_lines : list of int
        1-based line number of each header line.
    data : ndarray of shape (n_rows, n_columns)
    data_lines : ndarray of int
        1-based line number of each data row.
    trailing : list of str
        Comment lines after the first data row.
    """

    path: Path
    header: list[str]
    header_lines: list[int]
    data: np.ndarray
    data_lines: np.ndarray
    trailing: list[str] = field(default_factory=list)

    @property
    def n_columns(self) -> int:
        return int(self.data.shape[1])

    def labels(self, comment: str = "#") -> list[str] | None:
        """Column labels: the last header line with one non-numeric token per column.

        Lines with an ``=`` are settings (``wavelength = 1.54``, ``# quantity = g``), never
        labels, whatever their number of tokens.
        """
        for line in reversed(self.header):
            text = line.strip()
            if "=" in text:
                continue
            if text.startswith(comment):
                text = text.lstrip(comment).strip()
                if text.startswith("L "):  # SPEC-style "#L label label" (PDFgetX3)
                    text = text[2:]
            tokens: list[str] = []
            for token in (t.strip("\"'") for t in split_row(text)):
                if tokens and token[:1] in "([":  # "r (Å)" is one label with its unit
                    tokens[-1] = f"{tokens[-1]} {token}"
                else:
                    tokens.append(token)
            if len(tokens) == self.n_columns and not all(_is_number(t) for t in tokens):
                return tokens
        return None


def parse_table(path, text: str, *, comment: str = "#", skip_lines: int = 0) -> TextTable:
    """Parse ``text`` (the content of ``path``) into a :class:`TextTable`.

    ``skip_lines`` lines at the start are taken as header whatever they hold (for formats
    whose header is delimited by a marker, such as PDFgetX3's ``#### start data``).
    """
    header: list[str] = []
    header_lines: list[int] = []
    rows: list[list[float]] = []
    row_lines: list[int] = []
    trailing: list[str] = []
    n_cols = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if number <= skip_lines or (n_cols is None and not line):
            if n_cols is None:
                header.append(raw)
                header_lines.append(number)
            continue
        if not line:
            continue
        if line.startswith(comment):
            (header if n_cols is None else trailing).append(raw)
            if n_cols is None:
                header_lines.append(number)
            continue
        tokens = split_row(line)
        if n_cols is None and not (tokens and _is_number(tokens[0])):
            header.append(raw)
            header_lines.append(number)
            continue
        if not all(_is_number(t) for t in tokens):
            bad = next(t for t in tokens if not _is_number(t))
            raise file_error(path, f"{bad!r} is not a number in the data row {line!r}", number)
        values = [_to_float(t) for t in tokens]
        if not all(np.isfinite(values)):
            raise file_error(path, f"NaN or infinite value in the data row {line!r}", number)
        if n_cols is None:
            n_cols = len(values)
        elif len(values) != n_cols:
            raise file_error(
                path,
                f"expected {n_cols} columns (as in line {row_lines[0]}), found {len(values)} "
                f"in {line!r}",
                number,
            )
        rows.append(values)
        row_lines.append(number)
    if not rows:
        raise file_error(path, "no rows of numbers found")
    return TextTable(
        path=Path(path),
        header=header,
        header_lines=header_lines,
        data=np.array(rows, dtype=np.float64),
        data_lines=np.array(row_lines, dtype=np.int64),
        trailing=trailing,
    )
