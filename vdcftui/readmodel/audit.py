"""The audit trail: rows of the Audit view and one record's details."""

from __future__ import annotations

import json

from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.jobs import when
from vdcftui.readmodel.rows import Row
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

DETAIL_WIDTH = 80
"""Characters of a record's detail the table shows (the pane shows all of it)."""


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= DETAIL_WIDTH else line[: DETAIL_WIDTH - 1] + "…"


def audit_rows() -> list[Row]:
    """One row per audit record, newest first."""
    query = m.AuditRecord.select(
        m.AuditRecord.id,
        m.AuditRecord.time,
        m.AuditRecord.operator,
        m.AuditRecord.action,
        m.AuditRecord.object_type,
        m.AuditRecord.object_name,
        m.AuditRecord.job,
        m.AuditRecord.detail,
    ).order_by(m.AuditRecord.time.desc(), m.AuditRecord.id.desc())
    return [
        (
            str(record_id),
            (
                when(moment),
                operator,
                action,
                object_type,
                object_name,
                job,
                _one_line(detail or ""),
            ),
        )
        for (
            record_id,
            moment,
            operator,
            action,
            object_type,
            object_name,
            job,
            detail,
        ) in tuples(query)
    ]


def _detail_lines(text: str) -> list[str]:
    """A record's detail, one line per field when it is a JSON object."""
    try:
        data = json.loads(text)
    except ValueError:
        return text.splitlines()
    if isinstance(data, dict):
        return [f"{key}: {value}" for key, value in data.items()]
    return text.splitlines()


def audit_detail(record_id: int) -> list[Section]:
    """Everything the Audit view shows beside a record, with its job when it has one."""
    record = m.AuditRecord.get_or_none(m.AuditRecord.id == record_id)
    if record is None:
        return [Section(f"record {record_id}").add("state", "no longer in the repository")]
    section = (
        Section(f"{record.action} {record.object_type} {record.object_name}")
        .add("time", when(record.time))
        .add("operator", record.operator)
        .add("action", record.action)
        .add("object", f"{record.object_type} {record.object_name}")
        .add("detail", _detail_lines(record.detail or ""))
    )
    if record.job_id is None:
        return [section]
    job = m.Job.get_or_none(m.Job.id == record.job_id)
    job_section = Section(f"job {record.job_id}")
    if job is None:
        return [section, job_section.add("state", "no longer in the repository")]
    job_section.add("operation", f"{job.operation} {job.object_type} {job.object_name}")
    job_section.add("operator", job.operator).add("state", job.state).add("error", job.error)
    return [section, job_section]
