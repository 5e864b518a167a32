"""FEFF on a whole cluster: multiple-scattering paths and their summed χ(k) (extra feff).

:func:`cluster_paths` writes a ``feff.inp`` for an ``ase.Atoms`` cluster (absorber = atom 0),
runs a FEFF on it in a temporary folder (removed afterwards) and reads every scattering path
FEFF kept (``feffNNNN.dat``: number of legs, degeneracy, half path length R_eff, and on FEFF's
k grid the effective amplitude |f_eff| (Å, FEFF's ``mag[feff]`` times its reduction factor),
the total phase δ = 2δ_c + φ (rad) and the mean free path λ (Å)). :meth:`ClusterPaths.chi`
sums them with the package's convention (``sklearn_rdf.physics.exafs``):

    χ(k) = S0² Σ_paths deg · |f_eff|(k′) / (k′ R_eff²) · exp(−2R_eff/λ(k′))
           · exp(−2σ²k′²) · sin(2k′R_eff + δ(k′)),     k′ = √(k² − 0.2625·ΔE0),

so that the single-scattering paths (2 legs) reproduce the EXAFS equation of the tables, and
the paths of 3 and more legs are the multiple scattering the tables leave out.

Three FEFFs that install from PyPI (measured on these machines, 2026-12-01; docs/exafs.md):

- ``"feff6l"`` and ``"feff8l"``: the executables bundled with ``xraylarch`` (extra ``feff``,
  about 2.4 GB; install it in its own virtual environment). They run as child processes in the
  calculation folder (``cwd``), so no path is handed to the Fortran (an absolute phase-file path
  makes FEFF8L ``STOP``) and the caller's working directory is never changed. FEFF8L runs
  without self-consistency here (overlapped atomic potentials: SCF costs 7 s a cluster).
- ``"feff10"``: ``feff10-rs`` (extra ``feff10``, an 8.5 MB wheel, no dependencies), the FEFF10
  pipeline restricted to the EXAFS stages.

``feff="auto"`` takes the first installed of feff8l, feff6l, feff10 (the shipped tables are
FEFF8L's, and FEFF8L's single scattering agrees with them best; see the docs).
"""

from __future__ import annotations

import contextlib
import glob
import numbers
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib.util import find_spec

import numpy as np

from .exafs import e0_shifted_k

__all__ = ["BACKENDS", "ClusterPaths", "FeffError", "available_feff", "cluster_paths",
           "fcc_cluster", "feff_cluster_input"]  # fmt: skip

#: The FEFFs :func:`cluster_paths` can run, in the order ``feff="auto"`` tries them.
BACKENDS = ("feff8l", "feff6l", "feff10")

_HOLE = {"K": 1, "L1": 2, "L2": 3, "L3": 4}
_FEFF8L_MODULES = ("rdinp", "pot", "xsph", "pathfinder", "genfmt", "ff2x")


class FeffError(RuntimeError):
    """A FEFF run failed (its exit status, or no path written); the message quotes its log.

    Parameters
    ----------
    message : str
        What failed, with the end of FEFF's log.
    """

    def __init__(self, message: str):
        super().__init__(message)


def _larch_bindir():
    if find_spec("larch") is None:
        return None
    from larch.utils import bindir

    return str(bindir)


def available_feff() -> list[str]:
    """The FEFFs installed here, in the order ``feff="auto"`` tries them.

    Returns
    -------
    list of str
        A subset of :data:`BACKENDS`: ``"feff8l"`` and ``"feff6l"`` when ``xraylarch`` is
        installed (extra ``feff``), ``"feff10"`` when ``feff10-rs`` is (extra ``feff10``).

    Examples
    --------
    >>> from sklearn_rdf.physics.feff_paths import BACKENDS, available_feff
    >>> set(available_feff()) <= set(BACKENDS)
    True
    """
    out = []
    bindir = _larch_bindir()
    if bindir is not None:
        if all(os.access(os.path.join(bindir, f"feff8l_{m}"), os.X_OK) for m in _FEFF8L_MODULES):
            out.append("feff8l")
        if os.access(os.path.join(bindir, "feff6l"), os.X_OK):
            out.append("feff6l")
    if find_spec("feff10") is not None:
        out.append("feff10")
    return out


