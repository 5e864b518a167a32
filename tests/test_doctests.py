"""Every docstring Examples section of the package runs as a doctest (one test per module).

The same examples are rendered on the documentation site; a module whose import needs an extra
that is not installed (``sklearn_rdf.datasets.simulate`` without ``simulate``) is skipped with
the reason.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import sklearn_rdf

MODULES = sorted(
    ["sklearn_rdf"]
    + [
        info.name
        for info in pkgutil.walk_packages(sklearn_rdf.__path__, prefix="sklearn_rdf.")
        if not info.name.endswith("__main__")  # importing it runs the command line
    ]
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("modname", MODULES)
def test_docstring_examples_run(modname):
    try:
        module = importlib.import_module(modname)
    except ImportError as exc:
        pytest.skip(f"{modname} cannot be imported here: {exc}")
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = [t for t in finder.find(module, modname) if t.examples]
    if not tests:
        return
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in tests:
        runner.run(test, out=report.append)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} of {attempted} doctest examples failed:\n" + "".join(report)
