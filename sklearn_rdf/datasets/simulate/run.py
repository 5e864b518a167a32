"""Melt–quench one sample with LAMMPS and analyse it; generate many, resumably, in parallel.

One sample: random insertion of the atoms at the sample's density, a short minimisation (to
remove overlaps), a melt at ``t_melt``, a linear quench to ``t_final`` (thermostat damping
100 time steps; NPT at zero pressure with barostat damping 1000 steps for ``ensemble="npt"``),
then conjugate-gradient minimisation to a relative energy change of 0 and a force tolerance of
1e-10 (energy units per length). The minimised structure is then analysed (:mod:`.analysis`):
g(r), S(q), F(q) = q(S(q) − 1), G(r) = 4πρr(g(r) − 1) (3D only), the dynamical matrix by
LAMMPS' ``dynamical_matrix`` (central finite differences) and its eigenvalues, the VDOS, and
first-shell coordination numbers.

Seeds: sample ``i`` of system ``s`` under master seed ``seed`` draws everything from
``numpy.random.SeedSequence(seed, spawn_key=(crc32(s), i))``, so each sample is reproducible
on its own, whatever the number of workers, the order of completion or an interrupted run.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zlib
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from ..._output import check_output_dir
from ...physics import S_to_F, g_to_G
from ._lammps import import_lammps, new_lammps
from .analysis import (
    coordination_metadata,
    pair_correlations,
    pair_names,
    structure_factors,
    vibrational_dos,
)
from .systems import GlassSystem, get_system

__all__ = ["generate", "lammps_script", "sample_path", "simulate_sample", "write_sample"]

_INSERT_ATTEMPTS = 3
#: finite-difference displacement of ``dynamical_matrix`` (σ_AA or Å)
_FD_DISPLACEMENT = 1e-5


class InsertionError(RuntimeError):
    """LAMMPS inserted fewer atoms than asked (random insertion with an overlap cut-off)."""


def sample_rng(system: str, index: int, seed: int) -> np.random.Generator:
    """The random generator of sample ``index`` of ``system`` under master seed ``seed``."""
    if index < 0 or seed < 0:
        raise ValueError(f"index and seed must be >= 0, got {index} and {seed}")
    key = (zlib.crc32(system.encode()), int(index))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))


def _counts(n: int, fractions) -> list[int]:
    """Integer atom counts summing to n, closest to n·fractions (largest remainder)."""
    exact = np.asarray(fractions, dtype=np.float64) * n
    counts = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - counts), kind="stable")[: n - counts.sum()]:
        counts[i] += 1
    return counts.tolist()


def lammps_script(system: GlassSystem, params: dict, seeds, workdir: Path) -> tuple[list, list]:
    """LAMMPS input of one sample: (setup lines up to the atoms, melt–quench–minimise lines)."""
    n = system.n_atoms
    counts = _counts(n, params["fractions"])
    length = (n / params["density"]) ** (1.0 / system.dim)
    z = f"0 {length!r}" if system.dim == 3 else "-0.5 0.5"
    dt = system.timestep
    setup = [
        f"units {system.units}",
        f"dimension {system.dim}",
        "boundary p p p",
        "atom_style atomic",
        "atom_modify map yes",
        f"region box block 0 {length!r} 0 {length!r} {z}",
        f"create_box {len(system.species)} box",
    ]
    for t, count in enumerate(counts, start=1):
        if count:
            setup.append(
                f"create_atoms {t} random {count} {int(seeds[t])} box "
                f"overlap {system.insert_overlap} maxtry 1000"
            )
    tm, tf = params["t_melt"], params["t_final"]
    damp = system.damp_steps * dt
    if system.ensemble == "npt":
        ens = f"npt temp {{}} {{}} {damp!r} iso 0.0 0.0 {10 * damp!r}"
    else:
        ens = f"nvt temp {{}} {{}} {damp!r}"
    skin = 0.3 if system.units == "lj" else 1.0
    body = [f"mass {t} {m!r}" for t, m in enumerate(system.masses, start=1)]
    body += system.potential(workdir)
    body += [
        f"neighbor {skin} bin",
        "neigh_modify every 1 delay 0 check yes",
        "thermo_style custom step temp pe press fnorm",
        "thermo_modify norm no",
    ]
    if system.dim == 2:
        body.append("fix twod all enforce2d")
    body += [
        "min_style cg",
        "minimize 1.0e-4 1.0e-6 1000 10000",
        f"velocity all create {tm!r} {int(seeds[0])} dist gaussian mom yes rot no",
        f"timestep {dt!r}",
        "fix md all " + ens.format(repr(tm), repr(tm)),
        f"run {int(params['melt_steps'])}",
        "unfix md",
        "fix md all " + ens.format(repr(tm), repr(tf)),
        f"run {int(params['quench_steps'])}",
        "unfix md",
    ]
    if system.final_potential is not None:
        body += system.final_potential(workdir)
    body.append("minimize 0.0 1.0e-10 100000 1000000")
    return setup, body


def _structure(lmp, dim: int):
    nlocal = lmp.extract_global("nlocal")  # the arrays also hold the ghost atoms
    ids = np.array(lmp.numpy.extract_atom("id")[:nlocal], dtype=np.int64)
    order = np.argsort(ids)
    x = np.array(lmp.numpy.extract_atom("x")[:nlocal], dtype=np.float64)[order]
    types = np.array(lmp.numpy.extract_atom("type")[:nlocal], dtype=np.int64)[order] - 1
    lo, hi = lmp.extract_box()[:2]
    lengths = np.array(hi) - np.array(lo)
    x = x - np.array(lo)
    if dim == 2:
        lengths[2] = 0.0
        x[:, 2] = 0.0
    return x, types, lengths


def _dynamical_matrix(lmp, n_atoms: int, dim: int, workdir: Path) -> tuple[np.ndarray, float]:
    path = Path(workdir) / "dynmat.bin"
    lmp.command(f"dynamical_matrix all regular {_FD_DISPLACEMENT!r} file {path} binary yes")
    d = np.fromfile(path, dtype=np.float64)
    path.unlink()
    if d.size != (3 * n_atoms) ** 2:
        raise RuntimeError(f"dynamical matrix has {d.size} entries, expected {(3 * n_atoms) ** 2}")
    d = d.reshape(3 * n_atoms, 3 * n_atoms)
    if dim == 2:  # drop the z rows and columns (identically zero under enforce2d)
        keep = np.ones(3 * n_atoms, dtype=bool)
        keep[2::3] = False
        d = d[np.ix_(keep, keep)]
    asym = float(np.max(np.abs(d - d.T)) / max(np.max(np.abs(d)), 1e-300))
    return 0.5 * (d + d.T), asym


def _insert_atoms(system: GlassSystem, params: dict, rng: np.random.Generator, workdir: Path):
    """A LAMMPS instance holding the randomly inserted atoms of one sample, not yet run.

    Up to ``_INSERT_ATTEMPTS`` insertions, each with fresh seeds drawn from ``rng`` (the draws
    of every sample of the snapshot). Returns ``(lmp, body, attempt)``: ``body`` are the
    melt–quench–minimise lines of :func:`lammps_script` still to run, ``attempt`` the index of
    the insertion that placed every atom. Raises :class:`InsertionError` when none did.
    """
    for attempt in range(_INSERT_ATTEMPTS):
        seeds = rng.integers(1, 2**31 - 1, size=len(system.species) + 1)
        setup, body = lammps_script(system, params, seeds, workdir)
        lmp = new_lammps()
        lmp.commands_list(setup)
        if lmp.get_natoms() == system.n_atoms:
            return lmp, body, attempt
        lmp.close()
    raise InsertionError(
        f"{system.name}: LAMMPS inserted fewer than {system.n_atoms} atoms in "
        f"{_INSERT_ATTEMPTS} attempts (density {params['density']:.4g})"
    )


def _melt_quench(system: GlassSystem, params: dict, rng: np.random.Generator, workdir: Path):
    lmp, body, attempt = _insert_atoms(system, params, rng, workdir)
    try:
        lmp.commands_list(body)
    except BaseException:
        lmp.close()
        raise
    return lmp, attempt


def simulate_sample(system: str | GlassSystem, index: int, seed: int) -> dict:
    """Melt–quench, minimise and analyse sample ``index`` of ``system`` (seeded).

    Returns
    -------
    dict of numpy arrays (see :func:`write_sample`) with a ``"meta"`` dict.
    """
    spec = get_system(system) if isinstance(system, str) else system
    rng = sample_rng(spec.name, index, seed)
    params = spec.draw(rng)
    wall = {}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sklearn_rdf_sim_", dir=_scratch_dir()) as tmp:
        lmp, attempt = _melt_quench(spec, params, rng, Path(tmp))
        try:
            energy = lmp.get_thermo("pe") / spec.n_atoms
            pressure = lmp.get_thermo("press")
            fnorm = lmp.get_thermo("fnorm")
            positions, types, box = _structure(lmp, spec.dim)
            wall["md_s"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            dynmat, asym = _dynamical_matrix(lmp, spec.n_atoms, spec.dim, Path(tmp))
            version = lmp.version()
        finally:
            lmp.close()
    wall["dynmat_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # one thread: deterministic, and one core per worker
        eigenvalues = np.linalg.eigvalsh(dynmat)
    del dynmat
    wall["eig_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()

    import freud

    n_species = len(spec.species)
    volume = float(np.prod(box[: spec.dim]))
    density = spec.n_atoms / volume
    with freud.parallel.NumThreads(1):  # one thread: the same sums in the same order
        r, g, g_parts = pair_correlations(positions, types, box, spec.dim, spec.r_grid, n_species)
        q, S, s_parts, n_empty_q = structure_factors(
            positions, types, box, spec.dim, spec.q_grid, n_species
        )
    freq, vdos, modes = vibrational_dos(eigenvalues, spec)
    conc = np.bincount(types, minlength=n_species) / spec.n_atoms
    meta = {
        "system": spec.name,
        "index": int(index),
        "seed": int(seed),
        "n_atoms": spec.n_atoms,
        "dim": spec.dim,
        "composition": {s: float(c) for s, c in zip(spec.species, conc, strict=True)},
        "density": density,
        "box_length": float(box[0]),
        "t_melt": params["t_melt"],
        "t_final": params["t_final"],
        "melt_steps": int(params["melt_steps"]),
        "quench_steps": int(params["quench_steps"]),
        "timestep": spec.timestep,
        "quench_time": params["quench_steps"] * spec.timestep,
        "quench_rate": (params["t_melt"] - params["t_final"])
        / (params["quench_steps"] * spec.timestep),
        "energy": float(energy),
        "pressure": float(pressure),
        "fnorm": float(fnorm),
        "n_empty_q_bins": n_empty_q,
        "insert_attempts": attempt + 1,
        "dynmat_asymmetry": asym,
        "lammps_version": int(version),
        **modes,
    }
    if spec.units == "metal":
        from .systems import mass_density

        meta["mass_density"] = mass_density(density, spec.species, conc)
    meta.update(coordination_metadata(r, g, g_parts, density, conc, spec.species, spec.dim))
    wall["analysis_s"] = time.perf_counter() - t1
    meta["wall_s"] = {k: round(v, 3) for k, v in wall.items()}
    pairs = pair_names(spec.species)
    return {
        "positions": positions,
        "types": types.astype(np.int8),
        "box": box,
        "r": r,
        "g": g,
        "g_partials": np.array([g_parts[p] for p in pairs]) if g_parts else np.empty((0, r.size)),
        "pairs": np.array(pairs if g_parts else [], dtype=np.int8).reshape(-1, 2),
        "q": q,
        "S": S,
        "S_partials": np.array([s_parts[p] for p in pairs]) if s_parts else np.empty((0, q.size)),
        "F": S_to_F(q, S),
        "G": g_to_G(r, g, density) if spec.dim == 3 else np.empty(0),
        "freq": freq,
        "vdos": vdos,
        "eigenvalues": eigenvalues,
        "meta": meta,
    }


def _scratch_dir() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def sample_path(out: Path, system: str, index: int) -> Path:
    """Where sample ``index`` of ``system`` is written under ``out``."""
    return Path(out) / system / f"{system}_{index:05d}.npz"


def write_sample(path: Path, sample: dict) -> None:
    """Write one sample (compressed .npz; ``meta`` as a JSON string), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {k: v for k, v in sample.items() if k != "meta"}
    arrays["meta"] = np.array(json.dumps(sample["meta"], sort_keys=True))
    # A hidden temporary name that no *.npz glob picks up, even if the process is killed.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.partial-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_sample(path: Path) -> dict:
    """Read a sample written by :func:`write_sample` (``meta`` back as a dict)."""
    with np.load(path, allow_pickle=False) as data:
        sample = {k: data[k] for k in data.files}
    sample["meta"] = json.loads(str(sample["meta"]))
    return sample


