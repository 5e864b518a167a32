"""Write the cached intersphinx inventories (``*.inv``) from the INSTALLED packages.

The documentation build must not need the network (the machines that build it reach PyPI only,
not numpy.org, scipy.org, scikit-learn.org, pytorch.org or readthedocs.io), so the inventories
that intersphinx would download are generated here instead and committed beside this script:
one entry per public class, function and method of the modules listed below, pointing at the
URL each project's documentation uses for it (the URL schemes are fixed by how each project
builds its API pages: one page per object for numpy, scipy, scikit-learn and torch, one page
per module for skorch).

Rebuild them after upgrading one of these packages (seconds, no network)::

    python docs/_intersphinx/make_inventories.py

An object documented on a page that does not follow its project's scheme gets a link that may
404; the cross-references stay correct in name, and the build never depends on it.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: project -> (base URL, modules whose public names are listed)
PROJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "numpy": (
        "https://numpy.org/doc/stable/",
        ("numpy", "numpy.linalg", "numpy.fft", "numpy.random", "numpy.polynomial"),
    ),
    "scipy": (
        "https://docs.scipy.org/doc/scipy/",
        (
            "scipy.signal",
            "scipy.interpolate",
            "scipy.optimize",
            "scipy.special",
            "scipy.integrate",
            "scipy.linalg",
            "scipy.stats",
            "scipy.fft",
            "scipy.sparse",
            "scipy.spatial",
            "scipy.ndimage",
        ),
    ),
    "sklearn": (
        "https://scikit-learn.org/stable/",
        (
            "sklearn",
            "sklearn.base",
            "sklearn.compose",
            "sklearn.cross_decomposition",
            "sklearn.decomposition",
            "sklearn.ensemble",
            "sklearn.exceptions",
            "sklearn.gaussian_process",
            "sklearn.gaussian_process.kernels",
            "sklearn.inspection",
            "sklearn.kernel_ridge",
            "sklearn.linear_model",
            "sklearn.metrics",
            "sklearn.model_selection",
            "sklearn.neighbors",
            "sklearn.neural_network",
            "sklearn.pipeline",
            "sklearn.preprocessing",
            "sklearn.svm",
            "sklearn.utils",
            "sklearn.utils.estimator_checks",
            "sklearn.utils.validation",
        ),
    ),
    "torch": (
        "https://docs.pytorch.org/docs/stable/",
        ("torch", "torch.nn", "torch.nn.functional", "torch.optim", "torch.autograd"),
    ),
    "python": ("https://docs.python.org/3/", ("builtins",)),
    "skorch": (
        "https://skorch.readthedocs.io/en/stable/",
        (
            "skorch",
            "skorch.net",
            "skorch.regressor",
            "skorch.classifier",
            "skorch.callbacks",
            "skorch.dataset",
            "skorch.helper",
            "skorch.utils",
        ),
    ),
}

#: Entries that are no Python object of the listed modules: glossary terms and labels that
#: numpydoc's default type aliases point at (array_like, bool, iterable, ...), and builtins.
EXTRA_ENTRIES: dict[str, list[tuple[str, str, str]]] = {
    "numpy": [
        ("array_like", "std:term", "glossary.html#term-array_like"),
        ("arrays.scalars", "std:label", "reference/arrays.scalars.html#arrays-scalars"),
    ],
    "sklearn": [  # referenced by the docstrings of BaseEstimator, RegressorMixin, set_*_request
        ("metadata_routing", "std:label", "metadata_routing.html#metadata-routing"),
        ("r2_score", "std:label", "modules/model_evaluation.html#r2-score"),
        ("meta-estimator", "std:term", "glossary.html#term-meta-estimator"),
        ("meta-estimators", "std:term", "glossary.html#term-meta-estimators"),
        ("glossary", "std:label", "glossary.html#glossary"),
    ],
    "torch": [  # referenced by torch.autograd.Function's docstrings (BesselJ inherits them)
        ("extending-autograd", "std:label", "notes/extending.html#extending-autograd"),
        (
            "combining-forward-context",
            "std:label",
            "notes/extending.html#combining-forward-context",
        ),
    ],
    "python": [
        ("bltin-boolean-values", "std:label", "library/stdtypes.html#boolean-values"),
        ("iterable", "std:term", "glossary.html#term-iterable"),
        ("sequence", "std:term", "glossary.html#term-sequence"),
        ("generator", "std:term", "glossary.html#term-generator"),
        ("mapping", "std:term", "glossary.html#term-mapping"),
        ("path-like object", "std:term", "glossary.html#term-path-like-object"),
        ("None", "py:data", "library/constants.html#None"),
        ("True", "py:data", "library/constants.html#True"),
        ("False", "py:data", "library/constants.html#False"),
        ("Ellipsis", "py:data", "library/constants.html#Ellipsis"),
        ("pathlib.Path", "py:class", "library/pathlib.html#pathlib.Path"),
        ("os.PathLike", "py:class", "library/os.html#os.PathLike"),
        ("dataclasses.dataclass", "py:function", "library/dataclasses.html#dataclasses.dataclass"),
        (
            "collections.namedtuple",
            "py:function",
            "library/collections.html#collections.namedtuple",
        ),
        (
            "contextlib.contextmanager",
            "py:function",
            "library/contextlib.html#contextlib.contextmanager",
        ),
    ],
}

#: Objects documented outside their project's usual scheme.
SPECIAL_URIS = {
    "torch.Tensor": "tensors.html#torch.Tensor",
    "torch.autograd.Function": "autograd.html#torch.autograd.Function",
    "numpy.random.Generator": "reference/random/generator.html#numpy.random.Generator",
    "numpy.random.default_rng": "reference/random/generator.html#numpy.random.default_rng",
}


def _public(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return sorted(n for n in names if isinstance(n, str) and not n.startswith("_"))


def _uri(project: str, modname: str, name: str, obj) -> str:
    """URL (relative to the project's base) of ``modname.name``."""
    full = f"{modname}.{name}"
    if full in SPECIAL_URIS:
        return SPECIAL_URIS[full]
    if project == "python":  # builtins: types and functions share library/functions.html
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            return f"library/exceptions.html#{name}"
        if name in (
            "int",
            "float",
            "complex",
            "list",
            "tuple",
            "range",
            "str",
            "bytes",
            "set",
            "frozenset",
            "dict",
            "memoryview",
            "bytearray",
        ):
            return f"library/stdtypes.html#{name}"
        return f"library/functions.html#{name}"
    if project == "skorch":  # one page per module; top-level names live on their module's page
        if modname == "skorch":
            owner = getattr(obj, "__module__", "skorch")
            parts = owner.split(".")
            page = parts[1] if len(parts) > 1 and not parts[1].startswith("_") else "index"
            return f"{page}.html#skorch.{page}.{name}"
        return f"{modname.split('.')[1]}.html#{full}"
    prefix = {
        "numpy": "reference/generated/",
        "scipy": "reference/generated/",
        "sklearn": "modules/generated/",
        "torch": "generated/",
    }[project]
    return f"{prefix}{full}.html#{full}"


def collect(project: str, modules: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(name, domain:role, uri)`` rows of one project."""
    rows: dict[str, tuple[str, str, str]] = {}
    for modname in modules:
        try:
            module = importlib.import_module(modname)
        except ImportError:
            continue
        rows[modname] = (modname, "py:module", "")
        for name in _public(module):
            try:
                obj = getattr(module, name)
            except (AttributeError, ImportError):  # experimental or deprecated names
                continue
            if inspect.ismodule(obj):
                continue
            if inspect.isclass(obj):
                role = "py:exception" if issubclass(obj, BaseException) else "py:class"
            elif callable(obj):
                role = "py:function"
            else:
                continue
            full = name if modname == "builtins" else f"{modname}.{name}"
            uri = _uri(project, modname, name, obj)
            rows.setdefault(full, (full, role, uri))
            if inspect.isclass(obj) and modname != "builtins":
                for meth, value in vars(obj).items():
                    if meth.startswith("_") or not callable(value):
                        continue
                    mfull = f"{full}.{meth}"
                    rows.setdefault(mfull, (mfull, "py:method", uri + f".{meth}"))
    for row in EXTRA_ENTRIES.get(project, ()):
        rows.setdefault(row[0], row)
    rows.pop("builtins", None)
    return sorted(rows.values())


def write_inventory(path: Path, project: str, version: str, rows) -> None:
    """Write an intersphinx inventory (format version 2, zlib-compressed)."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    lines = []
    for name, role, uri in rows:
        if role == "py:module":
            uri = _module_uri(project, name)
        priority = -1 if role.startswith("std:") else 1
        lines.append(f"{name} {role} {priority} {uri} -\n")
    path.write_bytes(header + zlib.compress("".join(lines).encode(), 9))


def _module_uri(project: str, modname: str) -> str:
    if project == "skorch":
        parts = modname.split(".")
        return f"{parts[1] if len(parts) > 1 else 'index'}.html"
    return {
        "numpy": "reference/index.html",
        "scipy": f"reference/{modname.split('.', 1)[-1]}.html",
        "sklearn": "api/index.html",
        "torch": f"{modname.split('.', 1)[-1] if '.' in modname else 'torch'}.html",
    }[project]


def main() -> None:
    for project, (_, modules) in PROJECTS.items():
        if project == "python":
            version = "{}.{}".format(*sys.version_info[:2])
        else:
            version = getattr(importlib.import_module(project), "__version__", "")
        rows = collect(project, modules)
        path = HERE / f"{project}.inv"
        write_inventory(path, project, version, rows)
        print(f"{path.name}: {len(rows)} entries, {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
