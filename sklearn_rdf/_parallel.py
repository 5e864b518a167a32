"""Warnings raised in joblib workers, brought back to the caller's process.

A warning raised in a worker process (joblib's default loky backend, dask) is printed by that
worker, in the middle of the run, and never reaches the caller's ``warnings`` filters or a
``warnings.catch_warnings(record=True)`` block. Wrapping each task in
:func:`call_recording_warnings` records its warnings instead; the caller passes them to
:func:`reissue_warnings`, which raises them again in its own process (same category, message
and origin), as if ``n_jobs=1``. ``sklearn-rdf benchmark`` then summarises them once at the end.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["call_recording_warnings", "reissue_warnings"]


def call_recording_warnings(func: Callable, *args: Any, **kwargs: Any) -> tuple[Any, list]:
    """``(func(*args, **kwargs), warnings)``: every warning the call raised, as picklable
    ``(category, message, filename, lineno)`` tuples, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [(w.category, str(w.message), w.filename, w.lineno) for w in caught]


def reissue_warnings(records: list) -> None:
    """Raise again, in this process, the warnings :func:`call_recording_warnings` recorded."""
    for category, message, filename, lineno in records:
        warnings.warn_explicit(message, category, filename, lineno)
