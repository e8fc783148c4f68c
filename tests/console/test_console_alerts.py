"""The Alerts view, driven with Pilot over a real repository file: open alerts before
cleared ones, every field in the details, host text escaped, and `a` acknowledging
the selected alert with a note (audited), typed ahead or not, refused read-only."""

from __future__ import annotations

from textual.widgets import Label
from textual.widgets._key_panel import BindingsTable

from screens.alerts import AlertsScreen
from screens.text_prompt import TextPrompt
from tests.helpers import burst
from tests.helpers import pilot_until as until
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.widgets.detail_pane import DetailPane

SIZE = (160, 50)


def _app(session: Session, view: str = "alerts") -> VdcfApp:
    return VdcfApp(site="test", session=session, start_view=view)


def _loaded(app: VdcfApp) -> bool:
    return isinstance(app.screen, AlertsScreen) and app.screen.loaded


def _messages(app: VdcfApp) -> list[str]:
    return [n.message for n in app._notifications]


def _detail(app: VdcfApp) -> str:
    return app.screen.query_one(DetailPane).plain_text


def _audited() -> list[tuple[str, str, str]]:
    query = m.AuditRecord.select(
        m.AuditRecord.operator, m.AuditRecord.object_name, m.AuditRecord.detail
    ).where(m.AuditRecord.action == "acknowledge alert")
    return list(query.order_by(m.AuditRecord.id).tuples())


async def test_open_alerts_then_cleared_with_every_field_and_the_keys(alerts_repo):
    app = _app(Session("alice"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _loaded(app))
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        table = screen.table
        assert table.shown_keys() == ["2", "1", "3"]  # critical, warning, then cleared
        assert str(screen.query_one("#title", Label).render()) == "alerts (3)"
        assert [table.row_cells(key)[1:3] for key in ("2", "1", "3")] == [
            ("critical", "open"),
            ("warning", "acknowledged"),
            ("critical", "cleared"),
        ]
        assert table.row_cells("1")[7] == "carol"
        lines = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert "\x1b" not in lines and str(table.row_cells("2")[5]).endswith("maintenance\\e[2J")
        await until(pilot, lambda: "alert 2: critical node node02" in _detail(app))
        assert "maintenance\\e[2J" in _detail(app) and "\x1b" not in _detail(app)
        table.move_to_key("3")
        await until(pilot, lambda: "fmadm faulty shows it no more" in _detail(app))
        assert "2025-03-04 09:00:00" in _detail(app)  # cleared when, and why
        table.move_to_key("1")
        await until(pilot, lambda: "looking into the batch run" in _detail(app))
        detail = _detail(app)
        assert "carol" in detail and "2025-03-04 10:05:00" in detail
        assert "threshold:node:node01:cpu" in detail and "raise notified" in detail
        await pilot.press("question_mark")
        await until(pilot, lambda: screen.query(BindingsTable))
        keys = screen.query_one(BindingsTable).render_bindings_table()
        assert str(keys.columns[1]._cells[0]) == "Acknowledge"


async def test_a_typed_right_after_jumping_acknowledges_with_a_note(alerts_repo, slow_repo):
    app = _app(Session("alice"), view="vservers")
    async with app.run_test(size=SIZE) as pilot:
        burst(app, ":alerts", "enter", "a")  # before the alerts are read
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        assert "acknowledge alert 2 (critical node node02" in str(
            app.screen.query_one(Label).render()
        )
        burst(app, "ssh restarted by hand", "enter")
        await until(pilot, lambda: "alert 2 acknowledged by alice" in _messages(app))
        alert = m.AlertRecord.get_by_id(2)
        assert alert.ack_note == "ssh restarted by hand" and alert.acked_at is not None
        assert _audited()[-1][:2] == ("alice", "node02")
        assert "note: ssh restarted by hand" in _audited()[-1][2]
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        await until(pilot, lambda: screen.table.row_cells("2")[7] == "alice")
        # taken on already: said, not asked again
        await pilot.press("a")
        await until(pilot, lambda: "alert 2 is already acknowledged by alice" in _messages(app))
        assert app.screen is screen and len(_audited()) == 2  # carol's and alice's


async def test_readonly_is_refused_and_nothing_changes(alerts_repo):
    app = _app(Session("noc", readonly=True))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _loaded(app))
        await pilot.press("a")
        refusal = "refused: acknowledge alert 2: this session is read-only"
        await until(pilot, lambda: refusal in _messages(app))
        assert isinstance(app.screen, AlertsScreen)  # no note asked
    alert = m.AlertRecord.get_by_id(2)
    assert (alert.acked_by, alert.acked_at, alert.ack_note) == (None, None, None)
    assert [operator for operator, _, _ in _audited()] == ["carol"]


async def test_a_cleared_alert_is_not_acknowledged_and_esc_cancels(alerts_repo):
    app = _app(Session("alice"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _loaded(app))
        app.screen.table.move_to_key("3")
        await pilot.press("a")
        await until(pilot, lambda: "alert 3 is cleared: nothing to acknowledge" in _messages(app))
        app.screen.table.move_to_key("2")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"oops", "escape")
        await until(pilot, lambda: "alert 2: not acknowledged" in _messages(app))
    assert m.AlertRecord.get_by_id(2).acked_by is None
    assert m.AlertRecord.get_by_id(3).acked_by is None
