"""How to reach a node of the repository over SSH: address, pinned key, credentials."""

from __future__ import annotations

import time
from collections.abc import Callable

from vdcftui.errors import OperatorError
from vdcftui.remote.pool import HostTarget
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore

SSH_KEY_REF = "ssh:client_key"
SSH_USER_REF = "ssh:user"
TARGET_CACHE_SECONDS = 30.0


SC_HOST_PREFIX = "sc:"


def sc_host(controller: m.SystemController) -> str:
    """The host name a job step uses for a system controller (``sc:NAME``)."""
    return f"{SC_HOST_PREFIX}{controller.name}"


def target_for(node_name: str, credentials: CredentialStore | None = None) -> HostTarget:
    """The SSH target of a node (or, for ``sc:NAME``, of a system controller); its host
    key must have been pinned by discovery or registration."""
    if node_name.startswith(SC_HOST_PREFIX):
        return _controller_target(node_name.removeprefix(SC_HOST_PREFIX), credentials)
    node = m.Node.get_or_none(m.Node.name == node_name)
    if node is None or not node.address:
        raise OperatorError(f"node {node_name!r} is not in the repository (discover it first)")
    pinned = m.HostKey.get_or_none(m.HostKey.host == node_name)
    if pinned is None:
        raise OperatorError(f"node {node_name!r} has no pinned host key: discover it again")
    key = credentials.get(SSH_KEY_REF) if credentials else None
    user = (credentials.get(SSH_USER_REF) if credentials else None) or "root"
    return HostTarget(
        name=node.name,
        address=node.address,
        port=node.ssh_port,
        username=user,
        client_keys=(key,) if key else (),
        pinned_key=pinned.public_key,
    )


class CachedTargets:
    """``lookup`` remembered per host for a while: the engine asks for a host's target
    at every step, and each lookup reads the repository and the credentials file. A
    host whose key was pinned anew (a first contact after an install) is forgotten."""

    def __init__(self, lookup: Callable[[str], HostTarget], seconds: float) -> None:
        self._lookup = lookup
        self._seconds = seconds
        self._remembered: dict[str, tuple[float, HostTarget]] = {}

    def __call__(self, host: str) -> HostTarget:
        now = time.monotonic()
        hit = self._remembered.get(host)
        if hit is None or now - hit[0] > self._seconds:
            hit = (now, self._lookup(host))
            self._remembered[host] = hit
        return hit[1]

    def forget(self, host: str) -> None:
        """Look ``host`` up again next time."""
        self._remembered.pop(host, None)


def cached(
    lookup: Callable[[str], HostTarget], seconds: float = TARGET_CACHE_SECONDS
) -> CachedTargets:
    """``lookup`` remembered per host for ``seconds`` (:class:`CachedTargets`)."""
    return CachedTargets(lookup, seconds)


def _controller_target(name: str, credentials: CredentialStore | None) -> HostTarget:
    """A system controller over SSH: its login and password (from the credentials
    file), its pinned host key."""
    sc = m.SystemController.get_or_none(m.SystemController.name == name)
    if sc is None:
        raise OperatorError(f"system controller {name!r} is not in the repository")
    if not sc.host_key:
        raise OperatorError(
            f"system controller {name} has no pinned host key: register it again "
            f"(vdcftui node set NODE --sc ...)"
        )
    password = credentials.get(sc.credential_ref) if credentials and sc.credential_ref else None
    return HostTarget(
        name=f"{SC_HOST_PREFIX}{sc.name}",
        address=sc.address,
        port=sc.port,
        username=sc.username or "root",
        password=password,
        pinned_key=sc.host_key,
    )
