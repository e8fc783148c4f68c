"""Benchmark: how fast the console takes keys while every repository query takes 300 ms
(a PostgreSQL server across a slow network, played by a real SQLite file whose
queries sleep first).

Run by hand: ``cd tests/perf && ../../.venv/bin/python bench_keys.py``.
Each round reads the view again (so queries are in flight) and then types
`:nodes⏎/node0` or `:vservers⏎/web`, one key at a time as a terminal delivers them;
for every key it prints the time from the key's arrival to its effect on the UI thread:
the prompt focused (`:`), a character in the prompt or the filter, the view switched
(Enter), the filter focused (`/`). Target: every key under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_console import fill
from peewee import SqliteDatabase
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from screens.resource import ResourceScreen
from vdcftui.app import VdcfApp
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.database import SQLITE_PRAGMAS, open_repository

QUERY_SECONDS = 0.3
ROUNDS = (("nodes", "node0"), ("vservers", "web"))


class SlowSqliteDatabase(SqliteDatabase):
    """A real SQLite repository whose every query takes QUERY_SECONDS first."""

    def execute_sql(self, sql, params=None):
        time.sleep(QUERY_SECONDS)
        return super().execute_sql(sql, params)


async def took(app: VdcfApp, key: str, char: str, effect: Callable[[], bool]) -> float:
    """Seconds from posting ``key`` to ``effect()`` holding on the UI thread."""
    start = time.perf_counter()
    app.post_message(events.Key(key, char))
    while not effect():
        assert time.perf_counter() - start < 10, f"no effect of {key!r}"
        await asyncio.sleep(0)
    return time.perf_counter() - start


def field(app: VdcfApp, selector: str) -> Input | None:
    found = app.screen.query(selector)
    return found.first(Input) if found else None


async def type_round(app: VdcfApp, view: str, text: str, figures: dict[str, list[float]]) -> None:
    """`:VIEW⏎/TEXT`, every key timed."""
    figures[":"].append(
        await took(
            app, "colon", ":", lambda: (f := field(app, "#command")) is not None and f.has_focus
        )
    )
    for n, char in enumerate(view, 1):
        figures["text"].append(
            await took(app, char, char, lambda n=n: field(app, "#command").value == view[:n])
        )
    figures["enter"].append(
        await took(
            app,
            "enter",
            "\r",
            lambda: isinstance(app.screen, ResourceScreen) and view == app.screen.VIEW,
        )
    )
    figures["/"].append(
        await took(
            app, "slash", "/", lambda: (f := field(app, "#filter")) is not None and f.has_focus
        )
    )
    for n, char in enumerate(text, 1):
        key = _character_to_key(char)
        figures["text"].append(
            await took(app, key, char, lambda n=n: field(app, "#filter").value == text[:n])
        )


async def measure(nodes: int, vservers: int, rounds: int) -> None:
    """Build the repository, slow it down, type, print the figures."""
    workdir = Path(tempfile.mkdtemp(prefix="vdcftui-bench-keys-"))
    open_repository(workdir / "repo.db")
    fill(nodes, vservers)
    slow = SlowSqliteDatabase(
        str(workdir / "repo.db"), pragmas=SQLITE_PRAGMAS, check_same_thread=False
    )
    m.database_proxy.initialize(slow)
    print(
        f"repository            {nodes} nodes, {vservers} vServers, {QUERY_SECONDS:.1f} s a query"
    )
    figures: dict[str, list[float]] = {":": [], "text": [], "enter": [], "/": []}
    app = VdcfApp(site="bench", session=Session("bench", readonly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        first = time.perf_counter()
        while not (isinstance(app.screen, ResourceScreen) and app.screen.loaded):
            await pilot.pause(0.01)
        print(f"first rows in         {time.perf_counter() - first:.2f} s (slow queries)")
        for number in range(rounds):
            view, text = ROUNDS[number % len(ROUNDS)]
            app.refresh_view()  # the view reads again: queries in flight while typing
            await type_round(app, view, text, figures)
            await pilot.press("escape")
    every = [value for values in figures.values() for value in values]
    for name, values in figures.items():
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        print(f"key {name:<6} {len(values):4d} keys  median {median:.1f} ms  worst {worst:.1f} ms")
    print(f"all keys   {len(every):4d} keys  worst {max(every) * 1000:6.1f} ms")


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--vservers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(measure(args.nodes, args.vservers, args.rounds))


if __name__ == "__main__":
    main()
