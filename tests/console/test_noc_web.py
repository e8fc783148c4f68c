"""`vdcftui noc --web PORT`: textual-serve serves the NOC display to browsers, each
browser session running `vdcftui --repo <repo> noc` on the same repository; and the
command line's refusals (unknown theme or dashboard, --address without --web)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from playwright.sync_api import Page, WebSocket, sync_playwright

from tests.console.page_ink import ink_tiles
from vdcftui.cli import main
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository


def free_port() -> int:
    """A port nothing listens on right now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_page(url: str, deadline: float) -> str:
    """The page at ``url``, retrying while the server is still binding its socket."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except (ConnectionRefusedError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


async def first_screen(url: str, wanted: bytes, seconds: float) -> bytes:
    """What a browser session's display sends until ``wanted`` shows (or time is up)."""
    received = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket_:
        await socket_.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
        async with asyncio.timeout(seconds):
            async for message in socket_:
                received += (
                    message.data
                    if message.type == aiohttp.WSMsgType.BINARY
                    else str(message.data).encode()
                )
                if wanted in received:
                    break
    return received


@pytest.fixture
def repo_file(tmp_path) -> Path:
    """A repository file with one pool, closed again for the server's processes."""
    path = tmp_path / "repo.db"
    open_repository(path)
    m.ComputePool.create(name="pool-web")
    close_repository()
    return path


def start_server(repo: Path, cwd: Path, *options: str) -> tuple[subprocess.Popen[bytes], int]:
    """`vdcftui noc --web PORT [options]` on a free port, once its banner says it
    listens. A port another process took between the choice and the bind (other tests
    bind ports too) is given up for the next free one."""
    for _ in range(5):
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "vdcftui",
                "--repo",
                str(repo),
                "noc",
                *options,
                "--web",
                str(port),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert server.stdout is not None
        banner = ""
        while "Press Ctrl+C" not in banner:
            line = server.stdout.readline().decode()
            if not line:
                break
            banner += line
        if "Press Ctrl+C" in banner:
            assert f"http://127.0.0.1:{port}" in banner
            return server, port
        server.wait(timeout=60)
        assert "address already in use" in banner.lower(), f"server stopped: {banner}"
    raise AssertionError("no free port for the NOC web server in 5 tries")


