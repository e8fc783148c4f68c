"""Schema version 5: a job's direction (``rolling_back``), added in place."""

from __future__ import annotations

import sqlite3

from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.migrations import CURRENT_VERSION


def test_version_4_repository_gains_the_jobs_direction_keeping_rows(tmp_path):
    path = tmp_path / "v4.db"
    open_repository(path)
    m.Job.create(operation="migrate", object_type="vserver", object_name="web01", operator="al")
    close_repository()
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE job DROP COLUMN rolling_back")
        db.execute("UPDATE schema_version SET version = 4")
    open_repository(path)
    try:
        assert m.SchemaVersion.get().version == CURRENT_VERSION
        job = m.Job.get(m.Job.object_name == "web01")
        assert (job.operator, job.rolling_back) == ("al", False)
    finally:
        close_repository()
