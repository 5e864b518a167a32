"""Print one of the README's Quickstart commands, verbatim, for ``.ci/run``.

``python .ci/readme_commands.py benchmark|tests [README.md]``: the Quickstart section's bash
block that runs ``sklearn-rdf benchmark`` (the first command a user types) or the one that runs
``pytest`` (the test command). CI runs what this prints, so the README cannot drift from what
CI checks. Exits 2, naming the problem, when the section does not hold exactly one of each.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

KINDS = {"benchmark": "sklearn-rdf benchmark", "tests": "python -m pytest"}


def quickstart_commands(text: str) -> dict[str, str]:
    """{"benchmark": ..., "tests": ...}: the Quickstart's two bash blocks, stripped."""
    text = "\n" + text
    if "\n## Quickstart" not in text:
        raise ValueError("README.md has no '## Quickstart' section")
    section = text.split("\n## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, flags=re.S)]
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for block in blocks:
        for kind, marker in KINDS.items():
            if marker in block:
                found[kind].append(block)
    for kind, marker in KINDS.items():
        if len(found[kind]) != 1:
            raise ValueError(
                f"README.md Quickstart: expected one bash block running {marker!r}, "
                f"found {len(found[kind])}"
            )
    return {kind: found[kind][0] for kind in KINDS}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in KINDS:
        print(f"usage: readme_commands.py {'|'.join(KINDS)} [README.md]", file=sys.stderr)
        return 2
    readme = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "README.md"
    try:
        print(quickstart_commands(readme.read_text(encoding="utf-8"))[argv[0]])
    except (OSError, ValueError) as exc:
        print(f"readme_commands.py: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
