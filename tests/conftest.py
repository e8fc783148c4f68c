"""Shared fixtures: the lab, running on ephemeral loopback ports in a background thread."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from vdcftui.lab.runner import Lab, LabThread
from vdcftui.lab.spec import load_spec


@pytest.fixture(scope="session")
def lab_session(tmp_path_factory) -> Lab:
    """The default lab, shared by the tests that only read it."""
    runner = LabThread(load_spec(), tmp_path_factory.mktemp("lab"), ephemeral_ports=True)
    lab = runner.start()
    yield lab
    runner.stop()


@pytest.fixture
def fresh_lab(tmp_path) -> Lab:
    """A lab of its own for a test that changes state or injects faults."""
    runner = LabThread(load_spec(), tmp_path / "lab", ephemeral_ports=True)
    lab = runner.start()
    yield lab
    runner.stop()


@pytest.fixture
def lab_inventory(lab_session) -> dict:
    """The shared lab's inventory (as inventory.json holds it)."""
    return lab_session.inventory()


@pytest.fixture(autouse=True)
def stop_engines(tmp_path):
    """Stop the engines a test's CLI commands started in the background."""
    yield
    for pid_file in tmp_path.rglob("engine.pid"):
        pid = pid_file.read_text().strip().rpartition(":")[2]
        if pid.isdigit():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGTERM)
