"""The console's views, driven with Textual's Pilot over a real repository file:
counts, details, filter as you type, the `:` command line, drill-down and back,
and live updates from another process's writes."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input, Label
from textual.widgets._key_panel import BindingsTable

from screens.gdoms import GDomsScreen
from screens.nodes import NodesScreen, PoolsScreen
from screens.resource import ResourceScreen
from screens.vservers import VServersScreen
from tests.helpers import pilot_until as _wait_for
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.widgets.detail_pane import DetailPane

SIZE = (160, 50)


def _app(view: str = "vservers") -> VdcfApp:
    return VdcfApp(site="test", session=Session("alice"), start_view=view)


def _title(app: VdcfApp) -> str:
    return str(app.screen.query_one("#title", Label).render())


def _detail(app: VdcfApp) -> str:
    return app.screen.query_one(DetailPane).plain_text


async def test_vservers_view_counts_and_details(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, VServersScreen)
        assert _title(app) == "vServers (11)"
        app.screen.table.move_to_key("web01")
        await pilot.pause()
        detail = _detail(app)
        assert "node01" in detail and "RAID 1" in detail and "2.0G of 20.0G (10%)" in detail
        assert "600A0B800011382800000A0B84B10001" in detail
        assert "10.1.0.11/24" in detail and "public over net0" in detail
        assert "db01" in detail  # depends on
        assert "add /data2" in detail  # pending change
        assert app.screen.table.row_cells("app01")[8] == "job 1 migrate by alice"
        assert app.sub_title == "test [RW alice]"


async def test_filter_as_you_type_then_escape(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "m", "a", "i", "l", "0", "3")
        await pilot.pause()
        assert app.screen.table.shown_keys() == ["mail03"]
        assert _title(app) == "vServers (1 of 11)  /mail03"
        assert "mail03" in _detail(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.table.shown_count == 8
        await pilot.press("enter")
        assert app.screen.table.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.table.shown_count == 11
        assert app.screen.query_one("#filter", Input).has_class("hidden")


async def test_filter_that_matches_nothing_says_so(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert app.screen.table.shown_count == 0
        assert app.screen.table.empty_text == "no vServers match 'zzz'"


async def test_command_line_jumps_to_a_view_and_an_object(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"node node02", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        assert app.screen.selected_key() == "node02"
        assert "node02" in _detail(app)
        await pilot.press("colon", *"gd", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GDomsScreen)
        await pilot.press("colon", *"nosuchview", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GDomsScreen)
        assert any("no view 'nosuchview'" in n.message for n in app._notifications)


async def test_command_line_completes_view_and_object_names(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"vse")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        field = app.screen.query_one("#command", Input)
        assert field.value == "vservers"
        await pilot.press(*" we")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, VServersScreen)
        assert app.screen.selected_key() == "web01"


async def test_drill_down_from_pool_to_nodes_to_vservers_and_back(console_repo):
    app = _app("pools")
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, PoolsScreen) and app.screen.loaded)
        assert app.screen.table.row_cells("pool-a")[1:4] == (3, 3, 0)
        assert app.screen.table.row_cells("pool-b")[1:4] == (2, 0, 2)
        app.screen.table.move_to_key("pool-a")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        assert sorted(app.screen.table.shown_keys()) == ["gdom01", "node01", "node02"]
        assert _title(app) == "nodes in pool-a (3)"
        app.screen.table.move_to_key("node01")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VServersScreen)
        assert sorted(app.screen.table.shown_keys()) == ["db01", "web01"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PoolsScreen)


async def test_nodes_show_state_allocation_and_console_route(console_repo):
    app = _app("nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: app.screen.loaded)
        table = app.screen.table
        assert table.row_cells("node03")[3] == "unreachable"
        assert table.row_cells("node04")[3] == "fenced"
        # node01: GDoms 16+8 vCPUs, 48 GB, plus web01's 4 GB cap
        assert table.row_cells("node01")[8] == 24
        assert table.row_cells("node01")[10] == 52.0
        table.move_to_key("node01")
        await pilot.pause()
        detail = _detail(app)
        assert "sc-node01 (ilom, 127.0.1.1)" in detail
        assert "gdom02 (bound" in detail and "web01 (running)" in detail


async def test_gdom_view_opens_its_cdom_and_its_vservers(console_repo):
    app = _app("gdoms")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.table.shown_count == 2
        app.screen.table.move_to_key("node01/gdom02")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GDomsScreen)
        assert any("does not act as a node" in n.message for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        assert app.screen.selected_key() == "node01"


async def test_help_shows_the_keys_of_the_view(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_another_process_change_shows_without_a_key(console_repo):
    """The data-version poll picks up another process's commit with no key pressed."""
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResourceScreen)
        other = sqlite3.connect(console_repo)
        node = other.execute("SELECT id FROM node WHERE name='node02'").fetchone()[0]
        other.execute(
            "INSERT INTO vserver (name, node_id, state, autoboot, priority, "
            "pending_changes) VALUES ('late01', ?, 'running', 0, 0, '[]')",
            (node,),
        )
        other.execute("UPDATE vserver SET state='installed' WHERE name='web01'")
        other.commit()
        other.close()
        await _wait_for(pilot, lambda: "late01" in app.screen.table.shown_keys())
        assert app.screen.table.row_cells("web01")[2] == "installed"
        assert _title(app) == "vServers (12)"


