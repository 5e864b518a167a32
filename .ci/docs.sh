#!/usr/bin/env bash
# The documentation site, in its own CI step: install the `docs` extra, build the site with
# warnings as errors (executing the gallery), then check it in headless Chromium.
#
#   bash .ci/docs.sh [VENV]     # VENV: a virtual environment to use (default: the active one)
#
# The environment needs the project's `simulate` extra too (the API reference documents
# sklearn_rdf.datasets.simulate); .ci/run's venv has it. The build needs no network (intersphinx reads docs/_intersphinx/*.inv); Chromium comes from
# Debian's packages (apt-get, as root) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${1:-}" ]; then
    # shellcheck disable=SC1091
    . "$1/bin/activate"
elif [ -z "${VIRTUAL_ENV:-}" ]; then
    echo "docs.sh: no virtual environment given or active" >&2
    exit 2
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MPLBACKEND=agg

echo "== docs: install"
pip install -q -e ".[docs]"
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

echo "== docs: build (python -m sphinx -W -b html docs docs/_build/html, gallery executed)"
rm -rf docs/_build docs/auto_examples docs/reference
start=$(date +%s)
python -m sphinx -W -b html docs docs/_build/html
echo "docs: built in $(($(date +%s) - start)) s"
python - <<'PY'
import re
from pathlib import Path

times = {
    p.stem: float(m.group(1)) * 60 + float(m.group(2))
    for p in Path("docs/auto_examples").glob("plot_*.rst")
    if (m := re.search(r"Total running time of the script:\*\* \((\d+) minutes ([\d.]+) sec", p.read_text()))
}
print(f"docs: gallery {len(times)} examples, {sum(times.values()):.1f} s in all; slowest:",
      ", ".join(f"{k} {v:.1f} s" for k, v in sorted(times.items(), key=lambda kv: -kv[1])[:3]))
PY

echo "== docs: the site in headless Chromium"
shots="$(mktemp -d)"
python .ci/check_site.py docs/_build/html --screenshots "$shots"
