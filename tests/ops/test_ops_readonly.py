"""Read-only sessions change nothing: not through the engine, and a read-only setting
the program does not understand is refused rather than taken as writable."""

from __future__ import annotations

import asyncio
import os
import subprocess

import pytest

from tests.helpers import VDCFTUI, queued_job
from vdcftui.ops.jobs.engine import serve
from vdcftui.ops.session import ReadOnlyRefused, Session
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository


def _run(repo, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VDCFTUI, "--repo", str(repo), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("flag", "env"),
    [(("--readonly",), {}), ((), {"VDCFTUI_READONLY": "on"}), ((), {"VDCFTUI_READONLY": "1"})],
)
def test_a_read_only_engine_is_refused_and_runs_nothing(tmp_path, flag, env):
    repo = tmp_path / "repo.db"
    job_id = queued_job(repo)
    result = _run(repo, *flag, "engine", "--once", env=env)
    assert result.returncode == 3, result.stderr
    assert "refused: run the engine" in result.stderr and "read-only" in result.stderr
    open_repository(repo)
    try:
        assert m.Job.get_by_id(job_id).state == "queued"
    finally:
        close_repository()


def test_the_engine_refuses_a_read_only_session_in_ops():
    with pytest.raises(ReadOnlyRefused, match="read-only"):
        asyncio.run(serve(Session("noc", readonly=True), lambda host: None, asyncio.Event()))


@pytest.mark.parametrize("value", ["maybe", "2", "readonly"])
def test_an_unknown_read_only_setting_is_an_error_not_writable(tmp_path, value):
    result = _run(tmp_path / "repo.db", "vserver", "list", env={"VDCFTUI_READONLY": value})
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"vdcftui: VDCFTUI_READONLY={value} is neither true")
