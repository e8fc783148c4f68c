"""The views the `:` command line jumps to, with their short names (k9s style)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from textual.screen import Screen

from vdcftui.repo import models as m

T = TypeVar("T")


def _loader(path: str) -> Callable[[], Sequence[tuple[object, ...]]]:
    module, _, function = path.partition(":")
    loader: Callable[[], Sequence[tuple[object, ...]]] = getattr(
        importlib.import_module(module), function
    )
    return loader


def read_repository(read: Callable[[], T]) -> T:
    """``read()`` on a worker thread, its connection to the repository closed after
    (each thread has its own; a pool thread may not come back)."""
    try:
        return read()
    finally:
        db = m.database_proxy.obj
        if db is not None:
            db.close()


@dataclass(frozen=True)
class View:
    """A view: its name, other names it answers to, and where its screen class lives."""

    name: str
    aliases: tuple[str, ...]
    screen: str
    description: str
    rows: str
    """Where the function listing the view's objects lives (their names first)."""
    noun: str = ""
    """What one of its rows is, when not the view's name less its plural s."""
    jumps_to_rows: bool = True
    """Whether `:VIEW NAME` names one of its rows (the jobs view takes a job or the
    object whose jobs to show, the audit view a record)."""

    def create(self, **kwargs: object) -> Screen:
        """A new screen of this view."""
        module, _, cls = self.screen.partition(":")
        screen: Screen = getattr(importlib.import_module(module), cls)(**kwargs)
        return screen

    def keys(self) -> list[str]:
        """The names of the view's objects (reads the repository: call it in a thread)."""
        return read_repository(lambda: [str(row[0]) for row in _loader(self.rows)()])


def short_name(key: str) -> str:
    """The plain name of a row key: a GDom `cdom01/gdom02` is `gdom02`."""
    return key.rpartition("/")[2]


def resolve_key(name: str, keys: Sequence[str]) -> str | list[str]:
    """The key a typed name means: the key itself, `CDOM:NAME` (as the CLI says it) or
    a plain name that one key ends in. Otherwise the keys it could mean (several: an
    ambiguous name; none: no such object)."""
    wanted = name.replace(":", "/")
    if wanted in keys:
        return wanted
    matches = [key for key in keys if short_name(key) == wanted]
    return matches[0] if len(matches) == 1 else matches


def completions(keys: Sequence[str]) -> list[str]:
    """What the prompt completes a name to: each key, and the plain name of a key when
    no other key shares it."""
    plain = [short_name(key) for key in keys]
    unique = [name for name in plain if plain.count(name) == 1 and name not in keys]
    return [*keys, *unique]


VIEWS: tuple[View, ...] = (
    View(
        "pools",
        ("pool", "po"),
        "screens.nodes:PoolsScreen",
        "compute pools and their nodes",
        "vdcftui.readmodel.nodes:pool_rows",
    ),
    View(
        "nodes",
        ("node", "no"),
        "screens.nodes:NodesScreen",
        "nodes: capacity, OS, SC, state",
        "vdcftui.readmodel.nodes:node_rows",
    ),
    View(
        "gdoms",
        ("gdom", "gd", "ldoms"),
        "screens.gdoms:GDomsScreen",
        "guest domains",
        "vdcftui.readmodel.gdoms:gdom_rows",
        noun="GDom",
    ),
    View(
        "vservers",
        ("vserver", "vs", "zones"),
        "screens.vservers:VServersScreen",
        "vServers (zones)",
        "vdcftui.readmodel.vservers:vserver_rows",
        noun="vServer",
    ),
    View(
        "jobs",
        ("job", "jo"),
        "screens.jobs:JobsScreen",
        "jobs: plans, steps and their output",
        "vdcftui.readmodel.jobs:job_rows",
        jumps_to_rows=False,
    ),
    View(
        "audit",
        ("au",),
        "screens.audit:AuditScreen",
        "the audit trail: who did what to which object",
        "vdcftui.readmodel.audit:audit_rows",
        jumps_to_rows=False,
    ),
    View(
        "alerts",
        ("alert", "al"),
        "screens.alerts:AlertsScreen",
        "alerts: open, acknowledged and recently cleared",
        "vdcftui.readmodel.alert_log:alert_rows",
    ),
    View(
        "patches",
        ("patch", "pt"),
        "screens.patches:PatchTargetsScreen",
        "patch targets: nodes x patch sets",
        "vdcftui.readmodel.patches:patch_target_rows",
        noun="patch target",
    ),
    View(
        "graphs",
        ("graph", "mon", "monitor"),
        "screens.graphs:GraphsScreen",
        "CPU and memory graphs of pools, nodes and vServers",
        "screens.views:graph_names",
        noun="node, vServer or pool",
    ),
)


def find_view(word: str) -> View | None:
    """The view a word names (its name, an alias, or an unambiguous prefix of a name)."""
    word = word.lower()
    for view in VIEWS:
        if word == view.name or word in view.aliases:
            return view
    matches = [view for view in VIEWS if view.name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def graph_names() -> list[tuple[str]]:
    """The objects that have graphs, as one-cell rows (their names)."""
    from vdcftui.readmodel.metrics import graph_objects

    return [(name,) for _, name in graph_objects()]
