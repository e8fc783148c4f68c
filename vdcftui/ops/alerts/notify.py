"""Notifying alerts: a mail (smtplib) and the script hook for every raise, change of
severity and clear that the repository holds as not yet notified. The engine runs it
beside its jobs, so a raise recorded while no mail could go out is sent once the
engine runs again. What each notification did is kept on the alert; a mail server or
script that fails is recorded there and does not stop the others."""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
from email.message import EmailMessage

from vdcftui.display import printable
from vdcftui.ops.alerts.settings import AlertSettings, MailSettings
from vdcftui.repo import models as m

SEND_SECONDS = 30.0
"""How long one mail or one run of the script may take."""
NOTIFIED_MAX = 4000
"""How much of the notification record an alert keeps (the latest part)."""


def subject(alert: m.AlertRecord, event: str) -> str:
    """'[vdcftui] CRITICAL: node node05: ...' or '[vdcftui] cleared: ...'."""
    label = "cleared" if event == "cleared" else alert.severity.upper()
    return printable(f"[vdcftui] {label}: {alert.message}")[:200]


def body(alert: m.AlertRecord, event: str) -> str:
    """The mail's text: the alert and what to do with it."""
    lines = [
        f"alert {alert.id} {event}: {alert.message}",
        f"object:   {alert.object_type} {alert.object_name}",
        f"severity: {alert.severity}",
        f"raised:   {alert.raised:%Y-%m-%d %H:%M:%S}",
    ]
    if alert.cleared is not None:
        lines.append(f"cleared:  {alert.cleared:%Y-%m-%d %H:%M:%S} ({alert.cleared_why})")
    else:
        lines.append(f"acknowledge: vdcftui alert ack {alert.id}")
    return "\n".join(printable(line) for line in lines) + "\n"


def _mail(settings: MailSettings, alert: m.AlertRecord, event: str) -> str:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message["Subject"] = subject(alert, event)
    message.set_content(body(alert, event))
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SEND_SECONDS) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return (
            f"mail to {', '.join(settings.to)} failed: {printable(str(exc)) or type(exc).__name__}"
        )
    return f"mail to {', '.join(settings.to)} sent"


async def _script(path: str, alert: m.AlertRecord, event: str) -> str:
    env = dict(os.environ)
    env.update(
        {
            "VDCF_ALERT_EVENT": event,
            "VDCF_ALERT_ID": str(alert.id),
            "VDCF_ALERT_KIND": alert.kind,
            "VDCF_ALERT_SEVERITY": alert.severity,
            "VDCF_ALERT_OBJECT_TYPE": alert.object_type,
            "VDCF_ALERT_OBJECT": alert.object_name,
            "VDCF_ALERT_MESSAGE": printable(alert.message),
        }
    )
    try:
        process = await asyncio.create_subprocess_exec(
            path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as exc:
        return f"script {path} did not start: {exc.strerror or exc}"
    try:
        _out, err = await asyncio.wait_for(process.communicate(), SEND_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        return f"script {path} killed after {SEND_SECONDS:g} s"
    said = printable(err.decode("utf-8", "replace").strip().splitlines()[-1]) if err.strip() else ""
    return f"script exit {process.returncode}" + (f": {said}" if said else "")


class Notifier:
    """Sends what the repository holds as not yet notified."""

    def __init__(self, settings: AlertSettings) -> None:
        self.settings = settings

    async def notify_pending(self) -> int:
        """Notify every pending raise and clear, oldest first; how many events."""
        pending = list(
            m.AlertRecord.select()
            .where(
                (m.AlertRecord.raise_notified == False)  # noqa: E712
                | (m.AlertRecord.cleared.is_null(False) & (m.AlertRecord.clear_notified == False))  # noqa: E712
            )
            .order_by(m.AlertRecord.id)
        )
        events = 0
        for alert in pending:
            if not alert.raise_notified:
                await self._notify(alert, "raised")
                alert.raise_notified = True
                events += 1
            if alert.cleared is not None and not alert.clear_notified:
                await self._notify(alert, "cleared")
                alert.clear_notified = True
                events += 1
            m.AlertRecord.update(
                raise_notified=alert.raise_notified,
                clear_notified=alert.clear_notified,
                notified=alert.notified[-NOTIFIED_MAX:],
            ).where(m.AlertRecord.id == alert.id).execute()
        return events

    async def _notify(self, alert: m.AlertRecord, event: str) -> None:
        done = []
        if self.settings.mail is not None:
            done.append(await asyncio.to_thread(_mail, self.settings.mail, alert, event))
        if self.settings.script is not None:
            done.append(await _script(self.settings.script, alert, event))
        if done:
            alert.notified += f"{event}: {'; '.join(done)}\n"
