"""`vdcftui metrics show` as a process on a real repository file: the span --since
names, one metric point by point, JSON, and a clear error for an unknown name."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from tests.helpers import run_cli
from vdcftui.ops.monitor.history import roll_up, store
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository


@pytest.fixture
def repo(tmp_path):
    """node01 with CPU samples every minute for the last 3 hours (10, 20, ... 50 by
    turns) and memory for the last 10 minutes; web01 with nothing; rolled up."""
    path = tmp_path / "repo.db"
    open_repository(path, create=True)
    pool = m.ComputePool.create(name="pool-a")
    node = m.Node.create(name="node01", pool=pool, cpu_threads=8)
    m.VServer.create(name="web01", node=node)
    now = datetime.now()
    for n in range(180):
        store([("node", "node01", "cpu", float(10 * (n % 5 + 1)))], now - timedelta(minutes=n))
    for n in range(10):
        store([("node", "node01", "memory", 2048.0)], now - timedelta(minutes=n))
    roll_up()
    close_repository()
    return path


def test_show_summarises_each_metric(repo):
    out = run_cli(repo, "metrics", "show", "node01").stdout.splitlines()
    assert out[0] == "node node01, last hour:"
    cpu = next(line for line in out if line.strip().startswith("cpu"))
    assert "min 10.0" in cpu and "avg 30.0" in cpu and "max 50.0" in cpu and "%" in cpu
    memory = next(line for line in out if line.strip().startswith("memory"))
    assert "last 2048.0" in memory and "MB" in memory
    assert any(line.split() == ["faults", "no", "samples"] for line in out)


def test_one_metric_point_by_point_as_json(repo):
    result = run_cli(
        repo, "metrics", "show", "node01", "--metric", "cpu", "--since", "30d", "--json"
    )
    data = json.loads(result.stdout)
    assert (data["object_type"], data["span"], list(data["metrics"])) == ("node", "month", ["cpu"])
    cpu = data["metrics"]["cpu"]
    assert (cpu["min"], cpu["max"], cpu["unit"]) == (10.0, 50.0, "%")
    assert cpu["average"] == pytest.approx(30.0, abs=1.0)
    assert 1 <= len(cpu["points"]) <= 2  # 3 hours in buckets of 3.6 h
    text = run_cli(repo, "metrics", "show", "node01", "--metric", "cpu", "--since", "1d").stdout
    rows = text.splitlines()[2:]
    assert rows[0].split() == ["TIME", "AVG", "MIN", "MAX"] and len(rows) > 20


def test_a_vserver_without_samples_and_an_unknown_name(repo):
    out = run_cli(repo, "metrics", "show", "web01", "--since", "1y").stdout
    assert out.splitlines()[0] == "vserver web01, last year:" and "cpu       no samples" in out
    missing = run_cli(repo, "metrics", "show", "nosuch\x1b[2J", check=False)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "no node, vServer or pool named 'nosuch\\e[2J' in the repository" in missing.stderr
    bad = run_cli(repo, "metrics", "show", "node01", "--since", "2w", check=False)
    assert bad.returncode == 2 and "invalid choice: '2w'" in bad.stderr
