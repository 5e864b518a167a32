"""Regenerate the coordinates of the shipped snapshot, verified against its stored g(r).

``python -m sklearn_rdf.datasets.simulate.coordinates --systems a-si ka3d`` re-runs the
melt–quench of every sample of the snapshot with the snapshot's seeds (the same
:func:`~.run.sample_rng` draws, the same LAMMPS input; the dynamical matrix is skipped), takes the
minimised positions, recomputes g(r) on the system's grid and compares it with the stored row of
``simulated_<system>.npz``. Only samples whose g(r) matches (largest absolute difference below
``--tol``, default 1e-4) are written, into a separate ``simulated_<system>_coords.npz`` —
the stored curves are left unchanged.

Stored (float32 positions, Å or σ_AA, wrapped into [0, L)): ``positions`` (n_samples, n_atoms,
3), ``types`` (int8, n_samples × n_atoms, index into ``species``), ``box`` (n_samples, 3),
``index`` (the snapshot row of each sample), ``g_max_abs_diff`` (the check) and ``info`` (JSON:
seed, LAMMPS version, command, tolerance).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from ..._validation import check_positive_int, check_positive_real
from .analysis import pair_correlations
from .run import _insert_atoms, _melt_quench, _scratch_dir, _structure, sample_rng
from .snapshot import _PACKAGE_DATA, PLAN, SEED
from .systems import get_system

__all__ = ["coordinates_path", "liquid_coordinates", "regenerate", "sample_coordinates"]


def coordinates_path(system: str, dest=None) -> Path:
    """Where the coordinates of ``system`` are stored (package data by default)."""
    return Path(dest if dest is not None else _PACKAGE_DATA) / f"simulated_{system}_coords.npz"


def _state_point(spec, index: int, seed: int, overrides):
    rng = sample_rng(spec.name, index, seed)
    params = spec.draw(rng)
    for key, value in (overrides or {}).items():
        if key not in params:
            raise ValueError(f"unknown state-point key {key!r}; known: {', '.join(params)}")
        params[key] = _checked_override(spec, key, value)
    return rng, params


def _checked_override(spec, key: str, value):
    """An override as the draw would give it, or a ValueError naming the key."""
    if key != "fractions":  # density, temperatures: > 0; step counts: integers >= 1
        check = check_positive_int if key.endswith("_steps") else check_positive_real
        return check(value, f"overrides[{key!r}]")
    try:
        fractions = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        fractions = None
    if (
        fractions is None
        or len(fractions) != len(spec.species)
        or not all(np.isfinite(f) and f >= 0 for f in fractions)
        or abs(sum(fractions) - 1.0) > 1e-6
    ):
        raise ValueError(
            f"fractions must give one value >= 0 per species {spec.species}, summing to 1, "
            f"got {value!r}"
        )
    return fractions


def sample_coordinates(system: str, index: int, seed: int = SEED, *, overrides=None) -> dict:
    """Melt–quench and minimise sample ``index`` of ``system`` as the snapshot did.

    Parameters
    ----------
    system : str
    index : int
        The sample's index (its seeds are those of the snapshot's sample ``index``).
    seed : int
        Master seed (the snapshot's by default).
    overrides : dict, optional
        State-point values that replace the drawn ones, e.g. ``{"density": 0.052}`` (number
        density) or ``{"fractions": (0.64, 0.36)}``: references at a state point the snapshot
        does not hold (use indices the snapshot does not use, e.g. from 1000, so that the
        seeds differ from its samples').

    Returns
    -------
    dict with ``positions`` (n_atoms, 3), ``types`` (n_atoms,), ``box`` (3,), ``g`` (n_r,)
    (freud g(r) on the system's grid), ``energy`` (per atom) and ``params`` (the state point).
    """
    spec = get_system(system)
    rng, params = _state_point(spec, index, seed, overrides)
    with tempfile.TemporaryDirectory(prefix="sklearn_rdf_xyz_", dir=_scratch_dir()) as tmp:
        lmp, _ = _melt_quench(spec, params, rng, Path(tmp))
        try:
            energy = lmp.get_thermo("pe") / spec.n_atoms
            positions, types, box = _structure(lmp, spec.dim)
        finally:
            lmp.close()
    import freud

    with freud.parallel.NumThreads(1):
        _, g, _ = pair_correlations(positions, types, box, spec.dim, spec.r_grid, 1)
    return {
        "positions": positions,
        "types": types,
        "box": box,
        "g": g,
        "energy": energy,
        "params": params,
    }


def liquid_coordinates(system: str, index: int, seed: int = SEED, *, overrides=None) -> dict:
    """The melt of sample ``index`` of ``system``: positions at the end of its melt stage.

    The same random insertion, short minimisation and MD at ``t_melt`` as
    :func:`sample_coordinates`, stopped before the quench (an equilibrated liquid at the
    sample's density; NPT systems at the liquid's own volume). Used as the *liquid start*
    of reverse Monte Carlo.

    Returns
    -------
    dict with ``positions`` (n_atoms, 3), ``types`` (n_atoms,), ``box`` (3,) and ``params``.
    """
    spec = get_system(system)
    rng, params = _state_point(spec, index, seed, overrides)
    with tempfile.TemporaryDirectory(prefix="sklearn_rdf_liq_", dir=_scratch_dir()) as tmp:
        lmp, body, _ = _insert_atoms(spec, params, rng, Path(tmp))
        try:
            lmp.commands_list(body[: body.index("unfix md")])  # up to the end of the melt
            positions, types, box = _structure(lmp, spec.dim)
        finally:
            lmp.close()
    return {"positions": positions, "types": types, "box": box, "params": params}


def _init_worker() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _one(system: str, index: int, seed: int) -> tuple[int, dict]:
    return index, sample_coordinates(system, index, seed)


def regenerate(system: str, *, workers: int = 1, tol: float = 1e-4, dest=None, verbose=True):
    """Re-simulate the snapshot's samples of ``system`` and store the verified coordinates.

    Returns
    -------
    path : Path
        The written ``simulated_<system>_coords.npz``.
    report : dict
        ``n_matched``, ``n_samples``, ``max_abs_diff`` per sample, ``seconds``.
    """
    from ..simulated import _load_npz

    stored = _load_npz(system)
    X = stored["X"]
    n = PLAN[system]
    t0 = time.perf_counter()
    results = {}
    if workers == 1:
        for i in range(n):
            results[i] = sample_coordinates(system, i, SEED)
            if verbose:
                print(f"{system} {i}: {time.perf_counter() - t0:.0f} s", flush=True)
    else:
        ctx = get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker) as pool:
            for i, res in pool.map(_one, [system] * n, range(n), [SEED] * n):
                results[i] = res
    diffs = np.array([np.max(np.abs(results[i]["g"] - X[i])) for i in range(n)])
    keep = np.flatnonzero(diffs < tol)
    from ._lammps import new_lammps

    lmp = new_lammps()
    version = lmp.version()
    lmp.close()
    spec = get_system(system)
    info = {
        "system": system,
        "species": list(spec.species),
        "seed": SEED,
        "lammps_version": int(version),
        "length_unit": spec.length_unit,
        "tolerance": tol,
        "command": f"python -m sklearn_rdf.datasets.simulate.coordinates --systems {system}",
        "check": "max |g(r) re-simulated - g(r) stored| < tolerance for every kept sample",
    }
    path = coordinates_path(system, dest)
    np.savez_compressed(
        path,
        positions=np.array([results[i]["positions"] for i in keep], dtype=np.float32),
        types=np.array([results[i]["types"] for i in keep], dtype=np.int8),
        box=np.array([results[i]["box"] for i in keep], dtype=np.float64),
        index=keep.astype(np.int32),
        energy=np.array([results[i]["energy"] for i in keep]),
        g_max_abs_diff=diffs[keep],
        info=np.array(json.dumps(info, sort_keys=True)),
    )
    report = {
        "n_matched": int(keep.size),
        "n_samples": n,
        "max_abs_diff": diffs.tolist(),
        "seconds": time.perf_counter() - t0,
    }
    return path, report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_rdf.datasets.simulate.coordinates",
        description="Re-simulate the snapshot's samples and store their verified coordinates.",
    )
    parser.add_argument("--systems", nargs="+", choices=list(PLAN), required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--dest", default=None)
    args = parser.parse_args(argv)
    for system in args.systems:
        path, rep = regenerate(system, workers=args.workers, tol=args.tol, dest=args.dest)
        print(
            f"{system}: {rep['n_matched']}/{rep['n_samples']} samples match the stored g(r) "
            f"(largest |Δg| {max(rep['max_abs_diff']):.2e}); {rep['seconds']:.0f} s -> {path}",
            flush=True,
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
