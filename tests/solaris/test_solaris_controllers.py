"""System controllers' power answers and commands: ILOM `power_state`, XSCF domain and
PPAR tables, ALOM `showplatform` (the ALOM fence agent's rule: standby means off)."""

from __future__ import annotations

import re

import pytest

from vdcftui.solaris.cmd.controllers import alom_console, sc_power, sc_power_status
from vdcftui.solaris.controllers import ControllerAddress, power_pattern, power_state

ILOM = ControllerAddress("ilom")
XSCF_M = ControllerAddress("xscf", 1)
XSCF_M10 = ControllerAddress("xscf", 0, ppar=True)
ALOM = ControllerAddress("alom")

ILOM_OFF = "\n /SYS\n    Properties:\n        power_state = Off\n\n"
XSCF_TABLE = (
    "DID         Domain Status\n00          Running\n01          Powered Off\n02          -\n"
)


@pytest.mark.parametrize(
    ("address", "output", "state"),
    [
        (ILOM, ILOM_OFF, "off"),
        (ILOM, ILOM_OFF.replace("Off", "On"), "on"),
        (ILOM, "show: Invalid target /SYS\n", None),
        (XSCF_M, XSCF_TABLE, "off"),
        (ControllerAddress("xscf", 0), XSCF_TABLE, "on"),
        (ControllerAddress("xscf", 2), XSCF_TABLE, None),
        (XSCF_M10, "PPAR-ID        PPAR Status\n00             Initialization Phase\n", "on"),
        (ALOM, "Domain Status\n------ ------\nS0     OS Standby\n", "off"),
        (ALOM, "Domain Status\n------ ------\nS0     OS Running\n", "on"),
        (ALOM, "", None),
    ],
)
def test_power_state_and_its_pattern_agree(address, output, state):
    assert power_state(address, output) == state
    for wanted in ("on", "off"):
        matched = re.search(power_pattern(address, wanted), output) is not None
        assert matched == (state == wanted), (wanted, output)


def test_power_commands_per_controller():
    assert sc_power(ILOM, "off", force=True).text() == "stop -script -force /SYS"
    assert sc_power(ILOM, "on").text() == "start -script /SYS"
    assert sc_power(XSCF_M, "off").text() == "poweroff -d 1 -y"
    assert sc_power(XSCF_M10, "on").text() == "poweron -p 0 -y"
    assert sc_power(XSCF_M10, "reset").text() == "reset -p 0 -y por"
    assert sc_power(ALOM, "off", force=True).text() == "poweroff -f -y"
    assert sc_power(ALOM, "off").text() == "poweroff -y"
    assert sc_power(ALOM, "on").text() == "poweron"
    assert sc_power(ALOM, "reset").text() == "reset -y"
    assert (alom_console(), alom_console(force=True)) == ("console", "console -f")
    assert sc_power_status(XSCF_M).text() == "showdomainstatus -d 1"
    assert sc_power_status(XSCF_M10).text() == "showpparstatus -p 0"
    assert sc_power_status(ALOM).text() == "showplatform"
    with pytest.raises(ValueError, match="only powering off can be forced"):
        sc_power(ILOM, "on", force=True)
    with pytest.raises(ValueError, match="invalid XSCF domain or PPAR id"):
        ControllerAddress("xscf", 100)
    with pytest.raises(ValueError, match="unknown system controller type"):
        ControllerAddress("ipmi")
