"""The [monitor] table of settings.toml: intervals per kind, timeout, retention, and a
clear error for each thing wrong; the console's settings accept the table."""

from __future__ import annotations

from datetime import timedelta

import pytest

from vdcftui.errors import OperatorError
from vdcftui.ops.monitor.config import DEFAULT_INTERVALS, load_monitor_settings
from vdcftui.settings import load_settings


def test_defaults_without_file_or_table(tmp_path):
    assert load_monitor_settings(tmp_path / "none.toml").intervals == DEFAULT_INTERVALS
    path = tmp_path / "settings.toml"
    path.write_text('theme = "textual-dark"\n')
    settings = load_monitor_settings(path)
    assert settings.enabled and settings.timeout == 30.0
    assert settings.retention.raw == timedelta(days=1)


def test_intervals_and_retention_are_read(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        "[monitor]\nenabled = false\ntimeout = 12\n"
        "[monitor.interval]\nusage = 30\nhealth = 600\n"
        "[monitor.retention]\nraw = 2\nhourly = 60\n"
    )
    settings = load_monitor_settings(path)
    assert not settings.enabled and settings.timeout == 12.0
    assert settings.intervals == {"usage": 30.0, "filesystems": 300.0, "health": 600.0}
    assert settings.retention.raw == timedelta(days=2)
    assert settings.retention.hourly == timedelta(days=60)
    assert settings.retention.daily == timedelta(days=3650)
    assert load_settings(path).theme  # the console reads the same file without complaint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[monitor]\nspeed = 1\n", "unknown setting speed"),
        ("[monitor.interval]\nusage = 0\n", "interval.usage must be a number of at least 1"),
        ("[monitor.interval]\ncpu = 10\n", "unknown setting cpu (known: usage, filesystems"),
        ('[monitor]\ntimeout = "soon"\n', "timeout must be a number"),
        ("[monitor]\nenabled = 1\n", "enabled must be true or false"),
        ("[monitor.retention]\nraw = true\n", "retention.raw must be a number"),
        ("monitor = 3\n", "[monitor] must be a table"),
    ],
)
def test_each_mistake_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(OperatorError) as caught:
        load_monitor_settings(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
