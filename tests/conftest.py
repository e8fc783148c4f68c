"""Shared fixtures: the lab, running on ephemeral loopback ports in a background thread.
The helpers they are built on (and that tests import) are in tests/helpers.py."""

from __future__ import annotations

import pytest

from tests.helpers import running_lab, stop_engines
from vdcftui.lab.runner import Lab


@pytest.fixture(scope="session")
def lab_session(tmp_path_factory) -> Lab:
    """The default lab, shared by the tests that only read it."""
    with running_lab(tmp_path_factory.mktemp("lab")) as lab:
        yield lab


@pytest.fixture
def fresh_lab(tmp_path) -> Lab:
    """A lab of its own for a test that changes state or injects faults."""
    with running_lab(tmp_path / "lab") as lab:
        yield lab


@pytest.fixture
def lab_inventory(lab_session) -> dict:
    """The shared lab's inventory (as inventory.json holds it)."""
    return lab_session.inventory()


@pytest.fixture(autouse=True)
def stop_engines_after(tmp_path):
    """Stop the engines a test's CLI commands started in the background."""
    yield
    stop_engines(tmp_path)
