"""The lab over real SSH: formats, state that persists, shared LUNs, errors, faults."""

from __future__ import annotations

import json
import socket
import subprocess

import asyncssh
import pytest

from tests.helpers import VDCFTUI, running_lab, wait_until
from vdcftui.lab.runner import LabThread
from vdcftui.lab.spec import SpecError, load_spec


def _node(lab, name: str) -> dict:
    return next(n for n in lab.inventory()["nodes"] if n["name"] == name)


async def _run(lab, name: str, command: str) -> asyncssh.SSHCompletedProcess:
    node = _node(lab, name)
    creds = lab.inventory()["credentials"]
    async with asyncssh.connect(
        node["address"],
        node["port"],
        username=creds["username"],
        client_keys=[creds["client_key"]],
        known_hosts=None,
    ) as conn:
        return await conn.run(command)


def test_default_spec_has_what_the_demo_promises():
    spec = load_spec()
    assert len(spec.pools) >= 2
    physical = [n for n in spec.nodes if n.kind != "gdom"]
    assert len(physical) == 8
    assert {n.os for n in physical} >= {"10", "11.3", "11.4"}
    assert {n.arch for n in physical} == {"sparc", "x86"}
    assert len([n for n in physical if n.kind == "cdom"]) == 2
    assert len(spec.gdoms) >= 4
    assert len(spec.zones) >= 30
    assert {z.state for z in spec.zones} >= {"running", "installed", "configured"}
    assert {z.brand for z in spec.zones} >= {"solaris", "solaris10", "native"}
    assert any(z.node in {g.name for g in spec.gdoms} for z in spec.zones)
    assert {c.type for c in spec.controllers} >= {"ilom", "xscf", "alom"}
    assert spec.terminal_servers


