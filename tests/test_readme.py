"""The README's Python example runs as written, and its quickstart matches CI."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


def test_quickstart_test_command_is_what_ci_runs():
    text = README.read_text()
    bash = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    assert bash[0].strip().endswith("sklearn-rdf benchmark")
    assert bash[1].strip().endswith("python -m pytest")
    ci = (README.parent / ".ci" / "run").read_text().strip().splitlines()
    assert "python -m pytest" in ci
