"""Defining and removing builds: a Solaris 11 IPS publisher and SRU (``ips``) or a
unified archive (``uar``), a Solaris 10 flash archive at a kernel patch level
(``flar``). Every value is checked where it enters; each change is audited and
refused in a read-only session."""

from __future__ import annotations

from dataclasses import dataclass

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.build.runs import nodes_running
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import build_named, checked
from vdcftui.repo.queries import transaction
from vdcftui.solaris.names import validate_build_name, validate_origin, validate_path
from vdcftui.solaris.patches import validate_patch_id
from vdcftui.solaris.software import validate_sru

OS_VERSIONS = ("10", "11.3", "11.4")
"""The Solaris releases a build can be of."""
DESCRIPTION_MAX = 200
"""The longest description of a build (one line)."""


@dataclass(frozen=True)
class BuildSpec:
    """What an operator gives for a build (``build create``)."""

    name: str
    os_version: str
    sru: str | None = None
    patch_level: str | None = None
    publisher: str | None = None
    archive: str | None = None
    description: str | None = None


def create_build(session: Session, spec: BuildSpec) -> m.Build:
    """Check a build's values and record it, audited; the new row."""
    session.require_writable(f"create build {spec.name}")
    name = checked(validate_build_name, spec.name)
    kind, level = _kind_and_level(spec)
    publisher = checked(validate_origin, spec.publisher) if spec.publisher else None
    archive = _archive(spec.archive) if spec.archive else None
    description = _description(spec.description)
    with transaction():
        if m.Build.get_or_none(m.Build.name == name) is not None:
            raise OperatorError(f"build {name} exists (remove it first, or choose another name)")
        build = m.Build.create(
            name=name,
            os_version=spec.os_version,
            os_update=level,
            kind=kind,
            publisher=publisher,
            archive=archive,
            description=description,
        )
        audit(session, "create", "build", name, f"Solaris {spec.os_version} {kind} {level}")
    return build


def remove_build(session: Session, name: str) -> None:
    """Remove a build no node runs, audited."""
    session.require_writable(f"remove build {name}")
    build = build_named(name)
    running = [node.name for node in nodes_running(build)]
    if running:
        raise PrecheckFailed(
            f"cannot remove build {name}: it is run by {', '.join(running)} "
            "(upgrade or reinstall them first)"
        )
    with transaction():
        m.Build.delete().where(m.Build.id == build.id).execute()
        audit(session, "remove", "build", name)


def _kind_and_level(spec: BuildSpec) -> tuple[str, str]:
    """The build's kind and the level it installs, by release."""
    if spec.os_version not in OS_VERSIONS:
        raise UsageError(f"--os takes one of {', '.join(OS_VERSIONS)}, not {spec.os_version!r}")
    if spec.os_version == "10":
        if spec.sru or spec.publisher:
            raise UsageError("a Solaris 10 build has no --sru or --publisher: --patch-level")
        if not spec.patch_level:
            raise UsageError("a Solaris 10 build needs --patch-level (its kernel patch)")
        try:
            level = validate_patch_id(spec.patch_level)
        except ValueError:
            raise UsageError(
                f"--patch-level takes a kernel patch with its revision (150400-59), "
                f"not {spec.patch_level!r}"
            ) from None
        return "flar", level
    if spec.patch_level:
        raise UsageError(f"a Solaris {spec.os_version} build has no --patch-level: --sru")
    if not spec.sru:
        raise UsageError(f"a Solaris {spec.os_version} build needs --sru (11.4.42.111.0)")
    level = checked(lambda text: validate_sru(text, spec.os_version), spec.sru)
    if spec.archive and spec.publisher:
        raise UsageError("a build comes from --publisher or from --archive, not both")
    return ("uar" if spec.archive else "ips"), level


def _archive(location: str) -> str:
    """An archive's location: an absolute path on the install server, or a URL."""
    if location.startswith("/"):
        return checked(lambda text: validate_path(text, "archive path"), location)
    return checked(validate_origin, location)


def _description(text: str | None) -> str | None:
    if text is None:
        return None
    if len(text) > DESCRIPTION_MAX or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UsageError(
            f"a description is one line of at most {DESCRIPTION_MAX} printable characters"
        )
    return text
