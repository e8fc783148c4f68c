"""Keys typed ahead land where they would if typed slowly, while the repository takes
300 ms a query; host text (a node model full of escape sequences, a name that looks
like markup) is shown escaped and literal in the console and on the NOC wall."""

from __future__ import annotations

from textual.widgets import Input, Label

from screens.noc.dashboard import LineList
from screens.nodes import NodesScreen
from screens.resource import ResourceScreen
from screens.vservers import VServersScreen
from tests.helpers import burst
from tests.helpers import pilot_until as until
from vdcftui.app import VdcfApp
from vdcftui.noc_app import NocApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.widgets.detail_pane import DetailPane

SIZE = (80, 24)
MODEL = "T7\x1b]0;MODEL-TITLE\x07\x1b[2J"
ESCAPED = "T7\\e]0;MODEL-TITLE\\x07\\e[2J"


def title(app) -> str:
    return str(app.screen.query_one("#title", Label).render())


def filtered(app, view: type[ResourceScreen], text: str, keys: list[str]):
    """The condition: the view in front, loaded, filtered by ``text`` to ``keys``."""

    def condition() -> bool:
        screen = app.screen
        return (
            isinstance(screen, view)
            and screen.loaded
            and app.keys_pending == 0
            and screen.query_one("#filter", Input).value == text
            and screen.table.shown_keys() == keys
        )

    return condition


async def test_a_burst_at_start_lands_in_the_filter_of_the_view_it_opens(slow_repo):
    app = VdcfApp(site="test", session=Session("alice"), start_view="vservers")
    async with app.run_test(size=SIZE) as pilot:
        burst(app, ":vservers", "enter", "/app01")  # before the first rows are read
        await until(pilot, filtered(app, VServersScreen, "app01", ["app01"]))
        assert title(app) == "vServers (1 of 11)  /app01"
        assert not app.screen.query("CommandPrompt")


async def test_escape_then_a_jump_and_a_filter_while_queries_are_slow(slow_repo):
    app = VdcfApp(site="test", session=Session("alice"), start_view="vservers")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, VServersScreen) and app.screen.loaded)
        app.refresh_view()  # a read in flight while the keys come
        burst(app, "/web", "escape", ":nodes", "enter", "/node02")
        await until(pilot, filtered(app, NodesScreen, "node02", ["node02"]))
        assert len(app.screen_stack) == 2  # the jump replaced the view, no prompt left


async def test_text_typed_into_an_input_is_text_not_a_key(slow_repo):
    app = VdcfApp(site="test", session=Session("alice"), start_view="vservers")
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "/b:q-")  # b boots, : opens the prompt, q quits, - goes back: not here
        await until(pilot, filtered(app, VServersScreen, "b:q-", []))
        assert app.is_running and len(app.screen_stack) == 2


def weird_nodes() -> None:
    """node03 (unreachable) reports a model full of escape sequences; a node down is
    called `[b]x`, which markup would render as a bold x."""
    m.Node.update(model=MODEL).where(m.Node.name == "node03").execute()
    pool = m.ComputePool.get(m.ComputePool.name == "pool-b")
    m.Node.create(name="[b]x", kind="physical", pool=pool, state="down", model="[i]M")


def rendered_lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_host_text_is_escaped_and_literal_in_the_nodes_view(console_repo):
    weird_nodes()
    app = VdcfApp(site="test", session=Session("alice"), start_view="nodes")
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NodesScreen) and app.screen.loaded)
        table = app.screen.table
        lines = "\n".join(rendered_lines(table))
        assert ESCAPED in lines and "\x1b" not in lines and "\x07" not in lines
        assert "[b]x" in lines and "[i]M" in lines
        table.move_to_key("node03")
        await until(pilot, lambda: "node03" in app.screen.query_one(DetailPane).plain_text)
        detail = app.screen.query_one(DetailPane).plain_text
        assert ESCAPED in detail and "\x1b" not in detail
        burst(app, "/[b]")
        await until(pilot, lambda: table.shown_keys() == ["[b]x"])
        assert "/[b]" in title(app)


async def test_host_text_is_escaped_and_literal_on_the_noc_wall(console_repo):
    weird_nodes()
    app = NocApp(operator="noc", cycle=0, start="nodes", show_clock=False)
    async with app.run_test(size=(160, 50)) as pilot:
        lines = app.screen.query_one("#node-lines", LineList)
        await until(pilot, lambda: len(lines.query(Label)) == 3)
        shown = [str(label.render()) for label in lines.query(Label)]
        model_line = next(line for line in shown if line.startswith("node03"))
        assert ESCAPED in model_line and "\x1b" not in model_line
        assert any(line.startswith("[b]x ([i]M)") for line in shown)
