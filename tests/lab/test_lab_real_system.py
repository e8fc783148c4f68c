"""The lab's system, network and shell answers over real SSH, compared line by line with
real Solaris captures: header lines exactly, field order, column positions (each row must
be produced by the same layout as the capture's rows), exit status and stream."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncssh
import pexpect

from vdcftui.solaris.network import parse_ifconfig_a
from vdcftui.solaris.resources import parse_swap_l
from vdcftui.solaris.services import parse_svcs_x

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOLARIS = FIXTURES / "real-solaris"
TIMEOUT = 15
Layout = Callable[[list[str]], str]


def capture(name: str, *, indent: int = 0) -> list[str]:
    """The lines of a real capture, the quoting indent removed."""
    return [line[indent:] for line in (SOLARIS / name).read_text().splitlines()]


def after_prompt(lines: list[str], command: str) -> list[str]:
    """The output lines of ``command`` in a transcript: from its prompt to the next."""
    start = next(i for i, line in enumerate(lines) if line.endswith(command)) + 1
    end = next(
        (i for i in range(start, len(lines)) if re.match(r"\S*[#$>] ", lines[i])), len(lines)
    )
    return lines[start:end]


def same_layout(layout: Layout, real: str, lab: str) -> None:
    """Both lines are what one layout makes of their own fields: same field order, widths,
    alignment and separators, whatever the values."""
    assert layout(real.split()) == real, f"the layout does not rebuild the capture: {real!r}"
    assert layout(lab.split()) == lab, f"the lab's line has another layout: {lab!r}"


async def run(lab: Any, name: str, command: str) -> asyncssh.SSHCompletedProcess:
    """One command on a lab node over SSH."""
    node = next(n for n in lab.inventory()["nodes"] if n["name"] == name)
    creds = lab.inventory()["credentials"]
    async with asyncssh.connect(
        node["address"],
        node["port"],
        username=creds["username"],
        client_keys=[creds["client_key"]],
        known_hosts=None,
    ) as conn:
        return await conn.run(command)


async def ok(lab: Any, name: str, command: str) -> list[str]:
    """The stdout lines of a command that must succeed with nothing on stderr."""
    result = await run(lab, name, command)
    assert (result.exit_status, result.stderr) == (0, ""), (command, result.stderr)
    return str(result.stdout).split("\n")[:-1]


# ----------------------------------------------------------------------------- swap -l


async def test_swap_l_solaris10_layout(lab_session):
    real = after_prompt(
        capture("swap-l-dumpadm-s10-5-09-zfs-root__craigriley-zfs-notes.txt", indent=4), "swap -l"
    )
    lab = await ok(lab_session, "node04", "swap -l")
    assert lab[0] == real[0] == "swapfile             dev  swaplo blocks   free"
    assert len(lab) == 2

    def s10(f: list[str]) -> str:
        return f"{f[0]:<20} {f[1]:>3} {f[2]:>7} {f[3]:>6} {f[4]:>6}"

    same_layout(s10, real[1], lab[1])
    assert parse_swap_l("\n".join(lab))[0].swaplo == 16


def _swap11(width: int, encrypted: bool) -> Layout:
    """Solaris 11 `swap -l`: the swapfile column as wide as the longest path."""

    def layout(f: list[str]) -> str:
        line = f"{f[0]:<{width}} {f[1]:<9}{f[2]:>12}{f[3]:>12}{f[4]:>12}"
        return line + (f"{f[5]:>10}" if encrypted else "")

    return layout


def _check_swap11(real: list[str], lab: list[str], encrypted: bool) -> None:
    assert len(real) == len(lab) == 2
    for table in (real, lab):
        layout = _swap11(len(table[1].split()[0]), encrypted)
        assert layout(table[0].split()) == table[0]
        assert layout(table[1].split()) == table[1]


async def test_swap_l_solaris11_4_has_the_encrypted_column(lab_session):
    real = capture("swap-l-s11-4-encrypted-column__psutil-issue-1874.txt")[1:]
    other = capture("swap-l-s11-4-41-new-vs-old__solaris-exporter-issue-7.txt", indent=4)[1:3]
    lab = await ok(lab_session, "node03", "swap -l")
    assert lab[0] == real[0]  # same path length: the whole header is identical
    _check_swap11(other, lab, encrypted=True)
    assert len(lab[1].split()) == len(real[1].split()) == 6
    assert parse_swap_l("\n".join(lab))[0].swaplo == 0


async def test_swap_l_solaris11_3_is_the_old_variant(lab_session):
    lines = capture("swap-l-s11-4-41-new-vs-old__solaris-exporter-issue-7.txt", indent=4)
    real = after_prompt(lines, "$ swap -l")
    lab = await ok(lab_session, "node05", "swap -l")
    _check_swap11(real, lab, encrypted=False)
    assert parse_swap_l("\n".join(lab))[0].swaplo == 16


# ----------------------------------------------------------------------------- svcs -xv / -l

_C_LOCALE_DATE = r"[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}"


def labels(block: list[str]) -> list[str]:
    """The label column of an `svcs -x` block (``svc`` for the head line), repeated See
    lines folded into one."""
    out = ["svc" if line.startswith("svc:/") else line.partition(":")[0] for line in block]
    return [label for i, label in enumerate(out) if i == 0 or label != out[i - 1]]


async def test_svcs_xv_online_matches_the_11_4_capture(lab_session):
    real = after_prompt(
        capture("svcs-xv-online-s11-4-0__solaris11-4-db-prep-notes.txt"),
        "svcs -xv dns/client:default",
    )
    lab = await ok(lab_session, "node03", "svcs -xv ssh")
    assert labels(lab) == labels(real) == ["svc", " State", "   See", "Impact"]
    for block in (real, lab):
        assert re.fullmatch(r"svc:/\S+:default \(.+\)", block[0])
        assert re.fullmatch(rf" State: online since {_C_LOCALE_DATE}", block[1])
        assert re.fullmatch(r"   See: man -M /usr/share/man -s \w+ \S+", block[2])
        assert re.fullmatch(r"   See: /var/svc/log/\S+:default\.log", block[-2])
        assert block[-1] == "Impact: None."
    assert lab[-2] == "   See: /var/svc/log/network-ssh:default.log"
    assert parse_svcs_x("\n".join(lab))[0].state == "online"


async def test_svcs_xv_not_running_has_the_reason_and_impact_lines(lab_session):
    s10 = after_prompt(capture("svcs-xv-maintenance-s10-samba__forum-post.txt"), "svcs -xv samba")
    s11 = after_prompt(
        capture("svcs-xv-maintenance-s11-1__borges-book-smf-chapter.txt"), "gedit_script:default"
    )
    lab10 = await ok(lab_session, "node04", "svcs -xv nfs/client")
    lab11 = await ok(lab_session, "node05", "svcs -xv nfs/client")
    shape = ["svc", " State", "Reason", "   See", "Impact"]
    assert labels([line for line in s10 if line]) == labels(s11) == shape
    assert labels(lab10) == labels(lab11) == shape
    assert lab10[-1] == lab11[-1] == s10[-1] == s11[-1] == "Impact: This service is not running."
    assert lab10[3].startswith("   See: http://sun.com/msg/SMF-8000-")  # as the S10 capture
    assert lab11[3].startswith("   See: http://support.oracle.com/msg/SMF-8000-")  # as 11.1


async def test_svcs_xv_unknown_pattern_is_an_error(lab_session):
    result = await run(lab_session, "node03", "svcs -xv nosuch")
    assert (result.exit_status, result.stdout) == (1, "")
    assert result.stderr == "svcs: Pattern 'nosuch' doesn't match any instances\n"


async def test_svcs_l_labels_match_the_capture(lab_session):
    real = capture("svcs-l__puppet.txt")
    lab = await ok(lab_session, "node03", "svcs -l svc:/network/nfs/client:default")
    assert [line[:13] for line in lab[: len(real)]] == [line[:13] for line in real]
    assert lab[:5] == [
        "fmri         svc:/network/nfs/client:default",
        "name         NFS client",
        "enabled      false",
        "state        disabled",
        "next_state   none",
    ]
    assert re.fullmatch(rf"state_time   {_C_LOCALE_DATE}", lab[5])


# ----------------------------------------------------------------------------- zonestat


def _zone_row(width: int) -> Layout:
    return lambda f: f"{f[0]:>{width}} " + " ".join(f"{c:>5}" for c in f[1:])


async def test_zonestat_summary_matches_the_capture(lab_session):
    real = capture("zonestat-z-s11__oracle-lab.txt")[1:]  # the page's empty first line
    lab = await ok(lab_session, "node03", "zonestat -z web01,web02 5 1")
    assert (
        lab[:2]
        == real[:2]
        == ["Collecting data for first interval...", "Interval: 1, Duration: 0:00:05"]
    )
    assert re.fullmatch(r"SUMMARY {19}Cpus/Online: (\d+)/\1   PhysMem: \S+  VirtMem: \S+", lab[2])
    assert re.fullmatch(r"SUMMARY {19}Cpus/Online: (\d+)/\1   PhysMem: \S+  VirtMem: \S+", real[2])
    assert lab[3:5] == real[3:5]
    assert [line.split()[0] for line in lab[5:]] == ["[total]", "[system]", "web01", "web02"]
    assert [line.split()[0] for line in real[5:]] == ["[total]", "[system]", "zone1", "zone2"]
    for real_line, lab_line in zip(real[5:], lab[5:], strict=True):
        same_layout(_zone_row(19), real_line, lab_line)


async def test_zonestat_physical_memory_matches_the_capture(lab_session):
    lines = capture("zonestat-z-r-physical-memory-s11-1__borges-book.txt")
    real = lines[1:]
    lab = await ok(lab_session, "node03", "zonestat -z web01,web02 -r physical-memory 5 2")
    assert len(lab) == len(real)
    blank = real.index("")
    assert lab.index("") == blank and lab[blank + 1] == real[blank + 1]
    for index in (0, 1, 2, 4, blank + 1, blank + 2, blank + 4):
        assert lab[index] == real[index], index
    for index in (3, blank + 3):
        assert re.fullmatch(r"mem_default +\S+", lab[index]) and len(lab[index]) == len(real[index])
    for index in [5, 6, 7, 8, blank + 5, blank + 6, blank + 7, blank + 8]:
        same_layout(_zone_row(36), real[index], lab[index])


async def test_zonestat_is_not_on_solaris10(lab_session):
    result = await run(lab_session, "node04", "zonestat -z app01 5 1")
    assert (result.exit_status, result.stdout, result.stderr) == (
        127,
        "",
        "sh: zonestat: not found\n",
    )


# ----------------------------------------------------------------------------- prctl


async def test_prctl_parseable_matches_the_capture(lab_session):
    lines = capture("prctl-P-zone-cpu-shares-live-change-s11-1__borges-book.txt")
    real = after_prompt(lines, "prctl -n zone.cpu-shares -P -i zone zone1")
    lab = await ok(lab_session, "node03", "prctl -n zone.cpu-shares -P -i zone web01")
    assert re.fullmatch(r"zone: \d+: zone1", real[0]) and re.fullmatch(r"zone: \d+: web01", lab[0])
    assert len(lab) == len(real) == 4
    for real_line, lab_line in zip(real[1:], lab[1:], strict=True):
        real_fields, lab_fields = real_line.split(" "), lab_line.split(" ")
        assert len(lab_fields) == len(real_fields) == 6
        assert [f for i, f in enumerate(lab_fields) if i != 2] == [
            f for i, f in enumerate(real_fields) if i != 2
        ]
    assert lab[3] == real[3] == "zone.cpu-shares system 65535 max none -"


async def test_prctl_on_solaris10_has_no_usage_row(lab_session):
    lines = capture("prctl-P-zone-cpu-shares-live-change-s11-1__borges-book.txt")
    real = after_prompt(lines, "prctl -n zone.cpu-shares -P -i zone zone1")
    lab = await ok(lab_session, "node04", "prctl -n zone.cpu-shares -P -i zone app01")
    assert re.fullmatch(r"zone: \d+: app01", lab[0])
    assert [line.split()[1] for line in lab[1:]] == ["privileged", "system"]
    assert lab[2] == real[3]


async def test_prctl_r_changes_the_running_zone_like_the_capture(fresh_lab):
    lines = capture("prctl-P-zone-cpu-shares-live-change-s11-1__borges-book.txt")
    assert after_prompt(lines, "prctl -n zone.cpu-shares -v 60 -r -i zone zone1") == []
    real = after_prompt(lines, "prctl -n zone.cpu-shares -P -i zone zone1")
    changed = await run(fresh_lab, "node03", "prctl -n zone.cpu-shares -v 60 -r -i zone web01")
    assert (changed.exit_status, changed.stdout, changed.stderr) == (0, "", "")
    lab = await ok(fresh_lab, "node03", "prctl -n zone.cpu-shares -P -i zone web01")
    assert lab[1:] == real[1:]
    persistent = await ok(fresh_lab, "node03", "zonecfg -z web01 info")
    assert not any("cpu-shares" in line for line in persistent)
    await ok(fresh_lab, "node03", "zoneadm -z web01 reboot")
    rebooted = await ok(fresh_lab, "node03", "prctl -n zone.cpu-shares -P -i zone web01")
    assert rebooted[1] == "zone.cpu-shares usage 1 - - -"


async def test_prctl_table_matches_the_capture(lab_session):
    lines = capture("prctl-project-rctls-usage-line-s11-4-0__solaris11-4-db-prep-notes.txt")
    real = after_prompt(lines, "prctl -n project.max-shm-memory -i project default")
    lab = await ok(lab_session, "node03", "prctl -n zone.cpu-shares -i zone web01")
    assert re.fullmatch(r"zone: \d+: web01", lab[0])
    assert lab[1] == real[1]
    assert lab[2] == "zone.cpu-shares"

    def usage(f: list[str]) -> str:
        return f"        {f[0]:<14}{f[1]:>8}   "

    def row(f: list[str]) -> str:
        return f"        {f[0]:<14}{f[1]:>8}{f[2]:>7}   {f[3]:<29}{f[4]:>9}"

    assert usage(real[3].split()) == real[3] and usage(lab[3].split()) == lab[3]
    for real_line, lab_line in zip(real[4:6], lab[4:6], strict=True):
        same_layout(row, real_line, lab_line)
    assert lab[5].split()[1] == "65.5K"  # scaled like the capture's 16.8M


async def test_prctl_on_a_zone_that_is_not_running(lab_session):
    result = await run(lab_session, "node03", "prctl -n zone.cpu-shares -P -i zone web03")
    assert (result.exit_status, result.stdout) == (1, "")
    assert result.stderr.startswith("prctl: web03: ")


# ----------------------------------------------------------------------------- ifconfig -a


def _entries(lines: list[str]) -> list[list[str]]:
    """ifconfig -a entries: a head line and its indented lines (tabs or 8 spaces)."""
    out: list[list[str]] = []
    for line in lines:
        if line[:1] in ("\t", " "):
            out[-1].append(line.strip())
        else:
            out.append([line])
    return out


def _kinds(entry: list[str]) -> list[str]:
    return [line.split()[0] for line in entry[1:]]


async def test_ifconfig_shared_ip_zone_interfaces_match_the_capture(fresh_lab):
    real = _entries(capture("ifconfig-a-s10-zones__opensvc-check-eth.txt"))
    node = fresh_lab.state.nodes["node04"]
    add = "add net; set physical=igb0; set address=192.168.10.31/24; end"
    await ok(fresh_lab, "node04", f'zonecfg -z app01 "{add}"')
    await ok(fresh_lab, "node04", "zoneadm -z app01 reboot")
    raw = await run(fresh_lab, "node04", "ifconfig -a")
    assert (raw.exit_status, raw.stderr) == (0, "")
    assert all(line.startswith("\t") for line in raw.stdout.splitlines() if line[:1].isspace())
    lab = _entries(raw.stdout.splitlines())
    running = sorted(z.name for z in node.zones.values() if z.state == "running")
    lab_loop = [e for e in lab if e[0].startswith("lo0:") and not e[0].startswith("lo0: ")]
    real_loop = [e for e in real if e[0].startswith("lo0:") and not e[0].startswith("lo0: ")]
    assert [e[1] for e in lab_loop] == [f"zone {name}" for name in running]
    for real_entry, lab_entry in zip(real_loop, lab_loop, strict=False):
        assert lab_entry[0].split(":", 2)[2] == real_entry[0].split(":", 2)[2]
        assert _kinds(lab_entry) == _kinds(real_entry) == ["zone", "inet"]
    zone_entry = next(e for e in lab if e[0].startswith("igb0:1:"))
    real_zone = next(e for e in real if e[0].startswith("aggr1:1:"))
    assert (
        zone_entry[0].split(" ", 1)[1].rsplit(" ", 1)[0]
        == real_zone[0].split(" ", 1)[1].rsplit(" ", 1)[0]
    )
    assert _kinds(zone_entry) == _kinds(real_zone) == ["zone", "inet"]
    assert zone_entry[1] == "zone app01"
    assert len(zone_entry[2].split()) == len(real_zone[2].split()) == 6
    parsed = parse_ifconfig_a(raw.stdout)
    assert {e.name: e.zone for e in parsed if e.zone} == {
        "igb0:1": "app01",
        **{f"lo0:{i}": name for i, name in enumerate(running, start=1)},
    }
    assert all(e.family == "inet" for e in parsed)  # Solaris 10: IPv4 only, as every capture


async def test_ifconfig_solaris11_ipv6_block_matches_the_capture(lab_session):
    real_lines = capture("ifconfig-a__getconfig-solaris11.txt")
    raw = await run(lab_session, "node03", "ifconfig -a")
    lab_lines = raw.stdout.splitlines()
    real, lab = _entries(real_lines), _entries(lab_lines)

    def family(entry: list[str]) -> str:
        return "v6" if "IPv6" in entry[0] else "v4"

    for entries in (real, lab):
        families = [family(e) for e in entries]
        assert families == sorted(families)  # every IPv4 entry before the first IPv6 one
    real_v6, lab_v6 = [e for e in real if family(e) == "v6"], [e for e in lab if family(e) == "v6"]
    assert lab_lines[lab_lines.index(lab_v6[0][0]) + 1] == "\tinet6 ::1/128 "
    assert lab_v6[0] == real_v6[0]
    plain = next(e for e in real_v6 if e[0].startswith("net0:"))
    assert lab_v6[1][0] == plain[0].replace("index 6", "index 2")
    assert lab_v6[1][1:] == plain[1:] == ["inet6 ::/0"]
    assert "\tinet6 ::/0 " in real_lines and "\tinet6 ::/0 " in lab_lines
    lab_v4 = [e for e in lab if family(e) == "v4"]
    assert {e[0].split(":")[0] for e in lab_v4} == {e[0].split(":")[0] for e in lab_v6}


# ----------------------------------------------------------------------------- shell


def _ssh_argv(lab: Any, name: str) -> list[str]:
    node = next(n for n in lab.inventory()["nodes"] if n["name"] == name)
    creds = lab.inventory()["credentials"]
    return [
        "ssh", "-tt", "-p", str(node["port"]), "-i", creds["client_key"],
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", f"root@{node['address']}",
    ]  # fmt: skip


def test_login_banner_of_solaris11_3_matches_the_console_capture(lab_session):
    real = (
        FIXTURES
        / "real-consoles"
        / "solaris113-sparc-t4-ldom-obp-boot-hostname-console-login__solaris-ai-lab-html.txt"
    ).read_text()
    motd = next(line for line in real.splitlines() if line.startswith("Oracle Corporation"))
    argv = _ssh_argv(lab_session, "node05")
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", timeout=TIMEOUT)
    try:
        child.expect_exact("root@node05:~# ")
        assert child.before == motd + "\r\n"
        child.sendline("frobnicate")
        child.expect_exact("root@node05:~# ")
        assert child.before == "frobnicate\r\nsh: frobnicate: not found\r\n"
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_solaris10_bourne_shell_not_found(lab_session):
    argv = _ssh_argv(lab_session, "node04")
    argv[1] = "-T"
    result = subprocess.run(
        [*argv, "frobnicate -x"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        127,
        "",
        "sh: frobnicate: not found\n",
    )
