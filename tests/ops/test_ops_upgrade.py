"""Builds and Solaris 11 upgrades through the CLI on a lab of its own: builds defined,
listed with the nodes and vServers that run them; `upgrade` pre-checks each node (a
refusal in the node's words, read-only and bad names refused), runs one job per node
under the --parallel limit (held, as the jobs' step times show), rolls a node whose
services fail after the reboot back to its old boot environment, and leaves a node
refused for space untouched (`beadm list -H` and `pkg info entire` over SSH agree
with the repository)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import running_lab, stop_engines
from tests.ops.conftest import CliLab
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository

OLD_SRU = "11.4.42.111.0"
NEW_SRU = "11.4.51.132.1"
FAILING_SERVICE = "svc:/system/cron:default"
ZONE_LUN = "600A0B800011382800000A0B84E10001"
RUN_LUN = "600A0B800011382800000A0B84E10002"


def _node(name: str, pool: str, os: str = "11.4", index: int = 0) -> str:
    nic = "igb0" if os == "10" else "net0"
    return (
        f'\n[[nodes]]\nname = "{name}"\npool = "{pool}"\nos = "{os}"\n'
        f'nics = ["{nic}", "{nic[:-1]}1"]\n'
        f'addresses = [{{ link = "{nic}", address = "192.168.20.{11 + index}/24", '
        'type = "management" }]\n'
    )


def _zone(name: str, node: str, lun: str, state: str) -> str:
    return (
        f'\n[[luns]]\nwwn = "{lun}"\nsize_gb = 20\nvisible_to = ["{node}"]\n'
        f'\n[[zpools]]\nname = "{name}_pool"\nluns = ["{lun}"]\nimported_on = "{node}"\n'
        f'\n[[zones]]\nname = "{name}"\nnode = "{node}"\npool = "{name}_pool"\n'
        f'state = "{state}"\n'
    )


def upgrade_spec(
    path: Path, nodes: list[tuple[str, str, str]], running_zone_on: str | None = None
) -> Path:
    """A lab of (name, pool, os) nodes; the first carries the installed zone z1, and
    ``running_zone_on`` the running zone app1."""
    text = (
        'pools = [{ name = "pool-a" }, { name = "pool-b" }]\n\n'
        '[lab]\nname = "upgrade lab"\nusername = "root"\npassword = "solaris"\n'
    )
    text += "".join(_node(n, p, os, i) for i, (n, p, os) in enumerate(nodes))
    text += _zone("z1", nodes[0][0], ZONE_LUN, "installed")
    if running_zone_on:
        text += _zone("app1", running_zone_on, RUN_LUN, "running")
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[CliLab]:
    workdir = tmp_path_factory.mktemp("upgrade")
    nodes = [
        ("u1", "pool-a", "11.4"),
        ("u2", "pool-a", "11.4"),
        ("u3", "pool-a", "11.4"),
        ("u4", "pool-b", "11.4"),
        ("zrun", "pool-b", "11.4"),
        ("s10n", "pool-b", "10"),
    ]
    spec = upgrade_spec(workdir / "spec.toml", nodes, running_zone_on="zrun")
    with running_lab(workdir / "lab", spec) as lab:
        site = CliLab(lab, workdir / "repo.db")
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        site.cli("build", "create", "b51", "--os", "11.4", "--sru", NEW_SRU)
        yield site
        stop_engines(workdir)


def boot_environments(site: CliLab, node: str) -> dict[str, str]:
    """Each boot environment of the node and its flags, as `beadm list -H` says."""
    lines = site.ssh(node, "beadm list -H").splitlines()
    return {line.split(";")[0]: line.split(";")[2] for line in lines}


def runs_sru(site: CliLab, node: str) -> str:
    """The SRU `pkg info entire` shows on the node."""
    version = next(ln for ln in site.ssh(node, "pkg info entire").splitlines() if "Version:" in ln)
    return version.rpartition("Oracle Solaris ")[2].rstrip(")")


def test_builds_are_defined_listed_with_who_runs_them_and_removed(site):
    site.cli(
        *("build", "create", "b42", "--os", "11.4", "--sru", OLD_SRU, "--description", "SRU 42"),
        *("--publisher", "https://pkg.example.com/solaris/support/"),
    )
    site.cli(
        *("build", "create", "s10u11", "--os", "10", "--patch-level", "150400-59"),
        *("--archive", "/export/flar/s10u11.flar"),
    )
    listed = {b["name"]: b for b in json.loads(site.cli("build", "list", "--json").stdout)}
    assert (listed["s10u11"]["kind"], listed["s10u11"]["nodes"]) == ("flar", ["s10n"])
    b42 = listed["b42"]
    assert b42["kind"] == "ips" and b42["publisher"].startswith("https://pkg.example.com")
    # the nodes at SRU 42 (another test may have upgraded some) and their zones
    assert {"u4", "zrun"} <= set(b42["nodes"]) and "s10n" not in b42["nodes"]
    assert "app1" in b42["vservers"]
    refused = site.cli("build", "remove", "b42", check=False)
    assert refused.returncode == 5 and "cannot remove build b42: it is run by" in refused.stderr
    site.cli("build", "create", "b60", "--os", "11.4", "--sru", "11.4.60.155.2")
    assert site.cli("build", "remove", "b60").stdout == "build b60: removed\n"


def _input_case(args: tuple[str, ...], says: str, default_run: bool = False) -> object:
    marks = () if default_run else (pytest.mark.hostile,)
    return pytest.param(args, says, marks=marks, id=says[:30])


# In the default run: a bad build name and an unknown node; the rest with -m hostile.
@pytest.mark.parametrize(
    ("args", "says"),
    [
        _input_case(
            ("build", "create", "bad name", "--os", "11.4", "--sru", NEW_SRU),
            "invalid build name 'bad name'",
            default_run=True,
        ),
        _input_case(("upgrade", "u1", "nosuch", "--build", "b51"), "no node named 'nosuch'", True),
        _input_case(
            ("build", "create", "b9", "--os", "11.4", "--sru", "11.3.33.5.0"), "not an SRU of"
        ),
        _input_case(("build", "create", "b9", "--os", "11.4", "--sru", "42"), "invalid SRU"),
        _input_case(
            (
                "build",
                "create",
                "b9",
                "--os",
                "11.4",
                "--sru",
                NEW_SRU,
                "--publisher",
                "http://x/;r",
            ),
            "invalid publisher origin",
        ),
        _input_case(("build", "create", "b9", "--os", "10", "--patch-level", "1"), "--patch-level"),
        _input_case(("build", "show", "nosuch"), "no build named 'nosuch'"),
        _input_case(("upgrade", "u1", "--build", "no\x1bsuch"), "invalid build name 'no\\esuch'"),
        _input_case(
            ("upgrade", "u1", "--build", "b51", "--parallel", "0"),
            "--parallel takes a number from 1 to 1000, not '0'",
        ),
    ],
)
def test_bad_input_is_one_clear_line(site, args, says):
    result = site.cli(*args, check=False)
    assert result.returncode != 0 and says in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_dry_run_plans_and_refuses_in_the_nodes_words(site):
    result = site.cli("upgrade", "u4", "zrun", "s10n", "--build", "b51", "--dry-run", check=False)
    out = result.stdout
    assert result.returncode == 1 and "2 of 3 nodes refused" in result.stderr
    assert "plan: upgrade node u4" in out
    assert "--be-name b51 --no-be-activate entire@11.4-11.4.51.0.1.132.1" in out
    assert "sh -c 'beadm activate b51 && init 6'" in out
    assert "undo: sh -c 'beadm activate solaris && init 6'" in out
    assert "undo: beadm destroy -F b51" in out
    assert "at most 2" not in out and "runs while fewer than 2 jobs of upgrade:" in out
    assert "cannot upgrade zrun: it runs app1 (evacuate it first" in out
    assert "refused: s10n: it runs Solaris 10" in out
    assert boot_environments(site, "u4") == {"solaris": "NR", "solaris-backup-1": ""}


def test_read_only_is_refused_before_any_node_is_read(site):
    result = site.cli("--readonly", "upgrade", "u4", "--build", "b51", check=False)
    assert result.returncode == 3 and "read-only" in result.stderr
    removal = site.cli("--readonly", "build", "remove", "b51", check=False)
    assert removal.returncode == 3


def _span(job: m.Job) -> tuple[float, float]:
    steps = [s for s in job.steps if s.started is not None]
    return (
        min(s.started for s in steps).timestamp(),
        max((s.finished or s.started) for s in steps).timestamp(),
    )


def most_at_once(jobs: list[m.Job]) -> int:
    """How many of the jobs were between their first step's start and their last
    step's end at one time (from the repository's step times)."""
    spans = [_span(job) for job in jobs]
    return max(sum(1 for a, b in spans if a <= start < b) for start, _ in spans)


def test_one_refused_for_space_one_rolled_back_one_upgraded_one_at_a_time(site):
    rpool = site.lab.state.nodes["u3"].rpool
    free = rpool.size - sum(fs.used for fs in rpool.filesystems.values())
    site.ssh("u3", f"mkfile {(free - (1 << 30)) // 1024}k /rpool/filler")
    site.lab.faults.maintenance_after_boot("u2", FAILING_SERVICE)
    result = site.cli("upgrade", "u1", "u2", "u3", "--build", "b51", "--parallel", "1", check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refused: u3: rpool has 1.0G free; the update needs 3.1G" in result.stdout
    assert "upgraded 1 of 3 nodes (1 refused)" in result.stdout
    # on the hosts: u1 runs the new BE, u2 its old one (the new one gone), u3 untouched
    assert boot_environments(site, "u1") == {"solaris": "", "solaris-backup-1": "", "b51": "NR"}
    assert boot_environments(site, "u2") == {"solaris": "NR", "solaris-backup-1": ""}
    assert boot_environments(site, "u3") == {"solaris": "NR", "solaris-backup-1": ""}
    assert [runs_sru(site, n) for n in ("u1", "u2", "u3")] == [NEW_SRU, OLD_SRU, OLD_SRU]
    open_repository(site.repo)
    try:
        jobs = {j.object_name: j for j in m.Job.select().where(m.Job.operation == "upgrade")}
        assert sorted(jobs) == ["u1", "u2"]
        assert (jobs["u1"].state, jobs["u2"].state) == ("succeeded", "rolled_back")
        assert "State: maintenance" in jobs["u2"].error
        assert most_at_once(list(jobs.values())) == 1
        # u1's installed zone was updated with it, as a linked image
        first = jobs["u1"].steps.where(m.JobStep.seq == 1).get()
        assert "Executing linked: 1/1 done" in first.stdout
        nodes = {n.name: n for n in m.Node.select().where(m.Node.name.in_(["u1", "u2", "u3"]))}
        assert [nodes[n].sru for n in ("u1", "u2", "u3")] == [NEW_SRU, OLD_SRU, OLD_SRU]
        assert nodes["u1"].build.name == "b51" and nodes["u2"].build is None
        assert m.Lock.select().count() == 0  # locks and slots given back
    finally:
        close_repository()
    shown = json.loads(site.cli("build", "show", "b51", "--json").stdout)
    assert (shown["nodes"], shown["vservers"]) == (["u1"], ["z1"])


@pytest.mark.long
def test_six_nodes_two_at_a_time_one_refused_for_space_one_rolled_back(tmp_path):
    """The acceptance of issue 15, point 5 (by hand: -m long)."""
    names = [f"a{n}" for n in range(1, 7)]
    nodes = [(name, "pool-a" if n < 3 else "pool-b", "11.4") for n, name in enumerate(names)]
    spec = upgrade_spec(tmp_path / "spec.toml", nodes)
    with running_lab(tmp_path / "lab", spec) as lab:
        site = CliLab(lab, tmp_path / "repo.db")
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        site.cli("build", "create", "b51", "--os", "11.4", "--sru", NEW_SRU)
        rpool = lab.state.nodes["a5"].rpool
        free = rpool.size - sum(fs.used for fs in rpool.filesystems.values())
        site.ssh("a5", f"mkfile {(free - (1 << 30)) // 1024}k /rpool/filler")
        lab.faults.maintenance_after_boot("a3", FAILING_SERVICE)
        try:
            result = site.cli("upgrade", *names, "--build", "b51", "--parallel", "2", check=False)
        finally:
            stop_engines(tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "refused: a5: rpool has 1.0G free" in result.stdout
        assert "upgraded 4 of 6 nodes (1 refused)" in result.stdout
        untouched = {"solaris": "NR", "solaris-backup-1": ""}
        for name in names:
            expected = (
                untouched
                if name in ("a3", "a5")
                else {"solaris": "", "solaris-backup-1": "", "b51": "NR"}
            )
            assert boot_environments(site, name) == expected, name
        open_repository(site.repo)
        try:
            jobs = list(m.Job.select().where(m.Job.operation == "upgrade"))
            states = {j.object_name: j.state for j in jobs}
            assert states == {n: "succeeded" for n in ("a1", "a2", "a4", "a6")} | {
                "a3": "rolled_back"
            }
            assert most_at_once(jobs) == 2
            srus = {n.name: n.sru for n in m.Node.select()}
            assert srus == {n: OLD_SRU if n in ("a3", "a5") else NEW_SRU for n in names}
        finally:
            close_repository()
