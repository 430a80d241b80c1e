"""Shared fixtures: one embedded FalkorDB server for the session (real, never mocked),
cleared before each test that uses it."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests import samples / query cases by name

from kg.stores.falkor import FalkorStore  # noqa: E402


@pytest.fixture(scope="session")
def falkor_session(tmp_path_factory):
    """One FalkorDB server for the whole session (started the way ``kg`` starts it)."""
    store = FalkorStore(tmp_path_factory.mktemp("falkor") / "falkordb", socket_timeout=120)
    yield store
    store.close()


@pytest.fixture
def falkor(falkor_session):
    """The session's FalkorDB store, empty."""
    falkor_session.clear()
    return falkor_session


@pytest.fixture
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pid_alive(pid: int) -> bool:
    """Is ``pid`` a live process (a zombie child counts as gone)?"""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def workspace_dir(tmp_path):
    return tmp_path / "kg-data"

