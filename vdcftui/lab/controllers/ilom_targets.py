"""The ILOM target tree (``/SYS``, ``/System``, ``/HOST``, ``/SP``...) with live values."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from vdcftui.lab.controllers.facts import PlatformFacts
from vdcftui.lab.controllers.serial import ConsoleState, SerialConsole

ILOM_VERSION = "4.0.2.26.a"
ILOM_BUILD = "123797"


@dataclass
class Target:
    """One node of the ILOM target tree."""

    targets: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=lambda: ["cd", "show"])


@dataclass
class IlomInfo:
    """Everything one ILOM instance needs, shared by all of its sessions."""

    name: str
    address: str
    node: Any
    console: SerialConsole
    facts: PlatformFacts
    overrides: dict[tuple[str, str], str] = field(default_factory=dict)


def _mac(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return "00:10:E0:" + ":".join(f"{byte:02X}" for byte in digest[:3])


def _host_status(console: SerialConsole) -> str:
    if not console.node.powered:
        return "Powered off"
    if console.state is ConsoleState.BOOTING:
        return "OpenBoot Running"
    if console.state is ConsoleState.STOPPING:
        return "Solaris powering down"
    return "Solaris running"


def build_tree(info: IlomInfo) -> dict[str, Target]:
    """The target tree with live values (power state, host status, clock)."""
    facts = info.facts
    power = "On" if info.node.powered else "Off"
    part = f"7{int(hashlib.sha256(facts.model.encode()).hexdigest()[:8], 16) % 1000000:06d}"
    sys_targets = (
        [
            "MB",
            "PS0",
            "PS1",
            "FANTRAY",
            "LOCATE",
            "ACTION",
            "SERVICE",
            "OK",
            "PS_FAULT",
            "TEMP_FAULT",
            "FAN_FAULT",
            "T_AMB",
            "VPS",
        ]
        if facts.sparc
        else [
            "DBP",
            "FAN_FAULT",
            "INTSW",
            "LOCATE",
            "MB",
            "OK",
            "PS0",
            "PS1",
            "PS_FAULT",
            "PWRBS",
            "SERVICE",
            "SP",
            "TEMP_FAULT",
            "T_AMB",
            "VPS",
            "VPS_CPUS",
            "VPS_FANS",
            "VPS_MEMORY",
        ]
    )
    power_commands = ["cd", "reset", "set", "show", "start", "stop"]
    host_props = {
        "autorestart": "reset",
        "autorunonerror": "false",
        "bootfailrecovery": "poweroff",
        "bootrestart": "none",
        "boot_timeout": "0",
        "macaddress": _mac(info.name + "host").lower(),
        "maxbootfail": "3",
        "send_break_action": "(Cannot show property)",
        "status": _host_status(info.console),
    }
    if facts.sparc:
        host_props["hypervisor_version"] = "Hypervisor 1.17.3.a 2019/11/04 13:51"
        host_props["obp_version"] = "OpenBoot 4.43.3 2019/11/04 13:21"
        host_props["sysfw_version"] = "Sun System Firmware 9.9.3 2019/11/04 14:27"
    tree = {
        "/": Target(targets=["HOST", "System", "SP", "SYS"]),
        "/SYS": Target(
            targets=sys_targets,
            properties={
                "type": "Host System",
                "ipmi_name": "/SYS",
                "product_name": facts.model,
                "product_part_number": part,
                "product_serial_number": facts.serial,
                "product_manufacturer": "Oracle Corporation",
                "fault_state": "OK",
                "clear_fault_action": "(none)",
                "power_state": power,
            },
            commands=power_commands,
        ),
        "/System": Target(
            targets=[
                "Open_Problems",
                "Processors",
                "Memory",
                "Power",
                "Cooling",
                "Storage",
                "Networking",
                "PCI_Devices",
                "Firmware",
                "Log",
            ],
            properties={
                "health": "OK",
                "health_details": "-",
                "open_problems_count": "0",
                "type": "Rack Mount",
                "model": facts.model,
                "part_number": part,
                "serial_number": facts.serial,
                "system_identifier": "(none)",
                "primary_operating_system": facts.os_name,
                "host_primary_mac_address": _mac(info.name + "net0").lower(),
                "ilom_address": info.address,
                "ilom_mac_address": _mac(info.name),
                "locator_indicator": "Off",
                "power_state": power,
                "actual_power_consumption": "412 watts" if info.node.powered else "18 watts",
                "action": "(Cannot show property)",
            },
            commands=power_commands,
        ),
        "/HOST": Target(
            targets=["bootmode", "console", "diag", "domain"]
            if facts.sparc
            else ["console", "diag"],
            properties=host_props,
            commands=["cd", "set", "show"],
        ),
        "/HOST/console": Target(
            targets=["history"],
            properties={
                "line_count": "0",
                "pause_count": "0",
                "start_from": "end",
                "logging": "enabled",
                "escapechars": "#.",
            },
            commands=["cd", "show", "start", "stop"],
        ),
        "/SP": Target(
            targets=[
                "alertmgmt",
                "cli",
                "clients",
                "clock",
                "config",
                "console",
                "diag",
                "logs",
                "network",
                "powermgmt",
                "serial",
                "services",
                "sessions",
                "users",
            ],
            properties={
                "type": "Service Processor",
                "customer_frui_0": "(none)",
                "customer_frui_1": "(none)",
                "hostname": info.name,
                "reset_to_defaults": "none",
                "system_contact": "(none)",
                "system_description": f"{facts.model}, ILOM v{ILOM_VERSION}, r{ILOM_BUILD}",
                "system_identifier": "(none)",
                "system_location": "(none)",
            },
            commands=["cd", "reset", "set", "show", "version"],
        ),
        "/SP/console": Target(
            targets=["history"],
            properties={"escapechars": "#."},
            commands=["cd", "show", "start", "stop"],
        ),
        "/SP/network": Target(
            targets=["interconnect", "ipv6", "test"],
            properties={
                "commitpending": "(Cannot show property)",
                "dhcp_server_ip": "none",
                "ipaddress": info.address,
                "ipdiscovery": "static",
                "ipgateway": info.address.rsplit(".", 1)[0] + ".1",
                "ipnetmask": "255.255.255.0",
                "macaddress": _mac(info.name),
                "managementport": "MGMT",
                "state": "enabled",
            },
            commands=["cd", "set", "show"],
        ),
        "/SP/clock": Target(
            properties={
                "datetime": time.strftime("%a %b %d %H:%M:%S %Y"),
                "timezone": "GMT (GMT)",
                "uptime": "12 days, 03:41:27",
                "usentpserver": "disabled",
            },
            commands=["cd", "set", "show"],
        ),
    }
    for (path, name), value in info.overrides.items():
        if path in tree and name in tree[path].properties:
            tree[path].properties[name] = value
    return tree
