"""Metric history on a real SQLite file: hourly and daily rollups keep the count, sum,
least and greatest value of their samples; month and year views read the rollups and
the raw samples of the time not rolled up yet; retention drops what it no longer keeps."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from vdcftui.ops.monitor.history import Retention, prune, roll_up, rolled_until, store
from vdcftui.readmodel.metrics import load_series
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository

NOW = datetime(2026, 3, 10, 12, 30)


@pytest.fixture
def repo(tmp_path):
    """An empty repository file, open for the test."""
    open_repository(tmp_path / "repo.db")
    yield tmp_path / "repo.db"
    close_repository()


def _minutes(first: datetime, count: int, value) -> None:
    """One sample a minute of node01 cpu from ``first``, value(n) for the n-th."""
    for n in range(count):
        store([("node", "node01", "cpu", float(value(n)))], first + timedelta(minutes=n))


def test_hourly_rollup_keeps_min_avg_max(repo):
    start = datetime(2026, 3, 10, 9, 0)
    _minutes(start, 120, lambda n: n)  # 09:00-10:59: 0..59, then 60..119
    store([("vserver", "web01", "memory", 512.0)], start + timedelta(minutes=5))
    hours, days = roll_up(NOW)
    assert (hours, days) == (2, 0)
    rows = {
        (r.object_name, r.time): r
        for r in m.MetricRollup.select().where(m.MetricRollup.period == "hour")
    }
    first = rows[("node01", start)]
    assert (first.count, first.minimum, first.maximum, first.average) == (60, 0.0, 59.0, 29.5)
    second = rows[("node01", start + timedelta(hours=1))]
    assert (second.minimum, second.maximum, second.average) == (60.0, 119.0, 89.5)
    assert rows[("web01", start)].average == 512.0
    assert rolled_until("hour") == datetime(2026, 3, 10, 11, 0)
    # nothing new: rolling up again writes nothing and keeps the buckets as they were
    assert roll_up(NOW) == (0, 0)
    assert m.MetricRollup.select().count() == 3


def test_an_hour_is_rolled_up_only_after_its_grace(repo):
    _minutes(datetime(2026, 3, 10, 11, 0), 60, lambda n: 1)
    assert roll_up(datetime(2026, 3, 10, 12, 5)) == (0, 0)  # 11:00-12:00 still open to late
    store([("node", "node01", "cpu", 100.0)], datetime(2026, 3, 10, 11, 59, 59))
    assert roll_up(datetime(2026, 3, 10, 12, 11)) == (1, 0)
    (row,) = m.MetricRollup.select()
    assert (row.count, row.maximum) == (61, 100.0)


def test_daily_rollup_from_hours_and_year_view_reads_it(repo):
    day = datetime(2026, 3, 8)
    # two days of samples, one every 10 minutes: day one 10.0, day two 30.0 and one 90.0
    for n in range(2 * 144):
        value = 10.0 if n < 144 else 30.0
        store([("node", "node01", "cpu", value)], day + timedelta(minutes=10 * n))
    store([("node", "node01", "cpu", 90.0)], day + timedelta(days=1, hours=3, minutes=5))
    hours, days = roll_up(NOW)
    assert (hours, days) == (48, 2)  # no sample on 10 March: no bucket for it
    daily = list(
        m.MetricRollup.select().where(m.MetricRollup.period == "day").order_by(m.MetricRollup.time)
    )
    assert [(d.time, d.count, d.minimum, d.maximum) for d in daily] == [
        (day, 144, 10.0, 10.0),
        (day + timedelta(days=1), 145, 30.0, 90.0),
    ]
    assert daily[1].average == pytest.approx((143 * 30 + 30 + 90) / 145)
    # the raw rows of those days are gone; the year view still shows them, from the
    # daily rollups
    prune(Retention(), NOW)
    assert m.MetricSample.select().where(m.MetricSample.time < NOW - timedelta(days=1)).count() == 0
    year = load_series("node", "node01", "cpu", "year", now=NOW)
    values = [value for _, value in year.points]
    assert values[0] == pytest.approx(10.0)
    assert max(high for _, high in year.extremes) == 90.0
    month = load_series("node", "node01", "cpu", "month", now=NOW)
    assert max(high for _, high in month.extremes) == 90.0


def test_month_view_adds_the_hours_not_rolled_up(repo):
    _minutes(datetime(2026, 3, 10, 9, 0), 3 * 60 + 30, lambda n: 50 if n < 120 else 70)
    roll_up(NOW)
    assert rolled_until("hour") == datetime(2026, 3, 10, 12, 0)
    month = load_series("node", "node01", "cpu", "month", now=NOW)
    # the last bucket (3.6 hours) holds 09:00-12:00 from rollups and 12:00-12:29 raw
    total = sum(value for _, value in month.points)
    assert month.points and month.extremes[-1] == (50.0, 70.0)
    assert total == pytest.approx((120 * 50 + 90 * 70) / 210)


def test_retention_drops_old_rollups(repo):
    old = (NOW - timedelta(days=40)).replace(minute=0)
    _minutes(old, 60, lambda n: 5)
    _minutes(NOW.replace(minute=0) - timedelta(hours=3), 60, lambda n: 5)
    roll_up(NOW)
    assert m.MetricRollup.select().where(m.MetricRollup.period == "hour").count() == 2
    deleted = prune(Retention(raw=timedelta(hours=1), hourly=timedelta(days=31)), NOW)
    hourly = [r.time for r in m.MetricRollup.select().where(m.MetricRollup.period == "hour")]
    assert hourly == [NOW.replace(minute=0) - timedelta(hours=3)]
    assert m.MetricRollup.select().where(m.MetricRollup.period == "day").count() == 1
    assert m.MetricSample.select().count() == 0
    assert deleted == 120 + 1
