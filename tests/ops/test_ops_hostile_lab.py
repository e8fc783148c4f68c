"""Issue 10's attack end to end over real SSH: a lab host reports a zonepath with a shell
pipe in it and a node model with terminal escape sequences. Discovery records both with a
warning, the zone is refused for operations, nothing runs, the other zone keeps running
and the terminal shows every value escaped."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from tests.helpers import running_lab, stop_engines
from tests.ops.conftest import CliLab
from vdcftui.lab.spec import load_spec

PIPE = "/zones/zpz | zoneadm -z okz halt | cat"
MODEL = "T7\x1b]0;MODEL-TITLE\x07\x1b[2J"
MODEL_SHOWN = "T7\\e]0;MODEL-TITLE\\x07\\e[2J"
ZPZ_REASON = (
    f"node03 reported an invalid zonepath for zone zpz ('{PIPE}': character ' ' is not allowed)"
)


def _hostile_spec() -> str:
    text = (files("vdcftui.lab") / "default_spec.toml").read_text()
    replacements = {
        'name = "web01"\nnode = "node03"': f'name = "zpz"\nzonepath = "{PIPE}"\nnode = "node03"',
        'name = "web02"\nnode = "node03"': 'name = "okz"\nnode = "node03"',
        'model = "SPARC T4-1"\nserial = "AK00251404"': (
            'model = "T7\\u001b]0;MODEL-TITLE\\u0007\\u001b[2J"\nserial = "AK00251404"'
        ),
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def hostile_lab(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile-lab")
    spec_path = workdir / "hostile.toml"
    spec_path.write_text(_hostile_spec())
    with running_lab(workdir / "lab", spec_path) as lab:
        site = CliLab(lab, workdir / "repo.db")
        inventory = str(site.lab.workdir / "inventory.json")
        site.discovery = site.cli("node", "discover", "--lab", "--inventory", inventory)
        yield site
        stop_engines(workdir)


def _zone_states(site: CliLab) -> dict[str, str]:
    lines = site.ssh("node03", "zoneadm list -cp").splitlines()
    return {line.split(":")[1]: line.split(":")[2] for line in lines}


def test_the_lab_host_reports_the_hostile_values(hostile_lab):
    listing = hostile_lab.ssh("node03", "zoneadm list -cp")
    assert f":zpz:running:{PIPE}:" in listing
    assert MODEL in hostile_lab.ssh("node04", "prtdiag")


def test_discovery_warns_naming_host_and_field_and_shows_values_escaped(hostile_lab):
    out = hostile_lab.discovery.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert f"warning: node03: {ZPZ_REASON}; vServer zpz refused for operations" in out
    assert (
        f"warning: node04: node04 reported an invalid model for node node04 ('{MODEL_SHOWN}': "
        "character '\\e' is not allowed); node node04 refused for operations"
    ) in out
    changes = hostile_lab.cli("node", "changes").stdout
    assert "\x1b" not in changes and "(invalid value)" in changes and ZPZ_REASON in changes


def test_vserver_show_has_the_reason_and_no_zonepath(hostile_lab):
    shown = json.loads(hostile_lab.cli("vserver", "show", "zpz", "--json").stdout)
    assert (shown["zonepath"], shown["invalid_reason"], shown["state"]) == (
        None,
        ZPZ_REASON,
        "running",
    )
    text = hostile_lab.cli("vserver", "show", "zpz").stdout
    assert f"invalid_reason   {ZPZ_REASON}" in text
    okz = json.loads(hostile_lab.cli("vserver", "show", "okz", "--json").stdout)
    assert (okz["zonepath"], okz["invalid_reason"]) == ("/zones/okz", None)


@pytest.mark.parametrize(
    "command", [["node", "list"], ["node", "show", "node04"], ["pool", "list"]]
)
def test_node_and_pool_listings_show_the_model_escaped(hostile_lab, command):
    out = hostile_lab.cli(*command).stdout
    assert "\x1b" not in out and "\x07" not in out
    if command[0] == "node":
        assert MODEL_SHOWN in out
    else:
        assert "node04" in out


def _repository(site: CliLab) -> list[str]:
    return [
        site.cli(*args, "--json").stdout
        for args in (["vserver", "list"], ["node", "list"], ["job", "list"], ["dataset", "list"])
    ]


def test_modify_of_the_refused_zone_runs_nothing_and_the_other_zone_keeps_running(hostile_lab):
    before = _repository(hostile_lab)
    audit_before = hostile_lab.cli("audit").stdout
    assert _zone_states(hostile_lab)["okz"] == "running"
    result = hostile_lab.cli(
        "vserver", "modify", "zpz", "--add-fs", "data:/logs:1G", "--live", check=False
    )
    assert result.returncode == 5, result.stdout + result.stderr
    assert result.stderr == (
        f"vdcftui: refused: {ZPZ_REASON}; fix it on the host and discover again\n"
    )
    assert result.stdout == ""
    for verb in (["boot"], ["reboot"], ["migrate", "--to", "node08"], ["detach"]):
        other = hostile_lab.cli("vserver", verb[0], "zpz", *verb[1:], check=False)
        assert other.returncode == 5 and "refused: node03 reported" in other.stderr
    assert _repository(hostile_lab) == before
    assert hostile_lab.cli("audit").stdout == audit_before
    assert _zone_states(hostile_lab) == {
        **_zone_states(hostile_lab),
        "okz": "running",
        "zpz": "running",
    }
    assert "logs" not in hostile_lab.ssh("node03", "zfs list -H -o name")
    # the lab does carry out the attack when it is sent: the check above is meaningful
    hostile_lab.ssh(
        "node03", f"zfs create -o mountpoint={PIPE}/root/logs -o quota=1G web01_pool/logs"
    )
    assert _zone_states(hostile_lab)["okz"] == "installed"


def test_a_refused_node_refuses_operations_on_its_zones(hostile_lab):
    zone = next(z for z in load_spec().zones if z.node == "node04" and z.state == "running")
    result = hostile_lab.cli("vserver", "halt", zone.name, "--dry-run", check=False)
    assert result.returncode == 5
    assert result.stderr.startswith("vdcftui: refused: node04 reported an invalid model")
    assert "\x1b" not in result.stderr
