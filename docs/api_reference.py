"""The API reference: which modules it documents, and what each module page lists.

``API_MODULES`` is the ONE place to edit: add one line per new public subpackage (or public
module whose ``__all__`` holds names that no module above it re-exports). ``docs/conf.py``
writes ``docs/reference/`` from it at build time (one page per module, one autosummary entry
per public name), and ``tests/test_docs.py`` fails when a public name of any ``sklearn_rdf``
module's ``__all__`` is not reached from this list or has no docstring.

This file imports neither Sphinx nor anything outside the standard library and the package, so
the test runs without the ``docs`` extra.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from pathlib import Path

#: Documented modules, in page order, with a one-line summary. A name re-exported by an
#: earlier module is documented there only (its canonical page), so list parents first.
API_MODULES: dict[str, str] = {
    "sklearn_rdf.wavelet": "WT-RDF and WT-RDF+: the wavelet-transform model of G(r) from F(q)",
    "sklearn_rdf.neural": "the paper's neural baselines: RBF network and LSTM",
    "sklearn_rdf.linear_spr": "LinearSPR: linear structure–property maps, and a CNN baseline",
    "sklearn_rdf.reduction": "raw X-ray/neutron pattern → S(Q) → F(Q) → G(r), g(r)",
    "sklearn_rdf.resolution": "G(r) beyond the Fourier limit of a cut F(q): Gaussian shells",
    "sklearn_rdf.exafs": "ONNE: EXAFS χ(k) → partial R(r) by a calibrated ensemble, and its peers",
    "sklearn_rdf.generate": "structures whose g(r), S(q), bond angles match a target; RMC",
    "sklearn_rdf.peers": "honest peers: Fourier transform, smoothing spline, Gaussian process",
    "sklearn_rdf.model_selection": "training-ratio splits and curves, grid searches, summaries",
    "sklearn_rdf.metrics": "MAE and peak errors of curves, scorers",
    "sklearn_rdf.physics": "quantities, converters, sine transforms, peaks, CN, weights",
    "sklearn_rdf.physics.geometry": "diffraction geometry: 2θ ↔ Q, grid units, polarisation",
    "sklearn_rdf.physics.scattering": "neutron and Faber–Ziman weights, ill-conditioning",
    "sklearn_rdf.physics.xray": "X-ray form factors and Q-dependent weights (xraydb)",
    "sklearn_rdf.physics.exafs": "the EXAFS equation, FEFF scattering tables, windows, χ(R)",
    "sklearn_rdf.physics.feff_tables": "computing new FEFF8L scattering tables (extra feff)",
    "sklearn_rdf.physics.feff_paths": "FEFF on a whole cluster: multiple-scattering paths, χ(k)",
    "sklearn_rdf.physics.differentiable": "torch g(r), partials, S(q), bond angles of coordinates",
    "sklearn_rdf.physics.wavelet": "numpy/scipy reference of the WT-RDF kernel and model",
    "sklearn_rdf.datasets": "readers and writers of real formats, embedded data sets",
    "sklearn_rdf.datasets.readers": "format detection and the per-format readers",
    "sklearn_rdf.datasets.ge_se": "the embedded Ge–Se(–Ag) structural models",
    "sklearn_rdf.datasets.simulated": "the shipped snapshot of LAMMPS-simulated glasses",
    "sklearn_rdf.datasets.simulate": "melt–quench LAMMPS simulation of glasses (extra simulate)",
    "sklearn_rdf.datasets.simulate.systems": "the simulated glass systems and their grids",
    "sklearn_rdf.datasets.simulate.run": "running one sample or a whole data set",
    "sklearn_rdf.datasets.simulate.analysis": "g(r), S(q), VDOS and CN of a configuration",
    "sklearn_rdf.datasets.simulate.coordinates": "regenerating the snapshot's coordinates",
    "sklearn_rdf.datasets.simulate.snapshot": "building the shipped snapshot",
    "sklearn_rdf.benchmark": "the WT-RDF+ paper's protocol in one call",
    "sklearn_rdf.plotting": "the benchmark's figures",
    "sklearn_rdf.utils": "package utilities",
    "sklearn_rdf.utils.estimator_checks": "estimator checks for one-feature (X = r) regressors",
}

PACKAGE = "sklearn_rdf"
#: Modules that are no API (command-line plumbing).
NOT_API = ("sklearn_rdf.cli", "sklearn_rdf.commands", "sklearn_rdf.__main__")


@dataclass(frozen=True)
class Entry:
    """One public name on a module page."""

    module: str  # the documented (listed) module
    name: str
    kind: str  # "class", "function" or "data"
    obj: object


def kind_of(obj: object) -> str:
    """``"class"``, ``"function"`` (any other callable) or ``"data"``."""
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "data"


def public_modules() -> list[str]:
    """Every public module of the package (no ``_`` part), sorted.

    Found from the package's folders, without importing the subpackages, so that a subpackage
    whose ``__init__`` needs an optional extra (``datasets.simulate`` without ``simulate``)
    still has its modules listed.
    """
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE]

    def walk(folder: Path, prefix: str) -> None:
        for info in pkgutil.iter_modules([str(folder)]):
            name = f"{prefix}.{info.name}"
            if info.name.startswith("_") or name.startswith(NOT_API):
                continue
            names.append(name)
            if info.ispkg:
                walk(folder / info.name, name)

    walk(Path(package.__file__).parent, PACKAGE)
    return sorted(names)


def public_names(module: object) -> list[str]:
    """The module's ``__all__`` without dunders (``__version__``)."""
    return [n for n in getattr(module, "__all__", ()) if not n.startswith("__")]


