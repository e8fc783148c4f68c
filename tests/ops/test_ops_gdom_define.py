"""Defining, committing, resizing and removing GDoms with the CLI: the definition is
recorded with nothing on the hosts, commit builds the domain on its control domain as
one job (checked with `ldm` over SSH), resizing is live on an active domain, removal
is refused while the GDom carries vServers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from tests.helpers import running_lab, stop_engines
from tests.ops.conftest import CliLab

# SAN LUNs both control domains see (the default lab gives its CDoms none)
SHARED_LUNS = (
    "600A0B800011382800000A0B84B1D001",
    "600A0B800011382800000A0B84B1D002",
    "600A0B800011382800000A0B84B1D003",
    "600A0B800011382800000A0B84B1D004",
)
ONLY_CDOM01 = "600A0B800011382800000A0B84B1D0FF"


def shared_lun_spec(path: Path) -> Path:
    """The default lab with LUNs the two CDoms share, written to ``path``."""
    text = files("vdcftui.lab").joinpath("default_spec.toml").read_text()
    for wwn, seers in [(w, '"cdom01", "cdom02"') for w in SHARED_LUNS] + [
        (ONLY_CDOM01, '"cdom01"')
    ]:
        text += f'\n[[luns]]\nwwn = "{wwn}"\nsize_gb = 50\nvisible_to = [{seers}]\n'
    path.write_text(text)
    return path


def gdom_site(workdir: Path) -> Iterator[CliLab]:
    """A lab whose CDoms share LUNs, discovered into a repository."""
    with running_lab(workdir / "lab", shared_lun_spec(workdir / "spec.toml")) as lab:
        site = CliLab(lab, workdir / "repo.db")
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        yield site
        stop_engines(workdir)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[CliLab]:
    yield from gdom_site(tmp_path_factory.mktemp("gdom-define"))


def show(lab: CliLab, name: str) -> dict:
    return json.loads(lab.cli("gdom", "show", name, "--json").stdout)


def record(lab: CliLab, cdom: str, name: str) -> str:
    """The `ldm list -p` record of ``name`` on ``cdom`` over SSH ("" when absent)."""
    listing = lab.ssh(cdom, "ldm list -p")
    return next((r for r in listing.splitlines() if r.startswith(f"DOMAIN|name={name}|")), "")


def test_definitions_are_checked_and_recorded_with_nothing_on_the_host(site):
    refusals = {
        ("ldg;x", "--vcpus", "4", "--memory", "4G"): (2, "invalid domain name"),
        ("ldg0", "--vcpus", "0", "--memory", "4G"): (2, "between 1 and 256"),
        ("ldg0", "--vcpus", "4", "--memory", "1000M"): (2, "multiple of 256 MB"),
        ("ldg0", "--vcpus", "4", "--memory", "4T"): (2, "invalid memory size '4T'"),
        ("ldg0", "--vcpus", "4", "--memory", "4G", "--disk", "nothex"): (2, "invalid WWN"),
        ("ldg0", "--vcpus", "4", "--memory", "4G", "--net", "vsw 0"): (2, "virtual switch"),
        ("gdom01", "--vcpus", "4", "--memory", "4G"): (1, "gdom01 already exists on cdom01"),
    }
    for args, (status, message) in refusals.items():
        refused = site.cli("gdom", "create", *args, "--cdom", "cdom01", check=False)
        assert (refused.returncode, refused.stdout) == (status, ""), refused.stderr
        assert message in refused.stderr and "Traceback" not in refused.stderr
    unseen = site.cli(
        "gdom", "create", "ldg0", "--cdom", "cdom02", "--vcpus", "4", "--memory", "4G",
        "--disk", ONLY_CDOM01, check=False,
    )  # fmt: skip
    assert unseen.returncode == 1 and f"cdom02 does not see LUN {ONLY_CDOM01}" in unseen.stderr
    not_cdom = site.cli(
        "gdom", "create", "ldg0", "--cdom", "node03", "--vcpus", "4", "--memory", "4G",
        check=False,
    )  # fmt: skip
    assert not_cdom.returncode == 2 and "node03 is not a control domain" in not_cdom.stderr

    site.cli(
        "gdom", "create", "ldg0", "--cdom", "cdom01", "--vcpus", "4", "--memory", "4G",
        "--disk", ONLY_CDOM01, "--net", "primary-vsw0",
    )  # fmt: skip
    defined = show(site, "ldg0")
    assert (defined["state"], defined["vcpus"], defined["memory_mb"]) == ("DEFINED", 4, 4096)
    assert defined["vdisks"] == [
        {"name": "disk0", "vol": "ldg0-disk0@primary-vds0", "lun": ONLY_CDOM01}
    ]
    assert record(site, "cdom01", "ldg0") == ""
    taken = site.cli(
        "gdom", "create", "ldg00", "--cdom", "cdom01", "--vcpus", "4", "--memory", "4G",
        "--disk", ONLY_CDOM01, check=False,
    )  # fmt: skip
    assert taken.returncode == 1 and "is a disk of GDom ldg0" in taken.stderr
    resized = site.cli("gdom", "modify", "ldg0", "--memory", "8G").stdout
    assert "commit applies it" in resized and show(site, "ldg0")["memory_mb"] == 8192
    removed = site.cli("gdom", "remove", "ldg0").stdout
    assert "never committed" in removed
    assert site.cli("gdom", "show", "ldg0", check=False).returncode == 1


def test_commit_builds_the_domain_then_it_is_resized_and_removed(site):
    lun = SHARED_LUNS[0]
    site.cli(
        "gdom", "create", "ldg1", "--cdom", "cdom01", "--vcpus", "8", "--memory", "4G",
        "--disk", lun, "--net", "primary-vsw0",
    )  # fmt: skip
    dry = site.cli("gdom", "commit", "ldg1", "--dry-run").stdout
    for text in (
        f"ldm add-vdsdev /dev/dsk/c0t{lun}d0s2 ldg1-disk0@primary-vds0",
        "ldm add-domain ldg1",
        "ldm set-vcpu 8 ldg1",
        "ldm set-memory 4096M ldg1",
        "ldm add-vdisk disk0 ldg1-disk0@primary-vds0 ldg1",
        "ldm add-vnet vnet0 primary-vsw0 ldg1",
        "ldm bind-domain ldg1",
        "ldm start-domain ldg1",
        "undo: ldm remove-domain ldg1",
    ):
        assert text in dry, text
    assert record(site, "cdom01", "ldg1") == ""
    site.cli("gdom", "commit", "ldg1")
    listed = record(site, "cdom01", "ldg1")
    assert "|state=active|" in listed and "|ncpu=8|mem=4294967296|" in listed
    detail = site.ssh("cdom01", "ldm list -l -p ldg1")
    assert "VDISK|name=disk0|vol=ldg1-disk0@primary-vds0|" in detail
    assert "VNET|name=vnet0|dev=network@0|service=primary-vsw0@primary|" in detail
    assert f"|vol=ldg1-disk0|opts=|dev=/dev/dsk/c0t{lun}d0s2" in site.ssh(
        "cdom01", "ldm list-services -p"
    )
    committed = show(site, "ldg1")
    assert (committed["state"], committed["vcpus"], committed["memory_mb"]) == ("active", 8, 4096)
    assert committed["cons"] == listed.split("|cons=")[1].split("|")[0]

    live = site.cli("gdom", "modify", "ldg1", "--vcpus", "12", "--memory", "5G", "--dry-run")
    assert "live, by dynamic reconfiguration" in live.stdout
    site.cli("gdom", "modify", "ldg1", "--vcpus", "12", "--memory", "5G")
    assert "|state=active|" in record(site, "cdom01", "ldg1")
    assert f"|ncpu=12|mem={5 << 30}|" in record(site, "cdom01", "ldg1")
    assert (show(site, "ldg1")["vcpus"], show(site, "ldg1")["memory_mb"]) == (12, 5120)

    site.cli("gdom", "stop", "ldg1")
    later = site.cli("gdom", "modify", "ldg1", "--vcpus", "4", "--dry-run").stdout
    assert "ldg1 is bound: the new size applies at its next start" in later
    site.cli("gdom", "modify", "ldg1", "--vcpus", "4")
    assert "<number>4</number>" in site.ssh("cdom01", "ldm list-constraints -x ldg1")
    assert show(site, "ldg1")["vcpus"] == 4

    carrying = site.cli("gdom", "remove", "gdom01", check=False)
    assert carrying.returncode == 5
    assert "cannot remove gdom01: it carries vServers gz01, gz02, gz03" in carrying.stderr
    site.cli("gdom", "remove", "ldg1")
    assert record(site, "cdom01", "ldg1") == ""
    assert "ldg1-disk0" not in site.ssh("cdom01", "ldm list-services -p")
    assert site.cli("gdom", "show", "ldg1", check=False).returncode == 1
    assert "|state=active|" in record(site, "cdom01", "gdom01")


def test_a_commit_that_fails_on_the_host_is_rolled_back(site):
    site.cli(
        "gdom", "create", "ldg2", "--cdom", "cdom02", "--vcpus", "4", "--memory", "2G",
        "--disk", SHARED_LUNS[1], "--net", "nosuch-vsw0",
    )  # fmt: skip
    failed = site.cli("gdom", "commit", "ldg2", check=False)
    assert failed.returncode != 0
    assert "Virtual switch nosuch-vsw0 does not exist" in failed.stdout + failed.stderr
    assert record(site, "cdom02", "ldg2") == ""
    assert "ldg2-disk0" not in site.ssh("cdom02", "ldm list-services -p")
    assert show(site, "ldg2")["state"] == "DEFINED"
