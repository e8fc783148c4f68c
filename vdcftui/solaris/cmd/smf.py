"""Builders of the SMF commands that install, start, stop and remove a service, and
that set and read its properties."""

from __future__ import annotations

import re
import shlex

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


def _entity(fmri: str) -> str:
    if not (_SERVICE.fullmatch(fmri) or _INSTANCE.fullmatch(fmri)):
        raise ValueError(f"not a service or instance FMRI: {fmri!r}")
    return fmri


def _prop(name: str) -> str:
    if not _PROP.fullmatch(name):
        raise ValueError(f"not a property name PG/PROP: {name!r}")
    return name


_PROP = re.compile(r"[A-Za-z][A-Za-z0-9_-]*/[A-Za-z][A-Za-z0-9_-]*")
_GROUP_OR_PROP = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(/[A-Za-z][A-Za-z0-9_-]*)?")
_VALUE_WORD = re.compile(r"[A-Za-z0-9._/:@+,=-]+")
_TYPE = re.compile(r"[a-z][a-z0-9_]*")


def setprop_refresh(
    entity: str, prop: str, ptype: str, values: tuple[str, ...], instance: str
) -> Command:
    """`sh -c 'svccfg -s ENTITY setprop PG/PROP = TYPE: VALUE && svcadm refresh
    INSTANCE'`: the property set (a list of values in parentheses) and the instance's
    running snapshot refreshed from it, in one command, so that no step leaves them
    apart. Each value is one plain word: svccfg joins its arguments into one line and
    parses it again (illumos svccfg_main.c), so a space would split a value.
    unverified: a list in parentheses given as arguments rather than at svccfg's
    prompt (the documents show the prompt), and svccfg's silence on success."""
    if not _TYPE.fullmatch(ptype) or not values:
        raise ValueError(f"not a property type and values: {ptype!r} {values!r}")
    for value in values:
        if not _VALUE_WORD.fullmatch(value):
            raise ValueError(f"not a plain property value: {value!r}")
    given = values[0] if len(values) == 1 else "(" + " ".join(values) + ")"
    words = ("svccfg", "-s", _entity(entity), "setprop", _prop(prop), "=", f"{ptype}:", given)
    return _then_refresh(words, instance)


def delprop_refresh(entity: str, prop: str, instance: str) -> Command:
    """`sh -c 'svccfg -s ENTITY delprop PG/PROP && svcadm refresh INSTANCE'`: the
    property removed (the undo of setting one that was not there) and the instance
    refreshed."""
    return _then_refresh(("svccfg", "-s", _entity(entity), "delprop", _prop(prop)), instance)


def _then_refresh(words: tuple[str, ...], instance: str) -> Command:
    refresh = ("svcadm", "refresh", _instance(instance))
    return Command(("sh", "-c", f"{shlex.join(words)} && {shlex.join(refresh)}"))


def svcprop(name: str, fmri: str) -> Command:
    """`svcprop -p PG[/PROP] FMRI`: a property's value alone, or a group's properties one
    a line (``NAME TYPE VALUE...``); of an instance, its running snapshot. The value
    alone: real-solaris/sysadm-evacuation-example-ex6-6-TRUNCATED__oracle-doc-s11-4-kz.txt;
    unverified: the group's form (svcprop(1), no capture)."""
    if not _GROUP_OR_PROP.fullmatch(name):
        raise ValueError(f"not a property group or property: {name!r}")
    return Command(("svcprop", "-p", name, _entity(fmri)))


def svcadm_restart(instance: str) -> Command:
    """`svcadm restart INSTANCE`: stop and start it (it reads its configuration again)."""
    return Command(("svcadm", "restart", _instance(instance)))
