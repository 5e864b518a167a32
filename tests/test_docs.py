"""The documentation's sources cover the package: every public name has a docstring and an
entry in the API reference, and the gallery scripts are in sphinx-gallery format.

Reads the sources only (``docs/api_reference.py``, ``examples/*.py``); Sphinx is not needed.
The site itself is built by ``.ci/docs.sh`` (``python -m sphinx -W -b html docs
docs/_build/html``).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
EXAMPLES = REPO / "examples"


def _load_api_reference():
    spec = importlib.util.spec_from_file_location("api_reference", DOCS / "api_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("api_reference", module)
    spec.loader.exec_module(module)
    return module


api = _load_api_reference()
PUBLIC_MODULES = api.public_modules()


def _import_or_skip(modname: str):
    try:
        return importlib.import_module(modname)
    except ImportError as exc:  # e.g. sklearn_rdf.datasets.simulate without the simulate extra
        pytest.skip(f"{modname} cannot be imported here: {exc}")


@pytest.fixture(scope="module")
def documented():
    """(name, id(object)) of everything the API reference documents (importable modules)."""
    return api.documented_keys(api.api_entries(skip_unimportable=True))


@pytest.mark.parametrize("modname", PUBLIC_MODULES)
def test_every_public_name_has_a_docstring(modname):
    module = _import_or_skip(modname)
    missing = []
    for name in api.public_names(module):
        obj = getattr(module, name)
        entry = api.Entry(modname, name, api.kind_of(obj), obj)
        if api.docstring_of(entry) is None:
            missing.append(f"{name} ({entry.kind})")
    assert not missing, (
        f"public names of {modname}.__all__ without a docstring (constants: a '#:' comment "
        f"on the line above the assignment): {missing}"
    )


@pytest.mark.parametrize("modname", PUBLIC_MODULES)
def test_every_public_name_is_in_the_api_reference(modname, documented):
    module = _import_or_skip(modname)
    absent = [
        name
        for name in api.public_names(module)
        if (name, id(getattr(module, name))) not in documented
    ]
    assert not absent, (
        f"{modname}.__all__ names missing from the API reference: {absent}; add "
        f'"{modname}": "<one-line summary>" to API_MODULES in docs/api_reference.py'
    )


def test_api_modules_are_public_modules_of_the_package():
    stale = [m for m in api.API_MODULES if m not in PUBLIC_MODULES]
    assert not stale, f"API_MODULES names modules that are not public modules: {stale}"
    for modname, summary in api.API_MODULES.items():
        assert summary.strip() and "\n" not in summary, modname


def test_constant_docs_are_read_from_doc_comments(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text(
        "#: The answer,\n#: in two lines.\nANSWER: int = 42\nUNDOCUMENTED = 1\n"
        'AFTER = 2\n"""Doc after."""\n',
        encoding="utf-8",
    )
    docs = api._module_data_docs(source)
    assert docs == {"ANSWER": "The answer, in two lines.", "AFTER": "Doc after."}


def test_module_page_lists_every_entry_once():
    class Thing:
        """A class."""

    def helper():
        """A function."""

    entries = [
        api.Entry("sklearn_rdf.fake", "Thing", "class", Thing),
        api.Entry("sklearn_rdf.fake", "helper", "function", helper),
    ]
    page = api.module_page("sklearn_rdf.fake", entries)
    assert page.count("   Thing\n") == 1 and page.count("   helper\n") == 1
    assert ":template: class.rst" in page and ":template: function.rst" in page
    assert ".. automodule:: sklearn_rdf.fake" in page


EXAMPLE_FILES = sorted(EXAMPLES.glob("plot_*.py"))


def test_gallery_has_examples_and_the_conf_collects_every_plot_file():
    assert (EXAMPLES / "README.rst").is_file()
    assert len(EXAMPLE_FILES) >= 8
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    pattern = re.search(r'"filename_pattern":\s*r?"([^"]+)"', conf).group(1)
    assert all(re.search(pattern, str(path)) for path in EXAMPLE_FILES)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_are_in_sphinx_gallery_format(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree, clean=False)
    assert doc is not None, f"{path.name}: no module docstring"
    lines = doc.lstrip("\n").splitlines()
    assert len(lines) >= 3 and lines[1] and set(lines[1]) == {"="}, (
        f"{path.name}: the docstring must start with an RST title underlined with '='"
    )
    assert len(lines[1]) >= len(lines[0]), f"{path.name}: title underline shorter than title"
    assert "# %%" in path.read_text(encoding="utf-8"), f"{path.name}: no '# %%' code cells"
    assert "../shared" not in path.read_text(encoding="utf-8"), (
        f"{path.name} reads ../shared, which the gallery build does not have"
    )