def _resolve_backend(feff: str) -> str:
    if feff not in (*BACKENDS, "auto"):
        raise ValueError(f"feff must be 'auto' or one of {BACKENDS}, got {feff!r}")
    have = available_feff()
    if feff == "auto":
        if not have:
            raise ImportError(
                "multiple scattering on a cluster needs a FEFF: pip install 'sklearn-rdf[feff10]' "
                "(feff10-rs, 8.5 MB) or 'sklearn-rdf[feff]' (xraylarch's feff6l/feff8l, about "
                "2.4 GB, in its own virtual environment); single scattering from the shipped "
                "tables needs neither"
            )
        return have[0]
    if feff not in have:
        extra = "feff10" if feff == "feff10" else "feff"
        raise ImportError(
            f"{feff} is not installed here (pip install 'sklearn-rdf[{extra}]'); installed: "
            f"{have or 'none'}"
        )
    return feff


def fcc_cluster(symbol: str = "Cu", a: float = 3.615, r_max: float = 5.2):
    """An fcc crystal cluster: the absorber at the origin and every lattice site within r_max.

    Parameters
    ----------
    symbol : str, default "Cu"
        Element of every atom.
    a : float, default 3.615
        Cubic lattice constant (Å); the first shell lies at a/√2.
    r_max : float, default 5.2
        Sites closer than r_max (Å) to the absorber are kept.

    Returns
    -------
    ase.Atoms
        Atom 0 the absorber at (0, 0, 0), then the neighbours by increasing distance.

    Examples
    --------
    >>> from sklearn_rdf.physics.feff_paths import fcc_cluster
    >>> len(fcc_cluster("Cu", 3.615, 5.2))  # 1 + 12 + 6 + 24 + 12
    55
    """
    from ase import Atoms
    from ase.data import atomic_numbers

    if not isinstance(symbol, str) or symbol not in atomic_numbers:
        raise ValueError(f"symbol must be a chemical element, got {symbol!r}")
    for name, value in (("a", a), ("r_max", r_max)):
        real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not real or not 0 < value < np.inf:
            raise ValueError(f"{name} must be a distance > 0 Å, got {value!r}")
    n = int(np.ceil(2.0 * r_max / a))
    grid = np.arange(-n, n + 1)
    ijl = np.stack(np.meshgrid(grid, grid, grid, indexing="ij"), axis=-1).reshape(-1, 3)
    pos = ijl[ijl.sum(axis=1) % 2 == 0] * (a / 2.0)  # fcc: the even sites of the a/2 grid
    dist = np.linalg.norm(pos, axis=1)
    keep = (dist > 0) & (dist < r_max)
    pos, dist = pos[keep], np.round(dist[keep], 6)
    order = np.lexsort((pos[:, 2], pos[:, 1], pos[:, 0], dist))
    return Atoms([symbol] * (order.size + 1), positions=np.vstack([np.zeros(3), pos[order]]))


