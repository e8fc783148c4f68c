"""The lab's XSCF speaks the language of the platform in front of which it sits: domains
(DID, ``-d``) on an M-series, physical partitions (PPAR-ID, ``-p``) on an M10/M12.
Driven over real SSH (OpenSSH client, pexpect), compared with the real XSCF captures."""

from __future__ import annotations

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
