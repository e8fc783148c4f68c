"""The lab's XSCF speaks the language of the platform in front of which it sits: domains
(DID, ``-d``) on an M-series, physical partitions (PPAR-ID, ``-p``) on an M10/M12.
Driven over real SSH (OpenSSH client, pexpect), compared with the real XSCF captures."""

from __future__ import annotations

import re
from pathlib import Path

import pexpect

from tests.helpers import running_lab
from tests.lab.test_lab_controllers import (
    _answer_yes,
    _console_login,
    _controller,
    _exec,
    _inventory,
    _login,
    _node_answers,
    _wait_until,
)
from vdcftui.lab.spec import load_spec

CONSOLES = Path(__file__).resolve().parents[1] / "fixtures" / "real-consoles"
DEFAULT_SPEC = Path(__file__).resolve().parents[2] / "vdcftui" / "lab" / "default_spec.toml"


def _capture(name: str, command: str) -> list[str]:
    """The output lines of ``XSCF> command`` in a capture (up to the next prompt or fence)."""
    lines = [line.strip() for line in (CONSOLES / name).read_text().splitlines()]
    start = lines.index(f"XSCF> {command}") + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(("XSCF>", "~~~~")))
    return lines[start:end]


def _m_series_spec(tmp_path: Path) -> Path:
    """The default spec with the XSCF's host (an M10-1) turned into an M5000."""
    text = DEFAULT_SPEC.read_text()
    assert text.count('model = "SPARC M10-1"') == 1
    path = tmp_path / "m5000.toml"
    path.write_text(text.replace('model = "SPARC M10-1"', 'model = "SPARC Enterprise M5000"'))
    return path


def test_m_series_xscf_speaks_domains(tmp_path):
    spec = _m_series_spec(tmp_path)
    xscf_spec = next(c for c in load_spec(spec).controllers if c.type == "xscf")
    assert xscf_spec.domains == {0: "node03"}
    with running_lab(tmp_path / "lab", spec=spec) as lab:
        xscf = _controller(_inventory(lab), "xscf")
        status = _exec(lab, xscf, "showdomainstatus -a")
        real = _capture(
            "xscf-m-showdomainstatus-console-escape-poweroff-confirm__xscf-command-notes-md.txt",
            "showdomainstatus -a",
        )
        assert (status.returncode, status.stderr) == (0, "")
        assert status.stdout.splitlines() == real  # 4 DIDs on an M5000, DID 0 running
        refused = _exec(lab, xscf, "showpparstatus -a")
        assert (refused.returncode, refused.stdout) == (1, "Invalid command.\n")
        wrong_option = _exec(lab, xscf, "poweroff -y -p 0")
        assert wrong_option.returncode == 1
        assert wrong_option.stdout.startswith("usage: poweroff ")
        assert "-d domainid" in wrong_option.stdout
        again = _exec(lab, xscf, "poweron -y -d 0")
        real_poweron = _capture(
            "xscf-m-poweron-canceled-showstatus-faulted-clearfault__m3000-firmware-fault-notes.txt",
            "poweron -d 0",
        )
        lines = again.stdout.splitlines()
        assert lines[:2] == real_poweron[:2] == ["DomainIDs to power on:00", "Continue? [y|n] :y"]
        assert lines[2].startswith("00 :Not powering on :")
        assert real_poweron[2].startswith("00 :Not powering on :")


def test_m10_xscf_speaks_ppars(fresh_lab):
    inventory = _inventory(fresh_lab)
    xscf = _controller(inventory, "xscf")
    name = xscf["domains"]["0"]
    assert fresh_lab.state.nodes[name].spec.model == "SPARC M10-1"
    hostname = fresh_lab.state.nodes[name].hostname
    for domain_form in ("showdomainstatus -a", "poweroff -y -d 0", "poweron -y -d 0"):
        refused = _exec(fresh_lab, xscf, domain_form)
        assert refused.returncode == 1 and refused.stdout.startswith("usage: "), domain_form
        assert "-d " not in refused.stdout.split("\n", 1)[0]
    status = _exec(fresh_lab, xscf, "showpparstatus -a").stdout.splitlines()
    assert status[0].split()[0] == "PPAR-ID"  # the column name of showpowerschedule (M10 doc)
    assert status[1].split() == ["00", "Running"]
    child = _login(fresh_lab, xscf, "XSCF> ")
    try:
        child.sendline("poweroff -f -p 0")
        child.expect_exact("PPAR-IDs to power off:00")
        _answer_yes(child, "Continue? [y|n] :")
        child.expect_exact("00 :Powering off")
        child.expect_exact("XSCF> ")
        _wait_until(lambda: not _node_answers(fresh_lab, inventory, name), "PPAR to go down")
        assert "00             Powered Off" in _exec(fresh_lab, xscf, "showpparstatus -p 0").stdout
        child.sendline("console -p 0")
        _answer_yes(child, "0?[y|n] :")
        powered = _exec(fresh_lab, xscf, "poweron -y -p 0")
        assert powered.stdout.splitlines()[:3] == [
            "PPAR-IDs to power on:00",
            "Continue? [y|n] :y",
            "00 :Powering on",
        ]
        child.expect_exact(f"Hostname: {hostname}")
        prompt = _console_login(child, fresh_lab, hostname)
        child.sendline("hostname")
        child.expect_exact(prompt)
        child.send("#.")
        child.expect_exact("exit from console.")
        child.expect_exact("XSCF> ")
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    _wait_until(lambda: _node_answers(fresh_lab, inventory, name), "PPAR to answer SSH")