async def test_u_opens_the_selected_objects_graphs_and_escape_comes_back(console_repo):
    from screens.graphs import GraphsScreen

    app = _app("nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: "node02" in app.screen.table.shown_keys())
        app.screen.table.move_to_key("node02")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, GraphsScreen)
        assert app.screen.initial_name == "node02"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        assert app.screen.selected_key() == "node02"


async def test_jump_to_a_scoped_jobs_view_gives_no_false_warning(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"jobs app01", "enter")
        await pilot.pause()
        assert app.screen.VIEW == "jobs"
        assert app.screen.table.shown_count == 1
        assert not [n for n in app._notifications if "no jobs" in n.message]


async def test_minus_goes_back_and_a_keymap_rebinds_a_key(console_repo):
    app = VdcfApp(
        site="test",
        session=Session("alice", readonly=True),
        start_view="nodes",
        keymap={"nodes.graphs": "U"},
    )
    async with app.run_test(size=SIZE) as pilot:
        assert app.sub_title == "test [RO alice]"
        await _wait_for(pilot, lambda: "node01" in app.screen.table.shown_keys())
        app.screen.table.move_to_key("node01")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VServersScreen)
        await pilot.press("minus")
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        await pilot.press("u")  # rebound: u does nothing here any more
        await pilot.pause()
        assert isinstance(app.screen, NodesScreen)
        await pilot.press("U")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "GraphsScreen"


async def test_a_gdom_is_reached_by_its_plain_name_or_cdom_colon_name(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        for typed in ("gdom gdom02", "gdoms node01:gdom02", "gd node01/gdom02"):
            await pilot.press("colon", *typed, "enter")
            await _wait_for(
                pilot, lambda: isinstance(app.screen, GDomsScreen) and app.screen.loaded
            )
            assert app.screen.selected_key() == "node01/gdom02", typed
            await pilot.press("colon", *"vservers", "enter")
            await _wait_for(pilot, lambda: isinstance(app.screen, VServersScreen))


async def test_tab_completes_a_gdom_by_its_plain_name(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"gdom gdom0")
        field = app.screen.query_one("#command", Input)
        await _wait_for(pilot, lambda: field._suggestion == "gdom gdom01")
        await pilot.press("tab")
        assert field.value == "gdom gdom01"


async def test_a_failed_jump_keeps_the_prompt_and_moves_no_selection(console_repo):
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, VServersScreen) and app.screen.loaded)
        before = app.screen
        selected = before.selected_key()
        # typed ahead: `b` (boot) right after Enter must not act on any row
        await pilot.press("colon", *"gdom nosuch", "enter", "b")
        help_line = app.screen.query_one("#command-help", Label)
        await _wait_for(pilot, lambda: help_line.has_class("refused"))
        assert str(help_line.render()) == "no GDom named 'nosuch'"
        assert app.screen.query_one("#command", Input).value == "gdom nosuchb"
        await pilot.press("escape")
        await _wait_for(pilot, lambda: app.screen is before)
        assert before.selected_key() == selected
        assert not any("boot" in n.message for n in app._notifications)


async def test_drilling_into_a_node_without_vservers_says_so_not_discover(console_repo):
    app = _app("nodes")
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, NodesScreen) and app.screen.loaded)
        app.screen.table.move_to_key("node04")
        await pilot.press("enter")
        await _wait_for(pilot, lambda: isinstance(app.screen, VServersScreen) and app.screen.loaded)
        assert app.screen.table.shown_count == 0
        assert app.screen.table.empty_text == "no vServers on node04"


async def test_help_at_80x24_lists_the_views_own_keys_first(console_repo):
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, VServersScreen) and app.screen.loaded)
        await pilot.press("question_mark")
        await _wait_for(pilot, lambda: app.screen.query(BindingsTable))
        table = app.screen.query_one(BindingsTable).render_bindings_table()
        descriptions = [str(cell) for cell in table.columns[1]._cells]
        # what fits under the panel's title on a 24-line terminal
        assert descriptions[:4] == ["Boot", "Shutdown", "Reboot", "Migrate"], descriptions
        assert descriptions.index("Take over console") < 20
        # then the keys every view has, the table's movement, and the app's
        assert descriptions.index("Filter") < descriptions.index("Page down")
        assert descriptions.index("Page down") < descriptions.index("Keys")