def _init_worker() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    import freud

    freud.parallel.set_num_threads(1)


def _run_one(system: str, index: int, seed: int, out: str) -> tuple[int, str | None]:
    path = sample_path(Path(out), system, index)
    try:
        write_sample(path, simulate_sample(system, index, seed))
    except Exception as exc:  # reported by generate(), the other samples go on
        return index, f"{type(exc).__name__}: {exc}"
    return index, None


@dataclass
class GenerateReport:
    """What :func:`generate` did: samples written now, found already done, and failures."""

    written: list[int]
    skipped: list[int]
    failed: dict[int, str]
    seconds: float


def generate(
    system: str,
    n_samples: int,
    out,
    *,
    seed: int = 0,
    workers: int | None = None,
    start: int = 0,
    progress: bool = True,
) -> GenerateReport:
    """Simulate samples ``start`` to ``start + n_samples - 1`` of ``system`` into ``out/<system>``.

    Samples whose file exists are skipped (resumable; an existing sample is never replaced).
    Each file is written under a temporary name and renamed when complete, so an interrupted
    run leaves only complete samples. ``out`` is checked (a folder, writable) before any
    simulation. ``workers`` processes (default: one per core) each run one single-threaded
    LAMMPS; ``workers=1`` runs in this process.
    """
    spec = get_system(system)
    check_output_dir(out, overwrite=True)  # resumable: a non-empty folder is expected
    import_lammps()  # fail early, with the install hint, before starting workers
    if n_samples < 0 or start < 0:
        raise ValueError(f"n_samples and start must be >= 0, got {n_samples} and {start}")
    workers = (os.cpu_count() or 1) if workers is None else int(workers)
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    out = Path(out)
    indices = range(start, start + n_samples)
    done = {i for i in indices if sample_path(out, spec.name, i).is_file()}
    todo = [i for i in indices if i not in done]
    skipped = sorted(done)
    from tqdm.auto import tqdm

    t0 = time.perf_counter()
    written, failed = [], {}
    bar = tqdm(
        total=len(todo), desc=f"{spec.name} (seed {seed})", unit="sample", disable=not progress
    )

    def record(index: int, error: str | None) -> None:
        if error:
            failed[index] = error
            bar.write(f"{spec.name} sample {index} failed: {error}")
        else:
            written.append(index)
        bar.update()

    if workers == 1:
        for i in todo:
            record(*_run_one(spec.name, i, seed, str(out)))
    else:
        ctx = get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker) as pool:
            futures = [pool.submit(_run_one, spec.name, i, seed, str(out)) for i in todo]
            for fut in as_completed(futures):
                record(*fut.result())
    bar.close()
    return GenerateReport(sorted(written), skipped, failed, time.perf_counter() - t0)
