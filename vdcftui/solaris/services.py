"""Parsers for SMF: `svcs` listings and the `svcs -x` explanations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vdcftui.solaris._base import (
    Record,
    content_lines,
    header_table,
    iter_blocks,
    numbered_lines,
    row_type,
)
from vdcftui.solaris.errors import ParseError

__all__ = ["SvcExplanation", "SVCS_DEFAULT", "parse_svcs", "parse_svcs_x"]

SVCS_DEFAULT = ("state", "stime", "fmri")


def parse_svcs(
    text: str, fields: Sequence[str] | None = None, command: str = "svcs"
) -> list[Record]:
    """Parse `svcs`/`svcs -a` (header ``STATE STIME FMRI``, or whatever `-o` chose) and
    `svcs -H -o FIELDS` (``fields``; default state, stime, fmri). The last column takes
    the rest of the line."""
    lines = content_lines(text)
    if not lines:
        return []
    words = lines[0].text.split()
    if fields is None and all(re.fullmatch(r"[A-Z]+", w) for w in words):
        return header_table(command, lines, "SvcsEntry")
    names = tuple(f.strip().lower() for f in (fields or SVCS_DEFAULT))
    rtype = row_type("SvcsEntry", names)
    rows = []
    for line in lines:
        parts = line.text.split(None, len(names) - 1)
        if len(parts) < len(names):
            raise ParseError(
                command,
                f"expected {len(names)} columns ({','.join(names)})",
                line.number,
                line.text,
            )
        rows.append(rtype(*parts))
    return rows


@dataclass(frozen=True, slots=True)
class SvcExplanation(Record):
    """One service block of `svcs -x` / `svcs -xv`."""

    svc: str
    name: str | None
    zone: str | None
    state: str
    since: str | None
    reason: str | None
    see: tuple[str, ...]
    impact: str | None
    dependents: tuple[str, ...]


_HEAD = re.compile(r"((?:svc|lrc):/\S+)(?:\s+\((.*)\))?")
_FIELD = re.compile(r"\s*(State|Reason|See|Impact|Zone|Path):\s?(.*)")


def parse_svcs_x(text: str, command: str = "svcs -x") -> list[SvcExplanation]:
    """Parse `svcs -x`/`-xv` blocks: ``svc:/...:default (name)`` then `` State:``,
    ``Reason:``, ``   See:`` (repeated), ``Impact:`` (and ``  Zone:`` with ``-Z``).
    No output means no problem: an empty list."""
    out = []
    for block in iter_blocks(numbered_lines(text)):
        head = _HEAD.fullmatch(block[0].text.strip())
        if not head:
            raise ParseError(
                command, "expected 'svc:/SERVICE:INSTANCE (name)'", block[0].number, block[0].text
            )
        values: dict[str, str] = {}
        see: list[str] = []
        dependents: list[str] = []
        current = ""
        for line in block[1:]:
            match = _FIELD.fullmatch(line.text.rstrip())
            if match:
                current, value = match.groups()
                if current == "See":
                    see.append(value.strip())
                else:
                    values[current] = value.strip()
            elif current == "Impact" and _HEAD.fullmatch(line.text.strip()):
                dependents.append(line.text.strip())
            elif current and current != "See":
                values[current] = values[current] + " " + line.text.strip()
            else:
                raise ParseError(command, "expected 'Label: text'", line.number, line.text)
        if "State" not in values:
            raise ParseError(command, "service without 'State:'", block[0].number, block[0].text)
        state, _, since = values["State"].partition(" since ")
        name = head.group(2)
        out.append(
            SvcExplanation(
                head.group(1),
                None if name in (None, "?") else name,
                values.get("Zone"),
                state.strip(),
                since.strip() or None,
                values.get("Reason"),
                tuple(see),
                values.get("Impact"),
                tuple(dependents),
            )
        )
    return out
