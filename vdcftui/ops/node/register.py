"""Registering real nodes and compute pools (F-REG): what the lab's inventory gives
the lab, an operator gives for real machines.

A node's host key, and its system controller's, are pinned at first contact only
once the operator has seen the fingerprint and named it back (``accept``): nothing is
recorded before. Controller passwords go to the owner-only credentials file, never to
the repository, the command line or a log. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import fingerprint, presented_host_key
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import checked, node_named, pool_named
from vdcftui.repo.queries import transaction
from vdcftui.solaris.controllers import SC_TYPES
from vdcftui.solaris.names import (
    validate_hostname,
    validate_node_name,
    validate_pool_name,
    validate_text,
)

DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class ControllerSpec:
    """A system controller as the operator names it: ``TYPE:HOST[:PORT]``, its login,
    and on a shared XSCF the node's domain or PPAR id."""

    sc_type: str
    address: str
    port: int = 22
    username: str = "root"
    domain: int | None = None

    @classmethod
    def parse(cls, text: str, username: str, domain: int | None) -> ControllerSpec:
        """``ilom:sp-node08`` or ``xscf:10.0.0.5:2222`` (the type, the host, a port)."""
        kind, _, rest = text.partition(":")
        host, _, port_text = rest.partition(":")
        if kind not in SC_TYPES or not host:
            raise UsageError(f"--sc is TYPE:HOST[:PORT] with TYPE one of {', '.join(SC_TYPES)}")
        checked(validate_hostname, host)
        port = _port(port_text or "22", "--sc port")
        if domain is not None and (kind != "xscf" or not 0 <= domain <= 99):
            raise UsageError("--sc-domain is an XSCF domain or PPAR id from 0 to 99")
        checked(validate_node_name, username)
        return cls(kind, host, port, username, domain)