def feff_cluster_input(
    atoms, *, flavour: str = "feff8l", edge: str = "K", rmax=None, nleg: int = 4, scf=None
) -> str:
    """The ``feff.inp`` text of a cluster: absorber = atom 0, one potential per element.

    Parameters
    ----------
    atoms : ase.Atoms
        The cluster; atom 0 is the absorber (coordinates relative to it are written).
    flavour : {"feff8l", "feff6l", "feff10"}, default "feff8l"
        Card dialect: FEFF6 (``HOLE``, 4 CONTROL flags) or FEFF8/10 (``EDGE``, ``S02``).
    edge : {"K", "L1", "L2", "L3"}, default "K"
        Absorption edge.
    rmax : float or None, default None
        Longest half path length R_eff (Å) FEFF keeps; None: 2.2 × the nearest-neighbour
        distance (FEFF's own default), or the farthest neighbour + 0.1 Å if that is longer.
    nleg : int, default 4
        Most legs per path (2: single scattering only).
    scf : float or None, default None
        Self-consistency radius (Å, FEFF8/10 only); None: overlapped atomic potentials.

    Returns
    -------
    str
        The input file.

    Examples
    --------
    >>> from ase import Atoms
    >>> from sklearn_rdf.physics.feff_paths import feff_cluster_input
    >>> text = feff_cluster_input(Atoms("CuCu", positions=[[0, 0, 0], [2.5, 0, 0]]))
    >>> "RMAX 5.500" in text and "NLEG 4" in text
    True
    """
    from ase.data import atomic_numbers

    if flavour not in BACKENDS:
        raise ValueError(f"flavour must be one of {BACKENDS}, got {flavour!r}")
    if edge not in _HOLE:
        raise ValueError(f"edge must be one of {tuple(_HOLE)}, got {edge!r}")
    if isinstance(nleg, bool) or not isinstance(nleg, int) or not 2 <= nleg <= 8:
        raise ValueError(f"nleg must be an integer in 2..8, got {nleg!r}")
    if len(atoms) < 2:
        raise ValueError("a FEFF cluster needs the absorber and at least one neighbour")
    pos = atoms.get_positions()
    pos = pos - pos[0]
    symbols = atoms.get_chemical_symbols()
    dist = np.linalg.norm(pos[1:], axis=1)
    if np.any(dist < 0.5):
        raise ValueError("a neighbour lies within 0.5 Å of the absorber")
    if rmax is None:
        rmax = max(2.2 * float(dist.min()), float(dist.max()) + 0.1)
    rmax = float(rmax)
    if not (np.isfinite(rmax) and rmax > 0):
        raise ValueError(f"rmax must be a distance > 0 Å, got {rmax!r}")
    ipot = {s: i + 1 for i, s in enumerate(dict.fromkeys(symbols[1:]))}
    if flavour == "feff6l":
        if scf is not None:
            raise ValueError("scf needs FEFF8L or FEFF10 (FEFF6 has no self-consistency)")
        head = [f"HOLE {_HOLE[edge]} 1.0", "CONTROL 1 1 1 1", "PRINT 0 0 0 0"]
    else:
        head = [f"EDGE {edge}", "S02 1.0", "CONTROL 1 1 1 1 1 1", "PRINT 1 0 0 0 0 3"]
        head += [f"SCF {float(scf):.2f}"] if scf is not None else []
    lines = [
        "TITLE sklearn_rdf cluster",
        *head,
        "EXCHANGE 0",
        f"RMAX {rmax:.3f}",
        f"NLEG {nleg}",
        "POTENTIALS",
        f" 0 {atomic_numbers[symbols[0]]} {symbols[0]}",
        *(f" {i} {atomic_numbers[s]} {s}" for s, i in ipot.items()),
        "ATOMS",
        *(
            f" {x:10.5f} {y:10.5f} {z:10.5f} {0 if n == 0 else ipot[symbols[n]]}"
            for n, (x, y, z) in enumerate(pos)
        ),
        "END",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ClusterPaths:
    """The scattering paths FEFF found in one cluster, on FEFF's k grid.

    Parameters
    ----------
    k : ndarray of shape (n_kf,)
        FEFF's wavenumbers (Å⁻¹).
    nleg : ndarray of int, shape (n_paths,)
        Legs of each path (2: single scattering).
    degeneracy : ndarray of shape (n_paths,)
        Path degeneracy.
    reff : ndarray of shape (n_paths,)
        Half path length R_eff (Å).
    amplitude : ndarray of shape (n_paths, n_kf)
        |f_eff| (Å), FEFF's reduction factor included.
    phase : ndarray of shape (n_paths, n_kf)
        δ = 2δ_c + φ (rad).
    mean_free_path : ndarray of shape (n_paths, n_kf)
        λ (Å).
    backend : str
        The FEFF that ran.
    cpu_seconds : float
        CPU time of the FEFF run (its child processes), s.
    info : dict
        Edge, ``feff.inp`` settings (``rmax``: the RMAX written, Å, the default resolved).
    """

    k: np.ndarray
    nleg: np.ndarray
    degeneracy: np.ndarray
    reff: np.ndarray
    amplitude: np.ndarray
    phase: np.ndarray
    mean_free_path: np.ndarray
    backend: str
    cpu_seconds: float
    info: dict = field(default_factory=dict)

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return int(self.nleg.size)

    def chi(self, k, *, s02=1.0, e0_shift=0.0, sigma2=0.0, legs=None) -> np.ndarray:
        """χ(k) summed over the paths (unweighted).

        Parameters
        ----------
        k : array-like of shape (n_k,)
            Wavenumbers (Å⁻¹) within FEFF's grid.
        s02 : float, default 1.0
            S0² (> 0).
        e0_shift : float, default 0.0
            ΔE0 (eV).
        sigma2 : float, default 0.0
            A Debye–Waller σ² (Å²) applied to every path (0: the disorder is in the atoms).
        legs : None, int or tuple of int, default None
            Only paths with this many legs (2: single scattering; (3, 4): multiple).

        Returns
        -------
        ndarray of shape (n_k,)
            χ(k); 0 where k′ is not real and positive.
        """
        k = np.asarray(k, dtype=np.float64)
        if k.ndim != 1 or (k.size and (k.max() > self.k[-1] + 1e-9 or k.min() < 0)):
            got = f"shape {k.shape}" if k.ndim != 1 else f"k from {k.min():g} to {k.max():g}"
            raise ValueError(f"k must be 1-D within FEFF's grid [0, {self.k[-1]:.2f}] Å⁻¹ ({got})")
        if not (np.isfinite(s02) and s02 > 0):
            raise ValueError(f"S0² (s02) must be > 0, got {s02!r}")
        kp, ok = e0_shifted_k(k, e0_shift)
        keep = np.ones(self.n_paths, dtype=bool)
        if legs is not None:
            keep = np.isin(self.nleg, np.atleast_1d(legs))
        out = np.zeros(k.size)
        kv = kp[ok]
        for p in np.flatnonzero(keep):
            amp = np.interp(kv, self.k, self.amplitude[p])
            pha = np.interp(kv, self.k, self.phase[p])
            lam = np.interp(kv, self.k, self.mean_free_path[p])
            R = self.reff[p]
            out[ok] += (
                self.degeneracy[p] * amp / (kv * R * R) * np.exp(-2.0 * R / lam)
                * np.exp(-2.0 * sigma2 * kv * kv) * np.sin(2.0 * kv * R + pha)
            )  # fmt: skip
        return s02 * out


_FLOAT = re.compile(r"^[\s\d.eEdD+-]+$")


def _read_feffdat(path: str):
    """(nleg, degeneracy, reff, k, amplitude, phase, mean_free_path) of one feffNNNN.dat."""
    with open(path, encoding="ascii", errors="replace") as fh:
        lines = fh.read().splitlines()
    head = next(i for i, ln in enumerate(lines) if "nleg, deg, reff" in ln)
    nleg, deg, reff = lines[head].split()[:3]
    start = next(i for i, ln in enumerate(lines) if "real[2*phc]" in ln) + 1
    rows = [ln.replace("D", "E").split() for ln in lines[start:] if ln.strip()]
    data = np.array([[float(v) for v in row[:7]] for row in rows if _FLOAT.match(" ".join(row))])
    k, phc, mag, pha, red, lam = data[:, :6].T
    return int(nleg), float(deg), float(reff), k, mag * red, np.unwrap(phc + pha), lam


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: the children's CPU is not counted
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _tail(folder: str, names) -> str:
    text = []
    for name in names:
        p = os.path.join(folder, name)
        if os.path.exists(p):
            with open(p, errors="replace") as fh:
                text.append(fh.read()[-1500:])
    return "\n".join(text)


#: File descriptors 1 and 2 belong to the whole process: redirections from two threads at once
#: (joblib's threading backend, dask threads) would leave stdout in the other run's log.
_FD_LOCK = threading.Lock()


@contextlib.contextmanager
def _fd_to_file(path: str):
    """Send this process's stdout/stderr file descriptors (and its children's) to a file."""
    import sys

    with _FD_LOCK:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        saved = [os.dup(1), os.dup(2)]
        with open(path, "ab") as log:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                for fd in saved:
                    os.close(fd)


def _run(backend: str, work: str, timeout: float) -> None:
    log = os.path.join(work, "feff_run.log")
    if backend in ("feff6l", "feff8l"):
        bindir = _larch_bindir()
        exes = ["feff6l"] if backend == "feff6l" else [f"feff8l_{m}" for m in _FEFF8L_MODULES]
        for exe in exes:
            with open(log, "ab") as fh:
                try:
                    proc = subprocess.run(
                        [os.path.join(bindir, exe)], cwd=work, stdout=fh,
                        stderr=subprocess.STDOUT, timeout=timeout, check=False,
                    )  # fmt: skip
                except subprocess.TimeoutExpired:
                    raise FeffError(f"{exe} ran past {timeout} s") from None
            if proc.returncode != 0:
                raise FeffError(
                    f"{exe} stopped with exit status {proc.returncode}; its log ends:\n"
                    + _tail(work, ["feff_run.log"])
                )
        return
    import feff10

    stages = [feff10.Stage.from_name(s) for s in
              ("rdinp", "atomic", "pot", "xsph", "path", "genfmt", "ff2x")]  # fmt: skip
    config = feff10.FeffConfig.from_file(
        work, os.path.join(work, "feff.inp"), stages=stages, stage_timeout=timeout
    )
    try:
        with _fd_to_file(log):  # feff10-rs's stages print to the process's stdout
            feff10.FeffPipeline(config).run()
    except feff10.FeffError as exc:
        log_tail = _tail(work, ["feff_run.log"])
        raise FeffError(f"feff10-rs failed: {exc}; its log ends:\n{log_tail}") from exc


def cluster_paths(
    atoms,
    *,
    feff: str = "auto",
    edge: str = "K",
    rmax=None,
    nleg: int = 4,
    scf=None,
    timeout: float = 300.0,
    keep_folder=None,
) -> ClusterPaths:
    """Run a FEFF on a cluster and read all its scattering paths.

    Parameters
    ----------
    atoms : ase.Atoms
        The cluster; atom 0 is the absorber.
    feff : {"auto", "feff8l", "feff6l", "feff10"}, default "auto"
        Which FEFF (:data:`BACKENDS`); "auto": the first installed.
    edge : {"K", "L1", "L2", "L3"}, default "K"
        Absorption edge.
    rmax : float or None, default None
        Longest half path length (Å); None: 2.2 × the nearest-neighbour distance (FEFF's
        default) or the farthest neighbour + 0.1 Å, whichever is longer.
    nleg : int, default 4
        Most legs per path.
    scf : float or None, default None
        Self-consistency radius (Å; feff8l, feff10). None: overlapped atomic potentials
        (measured: SCF 4 Å costs about 7 CPU-s a Cu cluster against 0.3 s without).
    timeout : float, default 300.0
        Seconds allowed to each FEFF program.
    keep_folder : path-like or None, default None
        Run in this existing, empty folder and keep the files there (default: a temporary
        folder, removed afterwards). A non-empty folder is refused: the paths of an earlier
        run there would be read with this run's.

    Returns
    -------
    ClusterPaths
        The paths, with the backend and the CPU seconds the run took.

    Raises
    ------
    ImportError
        When the chosen FEFF (or, for "auto", any) is not installed.
    FeffError
        When FEFF stops with an error or writes no path (the message quotes its log).

    Examples
    --------
    >>> from ase import Atoms
    >>> from sklearn_rdf.physics.feff_paths import available_feff, cluster_paths
    >>> dimer = Atoms("CuCu", positions=[[0, 0, 0], [0, 0, 2.55]])
    >>> if available_feff():  # needs the extra feff or feff10
    ...     paths = cluster_paths(dimer)  # NLEG 4: feff10 also keeps the 4-leg path at 5.1 Å
    ...     assert paths.nleg[0] == 2 and abs(paths.reff[0] - 2.55) < 1e-3
    ...     assert cluster_paths(dimer, nleg=2).n_paths == 1  # single scattering only
    """
    backend = _resolve_backend(feff)
    text = feff_cluster_input(atoms, flavour=backend, edge=edge, rmax=rmax, nleg=nleg, scf=scf)
    rmax_used = float(re.search(r"^RMAX (\S+)$", text, re.M)[1])  # the default resolved
    with contextlib.ExitStack() as stack:
        if keep_folder is None:
            work = stack.enter_context(tempfile.TemporaryDirectory(prefix="sklearn_rdf_feff_"))
        else:
            work = os.fspath(keep_folder)
            if not os.path.isdir(work):
                raise ValueError(f"keep_folder {work!r} is not an existing folder")
            with os.scandir(work) as entries:
                if any(entries):  # an earlier run's feffNNNN.dat would be read as paths
                    raise ValueError(
                        f"keep_folder {work!r} is not empty: FEFF's files of an earlier run "
                        "there would be read as this cluster's paths; give an empty folder"
                    )
        with open(os.path.join(work, "feff.inp"), "w", encoding="ascii") as fh:
            fh.write(text)
        c0, t0 = _children_cpu(), time.process_time()
        _run(backend, work, timeout)
        cpu = _children_cpu() - c0 + time.process_time() - t0
        files = sorted(glob.glob(os.path.join(work, "feff[0-9][0-9][0-9][0-9].dat")))
        if not files:
            raise FeffError(
                f"{backend} wrote no feffNNNN.dat in {work}; its log ends:\n"
                + _tail(work, ["feff_run.log"])
            )
        paths = [_read_feffdat(f) for f in files]
    k = paths[0][3]
    if any(p[3].shape != k.shape for p in paths):
        raise FeffError(f"{backend} wrote paths on different k grids")
    return ClusterPaths(
        k=k,
        nleg=np.array([p[0] for p in paths]),
        degeneracy=np.array([p[1] for p in paths]),
        reff=np.array([p[2] for p in paths]),
        amplitude=np.stack([p[4] for p in paths]),
        phase=np.stack([p[5] for p in paths]),
        mean_free_path=np.stack([p[6] for p in paths]),
        backend=backend,
        cpu_seconds=float(cpu),
        info={"edge": edge, "nleg": nleg, "rmax": rmax_used, "scf": scf, "n_atoms": len(atoms)},
    )
