"""The first console screen, driven with Textual's Pilot over a real repository file."""

from __future__ import annotations

from textual.widgets import DataTable, Label

from vdcftui.app import VdcfApp
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository


def _fill(path) -> None:
    open_repository(path)
    pool = m.ComputePool.create(name="pool-a")
    node = m.Node.create(name="node01", kind="cdom", pool=pool, state="up", model="SPARC T7-1",
                         os_version="11.4", cpu_threads=256, memory_mb=524288)
    m.Node.create(name="node02", kind="physical", state="unreachable")
    web = m.VServer.create(name="web01", node=node, state="running", brand="solaris",
                           ip_type="exclusive")
    m.Dataset.create(name="web01_pool", vserver=web, node=node)
    m.VServer.create(name="db01", node=node, state="installed", brand="solaris10")


async def test_overview_lists_nodes_and_vservers_with_counts(tmp_path):
    _fill(tmp_path / "repo.db")
    app = VdcfApp(site="lab")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        nodes = app.screen.query_one("#nodes", DataTable)
        vservers = app.screen.query_one("#vservers", DataTable)
        assert nodes.row_count == 2
        assert vservers.row_count == 2
        assert str(app.screen.query_one("#nodes-title", Label).render()) == "Nodes (2)"
        assert vservers.get_row("web01")[:4] == ["web01", "node01", "running", "solaris"]
        assert vservers.get_row("web01")[5] == "web01_pool"
        assert nodes.get_row("node01")[8] == 2
        assert app.sub_title == "lab [RW]"
        await pilot.press("q")
    assert app.return_code == 0
    close_repository()