def _port(text: str, what: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise UsageError(f"{what} must be a TCP port from 1 to 65535, not {text!r}")
    return int(text)


@dataclass(frozen=True)
class KeySeen:
    """The host key a host presents, for the operator to check before it is pinned."""

    host: str
    line: str
    fingerprint: str


async def key_of(host: str, address: str, port: int) -> KeySeen:
    """The key ``address:port`` presents now, trusting nothing."""
    line = await presented_host_key(address, port)
    return KeySeen(host, line, fingerprint(line))


def _accepted(seen: KeySeen, accept: str | None) -> bool:
    if accept is None:
        return False
    if accept != seen.fingerprint:
        raise OperatorError(
            f"{seen.host} presents {seen.fingerprint}, not {accept}: nothing was registered"
        )
    return True


@dataclass(frozen=True)
class NodeRegistration:
    """What the operator asked to register."""

    name: str
    address: str
    port: int = 22
    pool: str | None = None
    controller: ControllerSpec | None = None
    console: tuple[str, int] | None = None
    model: str | None = None
    """The server model (its profile lays out an install); discovery reads it of a
    node that runs."""
    uninstalled: bool = False
    """Nothing runs on it yet (to be installed: ``node install``): no host key is read
    or pinned; the install pins the one its new system makes."""


async def register_node(
    session: Session,
    wanted: NodeRegistration,
    accept: str | None,
    sc_accept: str | None,
    sc_password: str | None,
    credentials: CredentialStore,
) -> tuple[KeySeen | None, KeySeen | None, bool]:
    """Register a node (and its controller): reads the keys they present; records
    everything only when ``accept`` (and ``sc_accept``) name those fingerprints (an
    uninstalled node presents none). Returns the keys seen and whether the node was
    registered."""
    session.require_writable(f"add node {wanted.name}")
    checked(validate_node_name, wanted.name)
    checked(validate_hostname, wanted.address)
    if wanted.model is not None:
        checked(lambda text: validate_text(text, "server model", 80), wanted.model)
    if wanted.uninstalled and (wanted.model is None or wanted.controller is None):
        raise UsageError(
            "an uninstalled node needs its server model (--model) and its system "
            "controller (--sc), whose console installs it"
        )
    if m.Node.get_or_none(m.Node.name == wanted.name) is not None:
        raise PrecheckFailed(f"node {wanted.name} is already registered (vdcftui node set)")
    pool = pool_named(wanted.pool) if wanted.pool else None
    console = _console_port(wanted.console) if wanted.console else None
    node_key = None
    if not wanted.uninstalled:
        node_key = await key_of(wanted.name, wanted.address, wanted.port)
    sc_key = None
    spec = wanted.controller
    if spec is not None:
        _refuse_taken_controller(f"{spec.sc_type}-{wanted.name}")
        sc_key = await key_of(f"{spec.sc_type}-{wanted.name}", spec.address, spec.port)
        if sc_password is None:
            raise UsageError(f"the password of {sc_key.host} is needed (prompted, a file or env)")
    node_ok = node_key is None or _accepted(node_key, accept)
    if not node_ok or (sc_key and not _accepted(sc_key, sc_accept)):
        return node_key, sc_key, False
    with transaction():
        node = m.Node.create(
            name=wanted.name,
            address=wanted.address,
            ssh_port=wanted.port,
            pool=pool,
            model=wanted.model,
            state="uninstalled" if wanted.uninstalled else "unknown",
        )
        if node_key is not None:
            _pin(wanted.name, wanted.address, wanted.port, node_key)
        if spec is not None and sc_key is not None and sc_password is not None:
            ref = f"sc:{sc_key.host}"
            credentials.set(ref, sc_password)
            fields = dict(
                type=spec.sc_type,
                address=spec.address,
                port=spec.port,
                username=spec.username,
                credential_ref=ref,
                host_key=sc_key.line,
                node=node,
                domain_id=spec.domain,
            )
            # a controller recorded without its node (from an inventory) is adopted
            controller = m.SystemController.get_or_none(m.SystemController.name == sc_key.host)
            if controller is None:
                controller = m.SystemController.create(name=sc_key.host, **fields)
            else:
                m.SystemController.update(**fields).where(
                    m.SystemController.id == controller.id
                ).execute()
            node.sc = controller
            node.save()
        if console is not None:
            console.node = node
            console.save()
            node.console_port = console
            node.save()
        audit(
            session,
            "add",
            "node",
            node.name,
            f"{wanted.address}:{wanted.port} "
            + (f"key {node_key.fingerprint}" if node_key else f"uninstalled, model {wanted.model}")
            + (f"; controller {sc_key.host} key {sc_key.fingerprint}" if sc_key else ""),
        )
    return node_key, sc_key, True


def _refuse_taken_controller(name: str) -> None:
    """Refuse a controller name that serves another node already."""
    known = m.SystemController.get_or_none(m.SystemController.name == name)
    if known is not None and m.Node.select().where(m.Node.sc == known).exists():
        raise PrecheckFailed(f"system controller {name} serves another node already")


def _pin(host: str, address: str, port: int, seen: KeySeen) -> None:
    m.HostKey.delete().where(m.HostKey.host == host).execute()
    m.HostKey.create(
        host=host,
        address=address,
        port=port,
        key_type=seen.line.split()[0],
        public_key=seen.line,
        fingerprint=seen.fingerprint,
    )


def _console_port(console: tuple[str, int]) -> m.ConsolePort:
    server_name, port = console
    server = m.TerminalServer.get_or_none(m.TerminalServer.name == server_name)
    if server is None:
        known = ", ".join(s.name for s in m.TerminalServer.select().order_by(m.TerminalServer.name))
        raise OperatorError(f"no terminal server named {server_name!r} (known: {known or 'none'})")
    row, _ = m.ConsolePort.get_or_create(terminal_server=server, port=port)
    if row.node is not None:
        raise PrecheckFailed(f"{server_name}:{port} is the console of {row.node.name}")
    return row


def remove_node(session: Session, name: str) -> None:
    """Forget a node that carries nothing: refused while vServers or GDoms are on it or
    a job holds it."""
    session.require_writable(f"remove node {name}")
    node = node_named(name)
    carried = [v.name for v in node.vservers.order_by(m.VServer.name)]
    carried += [
        f"GDom {g.name}" for g in m.GDom.select().where(m.GDom.cdom == node).order_by(m.GDom.name)
    ]
    if carried:
        raise PrecheckFailed(f"cannot remove {node.name}: it carries {', '.join(carried)}")
    with transaction():
        m.HostKey.delete().where(m.HostKey.host == node.name).execute()
        m.Node.delete().where(m.Node.id == node.id).execute()
        audit(session, "remove", "node", name, f"{node.address}:{node.ssh_port}")


def set_node_pool(session: Session, name: str, pool_name: str | None) -> None:
    """Put a node in a compute pool (None: in none), audited."""
    session.require_writable(f"set node {name}")
    node = node_named(name)
    pool = pool_named(pool_name) if pool_name else None
    with transaction():
        old = node.pool.name if node.pool else "none"
        m.Node.update(pool=pool).where(m.Node.id == node.id).execute()
        audit(session, "set", "node", node.name, f"pool {old} -> {pool_name or 'none'}")


def create_pool(session: Session, name: str, description: str | None) -> m.ComputePool:
    """A new compute pool, audited."""
    session.require_writable(f"create pool {name}")
    checked(validate_pool_name, name)
    text = _description(description)
    if m.ComputePool.get_or_none(m.ComputePool.name == name) is not None:
        raise PrecheckFailed(f"compute pool {name} already exists")
    with transaction():
        pool = m.ComputePool.create(name=name, description=text)
        audit(session, "create", "pool", name, text or "")
    return pool


def set_pool(session: Session, name: str, description: str | None) -> None:
    """Change a pool's description, audited."""
    session.require_writable(f"set pool {name}")
    pool = pool_named(name)
    text = _description(description)
    with transaction():
        m.ComputePool.update(description=text).where(m.ComputePool.id == pool.id).execute()
        audit(session, "set", "pool", name, f"description: {text or ''}")


def remove_pool(session: Session, name: str) -> None:
    """Remove an empty compute pool, audited."""
    session.require_writable(f"remove pool {name}")
    pool = pool_named(name)
    members = [n.name for n in pool.nodes.order_by(m.Node.name)]
    if members:
        raise PrecheckFailed(f"cannot remove pool {name}: it holds {', '.join(members)}")
    with transaction():
        m.ComputePool.delete().where(m.ComputePool.id == pool.id).execute()
        audit(session, "remove", "pool", name)


def _description(text: str | None) -> str | None:
    if text is None:
        return None
    if len(text) > DESCRIPTION_MAX or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UsageError(
            f"a description is one line of at most {DESCRIPTION_MAX} printable characters"
        )
    return text
