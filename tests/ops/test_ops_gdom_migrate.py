"""Migrating GDoms between the lab's two control domains with the CLI, live and cold:
the pre-checks refuse before anything runs, the CDom's own refusal of the dry run
(`ldm migrate-domain -n`) fails the job with nothing changed, and after a migration
`ldm list -p` over SSH shows the domain on exactly one control domain."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ops.conftest import CliLab
from tests.ops.test_ops_gdom_define import ONLY_CDOM01, SHARED_LUNS, gdom_site, record, show
from vdcftui.ops.gdom.migrate import PASSWORD_FILE


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[CliLab]:
    yield from gdom_site(tmp_path_factory.mktemp("gdom-migrate"))


def committed(site: CliLab, name: str, memory: str, *luns: str) -> None:
    disks = [arg for lun in luns for arg in ("--disk", lun)]
    site.cli(
        "gdom", "create", name, "--cdom", "cdom01", "--vcpus", "8", "--memory", memory,
        *disks, "--net", "primary-vsw0",
    )  # fmt: skip
    site.cli("gdom", "commit", name)


def placed(site: CliLab, name: str) -> dict[str, str]:
    """Where `ldm list -p` on each CDom shows ``name``, and in which state."""
    out = {}
    for cdom in ("cdom01", "cdom02"):
        line = record(site, cdom, name)
        if line:
            out[cdom] = line.split("|state=")[1].split("|")[0]
    return out


def test_prechecks_refuse_before_anything_runs(site):
    committed(site, "solo", "2G", ONLY_CDOM01)
    unseen = site.cli("gdom", "migrate", "solo", "--to", "cdom02", check=False)
    assert unseen.returncode == 5
    assert f"cdom02 does not see LUN {ONLY_CDOM01} (disk disk0)" in unseen.stderr
    for target, status, message in (
        ("cdom01", 5, "solo already runs on cdom01"),
        ("node03", 2, "node03 is not a control domain"),
        ("cdom02;reboot", 2, "invalid"),
    ):
        refused = site.cli("gdom", "migrate", "solo", "--to", target, check=False)
        assert refused.returncode == status and message in refused.stderr, refused.stderr
    inactive = site.cli("gdom", "migrate", "gdom05", "--to", "cdom01", check=False)
    assert inactive.returncode == 5 and "it is inactive, not active (use --cold)" in inactive.stderr
    assert placed(site, "solo") == {"cdom01": "active"}
    assert "migrate" not in site.cli("job", "list").stdout


def test_live_migration_refused_by_the_cdom_then_done(site):
    committed(site, "mig1", "4G", SHARED_LUNS[0])
    dry = site.cli("gdom", "migrate", "mig1", "--to", "cdom02", "--dry-run").stdout
    assert (
        f"[cdom02] ldm add-vdsdev /dev/dsk/c0t{SHARED_LUNS[0]}d0s2 mig1-disk0@primary-vds0" in dry
    )
    assert f"[cdom01] ldm migrate-domain -n -p {PASSWORD_FILE} mig1 root@cdom02" in dry
    assert f"[cdom01] ldm migrate-domain -p {PASSWORD_FILE} mig1 root@cdom02" in dry
    assert "point of no return" in dry

    # no password file on the source yet: the dry run fails, nothing changed
    refused = site.cli("gdom", "migrate", "mig1", "--to", "cdom02", check=False)
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert f"Unable to read password file {PASSWORD_FILE}" in said
    assert placed(site, "mig1") == {"cdom01": "active"}
    assert "mig1-disk0" not in site.ssh("cdom02", "ldm list-services -p")  # undone
    assert (show(site, "mig1")["cdom"], show(site, "mig1")["state"]) == ("cdom01", "active")

    site.ssh("cdom01", f"echo solaris > {PASSWORD_FILE}")
    site.cli("gdom", "migrate", "mig1", "--to", "cdom02")
    assert placed(site, "mig1") == {"cdom02": "active"}
    assert "mig1-disk0" in site.ssh("cdom02", "ldm list-services -p")
    assert "mig1-disk0" not in site.ssh("cdom01", "ldm list-services -p")
    moved = show(site, "mig1")
    assert (moved["cdom"], moved["state"]) == ("cdom02", "active")
    assert moved["cons"] == record(site, "cdom02", "mig1").split("|cons=")[1].split("|")[0]


def test_the_dry_run_refusal_is_shown_in_the_cdoms_words(site):
    committed(site, "big", "200G", SHARED_LUNS[1])
    site.ssh("cdom01", f"echo solaris > {PASSWORD_FILE}")
    refused = site.cli("gdom", "migrate", "big", "--to", "cdom02", check=False)
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "Unable to bind 200G memory region at real address 0x10000000" in said
    assert "Domain Migration of LDom big would fail if attempted" in said
    assert placed(site, "big") == {"cdom01": "active"}
    assert show(site, "big")["cdom"] == "cdom01"


def test_cold_migration_rebuilds_the_domain_on_the_target(site):
    committed(site, "mig2", "2G", SHARED_LUNS[2])
    dry = site.cli("gdom", "migrate", "mig2", "--to", "cdom02", "--cold", "--dry-run").stdout
    order = [
        "[cdom01] ldm list-constraints -x mig2",
        "[cdom01] ldm stop-domain mig2",
        "[cdom01] ldm unbind-domain mig2",
        "[cdom02] ldm add-domain mig2",
        "[cdom02] ldm bind-domain mig2",
        "[cdom02] ldm start-domain mig2",
        "[cdom01] ldm remove-domain mig2",
    ]
    assert [dry.index(text) for text in order] == sorted(dry.index(text) for text in order)
    site.cli("gdom", "migrate", "mig2", "--to", "cdom02", "--cold")
    assert placed(site, "mig2") == {"cdom02": "active"}
    assert "<number>8</number>" in site.ssh("cdom02", "ldm list-constraints -x mig2")
    assert (show(site, "mig2")["cdom"], show(site, "mig2")["state"]) == ("cdom02", "active")
    jobs = site.cli("job", "list").stdout.splitlines()
    job = next(line for line in jobs if "migrate" in line and ":mig2" in line).split()[0]
    saved = site.cli("job", "show", job).stdout
    assert "list-constraints -x mig2" in saved and "<ldom_name>mig2</ldom_name>" in saved


def test_a_gdom_carrying_vservers_takes_them_along(site):
    # the operator exported gdom01's root volume on cdom02 beforehand
    site.ssh("cdom02", "ldm add-vdsdev /dev/zvol/dsk/ldoms/gdom01-root gdom01-root@primary-vds0")
    site.ssh("cdom01", f"echo solaris > {PASSWORD_FILE}")
    before = site.cli("vserver", "list", "--json").stdout
    site.cli("gdom", "migrate", "gdom01", "--to", "cdom02")
    assert placed(site, "gdom01") == {"cdom02": "active"}
    moved = show(site, "gdom01")
    assert (moved["cdom"], moved["node"]) == ("cdom02", "gdom01")
    assert site.cli("vserver", "list", "--json").stdout == before  # still on node gdom01
    assert "gz01" in site.ssh("gdom01", "zoneadm list")  # it kept running
    listed = site.cli("gdom", "list", "--cdom", "cdom02").stdout
    assert "gdom01" in listed
