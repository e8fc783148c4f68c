"""A small lab for node installs: SPARC servers with nothing on their disks (at the
OBP ok prompt), a running one that carries a zone, their controllers, the model
profiles that lay them out, and how an operator registers an uninstalled node."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import discover_lab, run_cli, running_lab, stop_engines
from vdcftui.lab.runner import Lab
from vdcftui.lab.state import INTERNAL_DISKS
from vdcftui.ops.node.register import ControllerSpec, NodeRegistration, register_node
from vdcftui.ops.session import Session
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.database import open_repository

SRU = "11.4.42.111.0"
"""What the lab's install service installs (its 11.4 nodes' SRU)."""


def spec(install_seconds: float = 0.0) -> str:
    """The lab: node31 and node34 bare T7-1s (ILOM), cdom32 a bare T5-2 CDom (ALOM),
    node36 a bare Solaris 10 T4-1 (ILOM), node33 a running T7-1 with a zone, node37 a
    running T7-1 that carries nothing, node35 a running T7-1 without a controller."""
    return f"""
pools = [{{ name = "pool-i" }}]
controllers = [
    {{ name = "ilom-node31", type = "ilom", node = "node31" }},
    {{ name = "alom-cdom32", type = "alom", node = "cdom32" }},
    {{ name = "ilom-node33", type = "ilom", node = "node33" }},
    {{ name = "ilom-node34", type = "ilom", node = "node34" }},
    {{ name = "ilom-node36", type = "ilom", node = "node36" }},
    {{ name = "ilom-node37", type = "ilom", node = "node37" }},
]

[lab]
name = "install lab"

[[nodes]]
name = "node31"
pool = "pool-i"
model = "SPARC T7-1"
bare = true
install_seconds = {install_seconds}
nics = ["net0", "net1", "net2", "net3"]
addresses = [{{ link = "net0", address = "192.168.10.31/24", type = "management" }}]

[[nodes]]
name = "cdom32"
kind = "cdom"
pool = "pool-i"
model = "SPARC T5-2"
bare = true
nics = ["net0", "net1", "net2", "net3"]
addresses = [{{ link = "net0", address = "192.168.10.32/24", type = "management" }}]

[[nodes]]
name = "node33"
pool = "pool-i"
model = "SPARC T7-1"
addresses = [{{ link = "net0", address = "192.168.10.33/24", type = "management" }}]

[[nodes]]
name = "node34"
pool = "pool-i"
model = "SPARC T7-1"
bare = true
install_sru = "11.4.42.111.0"
nics = ["net0", "net1", "net2", "net3"]
addresses = [{{ link = "net0", address = "192.168.10.34/24", type = "management" }}]

[[nodes]]
name = "node36"
pool = "pool-i"
model = "SPARC T4-1"
os = "10"
bare = true
nics = ["net0", "net1"]
addresses = [{{ link = "net0", address = "192.168.10.36/24", type = "management" }}]

[[nodes]]
name = "node37"
pool = "pool-i"
model = "SPARC T7-1"
nics = ["net0", "net1", "net2", "net3"]
addresses = [{{ link = "net0", address = "192.168.10.37/24", type = "management" }}]

[[nodes]]
name = "node35"
pool = "pool-i"
model = "SPARC T7-1"
addresses = [{{ link = "net0", address = "192.168.10.35/24", type = "management" }}]

[[luns]]
wwn = "600A0B800011382800000A0B84E10001"
size_gb = 20
visible_to = ["node33"]

[[zpools]]
name = "app01_pool"
luns = ["600A0B800011382800000A0B84E10001"]
imported_on = "node33"

[[zones]]
name = "app01"
node = "node33"
pool = "app01_pool"
state = "running"
"""


MODELS = f"""
[model."SPARC T7-1"]
root_disk = "{INTERNAL_DISKS[0]}"
root_mirror = "{INTERNAL_DISKS[1]}"

[model."SPARC T7-1".network.management]
interfaces = ["net0", "net1"]
group = "ipmp"
name = "ipmp0"

