"""Hardware facts a system controller reports about its host (model, serial, architecture)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PlatformFacts:
    """What the service processor knows about the host it manages."""

    model: str
    serial: str
    sparc: bool
    os_name: str


def _first_attr(obj: Any, names: tuple[str, ...]) -> str:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _node_spec(lab: Any, node_name: str) -> Any:
    for spec in getattr(lab.spec, "nodes", []):
        if getattr(spec, "name", None) == node_name:
            return spec
    return None


def _derived_serial(node_name: str) -> str:
    digest = hashlib.sha256(node_name.encode()).hexdigest().upper()
    return f"{int(digest[:6], 16) % 10000:04d}NM{digest[6:10]}"


def platform_facts(lab: Any, node_name: str) -> PlatformFacts:
    """Facts for ``node_name`` from its spec (model, serial) and its simulated uname."""
    node = lab.state.nodes[node_name]
    spec = _node_spec(lab, node_name)
    uname = str(getattr(node, "uname_a", ""))
    model = _first_attr(spec, ("model", "platform", "product_name", "hardware"))
    if not model:
        model = uname.split()[-1].replace("SUNW,", "") if uname else "Unknown"
    serial = _first_attr(spec, ("serial", "serial_number", "chassis_serial")) or _derived_serial(
        node_name
    )
    arch = _first_attr(spec, ("arch",))
    sparc = arch == "sparc" if arch else "sparc" in uname.lower() or "sparc" in model.lower()
    fields = uname.split()
    os_name = f"Oracle Solaris {fields[2][2:]}" if len(fields) > 2 else "Oracle Solaris"
    if len(fields) > 3 and fields[2] == "5.11":
        os_name = f"Oracle Solaris {fields[3]}"
    return PlatformFacts(model=model, serial=serial, sparc=sparc, os_name=os_name)
