"""Shared fixtures: paths to small test data and the loaded atlases."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def mini_root() -> Path:
    """A tiny synthetic geodata folder: two control pieces, a zone and an event."""
    return DATA / "mini"


@pytest.fixture(scope="session")
def mini_atlas(mini_root):
    from spheremap.atlas import Atlas

    return Atlas.load(mini_root)


@pytest.fixture(scope="session")
def atlas():
    """The bundled atlas, loaded once per test session."""
    from spheremap.atlas import Atlas

    return Atlas.load()
