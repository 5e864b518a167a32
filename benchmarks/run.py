"""Run registered benchmarks: ``python -m benchmarks.run [AREA ...] [--only NAME ...] [--quick]``.

``--only`` runs the named benchmarks of the areas and keeps the other benchmarks' rows already
in ``benchmarks/results/<area>.json`` (each row records when it was measured).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

from .harness import REGISTRY, previous_rows, to_markdown, write_results


def _load_areas() -> None:
    here = Path(__file__).resolve().parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{info.name}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("areas", nargs="*", help="areas to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="run only these benchmarks (keep other rows)"
    )
    args = parser.parse_args(argv)
    _load_areas()
    areas = args.areas or sorted({b.area for b in REGISTRY})
    unknown = set(areas) - {b.area for b in REGISTRY}
    if unknown:
        known = sorted({b.area for b in REGISTRY})
        parser.error(f"unknown areas: {sorted(unknown)}; known: {known}")
    if args.only:
        names = {b.name for b in REGISTRY if b.area in areas}
        if set(args.only) - names:
            parser.error(
                f"unknown benchmarks: {sorted(set(args.only) - names)}; known: {sorted(names)}"
            )
    for area in areas:
        rows = []
        for bench in (b for b in REGISTRY if b.area == area):
            if args.only and bench.name not in args.only:
                rows += [r for r in previous_rows(area) if r.get("benchmark") == bench.name]
                continue
            print(f"[{area}] {bench.name} ...", file=sys.stderr, flush=True)
            when = time.strftime("%Y-%m-%d %H:%M")
            for row in bench.func(args.quick):
                rows.append({"benchmark": bench.name, **row, "measured": when})
        print(f"\n## {area}\n\n{to_markdown(rows)}\n")
        if not args.no_write and not args.quick:
            write_results(area, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
