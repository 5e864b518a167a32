"""``sklearn-rdf benchmark``: the WT-RDF+ paper's benchmark on the embedded data or your files."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections import Counter
from pathlib import Path

NAME = "benchmark"
HELP = (
    "run the WT-RDF+ paper's protocol (Tables 3-6, Figs. 4-7, 9) on the embedded Ge-Se data "
    "or on your own S(q)/F(q) and RDF files; print the tables, write CSV and PNG files"
)


def _ratios(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise ValueError(
            f"--ratios takes comma-separated numbers in (0, 1], got {text!r}"
        ) from None
    if not values or any(not 0 < v <= 1 for v in values):
        raise ValueError(f"--ratios takes comma-separated numbers in (0, 1], got {text!r}")
    return values


def _composition(text: str | None) -> dict[str, float] | None:
    from ._options import parse_composition

    return parse_composition(text)


def add_arguments(parser) -> None:
    data = parser.add_argument_group("data (default: the embedded Ge-Se family, a model)")
    data.add_argument("--sq", metavar="FILE", help="your structure factor S(q) or F(q) file")
    data.add_argument("--rdf", metavar="FILE", help="your target RDF file: G(r), g(r) or R(r)")
    data.add_argument(
        "--sq-quantity", choices=("S", "F"), help="what --sq holds, when its format does not say"
    )
    data.add_argument(
        "--rdf-quantity",
        choices=("G", "g", "R"),
        help="what --rdf holds, when its format does not say",
    )
    data.add_argument("--rho", type=float, help="number density (atoms/Å³) to convert g or R to G")
    data.add_argument(
        "--composition",
        metavar="EL:N,...",
        help="composition, e.g. Si:1,O:2, to normalise a Gudrun .mint01 F(Q)",
    )
    data.add_argument(
        "--train-on", metavar="NAME", help="embedded material to train on (default: binary)"
    )
    data.add_argument(
        "--pattern",
        metavar="FILE",
        help="a raw diffraction pattern instead of --sq: reduced first (with --background, "
        "--composition, --density; target: --rdf, else the reduction's own G(r))",
    )
    data.add_argument("--density", type=float, help="mass density (g/cm³) to reduce --pattern")
    cuts = parser.add_argument_group("cuts of the data")
    for flag, text in (
        ("--q-min", "lowest q of the structure factor used (Å⁻¹)"),
        ("--q-max", "highest q of the structure factor used (Å⁻¹)"),
        ("--r-min", "lowest r of the target (Å)"),
        ("--r-max", "highest r of the target (Å)"),
    ):
        cuts.add_argument(flag, type=float, default=None, help=text)
    cuts.add_argument("--n-r", type=int, default=None, help="target points (interpolated)")
    data.add_argument(
        "--keep-grid",
        action="store_true",
        help="fit on the --rdf file's own r points (default: interpolated onto the protocol "
        "grid r = 1.5-7.3 Å, Δr = 0.1 Å)",
    )
    from ._options import add_reduction_options

    add_reduction_options(parser)
    run = parser.add_argument_group("run")
    run.add_argument(
        "--ratios",
        default="1,0.75,0.5,0.25",
        type=str,
        help="training ratios (default: 1,0.75,0.5,0.25)",
    )
    run.add_argument("--repeats", type=int, default=3, help="random subsets per ratio (3)")
    run.add_argument("--n-jobs", type=int, default=2, help="parallel fits (default 2; -1: all)")
    run.add_argument("--device", default="cpu", help="cpu, cuda or auto (torch baselines)")
    run.add_argument("--seed", type=int, default=0, help="random seed (0)")
    run.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: ratios 1 and 0.25, 1 repeat, 50-epoch neural baselines",
    )
    run.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the fits on a dask.distributed scheduler (needs the "
        "'distributed' extra); 'local' starts a LocalCluster",
    )
    run.add_argument(
        "--out",
        default="sklearn-rdf-output",
        metavar="DIR",
        help="output folder for CSV and PNG files (default: sklearn-rdf-output)",
    )
    run.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the content of a non-empty --out folder (refused otherwise)",
    )
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument(
        "--resolution",
        nargs="?",
        const="",
        metavar="DATA_DIR",
        help="instead: the resolution benchmark (F(q) cut at 7.9 1/Å vs the full range) on the "
        "simulated glasses, plus the real curves found under DATA_DIR (e.g. ../shared/data)",
    )


@contextlib.contextmanager
def _scheduler(address: str | None):
    if address is None:
        yield
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ValueError(
            "--scheduler needs dask.distributed: pip install 'sklearn-rdf[distributed]'"
        ) from None
    from joblib import parallel_config

    if address == "local":
        with LocalCluster(processes=True, dashboard_address=None) as cluster, Client(cluster):
            with parallel_config(backend="dask"):
                yield
        return
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise ValueError(f"cannot reach the dask scheduler at {address!r}: {exc}") from None
    with client, parallel_config(backend="dask"):
        yield


def _run_resolution(args) -> int:
    import pandas as pd

    from .._output import staged_output_dir
    from ..benchmark import GAMING_NOTE, resolution_curves, run_resolution_benchmark

    curves = resolution_curves(args.resolution or None, per_system=2 if args.quick else None)
    # written into a staging folder and moved into place whole (with a manifest) on success:
    # an interrupted or failed run leaves --out as it was
    with staged_output_dir(args.out, overwrite=args.overwrite) as stage:
        _, summary = run_resolution_benchmark(curves, out_dir=stage)
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print(summary.round(3).to_string())
    print(GAMING_NOTE)
    print(f"\nWrote resolution_scores.csv and resolution_summary.csv to {args.out}/")
    return 0


def run(args) -> int:
    from .._output import check_output_dir
    from .._training import resolve_device
    from ..benchmark import embedded_materials, format_tables, run_benchmark, user_material

    # Options checked before any data is read or any fit runs.
    inputs = [
        getattr(args, name, None) for name in ("sq", "rdf", "pattern", "background", "resolution")
    ]
    check_output_dir(args.out, overwrite=args.overwrite, inputs=[p for p in inputs if p])
    device = resolve_device(args.device)
    if getattr(args, "resolution", None) is not None:
        return _run_resolution(args)

    if args.pattern is not None and args.sq is not None:
        raise ValueError("give --pattern (a raw pattern) or --sq (a structure factor), not both")
    if args.pattern is None and (args.sq is None) != (args.rdf is None):
        raise ValueError(
            "give both --sq and --rdf (your structure factor and target RDF), "
            "or neither for the embedded data"
        )
    if args.repeats < 1:
        raise ValueError(f"--repeats must be >= 1, got {args.repeats}")
    ratios = _ratios(args.ratios)
    repeats = args.repeats
    if args.quick:
        ratios, repeats = [1.0, 0.25], 1
    if args.pattern is not None:
        from ..benchmark import raw_material
        from ..benchmark._raw import read_target
        from ._options import reduce_from_args

        red = reduce_from_args(args, args.pattern, q_min=args.q_min, q_max=args.q_max)
        target = None if args.rdf is None else read_target(args.rdf, args.rdf_quantity, red.rho)
        if target is None:
            print(
                "note: no --rdf: the target is the reduction's own G(r), the sine transform "
                "of the same F(Q); the models are scored on reproducing that transform, not "
                "on an independent RDF"
            )
        mat = raw_material(red, name=Path(args.pattern).stem, target=target)
        materials = {mat.name: mat}
        train_on = mat.name
    elif args.sq is not None:
        mat = user_material(
            args.sq,
            args.rdf,
            sq_quantity=args.sq_quantity,
            rdf_quantity=args.rdf_quantity,
            rho=args.rho,
            composition=_composition(args.composition),
            resample=not args.keep_grid,
        )
        materials = {mat.name: mat}
        train_on = mat.name
    else:
        materials = embedded_materials()
        train_on = args.train_on or "binary"
        if train_on not in materials:
            raise ValueError(f"--train-on must be one of {', '.join(materials)}")
    cuts = {k: getattr(args, k) for k in ("q_min", "q_max", "r_min", "r_max", "n_r")}
    if any(v is not None for v in cuts.values()):
        from ..benchmark import restrict_material

        materials = {k: restrict_material(m, **cuts) for k, m in materials.items()}
    with _scheduler(args.scheduler), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_benchmark(
            materials,
            train_on=train_on,
            ratios=ratios,
            n_repeats=repeats,
            n_jobs=args.n_jobs,
            device=device,
            random_state=args.seed,
            quick=args.quick,
            out_dir=args.out,
            overwrite=args.overwrite,
            progress=not args.no_progress and sys.stderr.isatty(),
        )
    print(format_tables(result))
    if caught:  # summarised once, here (those of worker processes are brought back too)
        kinds = Counter(f"{w.category.__name__} ({Path(w.filename).parent.name})" for w in caught)
        print("\nwarnings during the fits: " + ", ".join(f"{n} × {k}" for k, n in kinds.items()))
        failed = [w for w in caught if w.category.__name__ == "FitFailedWarning"]
        if failed:  # the reason, not only the count: NaN in the tables comes from these
            print(f"{len(failed)} fits failed (NaN in the tables); the first: {failed[0].message}")
    print(f"\nWrote {len(result.files)} files to {args.out}/ in {result.seconds:.1f} s")
    return 0
