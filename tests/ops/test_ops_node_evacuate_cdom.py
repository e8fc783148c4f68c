"""Evacuating a control domain through the CLI on the lab: its GDoms placed on the
other control domain of the pool (cold where the CPU types differ, which needs every
disk on a LUN the repository knows) and moved as parts of one job; `ldm list -p`
over SSH on both control domains shows each GDom on exactly one."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.ops.conftest import CliLab
from tests.ops.test_ops_gdom_define import SHARED_LUNS, gdom_site
from tests.ops.test_ops_gdom_migrate import committed, placed


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[CliLab]:
    yield from gdom_site(tmp_path_factory.mktemp("cdom-evacuate"))


def test_a_cdoms_gdom_on_shared_luns_moves_cold_and_the_unbound_ones_stay(site):
    # the lab's own GDoms of cdom01 sit on volumes only cdom01 serves: unbound by hand
    for name in ("gdom01", "gdom02"):
        site.ssh("cdom01", f"ldm stop-domain {name}; ldm unbind-domain {name}")
    committed(site, "fm7", "2G", SHARED_LUNS[1])
    inventory = str(site.lab.workdir / "inventory.json")
    discovery = site.cli("node", "discover", "--lab", "--inventory", inventory, check=False)
    assert "gdom01: not discovered" in discovery.stderr  # stopped: its SSH is gone

    dry = json.loads(site.cli("node", "evacuate", "cdom01", "--dry-run", "--json").stdout)
    assert [(m["kind"], m["name"], m["target"], m["cold"]) for m in dry["moves"]] == [
        ("gdom", "fm7", "cdom02", True)
    ]
    moved = dry["decisions"][0]["text"]
    assert moved.startswith("fm7 -> cdom02: sees 1/1 LUNs, CPU ")
    assert moved.endswith("; cold migration only (CPU SPARC-M7 to SPARC-T5)")

    result = site.cli("node", "evacuate", "cdom01")
    assert "-- cdom01:fm7 (steps 1-" in result.stdout
    assert placed(site, "fm7") == {"cdom02": "active"}
    assert placed(site, "gdom01") == {"cdom01": "inactive"}
    shown = json.loads(site.cli("gdom", "show", "cdom02:fm7", "--json").stdout)
    assert (shown["cdom"], shown["state"]) == ("cdom02", "active")
    nothing = site.cli("node", "evacuate", "cdom01", check=False)
    assert nothing.returncode == 5
    assert "carries no vServer or GDom that needs to move" in nothing.stderr
