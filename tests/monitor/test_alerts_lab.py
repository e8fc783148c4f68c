"""Alerts from the lab, end to end as an operator sets them up: settings.toml gives the
collection intervals and the mail server, a resident engine collects the lab's nodes
over SSH, a vServer's filesystem filled past its level (`mkfile`) sends one alert mail
and, once the file is removed, one clearing mail; an SMF service marked in maintenance
(`svcadm`) sends an alert naming it. The SMTP server is real (aiosmtpd)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.helpers import VDCFTUI, discover_lab, wait_until
from tests.monitor.smtp import smtp_server
from tests.ops.conftest import CliLab
from vdcftui.repo.database import close_repository

ZONE_FS = "db01_pool/zone"


def _settings(path: Path, port: int) -> Path:
    path.write_text(
        "[monitor.interval]\nusage = 600\nfilesystems = 1\nhealth = 1\n\n"
        f'[alerts.mail]\nhost = "127.0.0.1"\nport = {port}\n'
        'sender = "vdcftui@mgmt01"\nto = ["ops@example.com"]\n'
    )
    return path


def _fill_to(site: CliLab, node: str, percent: float) -> int:
    """Bytes a file must hold to bring the zone's file system to ``percent`` used."""
    line = site.ssh(node, f"zfs list -H -p -o used,avail {ZONE_FS}").split()
    used, avail = int(line[0]), int(line[1])
    return int((used + avail) * percent / 100) - used


def test_a_filled_filesystem_and_a_broken_service_mail_once_each(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    discover_lab(fresh_lab, repo)
    close_repository()
    site = CliLab(fresh_lab, repo)
    with smtp_server() as (inbox, port):
        settings = _settings(tmp_path / "settings.toml", port)
        engine = subprocess.Popen(
            [VDCFTUI, "--repo", str(repo), "engine"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "VDCFTUI_SETTINGS": str(settings)},
        )
        try:
            size = _fill_to(site, "node05", 90.0)
            site.ssh("node05", f"mkfile {size // 1024}k /zones/db01/fill")
            wait_until(lambda: len(inbox.messages) >= 1, "the alert mail", seconds=60)
            site.ssh("node05", "rm /zones/db01/fill")
            wait_until(lambda: len(inbox.messages) >= 2, "the clearing mail", seconds=60)
            site.ssh("node05", "svcadm mark maintenance svc:/system/cron:default")
            wait_until(lambda: len(inbox.messages) >= 3, "the service mail", seconds=60)
        finally:
            engine.terminate()
            _out, err = engine.communicate(timeout=30)
    assert engine.returncode == 0, err
    subjects = inbox.subjects()
    assert subjects[0].startswith("[vdcftui] WARNING: vserver db01: disk 9")
    assert subjects[0].endswith(" % used (warning at 85 %)")
    assert subjects[1] == subjects[0].replace("WARNING", "cleared")
    assert subjects[2] == (
        "[vdcftui] WARNING: node node05: 1 SMF service in maintenance: svc:/system/cron:default"
    )
    listed = site.cli("alert", "list", "--all").stdout
    assert "svc:/system/cron:default" in listed and "cleared" in listed
