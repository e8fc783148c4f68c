"""Solaris 11 software levels and updates: SRUs as `uname -v` and `pkg info entire`
print them, the ``entire`` version an SRU is installed by, and the plan summary of
`pkg update -n`.

An SRU is five numbers, ``11.<update>.<sru>.<build>.<respin>`` (``11.4.42.111.0``).
Its ``entire`` incorporation version differs by release (see
:func:`~vdcftui.solaris.patches.sru_of`, which reads it back): Solaris 11.4 branches
are ``11.4.<sru>.0.1.<build>.<respin>`` under release ``11.4``, 11.0 to 11.3 branches
``0.175.<update>.<sru>.0.<build>.<respin>`` under release ``0.5.11``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vdcftui.solaris._base import numbered_lines, parse_size
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.names import InvalidName

__all__ = [
    "UpdatePlan",
    "validate_sru",
    "sru_key",
    "entire_version",
    "parse_pkg_update_plan",
]

_SRU = re.compile(r"11\.([0-9]{1,2})\.([0-9]{1,3})\.([0-9]{1,4})\.([0-9]{1,3})")
_SRU_RULE = "it must be five numbers, 11.UPDATE.SRU.BUILD.RESPIN"


def validate_sru(sru: str, os_version: str) -> str:
    """Check an SRU of the Solaris 11 release ``os_version`` (``11.4.42.111.0`` of 11.4)."""
    if not isinstance(sru, str) or not _SRU.fullmatch(sru):
        raise InvalidName("SRU", str(sru), _SRU_RULE, noun="")
    if not sru.startswith(f"{os_version}."):
        raise InvalidName("SRU", sru, f"it is not an SRU of Solaris {os_version}", noun="")
    return sru


def sru_key(sru: str) -> tuple[int, ...]:
    """An SRU as numbers, for ordering (``11.4.9`` before ``11.4.42``)."""
    return tuple(int(part) for part in sru.split("."))


def entire_version(sru: str) -> str:
    """The version of ``entire`` that installs an SRU, as `pkg update entire@VERSION`
    takes it: ``11.4-11.4.42.0.1.111.0`` for 11.4.42.111.0, ``0.5.11-0.175.3.33.0.5.0``
    for 11.3.33.5.0."""
    match = _SRU.fullmatch(sru)
    if match is None:
        raise InvalidName("SRU", sru, _SRU_RULE, noun="")
    update, number, build, respin = match.groups()
    if int(update) >= 4:
        return f"11.{update}-11.{update}.{number}.0.1.{build}.{respin}"
    return f"0.5.11-0.175.{update}.{number}.0.{build}.{respin}"


@dataclass(frozen=True)
class UpdatePlan:
    """The summary `pkg update -n` prints before its package list: how many packages
    change, the space it estimates (bytes), whether it makes a boot environment."""

    packages: int
    space_available: int | None
    space_needed: int | None
    creates_be: bool


_SUMMARY = re.compile(r"\s*([A-Z][A-Za-z ]+):\s+(\S.*?)\s*")


def parse_pkg_update_plan(text: str, command: str = "pkg update -nv") -> UpdatePlan:
    """Parse the summary of `pkg update -n[v]`: right-aligned ``Label: value`` lines
    (``Packages to update:``, ``Estimated space available: 48.43 GB``, ``Create boot
    environment: Yes``) up to the first blank line; the package list after it is not
    read. Raises :class:`ParseError` on a summary without package counts."""
    values: dict[str, str] = {}
    for line in numbered_lines(text):
        if not line.text.strip():
            if values:
                break
            continue
        match = _SUMMARY.fullmatch(line.text)
        if match is None:
            raise ParseError(command, "expected 'Label: value'", line.number, line.text)
        values[match.group(1).strip().lower()] = match.group(2)
    counts = [v for k, v in values.items() if k.startswith("packages to ")]
    if not counts or not all(v.isdigit() for v in counts):
        raise ParseError(command, "no 'Packages to ...:' count in the summary", 1, text[:80])
    return UpdatePlan(
        packages=sum(int(v) for v in counts),
        space_available=parse_size(values.get("estimated space available")),
        space_needed=parse_size(values.get("estimated space to be consumed")),
        creates_be=values.get("create boot environment", "").lower() == "yes",
    )
