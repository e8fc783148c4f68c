"""Patch targets (F-PAT): nodes x patch sets, one row per node of a target with its
status; beside it, the set's patches and which the node already has."""

from __future__ import annotations

from screens.resource import ResourceScreen
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.patches import (
    EMPTY_LINE,
    no_targets_explained,
    patch_target_detail,
    patch_target_rows,
)
from vdcftui.widgets.resource_table import Column, Row


class PatchTargetsScreen(ResourceScreen):
    """Every node of every patch target; when there is none, what a patch target is."""

    VIEW = "patches"
    NOUN = "patch targets"
    COLUMNS = (
        Column("Target", "target"),
        Column("Patch set", "patch_set"),
        Column("Node", "node"),
        Column("Status", "status", styled=True),
        Column("Has", "has"),
        Column("Updated", "updated"),
    )

    def empty_message(self) -> str:
        """As every view; an empty unfiltered table says there is no patch target yet."""
        if self.loaded and not self.table.filter_text:
            return EMPTY_LINE
        return super().empty_message()

    def load_rows(self) -> list[Row]:
        """One row per node of every patch target."""
        return patch_target_rows()

    def load_detail(self, key: str) -> list[Section]:
        """The target's status on the node and the set's patches, installed or missing."""
        return patch_target_detail(key)

    def nothing_selected(self) -> list[Section]:
        """What a patch target is, while none exists."""
        if self.loaded and self.table.total_count == 0:
            return no_targets_explained()
        return super().nothing_selected()
