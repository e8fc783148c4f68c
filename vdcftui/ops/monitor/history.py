"""The history of the samples: raw rows, hourly and daily rollups, and retention.

Collectors write raw :class:`~vdcftui.repo.models.MetricSample` rows. :func:`roll_up`
folds every completed hour into one :class:`~vdcftui.repo.models.MetricRollup` row per
series (count, sum, minimum, maximum), and every completed day of hourly rollups into
a daily one; :func:`prune` then drops what the retention no longer keeps (raw rows
after a day, hourly rollups after a month, daily rollups after years by default).
An hour is rolled up once it ended :data:`GRACE` ago, so a sample that a slow node
delivered late is still counted; each bucket is rolled up once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import fn

from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction, tuples

Sample = tuple[str, str, str, float]
"""(object type, object name, metric, value) of one measurement."""
GRACE = timedelta(minutes=10)
"""How long after its end an hour is rolled up (late samples still count)."""
PERIODS: dict[str, timedelta] = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
_FIELDS = [
    m.MetricSample.time,
    m.MetricSample.object_type,
    m.MetricSample.object_name,
    m.MetricSample.metric,
    m.MetricSample.value,
]
_CHUNK = 2000


@dataclass(frozen=True)
class Retention:
    """How long each resolution is kept."""

    raw: timedelta = timedelta(days=1)
    hourly: timedelta = timedelta(days=31)
    daily: timedelta = timedelta(days=3650)


def store(samples: Iterable[Sample], time: datetime) -> int:
    """Write the samples taken at ``time`` in one transaction; how many."""
    return store_rows([(time, *sample) for sample in samples])


def store_rows(rows: list[tuple[datetime, str, str, str, float]]) -> int:
    """Write (time, type, name, metric, value) rows in one transaction; how many."""
    with transaction():
        for first in range(0, len(rows), _CHUNK):
            m.MetricSample.insert_many(rows[first : first + _CHUNK], fields=_FIELDS).execute()
    return len(rows)


def floor(time: datetime, period: str) -> datetime:
    """The start of the hour or day ``time`` falls in."""
    if period == "hour":
        return time.replace(minute=0, second=0, microsecond=0)
    return time.replace(hour=0, minute=0, second=0, microsecond=0)


def rolled_until(period: str) -> datetime | None:
    """The end of the last bucket rolled up at this period, if any."""
    last = m.MetricRollup.select(fn.MAX(m.MetricRollup.time)).where(m.MetricRollup.period == period)
    value = last.scalar()
    return _as_datetime(value) + PERIODS[period] if value is not None else None


def _as_datetime(value: datetime | str) -> datetime:
    """A time as SQLite's aggregate returns it (text) or PostgreSQL does (datetime)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _first_source_time(period: str) -> datetime | None:
    """The oldest time of what a period is rolled up from (raw rows or hourly rollups)."""
    if period == "hour":
        value = m.MetricSample.select(fn.MIN(m.MetricSample.time)).scalar()
    else:
        value = (
            m.MetricRollup.select(fn.MIN(m.MetricRollup.time))
            .where(m.MetricRollup.period == "hour")
            .scalar()
        )
    return _as_datetime(value) if value is not None else None


def _source_rows(period: str, start: datetime, end: datetime) -> list[tuple]:
    """(type, name, metric, count, sum, min, max) per series within [start, end)."""
    if period == "hour":
        s = m.MetricSample
        query = s.select(
            s.object_type,
            s.object_name,
            s.metric,
            fn.COUNT(s.id),
            fn.SUM(s.value),
            fn.MIN(s.value),
            fn.MAX(s.value),
        ).where((s.time >= start) & (s.time < end))
        return list(tuples(query.group_by(s.object_type, s.object_name, s.metric)))
    r = m.MetricRollup
    rollups = r.select(
        r.object_type,
        r.object_name,
        r.metric,
        fn.SUM(r.count),
        fn.SUM(r.total),
        fn.MIN(r.minimum),
        fn.MAX(r.maximum),
    ).where((r.period == "hour") & (r.time >= start) & (r.time < end))
    return list(tuples(rollups.group_by(r.object_type, r.object_name, r.metric)))


def _roll(period: str, now: datetime) -> int:
    """Roll up every completed bucket of ``period`` not rolled up yet; buckets written."""
    step = PERIODS[period]
    start = rolled_until(period) or _first_source_time(period)
    if start is None:
        return 0
    start = floor(start, period)
    # a day is complete once its last hour has been rolled up
    limit = floor(now - GRACE, "hour") if period == "hour" else rolled_until("hour")
    written = 0
    while limit is not None and start + step <= limit:
        rows = _source_rows(period, start, start + step)
        if rows:
            records = [
                {
                    "period": period,
                    "time": start,
                    "object_type": kind,
                    "object_name": name,
                    "metric": metric,
                    "count": count,
                    "total": total,
                    "minimum": low,
                    "maximum": high,
                }
                for kind, name, metric, count, total, low, high in rows
            ]
            with transaction():
                for first in range(0, len(records), _CHUNK):
                    m.MetricRollup.insert_many(records[first : first + _CHUNK]).execute()
            written += 1
        start += step
        if not rows:
            # skip a stretch without samples (a collector that was stopped) at once
            following = _next_source_time(period, start)
            if following is None:
                break
            start = max(start, floor(following, period))
    return written


def _next_source_time(period: str, after: datetime) -> datetime | None:
    """The first source time at or after ``after``."""
    if period == "hour":
        value = (
            m.MetricSample.select(fn.MIN(m.MetricSample.time))
            .where(m.MetricSample.time >= after)
            .scalar()
        )
    else:
        value = (
            m.MetricRollup.select(fn.MIN(m.MetricRollup.time))
            .where((m.MetricRollup.period == "hour") & (m.MetricRollup.time >= after))
            .scalar()
        )
    return _as_datetime(value) if value is not None else None


def roll_up(now: datetime | None = None) -> tuple[int, int]:
    """Roll up the completed hours, then the completed days: (hours, days) written."""
    now = now or datetime.now()
    return _roll("hour", now), _roll("day", now)


def prune(retention: Retention, now: datetime | None = None) -> int:
    """Delete the raw rows and rollups older than the retention keeps; rows deleted.
    Raw rows are kept until their hour is rolled up, whatever the retention."""
    now = now or datetime.now()
    hourly = rolled_until("hour")
    raw_limit = min(now - retention.raw, hourly) if hourly else datetime.min
    with transaction():
        deleted = m.MetricSample.delete().where(m.MetricSample.time < raw_limit).execute()
        for period, keep in (("hour", retention.hourly), ("day", retention.daily)):
            deleted += (
                m.MetricRollup.delete()
                .where((m.MetricRollup.period == period) & (m.MetricRollup.time < now - keep))
                .execute()
            )
    return deleted
