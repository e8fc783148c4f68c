"""Installing nodes as an operator does it (F-INS): a bare SPARC server at its OBP ok
prompt, registered as uninstalled with its model, installed through its controller's
console with a build, laid out by its model's profile and read into the repository;
a bare control domain gets its services; what is refused is refused before anything
runs, a read-only session in ops too."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.ops.install_site import SRU, InstallSite, install_site
from vdcftui.lab.state import INTERNAL_DISKS
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.install import plan_install
from vdcftui.ops.node.profiles import ProfileError
from vdcftui.ops.session import ReadOnlyRefused, Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import SSHPool, fingerprint
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository
from vdcftui.repo.lookup import NotFound


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[InstallSite]:
    with install_site(tmp_path_factory.mktemp("install")) as here:
        yield here


def _node(site: InstallSite, name: str) -> m.Node:
    open_repository(site.repo)
    return m.Node.get(m.Node.name == name)


def _jobs(site: InstallSite) -> int:
    open_repository(site.repo)
    return m.Job.select().count()


def test_a_bare_node_is_installed_from_its_ok_prompt(site):
    lab = site.lab.state.nodes["node31"]
    assert (lab.powered, lab.at_obp, lab.installed, lab.answers_ssh) == (True, True, False, False)
    site.add_uninstalled("node31", look=True)
    assert _node(site, "node31").state == "uninstalled"
    # its system configuration, applied once it is installed and discovered
    site.cli(
        "config", "set", "user", "ops", "1201:10:/export/home/ops:/bin/bash", "--node", "node31"
    )
    site.cli("config", "set", "dns", "search", "example.com", "--node", "node31")
    dry = site.cli("node", "install", "node31", "--build", "s11", "--dry-run").stdout
    assert "system configurations: 2 items in effect, applied once the node is discovered" in dry
    assert "[console:node31] console of node31: press Return, wait 900 s for the ok prompt" in dry
    assert "type 'boot net - install'" in dry and "point of no return" in dry
    assert f"zpool attach -f rpool {INTERNAL_DISKS[0]} {INTERNAL_DISKS[1]}" in dry
    assert "dladm create-aggr -l net2 -l net3 aggr1" in dry
    assert "management network: ipmp ipmp0 over net0, net1" in dry
    assert not lab.installed and _jobs(site) == 0
    before = site.lab.host_key_for("node31").get_fingerprint("sha256")

    done = site.cli("node", "install", "node31", "--build", "s11")
    assert "node31: installed and discovered" in done.stdout
    assert "node31: applying its system configurations" in done.stdout
    drift = site.cli("config", "drift", "node31").stdout
    assert drift.count("as it should be") == 2, drift
    # the lab node: installed at the build's SRU, rpool mirrored, the aggregation made,
    # the management server's key in root's authorized_keys, a new host key
    assert lab.installed and lab.answers_ssh and lab.sru == SRU
    assert lab.rpool_disks == list(INTERNAL_DISKS)
    assert lab.aggregations == {"aggr1": ("net2", "net3")}
    public = site.lab.client_public_key_path.read_text().split()[:2]
    keys = lab.files["/root/.ssh/authorized_keys"]
    assert keys.split()[:2] == public and lab.modes["/root/.ssh/authorized_keys"] == 0o600
    presented = site.lab.host_key_for("node31").get_fingerprint("sha256")
    assert presented != before
    # the repository: the new key pinned at first contact, the build, discovered
    open_repository(site.repo)
    pinned = m.HostKey.get(m.HostKey.host == "node31")
    assert pinned.fingerprint == presented == fingerprint(pinned.public_key)
    record = _node(site, "node31")
    assert (record.state, record.sru, record.build.name) == ("up", SRU, "s11")
    assert record.last_discovered is not None and record.interfaces.count() >= 4
    audit = " / ".join(
        f"{a.action}: {a.detail}"
        for a in m.AuditRecord.select().where(m.AuditRecord.object_name == "node31")
    )
    assert "pin host key: first contact after install" in audit and "install succeeded" in audit
    job = m.Job.get((m.Job.object_name == "node31") & (m.Job.operation == "install"))
    output = "".join(step.stdout for step in job.steps.order_by(m.JobStep.seq))
    assert ">>> boot net - install" in output and "Automated Installation succeeded." in output
    assert f"pinned the host key of node31: {presented}" in output


def test_a_bare_control_domain_gets_its_services(site):
    site.register("cdom32", "SPARC T5-2")
    site.cli("node", "install", "cdom32", "--build", "s11", "--cdom")
    lab = site.lab.state.nodes["cdom32"]
    services = site.lab.state.ldm.services["cdom32"]
    assert (services.vds, services.vsw, services.vcc) == (
        {"primary-vds0": {}},
        {"primary-vsw0": "net2"},
        {"primary-vcc0": "5000-5100"},
    )
    assert lab.ipmp_groups == {"ipmp1": ("net2", "net3")}
    assert {"net2", "net3"} <= lab.ip_interfaces
    record = _node(site, "cdom32")
    assert (record.kind, record.state, record.ldom_control) == ("cdom", "up", True)


def _plan(site: InstallSite, node: str, build: str = "s11") -> Plan:
    open_repository(site.repo)

    async def plan() -> Plan:
        pool = SSHPool()
        try:
            return await plan_install(
                node,
                build,
                False,
                pool,
                lambda h: target_for(h, site.credentials),
                site.credentials,
            )
        finally:
            await pool.close()

    return asyncio.run(plan())


def test_what_cannot_be_installed_is_refused_before_anything_runs(site):
    jobs = _jobs(site)
    with pytest.raises(NotFound, match="no build named 's12'"):
        _plan(site, "node33", "s12")
    with pytest.raises(PrecheckFailed, match="node35: it has no system controller"):
        _plan(site, "node35")
    with pytest.raises(NotFound, match="no node named 'node99'"):
        _plan(site, "node99")
    site.register("node34", "SPARC M8-8")
    with pytest.raises(ProfileError, match="no profile for server model 'SPARC M8-8'"):
        _plan(site, "node34")
    carrying = site.cli("node", "install", "node33", "--build", "s11", check=False)
    assert carrying.returncode == 5 and "Traceback" not in carrying.stderr
    assert "cannot install node33: it carries app01, which an install erases" in carrying.stderr
    assert _jobs(site) == jobs and not site.lab.state.nodes["node34"].installed


def test_a_reinstall_is_planned_but_a_read_only_session_is_refused_in_ops(site):
    """node37 runs Solaris and carries nothing: its reinstall takes it down to the ok
    prompt first; ops refuses to submit it read-only."""
    planned = _plan(site, "node37")
    assert planned.steps[0].command.text() == "shutdown -y -g0 -i0"
    assert planned.steps[1].host == "console:node37"
    jobs = m.Job.select().count()
    with pytest.raises(ReadOnlyRefused, match="refused: install node node37"):
        submit(Session("alice", readonly=True), planned)
    assert m.Job.select().count() == jobs and site.lab.state.nodes["node37"].answers_ssh
