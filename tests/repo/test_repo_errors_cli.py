"""A repository the CLI cannot use (damaged, locked by another process) is one line
naming the cause and what to do: never a traceback, nothing half-written."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import VDCFTUI, queued_job, run_cli


def test_a_missing_table_is_named_with_what_to_do(tmp_path):
    repo = tmp_path / "repo.db"
    queued_job(repo)
    with sqlite3.connect(repo) as db:
        db.execute("DROP TABLE audit_record")
    result = run_cli(repo, "audit", check=False, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        "vdcftui: repository: no such table: audit_record: the repository is damaged "
        "(a table is missing): restore a backup; nothing was half-written\n"
    )


def test_a_repository_locked_by_another_writer_is_one_line_and_changes_nothing(tmp_path):
    repo = tmp_path / "repo.db"
    job_id = queued_job(repo)
    holder = sqlite3.connect(repo, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process's write transaction
        result = run_cli(repo, "job", "cancel", str(job_id), check=False, timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("vdcftui: repository: database is locked: another process")
    assert "Traceback" not in result.stderr
    with sqlite3.connect(repo) as db:
        assert db.execute("SELECT state FROM job").fetchall() == [("queued",)]


def test_a_disk_full_during_discovery_is_named_and_writes_nothing(lab_session, tmp_path):
    """The kernel's file-size limit (RLIMIT_FSIZE) refuses the repository's writes as a
    full disk would, without privileges: SQLite ends the transaction itself, and the
    cause is reported rather than the rollback that can no longer run."""
    repo = tmp_path / "repo.db"
    queued_job(repo)
    limit = 32 * 1024  # below the repository's size: every page written past it fails

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    inventory = str(lab_session.workdir / "inventory.json")
    result = subprocess.run(
        [VDCFTUI, "--repo", str(repo), "node", "discover", "--lab", "--inventory", inventory],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_disk,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("vdcftui: repository: disk I/O error: "), result.stderr
    assert "nothing was half-written" in result.stderr
    assert "Traceback" not in result.stderr and "cannot rollback" not in result.stderr
    with sqlite3.connect(repo) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM node").fetchall() == [(0,)]
        assert db.execute("SELECT state FROM job").fetchall() == [("queued",)]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for this user: its mode for an ordinary user; for root,
    whom modes do not stop, the immutable attribute (chattr +i)."""
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
        pytest.skip("running as root where the filesystem has no immutable attribute")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_a_read_only_repository_refuses_writes_in_one_line_and_still_reads(tmp_path):
    repo = tmp_path / "repo.db"
    job_id = queued_job(repo)
    with read_only(repo):
        refused = run_cli(repo, "job", "cancel", str(job_id), check=False, timeout=60)
        listed = run_cli(repo, "job", "list", check=False, timeout=60)
    assert refused.returncode == 1
    assert refused.stderr == (
        "vdcftui: repository: attempt to write a readonly database: the repository file "
        "is read-only: check its owner and mode; nothing was half-written\n"
    )
    assert listed.returncode == 0 and "queued" in listed.stdout
    with sqlite3.connect(repo) as db:
        assert db.execute("SELECT state FROM job").fetchall() == [("queued",)]
