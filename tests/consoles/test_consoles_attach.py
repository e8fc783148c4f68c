"""`vdcftui console`: real consoles of the lab (ILOM, XSCF, ALOM, terminal server, vntsd,
zlogin -C) attached under a real pty, over real SSH, into a discovered repository."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pexpect
import pytest

from tests.helpers import VDCFTUI
from tests.lab.test_lab_controllers import _controller, _inventory, _login
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository

TIMEOUT = 30
ESCAPE = "\x1d"


@pytest.fixture
def site(fresh_lab, tmp_path):
    """A fresh lab discovered (with its controllers) into a repository of its own."""
    repo = tmp_path / "repo.db"
    inventory = fresh_lab.workdir / "inventory.json"
    subprocess.run(
        [VDCFTUI, "--repo", str(repo), "node", "discover", "--lab", "--inventory", str(inventory)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    home = tmp_path / "home"
    home.mkdir()
    return fresh_lab, repo, home


def spawn_console(repo: Path, home: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "HOME": str(home)}
    return pexpect.spawn(
        VDCFTUI,
        ["--repo", str(repo), "console", *args],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 120),
    )


def run_console(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run(
        [VDCFTUI, "--repo", str(repo), "console", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def transcript(home: Path, machine: str) -> Path:
    return home / ".local" / "share" / "vdcftui" / "consoles" / f"{machine}.log"


def log_in_and_leave(child: pexpect.spawn, lab, host: str, command: str, output: str) -> None:
    """Log in at the console's login prompt, run one command, press the escape key."""
    child.expect_exact(f"{host} console login: ")
    child.sendline(lab.credentials.username)
    child.expect_exact("Password: ")
    child.sendline(lab.credentials.password)
    child.expect(r"root@\S+:~# |# ")
    child.sendline(command)
    child.expect_exact(output)
    child.expect(r"root@\S+:~# |# ")
    child.send(ESCAPE)
    child.expect_exact("[vdcftui] back from the console")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def assert_transcript(home: Path, machine: str, lab, via: str, output: str) -> str:
    path = transcript(home, machine)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert f"attached {machine} via {via}" in text
    assert f"{machine} console login: " in text or "console login: " in text
    assert output in text
    assert "detached (escape key)" in text
    assert lab.credentials.password not in text
    return text


@pytest.mark.parametrize(
    ("name", "via", "host"),
    [
        ("node08", "ILOM ilom-node08", "node08"),
        ("node03", "XSCF xscf-node03 PPAR 0", "node03"),
        ("node04", "ALOM alom-node04", "node04"),
        ("node05", "terminal server ts01 port", "node05"),
    ],
)
def test_node_console_through_its_controller_login_command_escape(site, name, via, host):
    lab, repo, home = site
    child = spawn_console(repo, home, name)
    child.expect_exact(f"[vdcftui] console of {name} via {via}")
    child.expect_exact("press ^] to come back")
    if via.startswith("terminal server"):
        child.sendline("")
    log_in_and_leave(child, lab, host, "uname -s", "SunOS")
    assert_transcript(home, name, lab, via, "SunOS")
    open_repository(repo)
    try:
        assert m.ConsoleHold.select().count() == 0
    finally:
        close_repository()


def test_vserver_console_through_zlogin_and_gdom_through_vntsd(site):
    lab, repo, home = site
    child = spawn_console(repo, home, "web01")
    child.expect_exact("[vdcftui] console of web01 via zlogin -C on node03")
    log_in_and_leave(child, lab, "web01", "uname -s", "SunOS")
    text = assert_transcript(home, "web01", lab, "zlogin -C on node03", "SunOS")
    assert "[Connection to zone 'web01' console closed]" in text
    child = spawn_console(repo, home, "gdom01", "--type", "gdom", "--escape", "^B")
    child.expect_exact("[vdcftui] console of gdom01 via vntsd port 5000 on cdom01")
    child.expect_exact("press ^B to come back")
    child.expect_exact("gdom01 console login: ")
    child.send("\x02")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "detached (escape key)" in transcript(home, "gdom01").read_text()


def test_console_held_by_another_operator_is_refused_then_taken_over(site):
    lab, repo, home = site
    open_repository(repo)
    try:
        m.ConsoleHold.create(
            object_type="node",
            object_name="node08",
            operator="other-op",
            pid=os.getpid(),
            host=socket.gethostname(),
        )
    finally:
        close_repository()
    refused = spawn_console(repo, home, "node08")
    refused.expect_exact("held by other-op (pid")
    refused.expect_exact("--take-over takes it on purpose")
    refused.expect(pexpect.EOF)
    refused.close()
    assert refused.exitstatus == 4
    env_ro = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "--readonly", "console", "node08", "--take-over"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "HOME": str(home)},
        check=False,
    )
    assert env_ro.returncode == 3
    assert "read-only" in env_ro.stderr
    child = spawn_console(repo, home, "node08", "--take-over")
    log_in_and_leave(child, lab, "node08", "uname -s", "SunOS")
    open_repository(repo)
    try:
        audit = m.AuditRecord.get(m.AuditRecord.action == "console take-over")
        assert (audit.object_type, audit.object_name) == ("node", "node08")
        assert "other-op" in audit.detail
        assert m.ConsoleHold.select().count() == 0
    finally:
        close_repository()


def test_node_without_route_and_hostile_names(site):
    _lab, repo, home = site
    open_repository(repo)
    try:
        bare = (
            m.Node.select()
            .where(m.Node.sc.is_null() & m.Node.console_port.is_null())
            .order_by(m.Node.name)
            .first()
        )
    finally:
        close_repository()
    assert bare is not None
    result = run_console(repo, home, bare.name, "--type", "node")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"vdcftui: {bare.name} has no system controller or terminal-server port in the repository"
    )
    for hostile in (
        "node08;reboot",
        "$(reboot)",
        "-oProxyCommand=sh",
        "../../etc/passwd",
        "node08 web01",
    ):
        refused = run_console(repo, home, "--", hostile)
        assert refused.returncode == 2, hostile
        assert "invalid" in refused.stderr
    bad_escape = run_console(repo, home, "node08", "--escape", "^C")
    assert bad_escape.returncode == 2
    assert "escape key ^C refused" in bad_escape.stderr


def test_alom_console_written_to_elsewhere_is_refused_then_taken_over(site):
    lab, repo, home = site
    alom = _controller(_inventory(lab), "alom")
    elsewhere = _login(lab, alom, "sc> ")
    try:
        elsewhere.sendline("console")
        elsewhere.expect_exact("node04 console login: ")
        refused = spawn_console(repo, home, "node04")
        refused.expect_exact(
            "alom-node04 says the console of node04 is in use by a session outside vdcftui "
            "(--take-over forces it)"
        )
        refused.expect(pexpect.EOF)
        refused.close()
        assert refused.exitstatus == 1
        child = spawn_console(repo, home, "node04", "--take-over")
        child.expect_exact("[vdcftui] console of node04 via ALOM alom-node04")
        log_in_and_leave(child, lab, "node04", "uname -n", "node04")
        text = transcript(home, "node04").read_text()
        assert "Would you like to continue?" not in text  # answered in the dialogue
        elsewhere.expect_exact("uname -n")  # its write lock taken: it follows read-only
        elsewhere.send("#.")
        elsewhere.expect_exact("sc> ")
        elsewhere.sendline("showusers")
        elsewhere.expect_exact("sc> ")
        assert "net-2" not in elsewhere.before  # vdcftui logged out of the ALOM
    finally:
        elsewhere.close(force=True)