# ----------------------------------------------------------------------------- ALOM

FENCE_ALOM = "alom-cmt-sc-prompt-showplatform-poweroff-fy__fence-agents-fence-alom.txt"
ALOM_CONSOLE = "alom-console-enter-hash-dot-return-showusers__alom15-help-console-page.txt"
ALOM_POWEROFF = "alom-poweroff-sc-alert-host-shut-down-confirm__alom15-help-poweroff-page.txt"
T1000 = "obp-t1000-alom-cmt-sc-alert-reset-openboot-banner__ubuntu-forum-sparc-archive.txt"


def _text(name: str) -> str:
    return (CONSOLES / name).read_text()


def _lines(name: str) -> list[str]:
    return [line.strip() for line in _text(name).splitlines()]


def _fence_alom() -> dict[str, str]:
    """What the ALOM fence agent expects: its prompt regex, its off rule, its commands."""
    text = _text(FENCE_ALOM)
    prompt = re.search(r'\["cmd_prompt"\]\["default"\] = \[r"(.+?)"\]', text)
    standby = re.search(r're\.search\(r"(\w+)", conn\.before\.lower\(\)\)', text)
    commands = re.search(r'"on" and "(.+?)" or "(.+?)"\)', text)
    assert prompt and standby and commands
    return {
        "prompt": prompt.group(1),
        "standby": standby.group(1),
        "on": commands.group(1),
        "off": commands.group(2),
    }


def _showusers_capture() -> tuple[list[str], list[str]]:
    """The column names and their dash underlines of ``sc> showusers`` (ALOM help page,
    where each header is shown on a line of its own)."""
    lines = [line for line in _lines(ALOM_CONSOLE) if line]
    start = lines.index("sc> showusers") + 1
    header = lines[start : start + 10]
    return header[0::2], header[1::2]


def _columns(header: str, dashes: str) -> tuple[list[str], list[str]]:
    """Cut a header line at the columns its dash line marks."""
    spans = [match.span() for match in re.finditer(r"-+", dashes)]
    names = [
        header[a:b].strip() if i < len(spans) - 1 else header[a:].strip()
        for i, (a, b) in enumerate(spans)
    ]
    return names, [dashes[a:b] for a, b in spans]


def _sc(child: pexpect.spawn, command: str) -> str:
    """Type ``command`` at ``sc> ``; its output up to the next prompt."""
    child.sendline(command)
    child.expect_exact("sc> ")
    return child.before.replace("\r\n", "\n").split("\n", 1)[-1]


