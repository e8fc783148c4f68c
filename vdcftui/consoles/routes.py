"""How to reach the serial console of a node, a GDom or a vServer of the repository.

A node is reached through its system controller (ILOM ``start /SP/console``, XSCF
``console -d N``, ALOM ``console``) or its terminal-server port; a GDom through the
vntsd console of its control domain (``telnet localhost PORT`` on the CDom, the port
``ldm list`` shows as CONS); a vServer with ``zlogin -C ZONE`` on its node.  Every
remote name is validated and quoted; host keys are pinned from the repository.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vdcftui.errors import OperatorError
from vdcftui.ops.node.hosts import target_for
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import controller_of, gdom_named, node_named, vserver_named
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.controllers import alom_console, ilom_console, xscf_console
from vdcftui.solaris.cmd.system import telnet_localhost
from vdcftui.solaris.cmd.zones import zlogin_console
from vdcftui.solaris.names import validate_hostname

OBJECT_TYPES = ("node", "gdom", "vserver")

# what ssh itself says when it cannot get through (checked at every step of every route)
SSH_FAILURES: tuple[tuple[str, str], ...] = (
    (r"ssh: connect to host \S+ port \d+: [^\r\n]+", "cannot reach {via}: {text}"),
    (r"ssh: Could not resolve hostname [^\r\n]+", "cannot reach {via}: {text}"),
    (
        r"Host key verification failed",
        "the host key of {via} differs from the key pinned "
        "in the repository (Host key verification failed)",
    ),
    (r"Permission denied[^\r\n]*", "{via} refused the login: {text}"),
    (r"Connection closed by [^\r\n]+", "{via} closed the connection: {text}"),
)


@dataclass(frozen=True)
class Step:
    """Wait for ``expect`` (exact text), then send ``send`` and Return (None: send nothing)."""

    expect: str
    send: str | None


@dataclass(frozen=True)
class Route:
    """One way to a serial console: what to spawn, what to answer, how to leave.

    ``questions`` are (text, answer) pairs the device may or may not ask during the
    dialogue (each answered whenever it shows); ``logout`` ends the controller's CLI
    session once the console is left at ``cli_prompt``."""

    object_type: str
    object_name: str
    description: str
    address: str
    port: int
    known_host: str
    ssh_options: tuple[str, ...]
    remote_command: Command | None
    dialogue: tuple[Step, ...]
    forced_dialogue: tuple[Step, ...] | None
    failures: tuple[tuple[str, str], ...]
    leave: str
    cli_prompt: str | None = None
    logout: str = "exit"
    questions: tuple[tuple[str, str], ...] = ()
    relay: bool = False
    password: str | None = field(default=None, repr=False)

    @property
    def machine(self) -> str:
        """The name the transcript file is called after."""
        return self.object_name

    def argv(self, known_hosts: Path) -> list[str]:
        """The command to spawn, with ``known_hosts`` holding :attr:`known_host`."""
        if self.relay:
            return [sys.executable, "-m", "vdcftui.consoles.tcprelay", self.address, str(self.port)]
        argv = [
            "ssh",
            "-tt",
            "-e",
            "none",
            "-p",
            str(self.port),
            "-o",
            f"UserKnownHostsFile={known_hosts}",
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "ConnectTimeout=10",
            "-o",
            "LogLevel=ERROR",
            *self.ssh_options,
            self.address,
        ]
        if self.remote_command is not None:
            argv.append(self.remote_command.text())
        return argv


def _known_host(address: str, port: int, public_key: str | None, what: str) -> str:
    if not public_key:
        raise OperatorError(f"{what} has no pinned host key in the repository: discover it again")
    host = address if port == 22 else f"[{address}]:{port}"
    return f"{host} {public_key.strip()}"


def _node_ssh(
    node_name: str,
    credentials: CredentialStore | None,
) -> tuple[str, int, str, tuple[str, ...]]:
    """Address, port, known-hosts line and key options to log in to a node as root."""
    target = target_for(node_name, credentials)
    validate_hostname(target.address)
    options = ["-o", "BatchMode=yes", "-l", target.username]
    for key in target.client_keys:
        options += ["-i", str(key), "-o", "IdentitiesOnly=yes"]
    known = _known_host(target.address, target.port, target.pinned_key, node_name)
    return target.address, target.port, known, tuple(options)


def _sc_password(sc: m.SystemController, credentials: CredentialStore | None) -> str | None:
    if not sc.credential_ref or credentials is None:
        return None
    return credentials.get(sc.credential_ref)


def _sc_options(sc: m.SystemController) -> tuple[str, ...]:
    user = sc.username or "root"
    return ("-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "-l", user)


def _sc_route(node: m.Node, sc: m.SystemController, credentials: CredentialStore | None) -> Route:
    validate_hostname(sc.address)
    known = _known_host(sc.address, sc.port, sc.host_key, f"system controller {sc.name}")
    base: dict[str, Any] = dict(
        object_type="node",
        object_name=node.name,
        address=sc.address,
        port=sc.port,
        known_host=known,
        ssh_options=_sc_options(sc),
        remote_command=None,
        password=_sc_password(sc, credentials),
        leave="#.",
    )
    kind = sc.type.lower()
    where = f"{sc.address}:{sc.port}"
    if kind == "ilom":
        question = "Are you sure you want to start /SP/console (y/n)? "
        started = Step("Serial console started.", None)
        return Route(
            description=f"{node.name} via ILOM {sc.name} ({where})",
            dialogue=(Step("-> ", ilom_console()), Step(question, "y"), started),
            forced_dialogue=(Step("-> ", ilom_console(force=True)), Step(question, "y"), started),
            failures=(
                (
                    "Serial console is in use",
                    f"{sc.name} says the console of {node.name} "
                    "is in use by a session outside vdcftui (--take-over forces it)",
                ),
            ),
            cli_prompt="-> ",
            **base,
        )
    if kind == "xscf":
        _sc, address = controller_of(node)
        did, ppar, unit = address.unit, address.ppar, address.unit_word
        assert did is not None
        return Route(
            description=f"{node.name} via XSCF {sc.name} {unit} {did} ({where})",
            dialogue=(Step("XSCF> ", xscf_console(did, ppar=ppar)), Step("[y|n] :", "y")),
            forced_dialogue=(
                Step("XSCF> ", xscf_console(did, force=True, ppar=ppar)),
                Step("[y|n] :", "y"),
            ),
            failures=(
                (
                    "Another console is already connected to the domain.",
                    f"{sc.name} says another console is connected to domain {did} "
                    f"({node.name}) (--take-over forces it)",
                ),
            ),
            cli_prompt="XSCF> ",
            **base,
        )
    if kind == "alom":
        entered = Step("Enter #. to return to ALOM.", None)
        return Route(
            description=f"{node.name} via ALOM {sc.name} ({where})",
            dialogue=(Step("sc> ", alom_console()), entered),
            forced_dialogue=(Step("sc> ", alom_console(force=True)), entered),
            # without -f, ALOM shows a console another user writes to in view mode
            failures=(
                (
                    r"\[view mode\]",
                    f"{sc.name} says the console of {node.name} "
                    "is in use by a session outside vdcftui (--take-over forces it)",
                ),
            ),
            # `console -f` may ask before it takes the write lock from another user
            questions=(("Would you like to continue? [y/n]", "y"),),
            cli_prompt="sc> ",
            logout="logout",
            **base,
        )
    raise OperatorError(
        f"{sc.name} is an {sc.type} controller: vdcftui attaches consoles "
        "through ILOM, XSCF and ALOM only"
    )


def _port_route(node: m.Node, console: m.ConsolePort) -> Route:
    server = console.terminal_server
    validate_hostname(server.address)
    return Route(
        object_type="node",
        object_name=node.name,
        description=f"{node.name} via terminal server {server.name} port {console.port} "
        f"({server.address}:{console.port})",
        address=server.address,
        port=int(console.port),
        known_host="",
        ssh_options=(),
        remote_command=None,
        dialogue=(Step("Connected to ", ""),),
        forced_dialogue=None,
        failures=(
            (
                r"ttyS\d+ is being used by \([^)]*\)",
                f"{server.name} says: {{text}} (the port of {node.name} is taken)",
            ),
            (r"tcprelay: [^\r\n]+", f"cannot reach {server.name}: {{text}}"),
        ),
        leave="",
        relay=True,
    )


def node_route(name: str, credentials: CredentialStore | None) -> Route:
    """The console route of a node: its system controller, else its terminal-server port."""
    node = node_named(name)
    if node.sc is not None:
        return _sc_route(node, node.sc, credentials)
    if node.console_port is not None:
        return _port_route(node, node.console_port)
    raise OperatorError(
        f"{name} has no system controller or terminal-server port in the repository"
    )


def gdom_route(name: str, credentials: CredentialStore | None) -> Route:
    """The console route of a GDom: ``telnet localhost PORT`` on its control domain."""
    gdom = gdom_named(name)
    name, cdom = gdom.name, gdom.cdom.name
    cons = gdom.cons or ""
    if not cons.isdigit():
        raise OperatorError(
            f"GDom {name} has no console port on {cdom} "
            f"(state {gdom.state or 'unknown'}: bind it first)"
        )
    port = int(cons)
    address, ssh_port, known, options = _node_ssh(cdom, credentials)
    return Route(
        object_type="gdom",
        object_name=name,
        description=f"{name} via vntsd port {port} on {cdom} ({address}:{ssh_port})",
        address=address,
        port=ssh_port,
        known_host=known,
        ssh_options=options,
        remote_command=telnet_localhost(port),
        dialogue=(Step("Press ~? for control options ..", None),),
        forced_dialogue=None,
        failures=(
            (
                r"telnet: Unable to connect to remote host[^\r\n]*",
                f"{cdom} has no console on port {port}: {{text}}",
            ),
        ),
        leave="~.",
    )


def vserver_route(name: str, credentials: CredentialStore | None) -> Route:
    """The console route of a vServer: ``zlogin -C`` on its node."""
    vserver = vserver_named(name)
    if vserver.node is None:
        raise OperatorError(f"vServer {name} is on no node (detached): it has no console")
    node = vserver.node.name
    address, port, known, options = _node_ssh(node, credentials)
    return Route(
        object_type="vserver",
        object_name=name,
        description=f"{name} via zlogin -C on {node} ({address}:{port})",
        address=address,
        port=port,
        known_host=known,
        ssh_options=options,
        remote_command=zlogin_console(name),
        dialogue=(Step(f"[Connected to zone '{name}' console]", None),),
        forced_dialogue=None,
        failures=((r"zlogin: [^\r\n]+", f"{node}: {{text}}"),),
        leave="~.",
    )


def object_type_of(name: str) -> str:
    """Whether ``name`` is a node, a GDom or a vServer of the repository (one of them)."""
    found = [
        kind
        for kind, model in (("node", m.Node), ("gdom", m.GDom), ("vserver", m.VServer))
        if model.select().where(model.name == name).exists()
    ]
    if not found:
        raise OperatorError(f"no node, GDom or vServer named {name} in the repository")
    if len(found) > 1:
        raise OperatorError(f"{name} is a {' and a '.join(found)}: say which with --type")
    return found[0]


def route_for(object_type: str, name: str, credentials: CredentialStore | None) -> Route:
    """The console route of ``name`` of ``object_type`` (node, gdom or vserver)."""
    builders = {"node": node_route, "gdom": gdom_route, "vserver": vserver_route}
    if object_type not in builders:
        raise OperatorError(
            f"unknown object type {object_type!r}: one of " + ", ".join(OBJECT_TYPES)
        )
    return builders[object_type](name, credentials)
