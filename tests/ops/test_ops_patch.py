"""Solaris 10 patching through the CLI on a lab of five Solaris 10 nodes over real SSH:
a set from a reference node, a target of four nodes installed (single-user patches
with one reboot per node, live ones with none), per node per patch status, re-running
adds only what is missing, a patchadd failure on one node, read-only and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import discover_lab, run_cli, running_lab, stop_engines
from tests.ops.conftest import CliLab
from vdcftui.lab.generate import generate_spec_toml
from vdcftui.ops.patch.listfile import parse_patch_list
from vdcftui.ops.patch.sets import create_from_list, create_target
from vdcftui.ops.session import Session
from vdcftui.repo.database import close_repository

LONG = pytest.mark.long  # by hand (-m long): CI runs the acceptance scenario only

NODES = ("node001", "node002", "node003", "node004")
REFERENCE = "node005"
LIVE = ("151000-02", "151002-01")
SINGLE_USER = "151001-01"
PATCH_DIR = "/var/tmp/patches"
# the properties the patches' READMEs give: recorded by a list, used by the set
CATALOG = (
    f"# patch released properties\n{LIVE[0]} 2013-03-01 standard\n"
    f"{LIVE[1]} 2013-03-05 standard\n{SINGLE_USER} 2013-03-02 singleuser,rebootafter\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[CliLab]:
    """Five Solaris 10 nodes without zones, discovered; the reference node has the
    patches of the set added by hand."""
    work = tmp_path_factory.mktemp("patch")
    spec = work / "spec.toml"
    spec.write_text(generate_spec_toml(5, 0, solaris10=True))
    with running_lab(work / "lab", spec) as lab:
        cli_lab = CliLab(lab, work / "repo.db")
        for patch in (*LIVE, SINGLE_USER):
            cli_lab.ssh(REFERENCE, f"patchadd {PATCH_DIR}/{patch}")
        discover_lab(lab, cli_lab.repo)
        create_from_list(Session("alice"), "catalog", parse_patch_list(CATALOG, "catalog"), None)
        create_target(Session("alice"), "t-cat", "catalog", [REFERENCE])
        close_repository()
        yield cli_lab
        stop_engines(work)


def showrev(site: CliLab, node: str) -> set[str]:
    return {line.split()[1] for line in site.ssh(node, "showrev -p").splitlines()}


def boots(site: CliLab, node: str) -> int:
    return site.lab.state.nodes[node].boots


def status(site: CliLab, target: str) -> dict[str, dict[str, str]]:
    record = json.loads(site.cli("patchtarget", "show", target, "--json").stdout)
    return {n["node"]: {p["patch"]: p["status"] for p in n["patches"]} for n in record["nodes"]}


def test_a_target_from_a_reference_node_installed_and_run_again(site):
    # node004 has the single-user patch already: it misses live patches only
    site.ssh("node004", f"patchadd {PATCH_DIR}/{SINGLE_USER}")
    made = site.cli("patchset", "create", "ref", "--from-node", REFERENCE)
    assert "created with 6 patches" in made.stdout
    site.cli("patchtarget", "create", "t-ref", "--set", "ref", *NODES)
    before = {node: boots(site, node) for node in NODES}

    site.cli("patchtarget", "install", "t-ref", "--concurrency", "4")

    record = json.loads(site.cli("patchtarget", "show", "t-ref", "--json").stdout)
    for node in record["nodes"]:
        assert {*LIVE, SINGLE_USER} <= showrev(site, node["node"])
        assert {p["status"] for p in node["patches"]} == {"applied"}, node
    # one reboot per node for the single-user patch; none where only live ones went in
    assert {n: boots(site, n) - before[n] for n in NODES} == {
        "node001": 1,
        "node002": 1,
        "node003": 1,
        "node004": 0,
    }
    single = {p["patch"]: p for p in record["nodes"][0]["patches"]}[SINGLE_USER]
    assert single["run_level_s"] and single["job"]
    assert f"Patch {SINGLE_USER} has been successfully installed." in single["output"]

    again = site.cli("patchtarget", "install", "t-ref")
    assert again.stdout.count("nothing to do") == len(NODES)
    assert {n: boots(site, n) - before[n] for n in NODES}["node001"] == 1


@LONG
def test_the_plan_and_the_lists(site):
    plan = site.cli("patchtarget", "install", "t-cat", "--dry-run").stdout
    assert plan == f"{REFERENCE}: has every patch of the set: nothing to do\n"
    site.cli("patchtarget", "create", "t-dry", "--set", "catalog", "node003", REFERENCE)
    plan = site.cli("patchtarget", "install", "t-dry", "--dry-run").stdout
    if SINGLE_USER not in showrev(site, "node003"):
        assert f"4. [node003] cp -r {PATCH_DIR}/{SINGLE_USER}" in plan and "init S" in plan
    listed = site.cli("patchtarget", "list").stdout
    assert "t-cat" in listed and "t-dry" in listed
    shown = site.cli("patchset", "show", "catalog").stdout
    assert f"{SINGLE_USER}  2013-03-02  rebootafter,singleuser  run level S" in shown


@LONG
def test_a_patchadd_failure_fails_that_node_only_with_its_output_kept(site, tmp_path):
    patches = tmp_path / "live.txt"
    patches.write_text("152000-01 standard\n152001-01 standard\n")
    site.cli("patchset", "create", "live", "--list", str(patches))
    site.cli("patchtarget", "create", "t-live", "--set", "live", "node001", "node002")
    refusal = (
        "Version of package SUNWcsu from directory SUNWcsu.u in patch 152001-01 differs "
        "from the package installed on the system.\n"
    )
    site.lab.faults.fail_next("node002", r"patchadd .*152001-01", refusal, 1)
    before = boots(site, "node002")
    failed = site.cli("patchtarget", "install", "t-live", check=False)
    assert failed.returncode != 0 and "1 node(s) failed" in failed.stderr
    record = json.loads(site.cli("patchtarget", "show", "t-live", "--json").stdout)
    nodes = {n["node"]: n for n in record["nodes"]}
    assert nodes["node001"]["status"] == "applied"
    assert nodes["node002"]["status"] == "failed"
    by_patch = {p["patch"]: p for p in nodes["node002"]["patches"]}
    assert by_patch["152000-01"]["status"] == "applied"
    assert by_patch["152001-01"]["status"] == "failed"
    assert "differs from the package installed" in by_patch["152001-01"]["output"]
    assert "152001-01" not in showrev(site, "node002") and boots(site, "node002") == before

    site.cli("patchtarget", "install", "t-live")  # the failed one only
    assert set(status(site, "t-live")["node002"].values()) == {"applied"}


@LONG
def test_changes_are_refused_read_only(site):
    for args in (
        ("patchset", "create", "ro", "--baseline", "2013-12-31"),
        ("patchtarget", "create", "ro", "--set", "catalog", "node001"),
        ("patchtarget", "install", "t-cat"),
    ):
        refused = site.cli("--readonly", *args, check=False)
        assert refused.returncode != 0 and "read-only" in refused.stderr, refused.stderr
    assert "ro" not in site.cli("patchset", "list").stdout


@LONG
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("patchset", "create", "b/d", "--baseline", "2013-01-01"), "invalid patch set name"),
        (("patchset", "create", "x1", "--baseline", "2013-13-45"), "expected YYYY-MM-DD"),
        (("patchset", "create", "x1"), "--from-node, --list or --baseline"),
        (("patchset", "create", "x1", "--list", "/nonexistent/l"), "cannot read patch list"),
        (("patchset", "create", "x1", "--from-node", "nosuch"), "no node named"),
        (("patchset", "create", "catalog", "--baseline", "2013-12-31"), "exists already"),
        (("patchset", "create", "x1", "--baseline", "1990-01-01"), "no patch known"),
        (("patchtarget", "create", "x1", "--set", "nosuch", "node001"), "no patch set named"),
        (("patchtarget", "create", "x1", "--set", "catalog", "nosuch"), "no node named"),
        (("patchtarget", "install", "nosuch"), "no patch target named"),
        (("patchtarget", "show", "x\x1b[31m"), "invalid patch target name"),
    ],
)
def test_bad_input_is_one_clear_line(site, args, message):
    result = site.cli(*args, check=False)
    assert result.returncode != 0
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr


@LONG
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15100-01\n", "line 1: invalid patch id"),
        ("# none\n", "lists no patch"),
        ("151000-02 2013-02-30\n", "line 1: invalid release date"),
        ("151000-02 fast\n", "line 1: unknown patch property 'fast'"),
        ("151000-02 interactive\n", "cannot be installed unattended"),
        ("151000-02\n151000-02\n", "line 2: 151000-02 is listed twice"),
        ("151000-02 standard extra\n", "line 1: unexpected 'extra'"),
    ],
)
def test_a_bad_patch_list_names_file_and_line(site, tmp_path, text, message):
    listing = tmp_path / "bad.txt"
    listing.write_text(text)
    result = site.cli("patchset", "create", "x2", "--list", str(listing), check=False)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert str(listing) in result.stderr or "lists no patch" in result.stderr


@LONG
def test_install_options_are_checked(site):
    for args, message in (
        (("--concurrency", "0"), "--concurrency is a number of nodes"),
        (("--patch-dir", "relative/dir"), "invalid patch directory"),
        (("--patch-dir", "/var/tmp/$(reboot)"), "invalid patch directory"),
    ):
        result = site.cli("patchtarget", "install", "t-cat", *args, "--dry-run", check=False)
        assert result.returncode == 2 and message in result.stderr, result.stderr


@LONG
def test_a_target_takes_solaris_10_nodes_only(tmp_path):
    with running_lab(tmp_path / "lab") as lab:
        repo: Path = tmp_path / "repo.db"
        run_cli(
            repo, "node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json")
        )
        run_cli(repo, "patchset", "create", "s", "--from-node", "node04")
        refused = run_cli(repo, "patchtarget", "create", "t", "--set", "s", "node03", check=False)
        assert refused.returncode == 2 and "node03 runs Solaris 11" in refused.stderr
