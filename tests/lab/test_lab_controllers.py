"""The lab's ILOM, XSCF and terminal server, driven by the system OpenSSH client and pexpect."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
from pexpect import fdpexpect

from tests.helpers import wait_until
from vdcftui.lab.controllers.lineinput import LineInput, to_crlf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real-consoles"
TIMEOUT = 15


def _inventory(lab: Any) -> dict[str, Any]:
    return json.loads((Path(lab.workdir) / "inventory.json").read_text())


def _controller(inventory: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(sc for sc in inventory["system_controllers"] if sc["type"] == kind)


def _node_entry(inventory: dict[str, Any], name: str) -> dict[str, Any]:
    return next(node for node in inventory["nodes"] if node["name"] == name)


def _ssh_argv(lab: Any, address: str, port: int, user: str, *, tty: bool = True) -> list[str]:
    return [
        "ssh",
        "-tt" if tty else "-T",
        "-p",
        str(port),
        "-i",
        str(Path(lab.workdir) / "id_ed25519"),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=5",
        f"{user}@{address}",
    ]


def _login(lab: Any, entry: dict[str, Any], prompt: str) -> pexpect.spawn:
    argv = _ssh_argv(lab, entry["address"], entry["port"], entry["username"])
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", timeout=TIMEOUT)
    child.expect_exact(prompt)
    return child


def _exec(lab: Any, entry: dict[str, Any], command: str) -> subprocess.CompletedProcess[str]:
    argv = _ssh_argv(lab, entry["address"], entry["port"], entry["username"], tty=False)
    return subprocess.run(
        [*argv, command], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def _node_answers(lab: Any, inventory: dict[str, Any], name: str) -> bool:
    node = _node_entry(inventory, name)
    user = inventory["credentials"]["username"]
    argv = _ssh_argv(lab, node["address"], node["port"], user, tty=False)
    argv[1:1] = ["-o", "BatchMode=yes"]
    result = subprocess.run(
        [*argv, "hostname"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    return result.returncode == 0


def _wait_until(predicate: Callable[[], bool], what: str) -> None:
    wait_until(predicate, what, TIMEOUT)


def _answer_yes(child: pexpect.spawn, question: str) -> None:
    child.expect_exact(question)
    child.sendline("y")


def _console_login(child: Any, lab: Any, hostname: str) -> str:
    """Log in at ``HOST console login: `` with the lab credentials; returns the shell prompt."""
    username, password = _credentials(lab)
    child.expect_exact(f"{hostname} console login: ")
    child.sendline(username)
    child.expect_exact("Password: ")
    child.sendline(password)
    child.expect(r"(root@\S+:~# |# )")
    return child.after


def _credentials(lab: Any) -> tuple[str, str]:
    creds = lab.credentials
    username = getattr(creds, "username", None)
    if username is None:
        return creds[0], creds[1]
    return username, creds.password


# ----------------------------------------------------------------------------- ILOM


def test_ilom_banner_show_and_errors(lab_session):
    inventory = _inventory(lab_session)
    ilom = _controller(inventory, "ilom")
    node = lab_session.state.nodes[ilom["node"]]
    child = _login(lab_session, ilom, "-> ")
    try:
        banner = child.before
        assert "Oracle(R) Integrated Lights Out Manager" in banner
        assert re.search(r"Version 4\.0\.\S+ r\d+", banner)
        assert f"Hostname: {ilom['name']}" in banner
        child.sendline("show /SYS")
        child.expect_exact("-> ")
        output = child.before
        assert "\r\n /SYS\r\n    Targets:\r\n" in output
        assert f"        power_state = {'On' if node.powered else 'Off'}\r\n" in output
        assert "        product_serial_number = " in output
        child.sendline("show /SYS power_state")
        child.expect_exact("-> ")
        single = "\r\n /SYS\r\n    Properties:\r\n        power_state = On\r\n\r\n"
        assert child.before.endswith(single)
        child.sendline("show SP/clocl")
        child.expect_exact("-> ")
        assert "show: Invalid target /SP/clocl\r\n\r\n" in child.before
        child.sendline("bogus thing")
        child.expect_exact("-> ")
        assert "Invalid command 'bogus thing' - type help for a list of commands." in child.before
        child.sendline("set /SP system_contact")
        child.expect_exact("-> ")
        assert "set: Invalid command syntax\r\nUsage: set [-script] [target]" in child.before
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_ilom_exec_request_and_error_wording_match_capture(lab_session):
    inventory = _inventory(lab_session)
    ilom = _controller(inventory, "ilom")
    result = _exec(lab_session, ilom, "show /SP hostname")
    assert result.returncode == 0
    assert result.stdout == f"\n /SP\n    Properties:\n        hostname = {ilom['name']}\n\n"
    capture = FIXTURES / "ilom4-banner-errors-invalid-target-syntax__tuananh0788-exadata-issue7.txt"
    bad = _exec(lab_session, ilom, "show SP/clocl")
    assert bad.returncode != 0
    assert bad.stdout.strip() in capture.read_text()


def test_ilom_power_cycle_and_serial_console(fresh_lab):
    inventory = _inventory(fresh_lab)
    ilom = _controller(inventory, "ilom")
    name = ilom["node"]
    hostname = fresh_lab.state.nodes[name].hostname
    assert _node_answers(fresh_lab, inventory, name)
    child = _login(fresh_lab, ilom, "-> ")
    try:
        child.sendline("stop -force /SYS")
        _answer_yes(child, "Are you sure you want to stop /SYS (y/n)? ")
        child.expect_exact("Stopping /SYS immediately")
        child.expect_exact("-> ")
        assert not fresh_lab.state.nodes[name].powered
        _wait_until(lambda: not _node_answers(fresh_lab, inventory, name), "node to go down")
        child.sendline("start /SP/console")
        _answer_yes(child, "Are you sure you want to start /SP/console (y/n)? ")
        child.expect_exact("Serial console started.  To stop, type #.")
        started = _exec(fresh_lab, ilom, "start -script /SYS")
        assert started.stdout.startswith("Starting /SYS")
        child.expect_exact(f"Hostname: {hostname}")
        prompt = _console_login(child, fresh_lab, hostname)
        child.sendline("hostname")
        child.expect_exact(prompt)
        assert hostname in child.before
        child.sendline("exit")
        child.expect_exact(f"{hostname} console login: ")
        child.send("#.")
        child.expect_exact("Serial console stopped.")
        child.expect_exact("-> ")
        child.sendline("show /SYS power_state")
        child.expect_exact("power_state = On")
    finally:
        child.close(force=True)
    _wait_until(lambda: _node_answers(fresh_lab, inventory, name), "node to answer SSH again")


def test_ilom_graceful_stop_prints_shutdown_and_console_in_use(fresh_lab):
    inventory = _inventory(fresh_lab)
    ilom = _controller(inventory, "ilom")
    name = ilom["node"]
    holder = _login(fresh_lab, ilom, "-> ")
    other = _login(fresh_lab, ilom, "-> ")
    try:
        holder.sendline("start -script /SP/console")
        holder.expect_exact("Serial console started.")
        other.sendline("start -script /SP/console")
        other.expect_exact("Serial console is in use.")
        other.expect_exact("-> ")
        other.sendline("stop /SYS")
        _answer_yes(other, "Are you sure you want to stop /SYS (y/n)? ")
        other.expect_exact("Stopping /SYS\r\n")
        other.expect_exact("-> ")
        holder.expect_exact("svc.startd: The system is coming down.  Please wait.")
        holder.expect_exact("syncing file systems... done")
        _wait_until(lambda: not fresh_lab.state.nodes[name].powered, "graceful power-off")
        other.sendline("stop -script /SYS")
        other.expect_exact("stop: Target already stopped")
        other.sendline("stop -script /SP/console")
        other.expect_exact("-> ")
        holder.expect_exact("\r\n-> ")
        holder.sendline("show /HOST status")
        holder.expect_exact("status = Powered off")
    finally:
        holder.close(force=True)
        other.close(force=True)


def test_ilom_password_login_with_keyboard_interactive(lab_session):
    ilom = _controller(_inventory(lab_session), "ilom")
    argv = _ssh_argv(lab_session, ilom["address"], ilom["port"], ilom["username"])
    argv[1:1] = ["-o", "PubkeyAuthentication=no"]
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", timeout=TIMEOUT)
    try:
        child.expect_exact("Password:")
        child.sendline("wrong-password")
        child.expect_exact("Password:")
        child.sendline(ilom["password"])
        child.expect_exact("-> ")
        child.sendline("version")
        child.expect_exact("SP firmware build number: ")
    finally:
        child.close(force=True)


# ----------------------------------------------------------------------------- XSCF


def test_xscf_status_and_refusals(fresh_lab):
    """The default XSCF fronts an M10 (its PPAR power and console dialogues are in
    test_lab_real_controllers.py; an M-series' domains there too)."""
    inventory = _inventory(fresh_lab)
    xscf = _controller(inventory, "xscf")
    child = _login(fresh_lab, xscf, "XSCF> ")
    try:
        child.sendline("showstatus")
        child.expect_exact("No failures found in System Initialization.")
        child.expect_exact("XSCF> ")
        child.sendline("console -p 42")
        child.expect_exact("XSCF> ")
        assert "42" in child.before and "console -p 42" in child.before
        child.sendline("bogus")
        child.expect_exact("Invalid command.")
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


# ----------------------------------------------------------------------------- terminal server


def _connect(address: str, port: int) -> tuple[socket.socket, fdpexpect.fdspawn]:
    sock = socket.create_connection((address, port), timeout=TIMEOUT)
    return sock, fdpexpect.fdspawn(sock.fileno(), encoding="utf-8", timeout=TIMEOUT)


def test_terminal_server_port_login_and_busy_port(fresh_lab):
    inventory = _inventory(fresh_lab)
    terminal = inventory["terminal_servers"][0]
    name, port = sorted(terminal["ports"].items())[0]
    hostname = fresh_lab.state.nodes[name].hostname
    sock, child = _connect(terminal["address"], port)
    try:
        child.send("\r\n")
        prompt = _console_login(child, fresh_lab, hostname)
        child.sendline("hostname")
        child.expect_exact(prompt)
        assert hostname in child.before
        second, busy = _connect(terminal["address"], port)
        try:
            busy.expect(r"ttyS\d+ is being used by \(")
            busy.expect(pexpect.EOF)
        finally:
            second.close()
        child.sendline("exit")
        child.expect_exact(f"{hostname} console login: ")
    finally:
        sock.close()
    again, child = _connect(terminal["address"], port)
    try:
        child.send("\r")
        child.expect_exact(f"{hostname} console login: ")
    finally:
        again.close()


# ----------------------------------------------------------------------------- line input


def test_lab_controllers_line_input_echo_erase_and_crlf():
    echoed: list[str] = []
    lines: list[str] = []
    reader = LineInput(echoed.append, lines.append)
    assert reader.feed("rooy\x7ft\r\nsecond\rthird\n") == ""
    assert lines == ["root", "second", "third"]
    assert "".join(echoed).startswith("rooy\b \bt\n")
    reader.echo = False
    echoed.clear()
    reader.feed("hidden\r")
    assert lines[-1] == "hidden" and echoed == []
    assert to_crlf("a\nb\r\nc") == "a\r\nb\r\nc"
