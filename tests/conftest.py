"""Shared test fixtures.

``shared_data`` points at ``../shared/data`` beside the repository (real measured files whose
licences differ from ours: read in place, never copied); tests that need it skip with the
reason when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("SKLEARN_RDF_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ../shared/data; skips the test when the folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real measured data not available: {SHARED_DATA} is absent")
    return SHARED_DATA


def pytest_collection_modifyitems(config, items):
    """Mark every test that uses the ``shared_data`` fixture ``shared_data`` (so that
    ``-m shared_data`` selects them: CI's second environment runs them with the data)."""
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared_data)
