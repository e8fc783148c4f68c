"""A repository the CLI cannot use (damaged, locked by another process) is one line
naming the cause and what to do: never a traceback, nothing half-written."""

from __future__ import annotations

import sqlite3

from tests.helpers import queued_job, run_cli


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
