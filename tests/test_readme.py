"""The README's Python example runs as written, and its quickstart matches CI."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


def _readme_commands():
    spec = importlib.util.spec_from_file_location(
        "readme_commands", README.parent / ".ci" / "readme_commands.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quickstart_commands_are_what_ci_runs():
    """.ci/run runs the Quickstart's two commands as .ci/readme_commands.py reads them."""
    bash = re.findall(r"```bash\n(.*?)```", README.read_text(), flags=re.S)
    commands = _readme_commands().quickstart_commands(README.read_text())
    assert commands["benchmark"] == bash[0].strip()
    assert commands["benchmark"].endswith("sklearn-rdf benchmark")
    assert commands["tests"] == bash[1].strip()
    assert commands["tests"].endswith("python -m pytest")
    # environment 1 installs exactly what the README says: no extra beyond "test"
    assert '-e ".[test]"' in commands["tests"]
    ci = (README.parent / ".ci" / "run").read_text()
    assert "readme_command benchmark" in ci and "readme_command tests" in ci


def test_readme_commands_refuses_an_ambiguous_quickstart():
    module = _readme_commands()
    text = "## Quickstart\n\n```bash\npython -m pytest\n```\n\n## Next\n"
    with pytest.raises(ValueError, match="sklearn-rdf benchmark"):
        module.quickstart_commands(text)
