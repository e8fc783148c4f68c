"""Parser registry (command-line normalisation) and `vdcftui parse` through the console
script."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vdcftui.solaris.errors import ParseError, UnknownCommand
from vdcftui.solaris.registry import known_commands, normalise, parse_output

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"
SCRIPT = Path(sys.executable).parent / "vdcftui"


def test_normalise_strips_env_path_and_redirections():
    line = normalise("LANG=C pfexec /usr/sbin/zfs list -Hp -o name,used -t filesystem </dev/null")
    assert line.program == "zfs" and line.operands == ["list"]
    assert line.flags == {"H", "p"} and line.values == {"o": "name,used", "t": "filesystem"}
    assert normalise("svcs -aHZ -ozone,state,fmri").values == {"o": "zone,state,fmri"}


@pytest.mark.parametrize(
    "command, text, attr, value",
    [
        (
            "/usr/sbin/zoneadm list -cp",
            "0:global:running:/::solaris:shared:-:none:\n",
            "zonename",
            "global",
        ),
        ("zoneadm list -ip", "0:global:running:/::solaris:shared\n", "state", "running"),
        (
            "zoneadm list -cv",
            "  ID NAME  STATUS  PATH  BRAND  IP\n   0 global running / solaris shared\n",
            "brand",
            "solaris",
        ),
        ("zfs list -H -o name,used", "rpool\t1G\n", "used", "1G"),
        ("zpool list -H -o name,health", "rpool\tONLINE\n", "health", "ONLINE"),
        ("ldm ls -p", "VERSION 1.6\nDOMAIN|name=primary|state=active\n", "version", "1.6"),
        ("ldm ls-devices -a -p", "VERSION 1.4\nVCPU\n|pid=0|free=0|pm=no\n", "version", "1.4"),
        ("ldm list-bindings -p gdom01", "VERSION 1.6\nDOMAIN|name=gdom01\n", "version", "1.6"),
        (
            "kstat -p unix:0:system_pages:physmem",
            "unix:0:system_pages:physmem\t2097152\n",
            "value",
            2097152,
        ),
        ("dladm show-link -p -o link,class", "net0:phys\n", "class_", "phys"),
        (
            "ipadm show-addr -p -o addrobj,type,state,addr",
            "net0/v4:static:ok:10.0.0.5/24\n",
            "addr",
            "10.0.0.5/24",
        ),
        (
            "swap -s",
            "total: 1k bytes allocated + 2k reserved = 3k used, 4k available\n",
            "available_kb",
            4,
        ),
        ("svcs -H -o state,fmri", "online svc:/system/zones:default\n", "state", "online"),
        (
            "zonecfg -z web01 export",
            "create -b\nset zonepath=/zones/web01\n",
            "zonepath",
            "/zones/web01",
        ),
    ],
)
def test_parse_output_dispatch(command, text, attr, value):
    records = parse_output(command, text)
    assert getattr(records[0], attr) == value


def test_parse_output_unknown_and_parse_errors():
    with pytest.raises(UnknownCommand, match="no parser for command 'ldm list'"):
        parse_output("ldm list", "NAME STATE\n")
    with pytest.raises(UnknownCommand):
        parse_output("dladm show-link -p", "net0:phys\n")
    with pytest.raises(ParseError, match="uname -a: empty output"):
        parse_output("uname -a", "")
    assert "zoneadm list -cp" in known_commands()


needs_cli = pytest.mark.skipif(
    subprocess.run([str(SCRIPT), "--help"], capture_output=True).returncode != 0,
    reason="the vdcftui console script cannot start (a registered command module is missing)",
)


@needs_cli
def test_cli_parse_fixture_file():
    proc = subprocess.run(
        [
            str(SCRIPT),
            "parse",
            "zoneadm list -cp",
            str(FIX / "zoneadm-list-cp__illumos-telegraf-plugins.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [z["zonename"] for z in data][:2] == ["global", "cube-media"]
    assert data[3]["zoneid"] is None


@needs_cli
def test_cli_parse_stdin_and_errors(tmp_path):
    ok = subprocess.run(
        [str(SCRIPT), "parse", "uname -a"],
        input="SunOS n 5.11 11.4 sun4v sparc sun4v\n",
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)[0]["nodename"] == "n"
    bad = tmp_path / "bad.txt"
    bad.write_text("0:global:running:/::solaris:shared\ngarbage\n")
    for args in (
        ["zoneadm list -cp", str(bad)],
        ["frobnicate -x", str(bad)],
        ["uname -a", str(tmp_path / "missing.txt")],
    ):
        proc = subprocess.run(
            [str(SCRIPT), "parse", *args], capture_output=True, text=True, timeout=30
        )
        assert proc.returncode != 0 and proc.stdout == ""
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    proc = subprocess.run(
        [str(SCRIPT), "parse", "zoneadm list -cp", str(bad)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "line 2" in proc.stderr and "'garbage'" in proc.stderr
