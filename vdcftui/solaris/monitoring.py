"""Lenient parsers of what the monitoring collectors read (docs/solaris/monitoring-resources).

A collector reads a node every minute; one garbled line must not cost it the whole
reading. Each parser here keeps every well-formed record and reports, as
:class:`~vdcftui.solaris.errors.ParseError` values, the lines it could not read:

- `kstat -p STAT...`: ``module:instance:name:statistic<TAB>value``;
- `prstat -Z -n 1,N 1 1`: the zone block (``ZONEID NPROC SWAP RSS MEMORY TIME CPU ZONE``);
- `zfs list -H -p -o name,used,avail,mountpoint`: exact bytes, TAB-separated;
- `df -k`: KB, a long file system name alone on its line;
- `swap -s`: one ``total:`` line in KB;
- `svcs -x`: one block per service that is not running as it should;
- `fmadm faulty`: one summary row per case under its ``TIME EVENT-ID MSG-ID SEVERITY``
  header; no output at all when the fault manager holds no problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from vdcftui.solaris._base import (
    Line,
    Record,
    content_lines,
    iter_blocks,
    numbered_lines,
    parse_size,
    to_float,
)
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.resources import (
    DfEntry,
    KstatStat,
    SwapSummary,
    parse_df_k,
    parse_kstat_p,
    parse_swap_s,
)
from vdcftui.solaris.services import SvcExplanation, parse_svcs_x

__all__ = [
    "Parsed",
    "PrstatZone",
    "FmFault",
    "ZfsUsage",
    "parse_kstat_values",
    "parse_prstat_zones",
    "parse_zfs_usage",
    "parse_df_usage",
    "parse_swap_usage",
    "parse_svcs_problems",
    "parse_fmadm_faulty",
]

R = TypeVar("R")


@dataclass(frozen=True)
class Parsed(Generic[R]):
    """What a lenient parser read: the well-formed records, and why each other line
    could not be read."""

    records: tuple[R, ...]
    problems: tuple[ParseError, ...] = ()


def parse_kstat_values(text: str, command: str = "kstat -p") -> Parsed[KstatStat]:
    """`kstat -p`, one statistic a line; a line without ``m:i:n:s<TAB>value`` is a problem."""
    records: list[KstatStat] = []
    problems: list[ParseError] = []
    for line in content_lines(text):
        try:
            records += parse_kstat_p(line.text, command)
        except ParseError as exc:
            problems.append(ParseError(command, exc.reason, line.number, line.text))
    return Parsed(tuple(records), tuple(problems))


@dataclass(frozen=True, slots=True)
class PrstatZone(Record):
    """One row of `prstat -Z`'s zone block: processes, swap and resident set in bytes,
    the share of memory and of all CPUs in percent, the zone's name."""

    zoneid: int
    nproc: int
    swap: int
    rss: int
    memory: float
    time: str
    cpu: float
    zone: str


_PRSTAT_ROW = re.compile(
    r"\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+([\d.]+%)\s+([\d:]+)\s+([\d.]+%)\s+(\S+)\s*"
)


def parse_prstat_zones(text: str, command: str = "prstat -Z") -> Parsed[PrstatZone]:
    """The zone block of `prstat -Z` (prstat-Z* captures): the rows between the
    ``ZONEID NPROC SWAP RSS MEMORY TIME CPU ZONE`` header and ``Total:``; the process
    block above it is skipped. Zones are named, not numbered: zone ids change at boot."""
    records: list[PrstatZone] = []
    problems: list[ParseError] = []
    in_block = False
    saw_header = False
    for line in content_lines(text):
        words = line.text.split()
        if words[:2] == ["ZONEID", "NPROC"]:
            in_block, saw_header = True, True
            continue
        if words[:1] == ["Total:"] or words[:1] == ["PID"]:
            in_block = False
            continue
        if not in_block:
            continue
        match = _PRSTAT_ROW.fullmatch(line.text)
        swap = parse_size(match.group(3)) if match else None
        rss = parse_size(match.group(4)) if match else None
        if not match or swap is None or rss is None:
            problems.append(
                ParseError(
                    command,
                    "expected 'ZONEID NPROC SWAP RSS MEMORY% TIME CPU% ZONE'",
                    line.number,
                    line.text,
                )
            )
            continue
        records.append(
            PrstatZone(
                int(match.group(1)),
                int(match.group(2)),
                swap,
                rss,
                to_float(match.group(5)) or 0.0,
                match.group(6),
                to_float(match.group(7)) or 0.0,
                match.group(8),
            )
        )
    if not saw_header and content_lines(text):
        problems.append(ParseError(command, "no 'ZONEID NPROC ...' zone block"))
    return Parsed(tuple(records), tuple(problems))


