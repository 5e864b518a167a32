"""Build the snapshot of simulated glasses shipped in ``sklearn_rdf/datasets/data/``.

``python -m sklearn_rdf.datasets.simulate.snapshot --work DIR [--workers 2]`` simulates the
samples listed in :data:`PLAN` under :data:`SEED` into ``DIR/<system>/`` (resumable: samples
already there are kept) and packs each system into ``simulated_<system>.npz``. The arrays are
the same for the same seed, LAMMPS build and platform (serial LAMMPS, one thread per worker).

Stored per system (float32 unless noted): ``r``, ``X`` (total g), ``pair_names`` and
``partials`` (g_αβ), ``freq``, ``Y`` (VDOS), ``q``, ``S`` (total), ``S_partials`` (where
:data:`S_PARTIALS` says), ``meta_<column>`` (one per metadata column) and ``info`` (a JSON
string: units, grids, protocol, references, seed, command, timing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from .analysis import coordination_metadata
from .run import generate, read_sample, sample_path
from .systems import SYSTEMS, GlassSystem

__all__ = ["PLAN", "SEED", "build", "pack"]

#: Master seed of the shipped snapshot.
SEED = 20250801
#: Samples per system in the shipped snapshot.
PLAN = {"ka3d": 200, "ka2d": 300, "a-si": 50, "cuzr": 12, "sio2": 6, "sic": 10}
#: Systems whose partial structure factors are stored too (small sample counts).
S_PARTIALS = ("cuzr", "sio2", "sic")
_PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"


def _units(system: GlassSystem) -> dict:
    if system.units == "lj":
        return {
            "r": "sigma_AA",
            "q": "1/sigma_AA",
            "freq": "omega (1/tau)",
            "density": f"atoms/sigma_AA^{system.dim}",
            "energy": "epsilon_AA per atom",
            "temperature": "epsilon_AA/k_B",
            "time": "tau",
            "quench_rate": "epsilon_AA/k_B/tau",
            "pressure": f"epsilon_AA/sigma_AA^{system.dim}",
        }
    return {
        "r": "angstrom",
        "q": "1/angstrom",
        "freq": "nu = omega/2pi (THz)",
        "density": "atoms/angstrom^3",
        "mass_density": "g/cm^3",
        "energy": "eV per atom",
        "temperature": "K",
        "time": "ps",
        "quench_rate": "K/ps",
        "pressure": "bar",
    }


def _flatten(meta: dict) -> dict:
    flat = {}
    for key, value in meta.items():
        if key == "composition":
            flat.update({f"x_{s}": v for s, v in value.items()})
        elif key == "wall_s":
            flat.update({f"wall_{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return flat


def _with_shells(sample: dict, spec: GlassSystem) -> dict:
    """The sample's metadata with the coordination numbers recomputed from its stored g(r)
    (so that the snapshot follows the current shell definition of :mod:`.analysis`)."""
    meta = dict(sample["meta"])
    conc = [meta["composition"][s] for s in spec.species]
    partials = {  # none stored for one species
        tuple(int(v) for v in p): gp
        for p, gp in zip(sample["pairs"], sample["g_partials"], strict=False)
    }
    meta.update(
        coordination_metadata(
            sample["r"], sample["g"], partials, meta["density"], conc, spec.species, spec.dim
        )
    )
    return meta


def pack(work, system: str, n_samples: int, seed: int, dest=None, elapsed_s=None) -> Path:
    """Pack samples 0..n_samples-1 of ``system`` from ``work`` into ``simulated_<system>.npz``."""
    spec = SYSTEMS[system]
    samples = [read_sample(sample_path(Path(work), system, i)) for i in range(n_samples)]
    for s in samples:
        if s["meta"]["seed"] != seed:
            raise ValueError(
                f"{system} sample {s['meta']['index']} was made with seed "
                f"{s['meta']['seed']}, not {seed}"
            )
    first = samples[0]
    names = [f"{spec.species[a]}-{spec.species[b]}" for a, b in first["pairs"]]
    names = names[: len(first["g_partials"])]  # no partials for one species
    arrays = {
        "r": first["r"],
        "X": np.array([s["g"] for s in samples], dtype=np.float32),
        "freq": first["freq"],
        "Y": np.array([s["vdos"] for s in samples], dtype=np.float32),
        "q": first["q"],
        "S": np.array([s["S"] for s in samples], dtype=np.float32),
    }
    if names:
        arrays["pair_names"] = np.array(names)
        arrays["partials"] = np.array([s["g_partials"] for s in samples], dtype=np.float32)
        if system in S_PARTIALS:
            arrays["S_partials"] = np.array([s["S_partials"] for s in samples], dtype=np.float32)
    rows = [_flatten(_with_shells(s, spec)) for s in samples]
    for key in rows[0]:
        if key in ("system", "dim", "lammps_version", "seed"):  # in ``info``, or below
            continue
        arrays[f"meta_{key}"] = np.array([row.get(key, np.nan) for row in rows])
    arrays["meta_seed"] = np.full(n_samples, seed)
    busy_s = sum(sum(s["meta"]["wall_s"].values()) for s in samples)
    timing = (
        f"{busy_s / 60:.1f} worker-minutes of single-threaded simulation and analysis "
        f"({busy_s / n_samples:.1f} s wall-clock per sample on a shared, loaded 2-core machine)"
    )
    if elapsed_s is not None:
        timing += f", {elapsed_s / 60:.1f} minutes wall-clock"
    info = {
        "system": system,
        "title": spec.title,
        "species": list(spec.species),
        "n_atoms": spec.n_atoms,
        "dim": spec.dim,
        "lammps_units": spec.units,
        "units": _units(spec),
        "references": list(spec.references),
        "varied": spec.varied,
        "grids": {
            k: {"lo": g.lo, "hi": g.hi, "n": g.n, "width": g.width}
            for k, g in (("r", spec.r_grid), ("q", spec.q_grid), ("freq", spec.freq_grid))
        },
        "freq_sigma": spec.freq_sigma,
        "timestep": spec.timestep,
        "ensemble": spec.ensemble,
        "lammps_version": int(first["meta"]["lammps_version"]),
        "seed": seed,
        "command": f"python -m sklearn_rdf.datasets.simulate.snapshot --work DIR --systems "
        f"{system}",
        "timing": timing,
    }
    arrays["info"] = np.array(json.dumps(info, sort_keys=True, ensure_ascii=False))
    dest = Path(dest) if dest is not None else _PACKAGE_DATA
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / f"simulated_{system}.npz"
    np.savez_compressed(path, **arrays)
    return path


def build(work, *, systems=None, workers: int = 2, dest=None, progress: bool = True) -> dict:
    """Simulate (resumably) and pack the snapshot systems; returns {system: path}."""
    systems = list(PLAN) if systems is None else list(systems)
    paths = {}
    for system in systems:
        if system not in PLAN:
            raise ValueError(f"unknown system {system!r}; snapshot systems: {', '.join(PLAN)}")
        t0 = time.perf_counter()
        report = generate(
            system, PLAN[system], work, seed=SEED, workers=workers, progress=progress
        )
        if report.failed:
            raise RuntimeError(
                f"{system}: {len(report.failed)} samples failed: "
                + "; ".join(f"{i}: {e}" for i, e in report.failed.items())
            )
        elapsed = time.perf_counter() - t0 if not report.skipped else None
        paths[system] = pack(work, system, PLAN[system], SEED, dest=dest, elapsed_s=elapsed)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_rdf.datasets.simulate.snapshot",
        description="Regenerate the shipped snapshot of simulated glasses (seed "
        f"{SEED}; {', '.join(f'{k}: {v}' for k, v in PLAN.items())} samples).",
    )
    parser.add_argument("--work", required=True, help="directory for the per-sample files")
    parser.add_argument("--systems", nargs="+", choices=list(PLAN), default=None)
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument(
        "--dest",
        default=None,
        help=f"where to write simulated_<system>.npz (default {_PACKAGE_DATA})",
    )
    args = parser.parse_args(argv)
    for system, path in build(
        args.work, systems=args.systems, workers=args.workers, dest=args.dest
    ).items():
        print(f"{system}: {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