def test_system_openssh_client_reads_the_zone_list(lab_session):
    node = _node(lab_session, "node03")
    key = lab_session.inventory()["credentials"]["client_key"]
    result = subprocess.run(
        [
            "ssh",
            "-p",
            str(node["port"]),
            "-i",
            key,
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            f"root@{node['address']}",
            "zoneadm list -cp",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "0:global:running:/::solaris:shared:-:none:"
    assert any(line.split(":")[1] == "web01" for line in lines)


async def test_booted_zone_is_running_in_later_listings(fresh_lab):
    before = await _run(fresh_lab, "node03", "zoneadm list -cp")
    assert "-:web03:installed:" in before.stdout
    boot = await _run(fresh_lab, "node03", "zoneadm -z web03 boot")
    assert boot.exit_status == 0
    after = await _run(fresh_lab, "node03", "zoneadm list -cp")
    line = next(ln for ln in after.stdout.splitlines() if ":web03:" in ln)
    assert line.split(":")[0].isdigit() and line.split(":")[2] == "running"


async def test_detach_export_import_attach_moves_a_zone(fresh_lab):
    steps = [
        ("node03", "zoneadm -z web03 detach"),
        ("node03", "zpool export web03_pool"),
        ("node08", "zpool import web03_pool"),
    ]
    for host, command in steps:
        result = await _run(fresh_lab, host, command)
        assert result.exit_status == 0, (command, result.stderr)
    config = (await _run(fresh_lab, "node03", "zonecfg -z web03 export")).stdout
    fresh_lab.state.nodes["node08"].files["/tmp/web03.cfg"] = config
    for command in (
        "zonecfg -z web03 -f /tmp/web03.cfg",
        "zoneadm -z web03 attach",
        "zoneadm -z web03 boot",
    ):
        result = await _run(fresh_lab, "node08", command)
        assert result.exit_status == 0, (command, result.stderr)
    listing = (await _run(fresh_lab, "node08", "zoneadm list -cp")).stdout
    assert ":web03:running:" in listing
    old = (await _run(fresh_lab, "node03", "zoneadm list -cp")).stdout
    assert ":web03:configured:" in old


async def test_zpool_import_needs_every_lun_and_a_free_pool(fresh_lab):
    blind = await _run(fresh_lab, "gdom02", "zpool import web01_pool")
    assert blind.exit_status == 1
    assert blind.stderr == "cannot import 'web01_pool': no such pool available\n"
    busy = await _run(fresh_lab, "node08", "zpool import web01_pool")
    assert busy.exit_status == 1
    assert "pool may be in use from other system" in busy.stderr
    running = await _run(fresh_lab, "node03", "zpool export web01_pool")
    assert running.stderr == "cannot unmount '/zones/web01': Device busy\n"


async def test_unknown_command_and_bad_arguments_answer_as_solaris(lab_session):
    unknown = await _run(lab_session, "node03", "frobnicate --all")
    assert (unknown.exit_status, unknown.stderr) == (127, "sh: frobnicate: not found\n")
    nosuch = await _run(lab_session, "node03", "zoneadm -z nosuch boot")
    assert (nosuch.exit_status, nosuch.stderr) == (1, "zoneadm: nosuch: No such zone configured\n")
    usage = await _run(lab_session, "node03", "zoneadm frob")
    assert usage.exit_status == 253 and usage.stderr.startswith("usage:  zoneadm")
    s10 = await _run(lab_session, "node04", "pkg info entire")
    assert (s10.exit_status, s10.stderr) == (127, "sh: pkg: not found\n")


async def test_fault_injection_fail_next_and_slow(fresh_lab):
    fresh_lab.faults.fail_next("node05", r"^zpool import", stderr="I/O error", exit_status=1)
    failed = await _run(fresh_lab, "node05", "zpool import db01_pool")
    assert (failed.exit_status, failed.stderr) == (1, "I/O error\n")
    normal = await _run(fresh_lab, "node05", "uname -a")
    assert normal.exit_status == 0


def test_control_socket_and_cli_inject_faults(fresh_lab):
    workdir = fresh_lab.workdir
    subprocess.run(
        [VDCFTUI, "lab", "fault", "unreachable", "node05", "--workdir", str(workdir)],
        check=True,
        timeout=30,
    )
    assert fresh_lab.faults.is_unreachable("node05")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(workdir / "control.sock"))
        sock.sendall(b'{"op": "stats"}\n')
        reply = json.loads(sock.makefile().readline())
    assert reply["ok"] is True
    bad = subprocess.run(
        [VDCFTUI, "lab", "fault", "slow", "nosuch", "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 1 and "no node 'nosuch' in this lab" in bad.stderr


def test_host_keys_are_stable_across_restarts(tmp_path):
    first = LabThread(load_spec(), tmp_path, ephemeral_ports=True)
    keys = {n["name"]: n["host_key"] for n in first.start().inventory()["nodes"]}
    first.stop()
    second = LabThread(load_spec(), tmp_path, ephemeral_ports=True)
    again = {n["name"]: n["host_key"] for n in second.start().inventory()["nodes"]}
    second.stop()
    assert keys == again


def test_malformed_spec_is_a_clear_error(tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text('[[zones]]\nname = "z1"\nnode = "nowhere"\npool = "p"\n')
    with pytest.raises(SpecError, match="zone z1 on unknown node"):
        load_spec(spec)


def test_a_second_lab_in_the_same_workdir_is_refused_and_leaves_the_first_alone(tmp_path):
    first = subprocess.Popen(
        [VDCFTUI, "lab", "--workdir", str(tmp_path), "--ephemeral-ports"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        inventory = tmp_path / "inventory.json"
        wait_until(inventory.exists, "the first lab's inventory", seconds=60)
        second = subprocess.run(
            [VDCFTUI, "lab", "--workdir", str(tmp_path), "--ephemeral-ports"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1
        assert second.stderr == (
            f"vdcftui: another lab runs in {tmp_path} (pid {first.pid}): stop it, or give "
            "this one another --workdir\n"
        )
        assert inventory.exists() and (tmp_path / "control.sock").exists()
    finally:
        first.terminate()
        first.wait(timeout=30)
    assert first.returncode == 0
    # the directory is free again once the first has stopped
    with running_lab(tmp_path) as lab:
        assert lab.inventory()["nodes"]


@pytest.mark.parametrize("terminal", ["xterm", None])
async def test_console_commands_end_lines_with_one_cr(lab_session, terminal):
    """`telnet localhost PORT` on a CDom and `zlogin -C` answer in CR LF, with or without
    a terminal: never CR CR LF (the server adds the CR of a terminal's output itself)."""
    inventory = lab_session.inventory()
    node = next(n for n in inventory["nodes"] if n["name"] == "cdom01")
    async with asyncssh.connect(
        node["address"],
        node["port"],
        username="root",
        client_keys=[str(lab_session.client_key_path)],
        known_hosts=None,
    ) as connection:
        for command in ("telnet localhost 5999", "zlogin -C nosuch"):
            process = await connection.create_process(command, term_type=terminal, encoding=None)
            out, err = await process.stdout.read(), await process.stderr.read()
            text = out + err
            assert text and text.endswith(b"\r\n") and b"\r\r\n" not in text, (command, text)
            assert text.count(b"\n") == text.count(b"\r\n")