def api_entries(*, skip_unimportable: bool = False) -> dict[str, list[Entry]]:
    """Entries of every listed module's page, each object on the first page that exports it.

    The build imports every listed module (an ImportError stops it: the reference would be
    incomplete); the tests skip the ones needing an extra that is not installed.
    """
    seen: set[tuple[str, int]] = set()
    pages: dict[str, list[Entry]] = {}
    for modname in API_MODULES:
        try:
            module = importlib.import_module(modname)
        except ImportError:
            if skip_unimportable:
                continue
            raise
        entries = []
        for name in public_names(module):
            obj = getattr(module, name)
            key = (name, id(obj))
            if key in seen:
                continue
            seen.add(key)
            entries.append(Entry(modname, name, kind_of(obj), obj))
        pages[modname] = entries
    return pages


def documented_keys(pages: dict[str, list[Entry]]) -> set[tuple[str, int]]:
    """``(name, id(object))`` of everything the reference documents."""
    return {(e.name, id(e.obj)) for entries in pages.values() for e in entries}


# ----------------------------------------------------------------- docs of data (constants)


def _comment_doc(lines: list[str], lineno: int) -> str:
    """The ``#:`` comment block right above line ``lineno`` (1-based), joined."""
    block: list[str] = []
    i = lineno - 2
    while i >= 0 and lines[i].lstrip().startswith("#:"):
        block.insert(0, lines[i].lstrip()[2:].strip())
        i -= 1
    return " ".join(block)