def test_alom_prompt_console_showusers_and_fence_agent_power_cycle(fresh_lab):
    inventory = _inventory(fresh_lab)
    alom = _controller(inventory, "alom")
    name = alom["node"]
    hostname = fresh_lab.state.nodes[name].hostname
    fence = _fence_alom()
    assert re.fullmatch(fence["prompt"], "sc> ")
    watcher = _login(fresh_lab, alom, "sc> ")
    operator = _login(fresh_lab, alom, "sc> ")
    try:
        users = _sc(operator, "showusers").splitlines()
        names, dashes = _columns(users[0], users[1])
        assert (names, dashes) == _showusers_capture()
        rows = [row.split() for row in users[2:]]
        assert [row[:2] for row in rows] == [["root", "net-1"], ["root", "net-2"]]
        assert all(
            re.fullmatch(r"[A-Z][a-z]{2} \d{1,2} \d{1,2}:\d\d", " ".join(r[2:5])) for r in rows
        )
        assert all(row[5] == alom["address"] or row[5].startswith("127.") for row in rows)

        watcher.sendline("console")
        entered = _lines(ALOM_CONSOLE)[_lines(ALOM_CONSOLE).index("sc> console") + 1]
        watcher.expect_exact(entered)  # Enter #. to return to ALOM.
        watcher.expect_exact(f"{hostname} console login: ")
        assert _sc(operator, "showusers").splitlines()[2].endswith(" system")

        on = _sc(operator, "showplatform")
        assert fence["standby"] not in on.lower() and "S0" in on
        operator.sendline("poweroff")
        question = re.search(r"following confirmation: (.+\?)", _text(ALOM_POWEROFF))
        assert question is not None
        _answer_yes(operator, question.group(1))
        operator.expect_exact("sc> ")
        alert = next(line for line in _lines(ALOM_POWEROFF) if line.startswith("SC Alert:"))
        watcher.expect_exact("svc.startd: The system is down.")
        watcher.expect_exact(alert)  # SC Alert: Host system has shut down.
        operator.expect_exact(f"{alert}\r\nsc> ")
        _wait_until(lambda: not _node_answers(fresh_lab, inventory, name), "host to go down")
        assert fence["standby"] in _sc(operator, "showplatform").lower()

        # the fence agent's own commands, typed at the prompt: no question
        assert _sc(operator, fence["on"]) == ""
        watcher.expect_exact("OpenBoot ")
        prompt = _console_login(watcher, fresh_lab, hostname)
        watcher.sendline("uname -n")
        watcher.expect_exact(hostname)
        watcher.expect_exact(prompt)
        _wait_until(lambda: _node_answers(fresh_lab, inventory, name), "host to answer SSH")
        assert _sc(operator, fence["off"]) == ""
        watcher.expect_exact(alert)
        operator.expect_exact(f"{alert}\r\nsc> ")
        assert "svc.startd" not in watcher.before  # -f: no graceful shutdown
        _wait_until(lambda: not _node_answers(fresh_lab, inventory, name), "host to go down")
        watcher.send("#.")
        watcher.expect_exact("sc> ")
        watcher.sendline("logout")
        watcher.expect(pexpect.EOF)
    finally:
        watcher.close(force=True)
        operator.close(force=True)
    status = _exec(fresh_lab, alom, "showplatform")
    assert status.returncode == 0 and fence["standby"] in status.stdout.lower()
    assert _exec(fresh_lab, alom, "poweron").returncode == 0
    _wait_until(lambda: _node_answers(fresh_lab, inventory, name), "host to answer SSH")


def test_alom_reset_break_console_lock_and_refusals(fresh_lab):
    inventory = _inventory(fresh_lab)
    alom = _controller(inventory, "alom")
    hostname = fresh_lab.state.nodes[alom["node"]].hostname
    first = _login(fresh_lab, alom, "sc> ")
    second = _login(fresh_lab, alom, "sc> ")
    try:
        first.sendline("console")
        first.expect_exact(f"{hostname} console login: ")
        assert _sc(second, "reset -x -y") == ""
        real = [line for line in _lines(T1000) if line.startswith("SC Alert:")]
        assert real == ["SC Alert: Host System has Reset", "SC Alert: Host system has shut down."]
        for line in real:  # in the order of the T1000 capture, also at the prompt
            first.expect_exact(line)
            second.expect_exact(f"{line}\r\nsc> ")
        first.expect_exact(f"{hostname} console login: ")
        assert _sc(second, "break -y") == ""
        first.expect_exact("{0} ok ")

        second.sendline("console")
        second.expect_exact("[view mode]")
        second.expect_exact("Enter #. to return to ALOM.")
        second.send("#.")
        second.expect_exact("sc> ")
        second.sendline("console -f")
        _answer_yes(second, "Would you like to continue? [y/n] ")
        second.expect_exact("Enter #. to return to ALOM.")
        second.sendline("")
        second.expect_exact(f"{hostname} console login: ")
        first.expect_exact(f"{hostname} console login: ")  # its lock taken, it follows
        first.send("#.")
        first.expect_exact("sc> ")
        second.send("#.")
        second.expect_exact("sc> ")

        second.sendline("poweroff -f")
        second.expect_exact("Are you sure you want to power off the system? ")
        second.sendline("n")
        second.expect_exact("sc> ")
        assert fresh_lab.state.nodes[alom["node"]].powered
        assert "Invalid command" in _sc(second, "resetsc -y")
        assert "Invalid command option" in _sc(second, "poweroff -q")
    finally:
        first.close(force=True)
        second.close(force=True)
    fresh_lab.faults.unreachable(alom["name"])
    refused = _exec(fresh_lab, alom, "showplatform")
    assert refused.returncode == 255 and refused.stdout == ""
    fresh_lab.faults.unreachable(alom["name"], False)
    assert _exec(fresh_lab, alom, "showplatform").returncode == 0
