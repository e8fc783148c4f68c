"""Generated lab specs: any number of nodes with zones on shared SAN LUNs.

`vdcftui lab generate --nodes 200` prints one as TOML (written with tomli-w). Nodes
come in pairs that see each other's LUNs, so every zone has a migration target.
"""

from __future__ import annotations

from typing import Any

import tomli_w

_STATES = ("running", "installed", "running", "configured", "running")
_PLATFORMS = (
    {
        "os": "11.4",
        "arch": "sparc",
        "model": "SPARC T7-1",
        "cpu_type": "SPARC-M7",
        "cores": 32,
        "threads": 256,
        "clock_mhz": 4133,
        "memory_mb": 524288,
    },
    {
        "os": "11.3",
        "arch": "x86",
        "model": "Sun Server X4-2",
        "cpu_type": "Intel(r) Xeon(r) CPU E5-2697 v2 @ 2.70GHz",
        "cores": 12,
        "threads": 24,
        "clock_mhz": 2700,
        "memory_mb": 262144,
    },
    {
        "os": "10",
        "arch": "sparc",
        "model": "SPARC T4-1",
        "cpu_type": "SPARC-T4",
        "cores": 8,
        "threads": 64,
        "clock_mhz": 2848,
        "memory_mb": 131072,
    },
)


def _wwn(node_index: int, zone_index: int) -> str:
    return f"600A0B80001138280000{node_index:06X}{zone_index:06X}"


S10_BASE_PATCHES = ("150400-59", "147147-26", "148888-05")
"""What a generated Solaris 10 node has installed (the default spec's node04 has these)."""


def generate_spec_data(
    nodes: int, zones_per_node: int = 4, solaris10: bool = False
) -> dict[str, Any]:
    """A lab spec (as TOML-ready data) of ``nodes`` physical nodes in pools of 20; with
    ``solaris10``, every node runs Solaris 10 with :data:`S10_BASE_PATCHES`."""
    data: dict[str, Any] = {
        "lab": {"name": f"generated-{nodes}", "username": "root", "password": "solaris"},
        "pools": [],
        "nodes": [],
        "luns": [],
        "zpools": [],
        "zones": [],
    }
    for index in range(1, nodes + 1):
        pool = f"pool-{(index - 1) // 20 + 1:02d}"
        if not data["pools"] or data["pools"][-1]["name"] != pool:
            data["pools"].append({"name": pool})
        name = f"node{index:03d}"
        partner = f"node{index + 1 if index % 2 else index - 1:03d}"
        platform = _PLATFORMS[((index - 1) // 2) % len(_PLATFORMS)]  # pairs alike
        if solaris10:
            platform = {**_PLATFORMS[2], "patches": list(S10_BASE_PATCHES)}
        data["nodes"].append(
            {
                "name": name,
                "pool": pool,
                "serial": f"AK{index:08d}",
                **platform,
                "addresses": [
                    {
                        "link": "net0",
                        "address": f"10.{index // 250}.{index % 250}.10/24",
                        "type": "management",
                    }
                ],
            }
        )
        seers = [name, partner] if partner != f"node{nodes + 1:03d}" else [name]
        for zone_index in range(1, zones_per_node + 1):
            zone = f"z{index:03d}-{zone_index:02d}"
            wwn = _wwn(index, zone_index)
            data["luns"].append({"wwn": wwn, "size_gb": 20, "visible_to": seers})
            data["zpools"].append({"name": f"{zone}_pool", "luns": [wwn], "imported_on": name})
            brand = "native" if platform["os"] == "10" else "solaris"
            state = _STATES[(index + zone_index) % len(_STATES)]
            data["zones"].append(
                {
                    "name": zone,
                    "node": name,
                    "pool": f"{zone}_pool",
                    "brand": brand,
                    "state": state,
                    "ip_type": "shared" if brand == "native" else "excl",
                    "datasets": [f"{zone}_pool/data"],
                }
            )
    return data


def generate_spec_toml(nodes: int, zones_per_node: int = 4, solaris10: bool = False) -> str:
    """The generated spec as TOML text."""
    return tomli_w.dumps(generate_spec_data(nodes, zones_per_node, solaris10))
