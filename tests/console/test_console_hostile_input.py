"""A hostile name typed into the console's `:` command line: the notification names the
field with the value shown escaped, and nothing in the repository changes."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from tests.helpers import pilot_until
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m

SIZE = (160, 50)


def _snapshot() -> list[list[tuple]]:
    return [
        sorted(model.select().tuples())
        for model in (m.VServer, m.Node, m.Dataset, m.Job, m.AuditRecord, m.Lock)
    ]


def _messages(app: VdcfApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("typed", ["vserver $(reboot)", "vserver web01;reboot"])
async def test_hostile_vserver_name_in_the_command_line_changes_nothing(console_repo, typed):
    before = _snapshot()
    app = VdcfApp(session=Session("alice"), repo_location=str(console_repo))
    name = typed.partition(" ")[2]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *typed, "enter")
        help_line = app.screen.query_one("#command-help", Label)
        await pilot_until(pilot, lambda: help_line.has_class("refused"))
        message = str(help_line.render())
        # the field is named (the vServer, or the zone name it failed as), value quoted
        assert "vServer" in message or "zone name" in message, message
        assert f"'{name}'" in message
        assert "\x1b" not in message
        await pilot.press("escape")
    assert _snapshot() == before
