"""Configuration items: set and unset (checked where they enter, audited, refused in
a read-only session), and the items in effect for a node: for each kind and key, the
node's own item, else its pool's, else the one for all nodes."""

from __future__ import annotations

from datetime import datetime

from vdcftui.display import shown
from vdcftui.errors import UsageError
from vdcftui.ops.config.kind import Effective, NodeConfig
from vdcftui.ops.config.kinds import KINDS
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.lookup import NotFound, node_named, pool_named
from vdcftui.repo.queries import transaction
from vdcftui.solaris.names import InvalidName

SCOPES = ("node", "pool", "all")
"""The scopes of an item, most specific first."""


def _scope(node: str | None, pool: str | None) -> tuple[str, str]:
    if node and pool:
        raise UsageError("an item is for a node or a pool, not both")
    if node:
        return "node", node_named(node).name
    if pool:
        return "pool", pool_named(pool).name
    return "all", ""


def _kind(name: str) -> str:
    if name not in KINDS:
        raise UsageError(f"unknown configuration kind {name!r}: one of {', '.join(KINDS)}")
    return name


def _where(scope: str, target: str) -> str:
    return "all nodes" if scope == "all" else f"{scope} {target}"


def set_item(
    session: Session,
    kind: str,
    key: str,
    value: str,
    node: str | None = None,
    pool: str | None = None,
) -> m.ConfigItem:
    """Record a value for all nodes, a pool's nodes or one node, audited; the item."""
    session.require_writable(f"set {kind} {key}")
    checker = KINDS[_kind(kind)]
    try:
        key, value = checker.check(key, value)
    except InvalidName as exc:
        raise UsageError(str(exc)) from None
    scope, target = _scope(node, pool)
    with transaction():
        item, made = m.ConfigItem.get_or_create(
            kind=kind,
            key=key,
            scope=scope,
            target=target,
            defaults={"value": value, "changed_by": session.operator},
        )
        if not made:
            item.value, item.changed_by = value, session.operator
            item.changed = datetime.now()
            item.save()
        audit(session, "config set", scope, target or "all", f"{kind} {key} = {value}")
    return item


def unset_item(
    session: Session, kind: str, key: str, node: str | None = None, pool: str | None = None
) -> None:
    """Remove the item of that kind and key at that scope, audited."""
    session.require_writable(f"unset {kind} {key}")
    scope, target = _scope(node, pool)
    with transaction():
        gone = (
            m.ConfigItem.delete()
            .where(
                (m.ConfigItem.kind == _kind(kind))
                & (m.ConfigItem.key == key)
                & (m.ConfigItem.scope == scope)
                & (m.ConfigItem.target == target)
            )
            .execute()
        )
        if not gone:
            raise NotFound(f"no {kind} item '{shown(key)}' for {_where(scope, target)}")
        audit(session, "config unset", scope, target or "all", f"{kind} {key}")


def effective(node: m.Node) -> NodeConfig:
    """Every item in effect for the node, in the kinds' order, then by key."""
    pool = node.pool.name if node.pool is not None else None
    rank = {("node", node.name): 0, ("pool", pool): 1, ("all", ""): 2}
    best: dict[tuple[str, str], m.ConfigItem] = {}
    for item in m.ConfigItem.select():
        place = rank.get((item.scope, item.target))
        if place is None:
            continue
        held = best.get((item.kind, item.key))
        if held is None or place < rank[(held.scope, held.target)]:
            best[(item.kind, item.key)] = item
    order = list(KINDS)
    known = (item for item in best.values() if item.kind in KINDS)
    items = sorted(known, key=lambda i: (order.index(i.kind), i.key))
    return NodeConfig(
        node.name,
        node.os_version,
        tuple(Effective(i.kind, i.key, i.value, i.scope, i.target) for i in items),
    )
