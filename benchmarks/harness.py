"""The shared benchmark harness.

Each area has one file ``benchmarks/bench_<area>.py`` whose functions are registered with
``@benchmark``; a benchmark function returns a list of result rows (dicts), typically built
with :func:`timed`. Run them with::

    python -m benchmarks.run                 # every area
    python -m benchmarks.run wavelet neural  # some areas
    python -m benchmarks.run --quick         # smaller sizes, for a smoke run

Results print as a table and are written as JSON and Markdown to ``benchmarks/results/``
(the Markdown is what ``docs/benchmarks.md`` quotes). Timings are wall-clock seconds, best of
``repeat`` runs after one warm-up, with torch limited to the threads the estimator would use.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Benchmark:
    area: str
    name: str
    func: Callable[[bool], list[dict]]


REGISTRY: list[Benchmark] = []


def benchmark(area: str, name: str | None = None):
    """Register ``func(quick: bool) -> list[dict]`` as a benchmark of ``area``."""

    def decorate(func):
        REGISTRY.append(Benchmark(area, name or func.__name__, func))
        return func

    return decorate


def timed(func: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> dict:
    """Best and median wall time (s) of ``func()`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"best_s": times[0], "median_s": times[len(times) // 2], "repeat": repeat}


def machine() -> dict:
    import torch

    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "cuda": torch.cuda.is_available(),
    }


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _table(rows: list[dict]) -> str:
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys and row[k] not in ("", None))
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(_fmt(row.get(k, "")) for k in keys) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(rows: list[dict]) -> str:
    """One Markdown table per benchmark (rows grouped by their "benchmark" key)."""
    if not rows:
        return ""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(str(row.get("benchmark", "")), []).append(row)
    if len(groups) == 1:
        return _table(rows)
    parts = []
    for name, group in groups.items():
        body = [{k: v for k, v in row.items() if k != "benchmark"} for row in group]
        parts.append(f"### {name}\n\n{_table(body)}")
    return "\n\n".join(parts)


def previous_rows(area: str, out_dir: Path = RESULTS_DIR) -> list[dict]:
    """The rows of ``<area>.json`` written by an earlier run (empty when there is none)."""
    path = out_dir / f"{area}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text()).get("rows", [])


def write_results(area: str, rows: list[dict], out_dir: Path = RESULTS_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {
        "area": area,
        "machine": machine(),
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "rows": rows,
    }
    path = out_dir / f"{area}.json"
    path.write_text(json.dumps(payload, indent=2))
    (out_dir / f"{area}.md").write_text(
        f"<!-- written by python -m benchmarks.run {area} on {payload['when']} -->\n"
        + to_markdown(rows)
        + "\n"
    )
    return path
