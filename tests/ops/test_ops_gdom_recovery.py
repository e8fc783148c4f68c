"""Disaster recovery of a GDom whose control domain died, as an operator does it: the
GDom is detached only once its CDom is fenced or the operator forces it (audited),
then attached to the other CDom from its definition on the shared LUNs; the old CDom
may not start it again, and when it comes back with the domain still active,
discovery says the GDom runs on two control domains."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ops.conftest import CliLab
from tests.ops.test_ops_gdom_define import SHARED_LUNS, gdom_site, record, show


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[CliLab]:
    yield from gdom_site(tmp_path_factory.mktemp("gdom-dr"))


def test_a_gdom_of_a_dead_cdom_is_brought_up_on_the_other(site):
    site.cli(
        "gdom", "create", "dr1", "--cdom", "cdom02", "--vcpus", "4", "--memory", "2G",
        "--disk", SHARED_LUNS[3], "--net", "primary-vsw0",
    )  # fmt: skip
    site.cli("gdom", "commit", "dr1")
    assert "|state=active|" in record(site, "cdom02", "dr1")
    refused = site.cli("gdom", "detach", "dr1", check=False)
    assert refused.returncode == 5 and "cdom02 is not fenced" in refused.stderr
    not_detached = site.cli("gdom", "attach", "dr1", "--to", "cdom01", check=False)
    assert not_detached.returncode == 5 and "detach it first" in not_detached.stderr

    site.lab.state.nodes["cdom02"].power_off()  # the control domain dies
    site.cli("gdom", "detach", "dr1", "--force")
    assert show(site, "dr1")["state"] == "detached"
    again = site.cli("gdom", "start", "cdom02:dr1", check=False)
    assert again.returncode == 5 and "it was detached from it" in again.stderr
    dry = site.cli("gdom", "attach", "dr1", "--to", "cdom01", "--dry-run").stdout
    assert "[cdom01] ldm add-domain dr1" in dry and "[cdom01] ldm start-domain dr1" in dry
    site.cli("gdom", "attach", "dr1", "--to", "cdom01")
    assert "|state=active|" in record(site, "cdom01", "dr1")
    shown = show(site, "dr1")
    assert (shown["cdom"], shown["state"]) == ("cdom01", "active")
    audit = site.cli("audit", "--object", "cdom02:dr1").stdout
    assert "detach" in audit and "forced by the operator" in audit

    site.lab.state.nodes["cdom02"].power_on()  # it comes back, the domain still defined
    found = site.cli(
        "node", "discover", "--lab", "--inventory", str(site.lab.workdir / "inventory.json")
    )
    assert "GDom dr1 is active here and active on cdom01" in found.stdout
    twice = site.cli("gdom", "start", "cdom02:dr1", check=False)
    assert twice.returncode == 5
