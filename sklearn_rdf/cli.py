"""The ``sklearn-rdf`` command line (also ``python -m sklearn_rdf``).

Each subcommand lives in its own module under :mod:`sklearn_rdf.commands` and exposes
``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``. A user error (bad path,
malformed file, bad option) is printed as one clear line on stderr with exit status 2, never as
a traceback; an interrupt (Ctrl-C) stops the command with exit status 130, leaving no output
that looks complete.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = (
    "sklearn_rdf.commands.benchmark",
    "sklearn_rdf.commands.conventions",
    "sklearn_rdf.commands.transform",
    "sklearn_rdf.commands.reduce",
    "sklearn_rdf.commands.simulate",
    "sklearn_rdf.commands.exafs",
    "sklearn_rdf.commands.generate",
)


class UserError(Exception):
    """An error in what the user asked for: printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sklearn-rdf",
        description=(
            "Radial distribution functions of amorphous materials with scikit-learn: "
            "WT-RDF+, RBF and LSTM baselines, transforms and benchmarks."
        ),
    )
    parser.add_argument("--version", action="version", version=f"sklearn-rdf {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = importlib.import_module(name)
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except (UserError, ValueError, OSError) as exc:
        print(f"sklearn-rdf {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print(
            f"sklearn-rdf {args.command}: error: out of memory (the data or the grids asked for "
            "are too large for this machine)",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:  # Ctrl-C: stop, say so, exit 128 + SIGINT as shells do
        print(f"\nsklearn-rdf {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
