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
from vdcftui.widgets.detail_pane import DetailPane
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

    def on_mount(self) -> None:
        """As every view; an empty unfiltered table says there is no patch target yet."""
        super().on_mount()
        self.watch(self.table, "empty_text", self._explain_empty)

    def _explain_empty(self, _: str) -> None:
        if not self.table.filter_text:
            self.table.empty_text = EMPTY_LINE

    def load_rows(self) -> list[Row]:
        """One row per node of every patch target."""
        return patch_target_rows()

    def load_detail(self, key: str) -> list[Section]:
        """The target's status on the node and the set's patches, installed or missing."""
        return patch_target_detail(key)

    def _show_detail(self, key: str | None) -> None:
        """Details of the selection, or what a patch target is while none exists."""
        if key is None and self.table.total_count == 0:
            self.query_one(DetailPane).show(no_targets_explained())
        else:
            super()._show_detail(key)
