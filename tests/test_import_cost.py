"""``import sklearn_rdf`` and ``sklearn-rdf --help`` import nothing heavy (numbers: the
"Import time" section of docs/benchmarks.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "sklearn", "scipy", "pandas", "numpy", "matplotlib", "skorch", "joblib")

_SCRIPT = """
import sys
{body}
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("heavy:", ",".join(heavy))
"""


def _heavy_after(body: str) -> str:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(body=body, heavy=HEAVY)],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_import_sklearn_rdf_imports_nothing_heavy():
    assert _heavy_after("import sklearn_rdf") == "heavy:"


@pytest.mark.parametrize("argv", [["--help"], ["benchmark", "--help"], ["simulate", "--help"]])
def test_help_imports_nothing_heavy(argv):
    body = (
        f"from sklearn_rdf.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    )
    assert _heavy_after(body) == "heavy:"
