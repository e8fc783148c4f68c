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


SLOW_FIRST = (
    "tests/ops/test_ops_ha.py",
    "tests/ops/test_ops_node_evacuate.py",
    "tests/ops/test_ops_acceptance.py",
    "tests/ops/test_ops_node_install.py",
    "tests/console/test_noc_web.py",
    "tests/ops/test_ops_node_power.py",
    "tests/ops/test_ops_gdom_define.py",
    "tests/ops/test_ops_node_fence.py",
    "tests/ops/test_ops_upgrade.py",
    "tests/ops/test_ops_node_evacuate_cdom.py",
    "tests/ops/test_ops_gdom_recovery.py",
    "tests/ops/test_ops_node_register.py",
    "tests/ops/test_ops_migrate_levels.py",
    "tests/console/test_console_views.py",
    "tests/ops/test_ops_vserver_modify.py",
    "tests/repo/test_repo_errors_cli.py",
    "tests/ops/test_ops_vserver_state.py",
    "tests/ops/test_ops_config.py",
)
"""Modules with tests of 10 s or more, run first: spread over the workers from the
start, they do not leave one worker busy at the end while the others idle."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the slow modules first, keeping every module's own order."""
    rank = {path: index for index, path in enumerate(SLOW_FIRST)}

    def key(item: pytest.Item) -> int:
        return rank.get(item.nodeid.split("::")[0], len(rank))

    items.sort(key=key)
