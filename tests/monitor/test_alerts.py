"""Alerts on a real SQLite repository: levels with hysteresis, the settings' errors,
the threshold watch raising, changing and clearing alerts once each, the notifier
mailing a real SMTP server (aiosmtpd) and running the script hook, and the CLI's
list and acknowledgement (audited, refused read-only)."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta

import pytest

from tests.helpers import run_cli
from tests.monitor.smtp import free_port, smtp_server
from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.levels import Levels
from vdcftui.ops.alerts.notify import Notifier
from vdcftui.ops.alerts.settings import AlertSettings, MailSettings, alert_settings
from vdcftui.ops.alerts.thresholds import ThresholdWatch
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository

T0 = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def repo(tmp_path):
    path = tmp_path / "repo.db"
    open_repository(path)
    yield path
    close_repository()


def test_a_level_is_reached_at_once_and_left_only_past_the_hysteresis():
    disk = Levels(85.0, 95.0, 5.0)
    walk = [84.9, 85.0, 84.0, 80.1, 96.0, 91.0, 89.9, 80.5, 79.9, 85.0]
    seen, severity = [], "ok"
    for value in walk:
        severity = disk.judge(severity, value)
        seen.append(severity)
    assert seen == [
        "ok", "warning", "warning", "warning", "critical", "critical", "warning", "warning",
        "ok", "warning",
    ]  # fmt: skip
    count = Levels(1.0, None, 0.0)
    assert [count.judge("ok", 1.0), count.judge("warning", 0.0)] == ["warning", "ok"]
    critical_only = Levels(None, 1.0)
    assert critical_only.judge("ok", 3.0) == "critical"
    assert critical_only.judge("critical", 0.0) == "ok"


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ({"tresholds": {}}, "unknown setting tresholds"),
        ({"thresholds": {"dsk": {}}}, "unknown setting dsk"),
        ({"thresholds": {"disk": {"warning": 96}}}, "warning 96 is above critical"),
        ({"thresholds": {"disk": {"warning": "high"}}}, "thresholds.disk.warning must be a number"),
        ({"objects": {"shop01": {"disk": {}}}}, "'shop01' must be TYPE:NAME"),
        ({"mail": {"host": "mx", "sender": "a@b"}}, "to is missing"),
        ({"mail": {"host": "mx", "sender": "a@b", "to": ["nobody"]}}, "one or more mail addr"),
        ({"mail": {"host": "mx", "sender": "a@b", "to": "o@x", "port": 0}}, "port number"),
        ({"script": "page-oncall"}, "alert script"),
    ],
)
def test_settings_errors_name_the_setting(table, error):
    with pytest.raises(OperatorError, match=error):
        alert_settings(table)


def test_settings_give_metric_and_object_levels():
    settings = alert_settings(
        {
            "thresholds": {"cpu": {"warning": 80, "critical": 95}},
            "objects": {"vserver:shop01": {"disk": {"warning": 70}}},
            "mail": {"host": "mx", "sender": "v@mgmt", "to": "ops@example.com"},
        }
    )
    assert settings.levels_for("node", "n1", "cpu") == Levels(80.0, 95.0, 0.0)
    assert settings.levels_for("vserver", "shop01", "disk") == Levels(70.0, 95.0, 5.0)
    assert settings.levels_for("vserver", "web01", "disk") == Levels(85.0, 95.0, 5.0)
    assert settings.levels_for("node", "n1", "memory") is None
    assert settings.mail == MailSettings("mx", 25, "v@mgmt", ("ops@example.com",))


def _rows(value: float, minute: int, metric: str = "disk", name: str = "shop01"):
    return [(T0 + timedelta(minutes=minute), "vserver", name, metric, value)]


def test_the_watch_raises_changes_and_clears_each_alert_once(repo):
    watch = ThresholdWatch(AlertSettings())
    assert watch.judge(_rows(50.0, 0)) == 0
    assert watch.judge(_rows(80.0, 1) + _rows(88.0, 2)) == 1  # the latest value counts
    alert = m.AlertRecord.get()
    assert (alert.key, alert.kind, alert.severity) == (
        "disk:vserver:shop01",
        "threshold",
        "warning",
    )
    assert alert.message == "vserver shop01: disk 88 % used (warning at 85 %)"
    assert watch.judge(_rows(84.0, 3)) == 0  # on the line: no flap
    assert ThresholdWatch(AlertSettings()).judge(_rows(86.0, 4)) == 0  # a new engine knows it
    assert watch.judge(_rows(97.0, 5)) == 1
    alert = m.AlertRecord.get()
    assert (alert.severity, alert.raise_notified) == ("critical", False)
    assert watch.judge(_rows(70.0, 6)) == 1
    alert = m.AlertRecord.get()
    assert alert.cleared is not None and alert.cleared_why == "disk 70 %, under 95 %"
    assert m.AlertRecord.select().count() == 1
    watch.judge(_rows(90.0, 7))
    assert m.AlertRecord.select().where(m.AlertRecord.cleared.is_null()).count() == 1
    assert m.AlertRecord.select().count() == 2


def test_services_in_maintenance_are_named(repo):
    watch = ThresholdWatch(AlertSettings())
    notes = {("node", "node05", "services"): "svc:/system/cron:default"}
    watch.judge([(T0, "node", "node05", "services", 1.0)], notes)
    alert = m.AlertRecord.get()
    assert (alert.kind, alert.severity) == ("service", "warning")
    assert alert.message == "node node05: 1 SMF service in maintenance: svc:/system/cron:default"


async def test_the_notifier_mails_each_raise_and_clear_once_and_runs_the_script(repo, tmp_path):
    log = tmp_path / "hook.log"
    script = tmp_path / "hook"
    script.write_text(
        f'#!/bin/sh\necho "$VDCF_ALERT_EVENT $VDCF_ALERT_ID $VDCF_ALERT_SEVERITY '
        f'$VDCF_ALERT_OBJECT $VDCF_ALERT_MESSAGE" >> {log}\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    watch = ThresholdWatch(AlertSettings())
    with smtp_server() as (inbox, port):
        mail = MailSettings("127.0.0.1", port, "vdcftui@mgmt", ("ops@example.com",))
        notifier = Notifier(AlertSettings(mail=mail, script=str(script)))
        watch.judge(_rows(90.0, 0))
        assert await notifier.notify_pending() == 1
        assert await notifier.notify_pending() == 0
        watch.judge(_rows(50.0, 1))
        assert await notifier.notify_pending() == 1
    assert inbox.subjects() == [
        "[vdcftui] WARNING: vserver shop01: disk 90 % used (warning at 85 %)",
        "[vdcftui] cleared: vserver shop01: disk 90 % used (warning at 85 %)",
    ]
    first = inbox.messages[0]
    assert (first["To"], first["From"]) == ("ops@example.com", "vdcftui@mgmt")
    assert "acknowledge: vdcftui alert ack 1" in first.get_content()
    assert log.read_text().splitlines() == [
        "raised 1 warning shop01 vserver shop01: disk 90 % used (warning at 85 %)",
        "cleared 1 warning shop01 vserver shop01: disk 90 % used (warning at 85 %)",
    ]
    notified = m.AlertRecord.get().notified.splitlines()
    assert notified == [
        "raised: mail to ops@example.com sent; script exit 0",
        "cleared: mail to ops@example.com sent; script exit 0",
    ]


async def test_a_mail_server_that_is_down_is_recorded_and_nothing_else_stops(repo, tmp_path):
    mail = MailSettings("127.0.0.1", free_port(), "vdcftui@mgmt", ("ops@example.com",))
    notifier = Notifier(AlertSettings(mail=mail, script=str(tmp_path / "missing")))
    ThresholdWatch(AlertSettings()).judge(_rows(99.0, 0))
    assert await notifier.notify_pending() == 1
    alert = m.AlertRecord.get()
    assert alert.raise_notified
    assert alert.notified.startswith("raised: mail to ops@example.com failed: ")
    assert "script " + str(tmp_path / "missing") + " did not start" in alert.notified


def test_the_cli_lists_and_acknowledges_audited_and_refuses_read_only(repo):
    ThresholdWatch(AlertSettings()).judge(_rows(99.0, 0) + _rows(10.0, 0, name="web01"))
    listed = json.loads(run_cli(repo, "alert", "list", "--json").stdout)
    assert [(a["id"], a["state"], a["severity"]) for a in listed] == [(1, "open", "critical")]
    table = run_cli(repo, "alert", "list").stdout
    assert "vserver shop01" in table and "disk 99 % used (critical at 95 %)" in table
    refused = run_cli(repo, "--readonly", "alert", "ack", "1", check=False)
    assert refused.returncode != 0 and "read-only" in refused.stderr
    done = run_cli(repo, "alert", "ack", "1", "--note", "cleaning up /var/tmp")
    assert "alert 1 acknowledged by" in done.stdout
    again = run_cli(repo, "alert", "ack", "1", check=False)
    assert again.returncode != 0 and "alert 1 was acknowledged by" in again.stderr
    missing = run_cli(repo, "alert", "ack", "7", check=False)
    assert missing.returncode != 0 and "no alert 7" in missing.stderr
    bad = run_cli(repo, "alert", "ack", "1", "--note", "two\nlines", check=False)
    assert bad.returncode != 0 and "one line" in bad.stderr
    audit = run_cli(repo, "audit", "--object", "shop01").stdout
    assert "acknowledge alert" in audit and "note: cleaning up /var/tmp" in audit
    state = json.loads(run_cli(repo, "alert", "list", "--json").stdout)[0]
    assert state["state"] == "acknowledged" and state["ack_note"] == "cleaning up /var/tmp"