def _module_data_docs(path: Path) -> dict[str, str]:
    """Top-level assignments documented by ``#:`` comments or a string right after."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    docs: dict[str, str] = {}
    body = tree.body
    for i, node in enumerate(body):
        if isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target.id]
        else:
            continue
        doc = _comment_doc(lines, node.lineno)
        following = body[i + 1] if i + 1 < len(body) else None
        if (
            not doc
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            doc = inspect.cleandoc(following.value.value)
        for target in targets:
            if doc:
                docs[target] = doc
    return docs


def data_doc(name: str, obj: object) -> tuple[str, str] | None:
    """``(defining module, doc)`` of a public constant, or None when it has no doc comment.

    The defining module is the one whose source assigns ``name`` at top level to this very
    object (found among all modules of the package, private ones included).
    """
    package = importlib.import_module(PACKAGE)
    candidates = [PACKAGE] + [
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=PACKAGE + ".")
        if not info.name.endswith("__main__")  # importing it runs the command line
    ]
    for modname in candidates:
        try:
            module = importlib.import_module(modname)
        except ImportError:
            continue
        if getattr(module, name, None) is not obj:
            continue
        path = getattr(module, "__file__", None)
        if not path:
            continue
        doc = _module_data_docs(Path(path)).get(name)
        if doc:
            return modname, doc
    return None


def docstring_of(entry: Entry) -> str | None:
    """The entry's own docstring (classes, functions) or doc comment (data); None if absent."""
    if entry.kind == "data":
        found = data_doc(entry.name, entry.obj)
        return found[1] if found else None
    doc = getattr(entry.obj, "__doc__", None)
    return inspect.cleandoc(doc) if doc and doc.strip() else None


# ----------------------------------------------------------------------- the .rst sources

_KINDS = (("class", "Classes"), ("function", "Functions"))


def _title(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n"


def _short_value(obj: object) -> str | None:
    text = repr(obj)
    return text if len(text) <= 60 and "\n" not in text else None


def module_page(modname: str, entries: list[Entry]) -> str:
    """The reST of one module page: its docstring, then an autosummary table per kind."""
    out = [
        f".. _api-{modname}:\n",
        _title(f":mod:`{modname}`", "="),
        f".. automodule:: {modname}\n   :no-members:\n   :no-inherited-members:\n",
        f".. currentmodule:: {modname}\n",
    ]
    for kind, heading in _KINDS:
        names = [e.name for e in entries if e.kind == kind]
        if not names:
            continue
        out.append(_title(heading, "-"))
        out.append(f".. autosummary::\n   :toctree: generated/\n   :template: {kind}.rst\n")
        out.extend(f"   {n}" for n in names)
        out.append("")
    data = [e for e in entries if e.kind == "data"]
    if data:
        out.append(_title("Constants", "-"))
        for e in data:
            found = data_doc(e.name, e.obj)
            doc = found[1] if found else ""
            out.append(f".. py:data:: {e.name}")
            out.append(f"   :type: {type(e.obj).__name__}")
            value = _short_value(e.obj)
            if value is not None:
                out.append(f"   :value: {value}")
            out.append("")
            out.append(f"   {doc}")
            if found and found[0] != modname:
                out.append(f"   (Defined in ``{found[0]}``.)")
            out.append("")
    return "\n".join(out) + "\n"


def index_page(pages: dict[str, list[Entry]]) -> str:
    """The reST of the API reference's index: one row per module, then the toctree."""
    out = [
        ".. _api-reference:\n",
        _title("API reference", "="),
        "Every public estimator, function, class and constant of ``sklearn_rdf``, generated "
        "from the docstrings (``__all__`` of each module below). The most used names are also "
        "importable from the top level (``from sklearn_rdf import WaveletRDFRegressor``).\n",
        ".. list-table::\n   :header-rows: 1\n   :widths: 35 65\n",
        "   * - module\n     - contents",
    ]
    for modname, summary in API_MODULES.items():
        out.append(f"   * - :ref:`{modname} <api-{modname}>`\n     - {summary}")
    out.append("\n.. toctree::\n   :hidden:\n")
    out.extend(f"   {modname}" for modname in pages)
    return "\n".join(out) + "\n"


def write_reference(outdir: Path) -> list[Path]:
    """Write ``index.rst`` and one page per listed module into ``outdir``; return the paths.

    Files whose content did not change are left untouched, so Sphinx rebuilds incrementally.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    pages = api_entries()
    texts = {"index.rst": index_page(pages)}
    texts.update({f"{m}.rst": module_page(m, entries) for m, entries in pages.items()})
    written = []
    for filename, text in texts.items():
        path = outdir / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
