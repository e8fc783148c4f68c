"""ResourceTable driven with Textual's Pilot in a tiny app."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from vdcftui.widgets.resource_table import Column, ResourceTable, Row

COLUMNS = [
    Column("NAME", "name"),
    Column("STATE", "state", styled=True),
    Column("CPU", "cpu", numeric=True),
    Column("NOTE", "note", width=8),
]

ROWS: list[Row] = [
    ("web01", ("web01", "running", 4, "frontend")),
    ("db01", ("db01", "installed", 16, None)),
    ("App02", ("App02", "failed", None, "a very long note")),
    ("cache01", ("cache01", "running", 2, "-")),
    ("web02", ("web02", "down", 8, "frontend")),
]


class TableApp(App[None]):
    """One ResourceTable, recording the messages it posts."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows
        self.highlighted: list[str] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield ResourceTable(COLUMNS, id="table")

    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.set_rows(self.rows)
        table.focus()

    def on_resource_table_highlighted(self, message: ResourceTable.Highlighted) -> None:
        self.highlighted.append(message.key)

    def on_resource_table_selected(self, message: ResourceTable.Selected) -> None:
        self.selected.append(message.key)


def line(table: ResourceTable, y: int) -> str:
    """The text of line `y` as painted."""
    return "".join(segment.text for segment in table.render_line(y)).rstrip()


async def test_filter_narrows_rows_and_counts():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.set_filter("WEB")
        await pilot.pause()
        assert table.shown_keys() == ["web01", "web02"]
        assert (table.shown_count, table.total_count, table.filter_text) == (2, 5, "WEB")
        assert line(table, 1).split()[0] == "web01"
        table.set_filter("frontend|app")
        assert table.shown_keys() == ["web01", "App02", "web02"]
        table.set_filter("")
        assert table.shown_count == 5


async def test_sort_numeric_both_directions_missing_last():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.sort_by("cpu")
        await pilot.pause()
        assert table.shown_keys() == ["cache01", "web01", "web02", "db01", "App02"]
        assert "CPU ▲" in line(table, 0)
        table.sort_by("cpu")
        await pilot.pause()
        assert (table.sort_key, table.sort_reverse) == ("cpu", True)
        assert table.shown_keys() == ["db01", "web02", "web01", "cache01", "App02"]
        assert "CPU ▼" in line(table, 0)


async def test_sort_text_both_directions_missing_last():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)):
        table = app.query_one(ResourceTable)
        table.sort_by("name", reverse=False)
        assert table.shown_keys() == ["App02", "cache01", "db01", "web01", "web02"]
        table.sort_by("note", reverse=True)
        assert table.shown_keys()[:3] == ["web01", "web02", "App02"]
        assert set(table.shown_keys()[3:]) == {"db01", "cache01"}
        table.sort_by("note", reverse=False)
        assert table.shown_keys()[:3] == ["App02", "web01", "web02"]


async def test_cursor_keeps_its_key_across_set_rows():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j", "j")
        assert table.cursor_key == "App02"
        table.set_rows([ROWS[4], ROWS[2], ROWS[0]])
        await pilot.pause()
        assert table.cursor_key == "App02"
        assert table.shown_keys().index("App02") == 1
        table.set_rows([ROWS[4], ROWS[0]])
        assert table.cursor_key == "web01"
        assert table.row_cells("web01") == ROWS[0][1]


async def test_keys_move_highlight_and_enter_selects():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("down", "j", "G")
        await pilot.pause()
        assert app.highlighted == ["web01", "db01", "App02", "web02"]
        await pilot.press("g", "enter")
        await pilot.pause()
        assert app.selected == ["web01"]
        table.set_filter("db")
        await pilot.pause()
        assert app.highlighted[-1] == "db01"
        assert table.move_to_key("web01") is False
        table.set_filter("")
        assert table.move_to_key("web02") is True
        await pilot.pause()
        assert app.highlighted[-1] == "web02"


async def test_cursor_scrolls_into_view_with_fixed_header():
    rows: list[Row] = [(f"vs{n:03}", (f"vs{n:03}", "running", n, None)) for n in range(200)]
    app = TableApp(rows)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key == "vs199"
        assert line(table, 0).split()[0] == "NAME"
        assert line(table, table.scrollable_content_region.height - 1).startswith(" vs199")
        await pilot.press("home", "pagedown")
        assert table.cursor_key == f"vs{table.scrollable_content_region.height - 1:03}"


async def test_header_click_sorts_and_row_click_moves_cursor():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        assert await pilot.click(ResourceTable, offset=(2, 0))
        assert (table.sort_key, table.sort_reverse) == ("name", False)
        assert await pilot.click(ResourceTable, offset=(2, 0))
        assert (table.sort_key, table.sort_reverse) == ("name", True)
        state_x = line(table, 0).index("STATE")
        assert await pilot.click(ResourceTable, offset=(state_x, 0))
        assert table.sort_key == "state"
        assert await pilot.click(ResourceTable, offset=(2, 3))
        assert table.cursor_key == table.shown_keys()[2]
        assert app.selected == []
        assert await pilot.double_click(ResourceTable, offset=(2, 4))
        await pilot.pause()
        assert app.selected == [table.shown_keys()[3]]


async def test_sort_keys_cycle_and_reverse():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("s")
        assert (table.sort_key, table.sort_reverse) == ("name", False)
        await pilot.press("s", "S")
        assert (table.sort_key, table.sort_reverse) == ("state", True)
        assert table.shown_keys()[0] == "web01"


async def test_cells_missing_truncated_and_state_styled():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j")
        assert line(table, 2).split()[-1] == "-"
        assert line(table, 3).endswith("a very …")
        running = next(s for s in table.render_line(4) if s.text.strip() == "running")
        failed = next(s for s in table.render_line(3) if s.text.strip() == "failed")
        assert running.style.color != failed.style.color
        assert (
            running.style.color
            == table.get_component_rich_style("resource-table--value-running", partial=True).color
        )


async def test_empty_text_shows():
    app = TableApp(ROWS)
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.empty_text = "no vServers match 'xyz'"
        table.set_filter("xyz")
        await pilot.pause()
        assert table.shown_count == 0
        assert table.cursor_key is None
        assert line(table, 1) == " no vServers match 'xyz'"
        await pilot.press("enter")
        assert app.selected == []


def test_rows_must_have_one_cell_per_column():
    table = ResourceTable(COLUMNS)
    with pytest.raises(ValueError, match="4 cells"):
        table.set_rows([("web01", ("web01", "running"))])
    with pytest.raises(KeyError):
        table.sort_by("nope")
