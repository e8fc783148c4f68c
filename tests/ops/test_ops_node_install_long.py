"""Installs beyond CI's (-m long): a bare node that is powered off is powered on
through its controller first; a build whose SRU the install service does not serve
fails past the point of no return, completed by nothing and saying so; a Solaris 10
node is installed by JumpStart and its mirrored root pool and kernel patch verified."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers import wait_until
from tests.ops.install_site import InstallSite, install_site
from vdcftui.lab.state import INTERNAL_DISKS
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository

pytestmark = pytest.mark.long


@pytest.fixture
def site(tmp_path) -> Iterator[InstallSite]:
    with install_site(tmp_path) as here:
        yield here


def test_a_powered_off_bare_node_is_powered_on_first(site):
    node = site.lab.state.nodes["node31"]
    node.power_off()
    wait_until(lambda: not node.powered, "node31 to be off")
    site.add_uninstalled("node31")
    dry = site.cli("node", "install", "node31", "--build", "s11", "--dry-run").stdout
    assert "1. [sc:ilom-node31] start -script /SYS" in dry
    site.cli("node", "install", "node31", "--build", "s11")
    assert node.powered and node.installed and node.answers_ssh


def test_a_build_the_install_service_does_not_serve_fails_forward(site):
    site.cli(
        "build",
        "create",
        "s11-51",
        "--os",
        "11.4",
        "--sru",
        "11.4.51.132.1",
        "--publisher",
        "https://pkg.example.com/solaris/support/",
    )
    site.add_uninstalled("node31")
    failed = site.cli("node", "install", "node31", "--build", "s11-51", check=False)
    assert failed.returncode != 0
    said = failed.stdout + failed.stderr
    assert "step 5 failed on node31: pkg info entire on node31 says" in said
    assert "(Oracle Solaris 11.4.42.111.0)" in said and "point of no return" in said
    assert site.lab.state.nodes["node31"].installed
    open_repository(site.repo)
    assert m.HostKey.get_or_none(m.HostKey.host == "node31") is not None
    assert m.Node.get(m.Node.name == "node31").build is None


def test_a_solaris_10_node_is_installed_by_jumpstart(site):
    site.cli(
        "build",
        "create",
        "s10u11",
        "--os",
        "10",
        "--patch-level",
        "150400-59",
        "--archive",
        "/export/flar/s10u11.flar",
    )
    site.add_uninstalled("node36", "SPARC T4-1")
    dry = site.cli("node", "install", "node36", "--build", "s10u11", "--dry-run").stdout
    assert "zpool attach" not in dry and "verify: rpool is a mirror of" in dry
    assert "/.ssh/authorized_keys" in dry and "ipadm" not in dry
    site.cli("node", "install", "node36", "--build", "s10u11")
    node = site.lab.state.nodes["node36"]
    assert node.installed and node.rpool_disks == list(INTERNAL_DISKS)
    assert "/.ssh/authorized_keys" in node.files
    open_repository(site.repo)
    assert m.Node.get(m.Node.name == "node36").build.name == "s10u11"


def test_a_node_just_installed_is_installed_again_by_the_same_engine(site):
    """The reinstall takes the running node down to its ok prompt (shutdown -i0, over
    SSH with the key pinned by the first install) and pins the next new key: the
    engine, which remembers targets for a while, must not keep the old one."""
    site.add_uninstalled("node31")
    site.cli("node", "install", "node31", "--build", "s11")
    open_repository(site.repo)
    first = m.HostKey.get(m.HostKey.host == "node31").fingerprint
    again = site.cli("node", "install", "node31", "--build", "s11").stdout
    assert "1. node31: shutdown -y -g0 -i0" in again
    second = m.HostKey.get(m.HostKey.host == "node31").fingerprint
    assert second != first
    assert second == site.lab.host_key_for("node31").get_fingerprint("sha256")
