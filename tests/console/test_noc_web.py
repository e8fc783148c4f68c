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


def start_server(repo: Path, cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`vdcftui noc --web PORT` on a free port, once its banner says it listens. A port
    another process took between the choice and the bind (other tests bind ports too)
    is given up for the next free one."""
    for _ in range(5):
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "vdcftui", "--repo", str(repo), "noc", "--web", str(port)],
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
