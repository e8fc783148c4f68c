"""Running a lab: SSH servers on loopback addresses, keys, inventory, control socket."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import threading
from functools import partial
from pathlib import Path
from typing import Any

import asyncssh

from vdcftui.errors import OperatorError
from vdcftui.lab.agent import Agents
from vdcftui.lab.faults import Faults
from vdcftui.lab.server import NodeServer, handle_process
from vdcftui.lab.spec import LabSpec
from vdcftui.lab.state import Datacenter, SimNode

FIXED_SSH_PORT = 2222
# AES-GCM costs far less CPU per packet than asyncssh's ChaCha20-Poly1305; OpenSSH has both
_CIPHERS = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr"]


class LabBusy(OperatorError):
    """Another lab runs in the same working directory."""


def _hold_workdir(workdir: Path) -> int:
    """Take the working directory for this lab (a lock the system drops with the
    process, so a lab killed leaves none behind); its file descriptor."""
    lock = workdir / "lab.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise LabBusy(
            f"another lab runs in {workdir} (pid {holder}): stop it, or give this one "
            "another --workdir"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


class Lab:
    """A simulated datacenter of real SSH servers, one per Solaris instance."""

    def __init__(self, spec: LabSpec, workdir: Path, ephemeral_ports: bool = False) -> None:
        self.spec = spec
        self.workdir = Path(workdir)
        self.ephemeral_ports = ephemeral_ports
        self.state = Datacenter(spec)
        self.faults = Faults()
        self.agents = Agents(self.state, self.faults)
        for sim in self.state.nodes.values():
            sim.add_power_listener(self._booted)
            sim.install_listeners.append(self._installed)
        self.credentials = spec.credentials
        self.closeables: list[Any] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self._acceptors: dict[str, asyncssh.SSHAcceptor] = {}
        self._connections: dict[str, set[asyncssh.SSHServerConnection]] = {}
        self._host_keys: dict[str, asyncssh.SSHKey] = {}
        self._authorized: asyncssh.SSHAuthorizedKeys | None = None
        self._inventory: dict[str, Any] = {}
        self._workdir_lock: int | None = None
        self._addresses: dict[str, str] = {}
        for index, node in enumerate(spec.nodes):
            self._addresses[node.name] = f"127.0.{index // 240}.{11 + index % 240}"
        others = [c.name for c in spec.controllers] + [t.name for t in spec.terminal_servers]
        for index, name in enumerate(others):
            self._addresses[name] = f"127.0.200.{10 + index}"

    # the contract with the controllers ------------------------------------------
    @property
    def client_key_path(self) -> Path:
        """The private key every lab SSH server accepts."""
        return self.workdir / "id_ed25519"

    @property
    def client_public_key_path(self) -> Path:
        """The public half of :attr:`client_key_path`."""
        return self.workdir / "id_ed25519.pub"

    def address_for(self, name: str) -> str:
        """The loopback address of a node, controller or terminal server."""
        return self._addresses[name]

    def port_for(self, name: str) -> int:
        """The SSH port (0 = ephemeral) of a node or controller."""
        return 0 if self.ephemeral_ports else FIXED_SSH_PORT

    def host_key_for(self, name: str) -> asyncssh.SSHKey:
        """The host key of a lab host, created once and kept in the workdir."""
        if name not in self._host_keys:
            path = self.workdir / "keys" / f"{name}_ed25519"
            if path.exists():
                key = asyncssh.read_private_key(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                key = asyncssh.generate_private_key("ssh-ed25519")
                key.write_private_key(str(path))
                os.chmod(path, 0o600)
            self._host_keys[name] = key
        return self._host_keys[name]

    def _client_key(self) -> asyncssh.SSHKey:
        if self.client_key_path.exists():
            return asyncssh.read_private_key(str(self.client_key_path))
        self.workdir.mkdir(parents=True, exist_ok=True)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="vdcftui-lab")
        key.write_private_key(str(self.client_key_path))
        os.chmod(self.client_key_path, 0o600)
        key.write_public_key(str(self.client_public_key_path))
        return key

    # life cycle -------------------------------------------------------------------
    async def start(self) -> None:
        """Take the working directory (refused while another lab runs in it), start
        every server, then write the inventory."""
        self.loop = asyncio.get_running_loop()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._workdir_lock = _hold_workdir(self.workdir)
        try:
            await self._start_servers()
        except BaseException:
            self._release_workdir()
            raise
        self.agents.run()

    async def _start_servers(self) -> None:
        client_key = self._client_key()
        authorized = asyncssh.import_authorized_keys(
            client_key.export_public_key("openssh").decode()
        )
        self.state.connection_droppers.append(self._drop_threadsafe)
        self.faults.on_unreachable.append(self._drop_threadsafe)
        self._authorized = authorized
        nodes = []
        for spec in self.spec.nodes:
            node = self.state.nodes[spec.name]
            self._connections[spec.name] = set()
            acceptor = await self._listen(spec.name, self.port_for(spec.name))
            key = self.host_key_for(spec.name)
            nodes.append(
                {
                    "name": spec.name,
                    "kind": spec.kind,
                    "address": self.address_for(spec.name),
                    "port": acceptor.get_port(),
                    "host_key": key.export_public_key("openssh").decode().strip(),
                    "fingerprint": key.get_fingerprint("sha256"),
                    "pool": spec.pool,
                    "cdom": spec.cdom,
                    "powered": node.powered,
                }
            )
        controllers: list[dict[str, Any]] = []
        try:
            from vdcftui.lab.controllers import start_controllers
        except ImportError:
            start_controllers = None  # type: ignore[assignment]
        if start_controllers is not None and (self.spec.controllers or self.spec.terminal_servers):
            controllers = await start_controllers(self)
        control = self.workdir / "control.sock"
        with contextlib.suppress(FileNotFoundError):
            control.unlink()
        server = await asyncio.start_unix_server(self._control, path=str(control))
        self.closeables.append(server)
        self._write_inventory(nodes, controllers, control)

    async def _listen(self, name: str, port: int) -> asyncssh.SSHAcceptor:
        """The SSH server of node ``name`` on ``port``, with its host key."""
        node = self.state.nodes[name]
        acceptor = await asyncssh.listen(
            self.address_for(name),
            port,
            server_host_keys=[self.host_key_for(name)],
            authorized_client_keys=self._authorized,
            server_factory=partial(
                NodeServer, node, self.faults, self.credentials.password, self._connections[name]
            ),
            process_factory=partial(handle_process, node, self.faults),
            encoding="utf-8",
            allow_scp=False,
            keepalive_interval=0,
            encryption_algs=_CIPHERS,
            compression_algs=["none"],
        )
        self._acceptors[name] = acceptor
        return acceptor

    def _installed(self, node: SimNode) -> None:
        """An install put a new system on ``node``: its SSH server comes back on the
        same port with a new host key (on the lab's loop, where the console runs)."""
        old = self._acceptors[node.name]
        port = old.get_port()
        old.close()
        path = self.workdir / "keys" / f"{node.name}_ed25519"
        key = asyncssh.generate_private_key("ssh-ed25519")
        key.write_private_key(str(path))
        os.chmod(path, 0o600)
        self._host_keys[node.name] = key
        for entry in self._inventory.get("nodes", ()):
            if entry["name"] == node.name:
                entry["host_key"] = key.export_public_key("openssh").decode().strip()
                entry["fingerprint"] = key.get_fingerprint("sha256")
        assert self.loop is not None
        self.loop.create_task(self._listen(node.name, port))

    def _write_inventory(
        self, nodes: list[dict[str, Any]], controllers: list[dict[str, Any]], control: Path
    ) -> None:
        scs = [c for c in controllers if "ports" not in c]
        terminal_servers = [c for c in controllers if "ports" in c]
        by_node: dict[str, str] = {}
        for sc in scs:
            for node in [sc.get("node")] + list((sc.get("domains") or {}).values()):
                if node:
                    by_node[node] = sc["name"]
        for entry in nodes:
            entry["sc"] = by_node.get(entry["name"])
            for ts in terminal_servers:
                if entry["name"] in ts["ports"]:
                    entry["console"] = {
                        "terminal_server": ts["name"],
                        "address": ts["address"],
                        "port": ts["ports"][entry["name"]],
                    }
        self._inventory = {
            "lab": {
                "name": self.spec.name,
                "workdir": str(self.workdir),
                "control_socket": str(control),
            },
            "credentials": {
                "username": self.credentials.username,
                "password": self.credentials.password,
                "client_key": str(self.client_key_path),
            },
            "nodes": nodes,
            "system_controllers": scs,
            "terminal_servers": terminal_servers,
        }
        path = self.workdir / "inventory.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._inventory, indent=2))
        os.chmod(tmp, 0o600)
        tmp.replace(path)

    def inventory(self) -> dict[str, Any]:
        """The inventory as written to inventory.json."""
        return self._inventory

    async def stop(self) -> None:
        """Close every server and session."""
        self.agents.stop()
        for acceptor in self._acceptors.values():
            acceptor.close()
        open_connections = [c for cs in self._connections.values() for c in cs]
        for conn in open_connections:
            conn.close()
        for conn in open_connections:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.wait_closed(), 5)
        for closeable in self.closeables:
            closeable.close()
        for acceptor in self._acceptors.values():
            await acceptor.wait_closed()
        for closeable in self.closeables:
            with contextlib.suppress(Exception):
                await closeable.wait_closed()
        # commands still in flight (a slowed one whose client went away) end with it
        in_flight = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in in_flight:
            task.cancel()
        await asyncio.gather(*in_flight, return_exceptions=True)
        (self.workdir / "inventory.json").unlink(missing_ok=True)
        self._release_workdir()

    def _release_workdir(self) -> None:
        """Let the next lab take the working directory."""
        if self._workdir_lock is not None:
            os.close(self._workdir_lock)
            self._workdir_lock = None

    def _booted(self, node: SimNode, powered: bool) -> None:
        """A node came up: the services a fault fails at its boot go to maintenance."""
        if powered:
            for fmri in self.faults.take_after_boot(node.name):
                node.mark_maintenance(fmri, "Start method failed repeatedly (the lab's fault).")

    def _drop_threadsafe(self, node: str) -> None:
        if self.loop is None:
            return
        for conn in list(self._connections.get(node, ())):
            self.loop.call_soon_threadsafe(conn.abort)

    def send_keepalives(self, target: str, secret: str, interval: float) -> None:
        """From any thread: make every node's agent send keep-alives to ``target``
        (``address:port``) every ``interval`` seconds."""
        assert self.loop is not None, "the lab is not started"
        request = {"op": "keepalives", "target": target, "secret": secret, "interval": interval}
        self.loop.call_soon_threadsafe(self.control, request)

    # control socket ---------------------------------------------------------------
    async def _control(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            try:
                reply = self.control(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                reply = {"ok": False, "error": str(exc)}
            writer.write((json.dumps(reply) + "\n").encode())
            await writer.drain()
        writer.close()

    def control(self, request: dict[str, Any]) -> dict[str, Any]:
        """Carry out one control request (see docs of `vdcftui lab fault`)."""
        op = request["op"]
        # A node name; None (every node) only for "clear" and "stats".
        node: Any = request.get("node")
        if node is not None and node not in self.state.nodes:
            return {"ok": False, "error": f"no node {node!r} in this lab"}
        if op == "unreachable":
            self.faults.unreachable(node, bool(request.get("on", True)))
        elif op == "slow":
            self.faults.slow(node, float(request["seconds"]))
        elif op == "fail_next":
            self.faults.fail_next(
                node,
                request["pattern"],
                request.get("stderr", ""),
                int(request.get("exit_status", 1)),
                int(request.get("count", 1)),
            )
        elif op == "keepalives":
            self.agents.start(
                str(request["target"]), str(request["secret"]), float(request["interval"])
            )
        elif op == "silence":
            self.faults.silence_keepalives(node, bool(request.get("on", True)))
        elif op == "clear":
            self.faults.clear(node)
        elif op == "power":
            target = self.state.nodes[node]
            target.power_on() if request.get("on", True) else target.power_off()
        elif op == "stats":
            return {
                "ok": True,
                "stats": {
                    n: {"commands": s.commands, "seconds": s.seconds}
                    for n, s in self.faults.stats.items()
                },
            }
        else:
            return {"ok": False, "error": f"unknown operation {op!r}"}
        return {"ok": True}


class LabThread:
    """A lab running on its own event loop in a background thread."""

    def __init__(self, spec: LabSpec, workdir: Path, ephemeral_ports: bool = True) -> None:
        self.lab = Lab(spec, workdir, ephemeral_ports)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="vdcftui-lab", daemon=True
        )

    def start(self) -> Lab:
        """Start the lab and wait until every server listens."""
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.lab.start(), self._loop).result(timeout=120)
        return self.lab

    def stop(self) -> None:
        """Stop the lab and its thread."""
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self.lab.stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
