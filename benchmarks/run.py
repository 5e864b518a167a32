"""Run registered benchmarks: ``python -m benchmarks.run [AREA ...] [--quick]``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from .harness import REGISTRY, to_markdown, write_results


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
    args = parser.parse_args(argv)
    _load_areas()
    areas = args.areas or sorted({b.area for b in REGISTRY})
    unknown = set(areas) - {b.area for b in REGISTRY}
    if unknown:
        known = sorted({b.area for b in REGISTRY})
        parser.error(f"unknown areas: {sorted(unknown)}; known: {known}")
    for area in areas:
        rows = []
        for bench in (b for b in REGISTRY if b.area == area):
            print(f"[{area}] {bench.name} ...", file=sys.stderr, flush=True)
            for row in bench.func(args.quick):
                rows.append({"benchmark": bench.name, **row})
        print(f"\n## {area}\n\n{to_markdown(rows)}\n")
        if not args.no_write and not args.quick:
            write_results(area, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
