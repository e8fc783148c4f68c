"""Parsers for the software level: `pkg info` (Solaris 11), `showrev -p` (Solaris 10)
and `beadm list -H`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vdcftui.solaris._base import Record, content_lines, iter_blocks, numbered_lines, to_int
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.names import InvalidName

__all__ = [
    "PkgInfo",
    "ShowrevPatch",
    "BootEnvironment",
    "parse_pkg_info",
    "sru_of",
    "parse_showrev_p",
    "parse_beadm_list_h",
    "PATCH_ID",
    "validate_patch_id",
    "validate_patch_directory",
]


@dataclass(frozen=True, slots=True)
class PkgInfo(Record):
    """One package of `pkg info` (``Name:``, ``Version:``, ``Branch:``, ``FMRI:`` ...)."""

    name: str
    summary: str | None
    state: str | None
    publisher: str | None
    version: str | None
    branch: str | None
    packaging_date: str | None
    size: str | None
    fmri: str | None


_PKG_LABEL = re.compile(r"\s*([A-Z][A-Za-z ]*?):\s?(.*)")


def parse_pkg_info(text: str, command: str = "pkg info") -> list[PkgInfo]:
    """Parse `pkg info [PKG...]`: right-aligned ``Label: value`` blocks separated by blank
    lines; continuation lines (Description) join the previous value."""
    out = []
    for block in iter_blocks(numbered_lines(text)):
        values: dict[str, str] = {}
        current = ""
        for line in block:
            match = _PKG_LABEL.fullmatch(line.text.rstrip())
            label_end = line.text.find(":")
            if match and label_end != -1 and "  " not in line.text[:label_end].strip():
                current = match.group(1).lower().replace(" ", "_")
                values[current] = match.group(2).strip()
            elif current:
                values[current] += " " + line.text.strip()
            else:
                raise ParseError(command, "expected 'Label: value'", line.number, line.text)
        if "name" not in values:
            raise ParseError(command, "package without 'Name:'", block[0].number, block[0].text)
        out.append(
            PkgInfo(
                values["name"],
                values.get("summary"),
                values.get("state"),
                values.get("publisher"),
                values.get("version"),
                values.get("branch"),
                values.get("packaging_date"),
                values.get("size"),
                values.get("fmri"),
            )
        )
    return out


def sru_of(info: PkgInfo) -> str | None:
    """The Solaris 11 update/SRU of the ``entire`` package: ``11.3.33.5.0`` from
    ``Version: 0.5.11 (Oracle Solaris 11.3.33.5.0)`` or branch ``0.175.3.33.0.5.0``;
    the 11.4 branch ``11.4.42.0.1.111.0`` gives ``11.4.42.111.0`` (as `uname -v` prints)."""
    if info.version and (match := re.search(r"\(Oracle Solaris ([\d.]+)\)", info.version)):
        return match.group(1)
    if info.branch and re.fullmatch(r"11\.\d+(?:\.\d+){5}", info.branch):
        parts = info.branch.split(".")
        return ".".join(parts[:3] + parts[5:])
    if info.branch and (
        match := re.fullmatch(r"0\.175\.(\d+)\.(\d+)\.\d+\.(\d+)\.(\d+)", info.branch)
    ):
        minor, sru, build, nightly = match.groups()
        return f"11.{minor}.{sru}.{build}.{nightly}"
    return None


@dataclass(frozen=True, slots=True)
class ShowrevPatch(Record):
    """One line of `showrev -p`."""

    patch: str
    obsoletes: tuple[str, ...]
    requires: tuple[str, ...]
    incompatibles: tuple[str, ...]
    packages: tuple[str, ...]


_SHOWREV = re.compile(
    r"Patch:\s*(\S+)\s+Obsoletes:(.*?)\s*Requires:(.*?)\s*"
    r"Incompatibles:(.*?)\s*Packages:(.*)"
)


def _plist(text: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[,\s]+", text.strip()) if p)


def parse_showrev_p(text: str, command: str = "showrev -p") -> list[ShowrevPatch]:
    """Parse `showrev -p` (``Patch: 150400-59 Obsoletes: ... Requires: ...
    Incompatibles: ... Packages: SUNWcsu, SUNWcsr``; empty lists print nothing)."""
    out = []
    for line in content_lines(text):
        if line.text.strip() == "No patches are installed":
            continue
        match = _SHOWREV.fullmatch(line.text.strip())
        if not match:
            raise ParseError(
                command,
                "expected 'Patch: ID Obsoletes: Requires: Incompatibles: Packages:'",
                line.number,
                line.text,
            )
        patch, *lists = match.groups()
        out.append(ShowrevPatch(patch, *(_plist(x) for x in lists)))
    return out


@dataclass(frozen=True, slots=True)
class BootEnvironment(Record):
    """One line of `beadm list -H`: ``name;uuid;active;mountpoint;space;policy;created``
    (space in bytes, created in epoch seconds; active ``N``, ``R``, ``NR`` or empty)."""

    name: str
    uuid: str
    active: str
    mountpoint: str | None
    space: int | None
    policy: str
    created: int | None
    active_now: bool
    active_on_reboot: bool


def parse_beadm_list_h(text: str, command: str = "beadm list -H") -> list[BootEnvironment]:
    """Parse `beadm list -H` (``;``-separated)."""
    out = []
    for line in content_lines(text):
        parts = line.text.strip().split(";")
        if len(parts) < 7:
            raise ParseError(command, "expected 7 ';'-separated fields", line.number, line.text)
        name, uuid, active, mount, space, policy, created = parts[:7]
        try:
            space_n, created_n = to_int(space), to_int(created)
        except ValueError:
            raise ParseError(
                command, "space and created must be numbers", line.number, line.text
            ) from None
        out.append(
            BootEnvironment(
                name,
                uuid,
                active,
                mount or None,
                space_n,
                policy,
                created_n,
                "N" in active,
                "R" in active,
            )
        )
    return out


PATCH_ID = re.compile(r"(\d{6})-(\d{2})")
"""A Solaris patch with its revision: six digits, a dash, two digits (``150400-59``)."""


def validate_patch_id(text: str) -> str:
    """Check a patch id with its revision (``150400-59``)."""
    if not isinstance(text, str) or not PATCH_ID.fullmatch(text):
        raise InvalidName(
            "patch id", str(text), "a patch is six digits, '-' and a two-digit revision", noun=""
        )
    return text


_DIRECTORY = re.compile(r"/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")


def validate_patch_directory(text: str) -> str:
    """Check the directory the patches are read from on the nodes: an absolute path of
    letters, digits, '_', '.' and '-' (no '..'), at most 200 characters."""
    if (
        not isinstance(text, str)
        or len(text) > 200
        or not _DIRECTORY.fullmatch(text)
        or ".." in text.split("/")
    ):
        raise InvalidName(
            "patch directory",
            str(text),
            "an absolute path of letters, digits, '_', '.' and '-' is expected",
            noun="",
        )
    return text
