"""``python -m sklearn_rdf.datasets.simulate``: the same as ``sklearn-rdf simulate``."""

from __future__ import annotations

import argparse
import sys

from ...commands import simulate as _command


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_rdf.datasets.simulate", description=_command.HELP
    )
    _command.add_arguments(parser)
    return _command.run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
