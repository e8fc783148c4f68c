"""The views the `:` command line jumps to, with their short names (k9s style)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class View:
    """A view: its name, other names it answers to, and where its screen class lives."""

    name: str
    aliases: tuple[str, ...]
    screen: str
    description: str

    def create(self, **kwargs: object) -> Screen:
        """A new screen of this view."""
        module, _, cls = self.screen.partition(":")
        return getattr(importlib.import_module(module), cls)(**kwargs)


VIEWS: tuple[View, ...] = (
    View(
        "pools",
        ("pool", "po"),
        "screens.nodes:PoolsScreen",
        "compute pools and their nodes",
    ),
    View(
        "nodes",
        ("node", "no"),
        "screens.nodes:NodesScreen",
        "nodes: capacity, OS, SC, state",
    ),
    View("gdoms", ("gdom", "gd", "ldoms"), "screens.gdoms:GDomsScreen", "guest domains"),
    View(
        "vservers",
        ("vserver", "vs", "zones"),
        "screens.vservers:VServersScreen",
        "vServers (zones)",
    ),
    View(
        "jobs",
        ("job", "jo"),
        "screens.jobs:JobsScreen",
        "jobs: plans, steps and their output",
    ),
    View(
        "audit",
        ("au",),
        "screens.audit:AuditScreen",
        "the audit trail: who did what to which object",
    ),
    View(
        "patches",
        ("patch", "pt"),
        "screens.patches:PatchTargetsScreen",
        "patch targets: nodes x patch sets",
    ),
    View(
        "graphs",
        ("graph", "mon", "monitor"),
        "screens.graphs:GraphsScreen",
        "CPU and memory graphs of pools, nodes and vServers",
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
