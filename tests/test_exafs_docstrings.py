"""numpydoc sections of the EXAFS public names: every parameter documented, results described.

The docs build (Sphinx -W, numpydoc) renders these; a name whose Parameters section misses its
arguments, or a function without Returns/Yields, renders an incomplete API page.
"""

from __future__ import annotations

import importlib
import inspect
import warnings

import pytest

_docscrape = pytest.importorskip("numpydoc.docscrape", reason="needs numpydoc (extra 'test')")
ClassDoc, FunctionDoc = _docscrape.ClassDoc, _docscrape.FunctionDoc

MODULES = ("sklearn_rdf.physics.exafs", "sklearn_rdf.physics.feff_tables", "sklearn_rdf.exafs")


def _public_callables():
    seen = set()
    for modname in MODULES:
        mod = importlib.import_module(modname)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if id(obj) in seen or not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            seen.add(id(obj))
            yield f"{modname}.{name}", obj
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(value):
                        yield f"{modname}.{name}.{attr}", value


CALLABLES = list(_public_callables())


@pytest.mark.parametrize("name, obj", CALLABLES, ids=[n for n, _ in CALLABLES])
def test_numpydoc_documents_every_parameter_and_the_result(name, obj):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpydoc warns on sections it cannot parse
        doc = (ClassDoc if inspect.isclass(obj) else FunctionDoc)(obj)
    documented = {
        part.strip() for p in doc["Parameters"] + doc["Attributes"] for part in p.name.split(",")
    }
    signature = [
        p.name
        for p in inspect.signature(obj).parameters.values()
        if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    missing = [p for p in signature if p not in documented]
    assert not missing, f"{name}: parameters not in its numpydoc Parameters: {missing}"
    bogus = [p.name for p in doc["Parameters"] if " " in p.name.strip() and not p.type]
    assert not bogus, f"{name}: prose parsed as parameters: {bogus}"
    if not inspect.isclass(obj):
        assert doc["Returns"] or doc["Yields"], f"{name}: no Returns (or Yields) section"