def test_web_serves_the_noc_page_and_a_session_runs_the_display(repo_file, tmp_path):
    server, port = start_server(repo_file, tmp_path)
    try:
        # deadlines for a busy machine: each waits for its condition, not for the time
        page = fetch_page(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        assert "<div>vdcftui NOC</div>" in page
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        screen = asyncio.run(first_screen(f"http://127.0.0.1:{port}/ws", b"pool-web", 120))
        assert b"[read-only NOC]" in screen and b"pool health" in screen
        assert b"pool-web" in screen  # the pool of this repository
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) is not None
    assert server.returncode == 0


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium (.ci/run installs it); Playwright drives it and downloads none."""
VIEWPORT = {"width": 1400, "height": 900}
CYCLE = 4
"""Seconds a dashboard shows in the browser test (--cycle)."""
BANDS = 4
LEAST_INK = 0.02
"""The share of each quarter of the dashboard area's width, and of its height, that
must be drawn on: big figures reach it, figures in one corner of the page do not."""


def frame_bytes(payload: str | bytes) -> bytes:
    """A websocket frame's bytes (textual-serve sends the terminal's output as binary)."""
    return payload.encode() if isinstance(payload, str) else payload


class Session:
    """A browser page showing a textual-serve session: what its terminal received, and
    its size in cells (the size the page asked for when it opened the websocket)."""

    def __init__(self, page: Page, websocket: WebSocket) -> None:
        self.page = page
        self.websocket = websocket
        self.received = bytearray()
        websocket.on("framereceived", self._receive)
        query = dict(part.split("=") for part in websocket.url.split("?", 1)[1].split("&"))
        self.columns, self.rows = int(query["width"]), int(query["height"])

    def _receive(self, payload: str | bytes) -> None:
        self.received += frame_bytes(payload)

    def wait_for_text(self, text: str, seconds: float) -> None:
        """Until the terminal has received ``text``."""
        wanted = text.encode()
        if wanted in self.received:
            return
        self.websocket.wait_for_event(
            "framereceived",
            predicate=lambda payload: wanted in self.received + frame_bytes(payload),
            timeout=seconds * 1000,
        )

    def dashboard_ink(self) -> tuple[list[float], list[float]]:
        """Ink shares of the dashboard area (the terminal's rows below the header and
        the status line, above the footer) in quarters of its width (left to right) and
        of its height (top to bottom)."""
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        cell = box["height"] / self.rows
        area = (0, round(2 * cell), round(box["width"]), round((self.rows - 1) * cell))
        tiles = ink_tiles(self.page.screenshot(), area, BANDS, BANDS)
        across = [sum(row[band] for row in tiles) / BANDS for band in range(BANDS)]
        down = [sum(row) / BANDS for row in tiles]
        return across, down

    def wait_until_filled(self, seconds: float) -> tuple[list[float], list[float]]:
        """Screenshots until every quarter of the dashboard area's width and height is
        drawn on (the terminal paints a little after it receives); the last shares."""
        deadline = time.monotonic() + seconds
        while True:
            across, down = self.dashboard_ink()
            if min(across + down) >= LEAST_INK:
                return across, down
            assert time.monotonic() < deadline, f"not filled: across {across}, down {down}"


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no {CHROMIUM}: .ci/run installs chromium")
def test_a_browser_shows_dashboards_filling_the_page_and_cycling(repo_file, tmp_path):
    server, port = start_server(repo_file, tmp_path, "--cycle", str(CYCLE))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox"]
            )
            page = browser.new_page(viewport=VIEWPORT)
            # the page links a web font; the machine may have no way out: fall back now
            page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
            with page.expect_websocket() as opened:
                page.goto(f"http://127.0.0.1:{port}/")
            session = Session(page, opened.value)
            session.wait_for_text("pool-web", 60)
            # the terminal covers the page, in cells of the page's font
            screen = page.locator(".xterm-screen").bounding_box()
            assert screen is not None
            assert screen["width"] >= 0.98 * VIEWPORT["width"]
            assert screen["height"] >= 0.98 * VIEWPORT["height"]
            assert session.columns >= 150 and session.rows >= 45
            session.wait_until_filled(10)  # pool health: one card of seven figures
            session.wait_for_text("nodes not up", CYCLE + 20)  # cycled to the next one
            session.wait_until_filled(10)  # three figures above a line
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) is not None
    assert server.returncode == 0


def test_web_address_only_with_web(repo_file, capsys):
    assert main(["--repo", str(repo_file), "noc", "--address", "0.0.0.0"]) == 2
    assert capsys.readouterr().err.strip() == "vdcftui: --address goes with --web PORT"


def test_unknown_dashboard_is_refused(repo_file, capsys):
    assert main(["--repo", str(repo_file), "noc", "--dashboard", "weather"]) == 2
    assert capsys.readouterr().err.strip() == (
        "vdcftui: no dashboard 'weather': known dashboards are pools, nodes, vservers, jobs, "
        "alerts, graphs"
    )


@pytest.mark.parametrize("argv", [["noc", "--theme", "neon"], ["--theme", "neon"]])
def test_unknown_theme_is_one_line_naming_the_known_ones(repo_file, capsys, argv):
    assert main(["--repo", str(repo_file), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        "vdcftui: unknown theme 'neon' (--theme): known themes are "
        "vdcf-dark, vdcf-light, vdcf-noc, "
    )
    assert "textual-dark" in err and "nord" in err


def test_unknown_first_view_is_one_line_naming_the_views(repo_file, capsys):
    assert main(["--repo", str(repo_file), "--readonly", "--view", "zonez"]) == 2
    assert capsys.readouterr().err == (
        "vdcftui: no view 'zonez': one of pools, nodes, gdoms, "
        "vservers, jobs, audit, alerts, patches, graphs\n"
    )


def test_unknown_theme_in_the_settings_file_names_the_file(
    repo_file, tmp_path, capsys, monkeypatch
):
    settings = tmp_path / "settings.toml"
    settings.write_text('theme = "neon"\n')
    monkeypatch.setenv("VDCFTUI_SETTINGS", str(settings))
    assert main(["--repo", str(repo_file), "--readonly"]) == 2
    assert capsys.readouterr().err.startswith(
        f"vdcftui: unknown theme 'neon' (theme in {settings}): known themes are vdcf-dark"
    )


def test_the_settings_file_chooses_the_console_theme(tmp_path, monkeypatch):
    from argparse import Namespace

    from vdcftui.commands.tui import chosen_theme

    settings = tmp_path / "settings.toml"
    settings.write_text('theme = "vdcf-light"\n')
    monkeypatch.setenv("VDCFTUI_SETTINGS", str(settings))
    assert chosen_theme(Namespace(theme=None)) == "vdcf-light"
    assert chosen_theme(Namespace(theme="nord")) == "nord"