@dataclass(frozen=True, slots=True)
class ZfsUsage(Record):
    """One dataset of `zfs list -H -p -o name,used,avail,mountpoint`, in bytes."""

    name: str
    used: int
    avail: int
    mountpoint: str


def parse_zfs_usage(
    text: str, command: str = "zfs list -H -p -o name,used,avail,mountpoint"
) -> Parsed[ZfsUsage]:
    """Four TAB-separated fields a line, the sizes exact (``-p``)."""
    records: list[ZfsUsage] = []
    problems: list[ParseError] = []
    for line in content_lines(text):
        parts = line.text.rstrip("\n").split("\t")
        if len(parts) != 4 or not parts[1].isdigit() or not parts[2].isdigit():
            problems.append(
                ParseError(
                    command,
                    "expected 'name<TAB>used<TAB>avail<TAB>mountpoint'",
                    line.number,
                    line.text,
                )
            )
            continue
        records.append(ZfsUsage(parts[0], int(parts[1]), int(parts[2]), parts[3]))
    return Parsed(tuple(records), tuple(problems))


def parse_df_usage(text: str, command: str = "df -k") -> Parsed[DfEntry]:
    """`df -k`, row by row (:func:`~vdcftui.solaris.resources.parse_df_k` reads each
    row with the header, so a long name alone on its line joins the next one)."""
    lines = content_lines(text)
    if not lines:
        return Parsed(())
    header = lines[0]
    if header.text.split()[:1] != ["Filesystem"]:
        return Parsed(
            (), (ParseError(command, "expected a 'Filesystem ...' header", 1, header.text),)
        )
    records: list[DfEntry] = []
    problems: list[ParseError] = []
    pending: list[Line] = []
    for line in lines[1:]:
        pending.append(line)
        if len(line.text.split()) == 1 and len(pending) == 1:
            continue  # a long file system name: its numbers follow on the next line
        try:
            records += parse_df_k("\n".join([header.text, *(p.text for p in pending)]), command)
        except ParseError as exc:
            problems.append(ParseError(command, exc.reason, line.number, line.text))
        pending = []
    for line in pending:
        problems.append(
            ParseError(command, "a file system name without numbers", line.number, line.text)
        )
    return Parsed(tuple(records), tuple(problems))


def parse_swap_usage(text: str, command: str = "swap -s") -> Parsed[SwapSummary]:
    """`swap -s`: the one summary, or the problem with it."""
    try:
        return Parsed((parse_swap_s(text, command),))
    except ParseError as exc:
        return Parsed((), (exc,))


def parse_svcs_problems(text: str, command: str = "svcs -x") -> Parsed[SvcExplanation]:
    """`svcs -x`, block by block: no output means nothing to report."""
    records: list[SvcExplanation] = []
    problems: list[ParseError] = []
    for block in iter_blocks(numbered_lines(text)):
        # blank lines keep each block's line numbers as in the whole output
        body = "\n" * (block[0].number - 1) + "\n".join(line.text for line in block)
        try:
            records += parse_svcs_x(body, command)
        except ParseError as exc:
            problems.append(exc)
    return Parsed(tuple(records), tuple(problems))


@dataclass(frozen=True, slots=True)
class FmFault(Record):
    """The summary row of one case of `fmadm faulty`."""

    time: str
    event_id: str
    msg_id: str
    severity: str


_FM_ROW = re.compile(
    r"([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)\s+([0-9a-f]{8}-[0-9a-f-]{27})\s+(\S+)\s+(\S+)\s*"
)


def parse_fmadm_faulty(text: str, command: str = "fmadm faulty") -> Parsed[FmFault]:
    """The cases of `fmadm faulty` (fmadm-faulty-* captures, faulty.c): each starts with
    a dashed line, ``TIME EVENT-ID MSG-ID SEVERITY``, a dashed line, then the summary
    row ``%b %d %T  uuid  msg-id  severity``; the case's body that follows (either
    layout) is not read. No output: no fault."""
    records: list[FmFault] = []
    problems: list[ParseError] = []
    lines = content_lines(text)
    for index, line in enumerate(lines):
        if line.text.split()[:2] != ["TIME", "EVENT-ID"]:
            continue
        row = lines[index + 2] if index + 2 < len(lines) else None
        match = _FM_ROW.fullmatch(row.text.strip()) if row else None
        dashed = lines[index + 1].text.replace("-", "").strip() == "" if row else False
        if row is None or match is None or not dashed:
            where = row or line
            problems.append(
                ParseError(
                    command,
                    "expected 'TIME EVENT-ID MSG-ID SEVERITY' then a dashed line and "
                    "'Mon DD HH:MM:SS uuid msg-id severity'",
                    where.number,
                    where.text,
                )
            )
            continue
        records.append(FmFault(*match.groups()))
    return Parsed(tuple(records), tuple(problems))
