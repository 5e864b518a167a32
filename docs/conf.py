"""Sphinx configuration of the sklearn-rdf documentation.

Build (warnings are errors, the gallery is executed)::

    pip install -e ".[docs]"
    python -m sphinx -W -b html docs docs/_build/html

Set ``SKLEARN_RDF_DOCS_GALLERY=0`` to skip running the examples (their pages then show the code
only), e.g. while editing the user guide.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
sys.path.insert(0, str(REPO))  # this checkout's sklearn_rdf, not an installed copy
sys.path.insert(0, str(DOCS))

# The gallery runs in this process: one thread per library, a file backend for matplotlib.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("MPLBACKEND", "agg")

import api_reference  # noqa: E402

import sklearn_rdf  # noqa: E402

project = "sklearn-rdf"
author = "sklearn-rdf developers"
copyright = "sklearn-rdf developers, BSD-3-Clause"
release = version = sklearn_rdf.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
templates_path = ["_templates"]
exclude_patterns = ["_build", "_templates", "**.ipynb_checkpoints", "auto_examples/*.md"]
suppress_warnings = ["config.cache"]  # sphinx-gallery's callables in the config

# -- the API reference, written from docs/api_reference.py (API_MODULES) --------------------
api_reference.write_reference(DOCS / "reference")

autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # the numpydoc Parameters sections carry the types
autodoc_member_order = "groupwise"
add_module_names = False

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"  # only the aliases below become links
numpydoc_xref_aliases = {
    "ndarray": "numpy.ndarray",
    "Generator": "numpy.random.Generator",
    "RandomState": "numpy.random.RandomState",
    "Tensor": "torch.Tensor",
    "Module": "torch.nn.Module",
    "BaseEstimator": "sklearn.base.BaseEstimator",
    "Pipeline": "sklearn.pipeline.Pipeline",
    "GridSearchCV": "sklearn.model_selection.GridSearchCV",
    "Curve": "sklearn_rdf.physics.Curve",
}

# -- cross-references to other projects, from cached inventories (no network) ----------------
# The hosts of the projects' documentation are not reachable from the build machines; the
# inventories in docs/_intersphinx/ are generated from the installed packages by
# docs/_intersphinx/make_inventories.py (see docs/building-the-docs.md).
_INV = DOCS / "_intersphinx"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", str(_INV / "python.inv")),
    "numpy": ("https://numpy.org/doc/stable/", str(_INV / "numpy.inv")),
    "scipy": ("https://docs.scipy.org/doc/scipy/", str(_INV / "scipy.inv")),
    "sklearn": ("https://scikit-learn.org/stable/", str(_INV / "sklearn.inv")),
    "torch": ("https://docs.pytorch.org/docs/stable/", str(_INV / "torch.inv")),
    "skorch": ("https://skorch.readthedocs.io/en/stable/", str(_INV / "skorch.inv")),
}
intersphinx_timeout = 1
intersphinx_disabled_reftypes = ["std:doc"]

# -- Markdown user guide -----------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "deflist"]
myst_heading_anchors = 3

# -- the gallery: every examples/plot_*.py is executed -----------------------------------------
_RUN_GALLERY = os.environ.get("SKLEARN_RDF_DOCS_GALLERY", "1") != "0"


def _reset_torch(gallery_conf, fname):
    """Before each example: one torch thread (2-core machines), matplotlib figures closed."""
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover - torch is a dependency
        pass


#: Gallery order: these first (a first fit, then the paper), every other example after them
#: by file name.
_GALLERY_FIRST = (
    "plot_first_wt_rdf_fit.py",
    "plot_paper_benchmark.py",
    "plot_cross_material.py",
    "plot_batch_time_series.py",
    "plot_neural_grid_search.py",
)


def _example_order(filename: str):
    """Sort key of an example file name within the gallery."""
    if filename in _GALLERY_FIRST:
        return (0, _GALLERY_FIRST.index(filename), "")
    return (1, 0, filename)


_SCRAPED: dict[int, set[int]] = {}


def _returned_figure_scraper(block, block_vars, gallery_conf, **kwargs):
    """Show the matplotlib Figures an example holds that pyplot does not manage.

    The package's plotting functions return a :class:`matplotlib.figure.Figure` without pyplot
    state (safe in servers), which sphinx-gallery's matplotlib scraper does not see. This one
    saves every such Figure bound to a name of the example, once.
    """
    from matplotlib.figure import Figure
    from sphinx_gallery.scrapers import figure_rst

    namespace = block_vars["example_globals"]
    seen = _SCRAPED.setdefault(id(namespace), set())
    paths = []
    for value in list(namespace.values()):
        if not isinstance(value, Figure) or id(value) in seen:
            continue
        seen.add(id(value))
        if value.canvas.manager is None:  # pyplot's own figures: the matplotlib scraper, next
            path = next(block_vars["image_path_iterator"])
            value.savefig(path, dpi=90)
            paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])


sphinx_gallery_conf = {
    "examples_dirs": str(REPO / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "plot_gallery": "True" if _RUN_GALLERY else "False",
    "within_subsection_order": _example_order,
    "doc_module": ("sklearn_rdf",),
    "backreferences_dir": "reference/generated/backreferences",
    "reference_url": {"sklearn_rdf": None},
    "reset_modules": ("matplotlib", "seaborn", _reset_torch),
    "image_scrapers": (_returned_figure_scraper, "matplotlib"),
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 0,
    "write_computation_times": False,  # its page loads scripts from CDNs; times are per page
    "download_all_examples": False,
    "abort_on_example_error": False,
}

# -- HTML -------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-rdf {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_context = {"default_mode": "light"}

# -- the user guide lists every Markdown page of docs/ ------------------------------------------
_GUIDE_ORDER_HINT = "building-the-docs"


def _append_new_guide_pages(app, docname, source):
    """Add every docs/*.md page that user_guide.rst does not name to its toctree."""
    if docname != "user_guide":
        return
    text = source[0]
    listed = {line.strip() for line in text.splitlines()}
    extra = sorted(p.stem for p in DOCS.glob("*.md") if p.stem not in listed)
    if extra:
        source[0] = text.rstrip("\n") + "\n" + "".join(f"   {name}\n" for name in extra)


# -- plain-text physics notation in docstrings ---------------------------------------------------
# The docstrings are written to read well in help(): |y − ŷ| is an absolute value, not a reST
# substitution, and n_features_in_ is an attribute, not a hyperlink reference. Both are escaped
# here (outside inline literals, roles and doctest blocks) before numpydoc parses the docstring.
_LITERAL = re.compile(r"(``.*?``|:[\w:.-]+:`[^`]*`|`[^`]*`_{0,2})")
_BAR = re.compile(r"(?<!\\)\|")
_TRAILING_UNDERSCORE = re.compile(r"(?<![\w\\])(\w+)_(?![\w`])")


def _escape_text(text: str) -> str:
    pieces = _LITERAL.split(text)
    for i in range(0, len(pieces), 2):  # even pieces: outside literals and roles
        piece = _BAR.sub(r"\\|", pieces[i])
        pieces[i] = _TRAILING_UNDERSCORE.sub(r"\1\\_", piece)
    return "".join(pieces)


def escape_plain_notation(lines: list[str]) -> None:
    """Escape ``|`` and trailing-underscore names in docstring ``lines`` (in place)."""
    in_doctest = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">>>"):
            in_doctest = True
        elif not stripped:
            in_doctest = False
        if in_doctest:
            continue
        head, sep, tail = line.partition(" : ")
        if sep and re.fullmatch(r"\s*[\w*, ]+", head):  # "name : type" of a numpydoc section
            lines[i] = head + sep + _escape_text(tail)
        else:
            lines[i] = _escape_text(line)


def _process_docstring(app, what, name, obj, options, lines):
    escape_plain_notation(lines)


def setup(app):
    app.connect("source-read", _append_new_guide_pages)
    app.connect("autodoc-process-docstring", _process_docstring, priority=100)
