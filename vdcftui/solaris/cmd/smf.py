"""Builders of the SMF commands that install, start, stop and remove a service."""

from __future__ import annotations

import re

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.files import host_path

_SERVICE = re.compile(r"svc:/[a-z][a-z0-9_-]*(/[a-z][a-z0-9_-]*)*")
_INSTANCE = re.compile(_SERVICE.pattern + r":[a-z][a-z0-9_-]*")


def _service(fmri: str) -> str:
    if not _SERVICE.fullmatch(fmri):
        raise ValueError(f"not a service FMRI: {fmri!r}")
    return fmri


def _instance(fmri: str) -> str:
    if not _INSTANCE.fullmatch(fmri):
        raise ValueError(f"not a service instance FMRI: {fmri!r}")
    return fmri


def svccfg_import(manifest: str) -> Command:
    """`svccfg import MANIFEST`: the service into the repository (a new instance that
    its manifest enables starts)."""
    return Command(("svccfg", "import", host_path(manifest)))


def svccfg_delete(service: str) -> Command:
    """`svccfg delete -f SERVICE`: the service and its instances out of the repository,
    even while one runs (SMF stops it)."""
    return Command(("svccfg", "delete", "-f", _service(service)))


def svcadm(verb: str, instance: str) -> Command:
    """`svcadm enable -s|disable -s INSTANCE`: enable or disable it and wait until it
    is online or disabled (or cannot become so)."""
    if verb not in ("enable", "disable"):
        raise ValueError(f"unsupported svcadm verb {verb!r}")
    return Command(("svcadm", verb, "-s", _instance(instance)))


def svcs_state(instance: str) -> Command:
    """`svcs -H -o state INSTANCE`: its state alone (exit 1 when there is no such
    instance)."""
    return Command(("svcs", "-H", "-o", "state", _instance(instance)))
