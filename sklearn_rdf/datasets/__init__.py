"""Datasets and file readers.

- :func:`read` (and the per-format readers of :mod:`.readers`): PDFgetX3 ``.gr/.sq/.fq/.iq``,
  Gudrun ``.mint01``, Larch/Athena ``.chi/.chik``, XDI, plain ``.dat/.xy/.txt/.csv`` files,
  each into a :class:`~sklearn_rdf.physics.Curve`; :func:`write` writes them back.
- :func:`load_ge_se_glasses`: the embedded Ge–Se / Ag–Ge–Se family (a structural model, not
  measured data; see ``docs/datasets.md``).
- :func:`load_simulated_glasses`: the packaged snapshot of LAMMPS-simulated glasses (g(r),
  S(q), vibrational DOS; see ``docs/simulated-glasses.md``); :mod:`.simulate` (extra
  ``simulate``) makes more.
"""

from .ge_se import GE_SE_MATERIALS, load_ge_se_glass, load_ge_se_glasses
from .readers import (
    READER_QUANTITIES,
    detect_format,
    interference_to_S,
    read,
    read_chi,
    read_columns,
    read_gudrun,
    read_pair,
    read_pdfgetx3,
    read_xdi,
)
from .simulated import load_simulated_glasses, load_simulated_structures
from .writers import write

__all__ = [
    "GE_SE_MATERIALS",
    "READER_QUANTITIES",
    "detect_format",
    "interference_to_S",
    "load_ge_se_glass",
    "load_ge_se_glasses",
    "load_simulated_glasses",
    "load_simulated_structures",
    "read",
    "read_chi",
    "read_columns",
    "read_gudrun",
    "read_pair",
    "read_pdfgetx3",
    "read_xdi",
    "write",
]