[model."SPARC T7-1".network.public]
interfaces = ["net2", "net3"]
group = "aggregation"
name = "aggr1"

[model."SPARC T4-1"]
root_disk = "{INTERNAL_DISKS[0]}"
root_mirror = "{INTERNAL_DISKS[1]}"

[model."SPARC T5-2"]
root_disk = "{INTERNAL_DISKS[0]}"
root_mirror = "{INTERNAL_DISKS[1]}"

[model."SPARC T5-2".network.public]
interfaces = ["net2", "net3"]
group = "ipmp"
name = "ipmp1"
"""


@dataclass
class InstallSite:
    """The lab, its repository (the running nodes discovered, a build defined) and
    the operator's model profiles."""

    lab: Lab
    repo: Path
    credentials: CredentialStore

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """`vdcftui --repo REPO ARGS...`."""
        return run_cli(self.repo, *args, check=check, timeout=300)

    def add_uninstalled(self, node: str, model: str = "SPARC T7-1", look: bool = False) -> None:
        """Register ``node`` as an operator does: its controller's key checked (with
        ``look``, first shown and nothing registered)."""
        inventory = self.lab.inventory()
        entry = next(n for n in inventory["nodes"] if n["name"] == node)
        sc = next(c for c in inventory["system_controllers"] if c.get("node") == node)
        kind = sc["type"]
        args = (
            "node",
            "add",
            node,
            "--address",
            entry["address"],
            "--port",
            str(entry["port"]),
            "--sc",
            f"{kind}:{sc['address']}:{sc['port']}",
            "--uninstalled",
            "--model",
            model,
        )
        if look:
            shown = self.cli(*args, check=False)
            assert shown.returncode == 1 and sc["fingerprint"] in shown.stdout, shown.stdout
            assert "nothing registered" in shown.stdout
        self.cli(*args, "--sc-accept", sc["fingerprint"])

    def register(self, node: str, model: str = "SPARC T7-1") -> None:
        """What :meth:`add_uninstalled` does, in this process (`register_node`)."""
        inventory = self.lab.inventory()
        entry = next(n for n in inventory["nodes"] if n["name"] == node)
        sc = next(c for c in inventory["system_controllers"] if c.get("node") == node)
        wanted = NodeRegistration(
            node,
            entry["address"],
            entry["port"],
            controller=ControllerSpec(sc["type"], sc["address"], sc["port"]),
            model=model,
            uninstalled=True,
        )
        open_repository(self.repo)
        seen = asyncio.run(
            register_node(
                Session("alice"), wanted, None, sc["fingerprint"], sc["password"], self.credentials
            )
        )
        assert seen[0] is None and seen[2]


@contextlib.contextmanager
def install_site(workdir: Path, install_seconds: float = 0.0) -> Iterator[InstallSite]:
    """The install lab running, its running nodes discovered, the model profiles
    written (``$VDCFTUI_MODELS``) and the build the lab's install service serves
    defined; the controllers' password in ``$VDCFTUI_SC_PASSWORD`` for `node add`."""
    spec_file = workdir / "install-lab.toml"
    spec_file.write_text(spec(install_seconds))
    models = workdir / "models.toml"
    models.write_text(MODELS)
    with (
        running_lab(workdir / "lab", spec_file) as lab,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv("VDCFTUI_MODELS", str(models))
        env.setenv("VDCFTUI_SC_PASSWORD", lab.credentials.password)
        yield _open(workdir, lab)
        stop_engines(workdir)


def _open(workdir: Path, lab: Lab) -> InstallSite:
    repo = workdir / "repo.db"
    credentials = discover_lab(lab, repo)
    site = InstallSite(lab, repo, credentials)
    site.cli(
        "build",
        "create",
        "s11",
        "--os",
        "11.4",
        "--sru",
        SRU,
        "--publisher",
        "https://pkg.example.com/solaris/support/",
    )
    return site
