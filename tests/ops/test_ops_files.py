"""What vdcftui leaves on disk and in the process table: the repository, its WAL and
the engine's log owner-only in an owner-only directory; the repository given to the
background engine through its environment, never its arguments; one engine whatever
path (symlinks included) names the repository."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.helpers import run_cli
from vdcftui.ops.jobs.engine_pid import running_engine
from vdcftui.ops.jobs.engine_process import engine_pid_file, ensure_engine, stop_engine


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_repository_and_its_wal_are_owner_only(tmp_path):
    repo = tmp_path / "site" / "repo.db"
    run_cli(repo, "init")
    assert _mode(repo.parent) == 0o700
    assert _mode(repo) == 0o600
    wal = repo.with_name("repo.db-wal")
    assert not wal.exists() or _mode(wal) == 0o600


def test_the_engine_gets_the_repository_through_its_environment(tmp_path):
    repo = tmp_path / "repo.db"
    run_cli(repo, "init")
    ensure_engine(str(repo))
    try:
        engine = running_engine(engine_pid_file(str(repo)))
        assert engine is not None
        pid = engine.rpartition(":")[2]
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert str(repo).encode() not in argv and b"--repo" not in argv
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert f"VDCFTUI_REPO={repo}".encode() in environ
        assert _mode(repo.with_name("engine.log")) == 0o600
    finally:
        assert stop_engine(str(repo))


def test_a_symlinked_repository_path_reaches_the_same_engine(tmp_path):
    real = tmp_path / "data" / "repo.db"
    run_cli(real, "init")
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "repo.db"
    link.symlink_to(real)
    ensure_engine(str(real))
    try:
        other = run_cli(link, "engine", "--once", check=False)
        assert other.returncode == 1
        assert "an engine already runs for this repository" in other.stderr
        assert not (link.parent / "engine.pid").exists()
    finally:
        assert stop_engine(str(real))
