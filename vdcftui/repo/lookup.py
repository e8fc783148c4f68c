"""Finding the objects an operator names: one place for every lookup by name.

Each function checks the typed name by Solaris's rules first (an invalid name is a
:class:`~vdcftui.errors.UsageError` naming the field), then finds the object or raises
:class:`NotFound`. The ``usable_*`` functions also refuse an object that a host reported
an invalid value for (:class:`Refused`): such a value is never put in a command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from vdcftui.display import shown
from vdcftui.errors import OperatorError, UsageError
from vdcftui.repo import models as m
from vdcftui.solaris.controllers import SC_TYPES, ControllerAddress, speaks_ppars
from vdcftui.solaris.names import (
    InvalidName,
    validate_build_name,
    validate_domainname,
    validate_node_name,
    validate_patch_object_name,
    validate_pool_name,
    validate_zonename,
    validate_zpool_name,
)

__all__ = [
    "NotFound",
    "Refused",
    "checked",
    "vserver_named",
    "node_named",
    "pool_named",
    "build_named",
    "dataset_named",
    "patch_set_named",
    "patch_target_named",
    "gdom_named",
    "usable_vserver",
    "usable_node",
    "usable_gdom",
    "refusal",
    "controller_of",
    "measured_object",
]

T = TypeVar("T")


class NotFound(OperatorError):
    """No object of that kind and name in the repository."""


class Refused(OperatorError):
    """The object exists but a host reported an unusable value for it: no operation
    runs on it until the host is fixed and discovered again."""

    exit_status = 5


def checked(validate: Callable[[str], T], text: str) -> T:
    """``validate(text)``, an invalid value turned into a one-line usage error."""
    try:
        return validate(text)
    except InvalidName as exc:
        raise UsageError(str(exc)) from None


def _quoted(text: str) -> str:
    # the same quoting as InvalidName: control characters escaped, long values cut
    return f"'{shown(text)}'"


def vserver_named(name: str) -> m.VServer:
    """The vServer named ``name``."""
    checked(validate_zonename, name)
    vserver = m.VServer.get_or_none(m.VServer.name == name)
    if vserver is None:
        raise NotFound(f"no vServer named {_quoted(name)} in the repository")
    return vserver


def node_named(name: str) -> m.Node:
    """The node named ``name``."""
    checked(validate_node_name, name)
    node = m.Node.get_or_none(m.Node.name == name)
    if node is None:
        raise NotFound(f"no node named {_quoted(name)} in the repository")
    return node


def measured_object(name: str) -> tuple[str, str]:
    """(``node``, ``vserver`` or ``pool``, name) of the object whose metrics ``name``
    asks for: a node, else a vServer, else a pool."""
    if "\0" in name or not name.strip() or len(name) > 255:
        raise UsageError(f"not a node, vServer or pool name: {_quoted(name)}")
    for kind, model in (("node", m.Node), ("vserver", m.VServer), ("pool", m.ComputePool)):
        if model.select().where(model.name == name).exists():
            return kind, name
    raise NotFound(f"no node, vServer or pool named {_quoted(name)} in the repository")


def pool_named(name: str) -> m.ComputePool:
    """The compute pool named ``name``."""
    checked(validate_pool_name, name)
    pool = m.ComputePool.get_or_none(m.ComputePool.name == name)
    if pool is None:
        raise NotFound(f"no compute pool named {_quoted(name)} in the repository")
    return pool


def build_named(name: str) -> m.Build:
    """The build named ``name``."""
    checked(validate_build_name, name)
    build = m.Build.get_or_none(m.Build.name == name)
    if build is None:
        raise NotFound(f"no build named {_quoted(name)} in the repository")
    return build


def patch_set_named(name: str) -> m.PatchSet:
    """The patch set named ``name``."""
    checked(lambda text: validate_patch_object_name(text, "patch set"), name)
    found = m.PatchSet.get_or_none(m.PatchSet.name == name)
    if found is None:
        raise NotFound(f"no patch set named {_quoted(name)} in the repository")
    return found


def patch_target_named(name: str) -> m.PatchTarget:
    """The patch target named ``name``."""
    checked(lambda text: validate_patch_object_name(text, "patch target"), name)
    found = m.PatchTarget.get_or_none(m.PatchTarget.name == name)
    if found is None:
        raise NotFound(f"no patch target named {_quoted(name)} in the repository")
    return found


def dataset_named(name: str) -> m.Dataset:
    """The dataset (ZFS pool) named ``name``."""
    checked(validate_zpool_name, name)
    dataset = m.Dataset.get_or_none(m.Dataset.name == name)
    if dataset is None:
        raise NotFound(f"no dataset named {_quoted(name)} in the repository")
    return dataset


def gdom_named(text: str) -> m.GDom:
    """The GDom named ``NAME`` (when only one CDom has it), ``CDOM:NAME`` or
    ``CDOM/NAME``; refuses unknown and ambiguous names."""
    for separator in (":", "/"):
        if separator in text:
            cdom, _, name = text.rpartition(separator)
            break
    else:
        cdom, name = "", text
    checked(validate_domainname, name)
    if cdom:
        checked(validate_node_name, cdom)
    query = m.GDom.select().join(m.Node, on=m.GDom.cdom == m.Node.id).where(m.GDom.name == name)
    if cdom:
        query = query.where(m.Node.name == cdom)
    found = list(query.order_by(m.Node.name))
    if not found:
        raise NotFound(f"no GDom named {_quoted(text)} in the repository")
    if len(found) > 1:
        where = ", ".join(f"{g.cdom.name}:{g.name}" for g in found)
        raise OperatorError(f"GDom '{name}' exists on several CDoms ({where}): say CDOM:{name}")
    return found[0]


def refusal(reason: str) -> Refused:
    """The error for an object refused because of ``reason`` (what its host reported)."""
    return Refused(f"refused: {reason}; fix it on the host and discover again")


def _usable_node_row(node: m.Node) -> m.Node:
    if node.invalid_reason:
        raise refusal(node.invalid_reason)
    return node


def usable_vserver(name: str) -> m.VServer:
    """The vServer named ``name``, refused when its host reported an invalid value for
    it or for the node it is on."""
    vserver = vserver_named(name)
    if vserver.invalid_reason:
        raise refusal(vserver.invalid_reason)
    node = vserver.node
    if node is not None:
        _usable_node_row(node)
    return vserver


def usable_node(name: str) -> m.Node:
    """The node named ``name``, refused when it reported an invalid value."""
    return _usable_node_row(node_named(name))


def usable_gdom(text: str) -> m.GDom:
    """The GDom :func:`gdom_named` finds, refused when its CDom (which runs its `ldm`
    commands) reported an invalid value."""
    gdom = gdom_named(text)
    _usable_node_row(gdom.cdom)
    return gdom


def controller_of(node: m.Node) -> tuple[m.SystemController, ControllerAddress]:
    """The system controller of a node and how the node is addressed on it (an XSCF's
    domain or PPAR id); refused when the node has none or the repository does not say
    which domain of a shared XSCF it is."""
    sc = node.sc
    if sc is None:
        raise OperatorError(
            f"{node.name} has no system controller in the repository "
            f"(vdcftui node set {node.name} --sc TYPE:HOST)"
        )
    kind = sc.type.lower()
    if kind not in SC_TYPES:
        raise OperatorError(f"{sc.name} is an {sc.type} controller, not one of {SC_TYPES}")
    if kind != "xscf":
        return sc, ControllerAddress(kind)
    if sc.domain_id is not None:
        unit = int(sc.domain_id)
    else:
        served = m.Node.select().where(m.Node.sc == sc).count()
        if served != 1:
            raise OperatorError(
                f"{sc.name} serves {served} domains and the repository does not say "
                f"which one is {node.name}"
            )
        unit = 0
    return sc, ControllerAddress(kind, unit, speaks_ppars(node.model))
