"""Parsers for resource usage: `kstat -p`, `swap -s`, `swap -l`, `df -k`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vdcftui.solaris._base import (
    Record,
    content_lines,
    header_table,
    int_or_raw,
    to_int,
    to_number,
)
from vdcftui.solaris.errors import ParseError

__all__ = [
    "KstatStat",
    "SwapSummary",
    "DfEntry",
    "parse_kstat_p",
    "parse_swap_s",
    "parse_swap_l",
    "parse_df_k",
]


@dataclass(frozen=True, slots=True)
class KstatStat(Record):
    """One statistic of `kstat -p`: ``module:instance:name:statistic<TAB>value``
    (value None with ``-l``)."""

    module: str
    instance: int
    name: str
    statistic: str
    value: int | float | str | None


def parse_kstat_p(text: str, command: str = "kstat -p") -> list[KstatStat]:
    """Parse `kstat -p` (values int, float or string; TAB or blanks before the value;
    `-T` time stamp lines are skipped)."""
    stats = []
    for line in content_lines(text):
        raw = line.text.rstrip()
        if re.fullmatch(r"\d+", raw.strip()) or re.fullmatch(
            r"[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:]{8} \d{4}", raw.strip()
        ):
            continue
        key, sep, value = raw.partition("\t")
        if not sep:
            key, _, value = raw.partition(" ")
        parts = key.strip().split(":")
        if len(parts) < 4 or not parts[1].isdigit():
            raise ParseError(
                command,
                "expected 'module:instance:name:statistic<TAB>value'",
                line.number,
                line.text,
            )
        value = value.strip()
        stats.append(
            KstatStat(
                parts[0],
                int(parts[1]),
                ":".join(parts[2:-1]),
                parts[-1],
                to_number(value) if value else None,
            )
        )
    return stats


@dataclass(frozen=True, slots=True)
class SwapSummary(Record):
    """`swap -s`, in KB."""

    allocated_kb: int
    reserved_kb: int
    used_kb: int
    available_kb: int


_SWAP_S = re.compile(
    r"total:\s*(\d+)k bytes allocated \+ (\d+)k reserved = (\d+)k used, "
    r"(\d+)k available"
)


def parse_swap_s(text: str, command: str = "swap -s") -> SwapSummary:
    """Parse `swap -s`: ``total: 4996272k bytes allocated + 1636152k reserved =
    6632424k used, 15287360k available``."""
    lines = content_lines(text)
    if not lines:
        raise ParseError(command, "empty output")
    match = _SWAP_S.fullmatch(lines[0].text.strip())
    if not match or len(lines) > 1:
        bad = lines[0] if not match else lines[1]
        raise ParseError(
            command,
            "expected 'total: Nk bytes allocated + Nk reserved = Nk used, Nk available'",
            bad.number,
            bad.text,
        )
    return SwapSummary(*(int(g) for g in match.groups()))


def parse_swap_l(text: str, command: str = "swap -l") -> list[Record]:
    """Parse `swap -l` / `-lh` / `-lk`: header ``swapfile dev swaplo blocks free``
    (Solaris 11.4 SRUs add ``encrypted``); numbers as int, scaled sizes kept as printed."""
    lines = content_lines(text)
    if lines and lines[0].text.split()[:1] != ["swapfile"]:
        raise ParseError(
            command,
            "expected the header 'swapfile dev swaplo blocks free'",
            lines[0].number,
            lines[0].text,
        )
    return header_table(
        command,
        lines,
        "SwapDevice",
        numeric={"swaplo", "blocks", "free"},
        last_has_spaces=False,
        convert=int_or_raw,
    )


@dataclass(frozen=True, slots=True)
class DfEntry(Record):
    """One file system of `df -k` (KB; scaled strings with `df -h`); ``capacity`` in %."""

    filesystem: str
    kbytes: int | str | None
    used: int | str | None
    avail: int | str | None
    capacity: int | None
    mounted_on: str


def parse_df_k(text: str, command: str = "df -k") -> list[DfEntry]:
    """Parse `df -k` (Solaris 10 ``kbytes used avail capacity`` and Solaris 11
    ``1024-blocks Used Available Capacity`` headers); a long file system name printed on
    its own line joins the numbers on the next line."""
    lines = content_lines(text)
    if not lines:
        return []
    if lines[0].text.split()[:1] != ["Filesystem"]:
        raise ParseError(
            command, "expected a 'Filesystem ...' header", lines[0].number, lines[0].text
        )
    out = []
    pending: str | None = None
    for line in lines[1:]:
        parts = line.text.split()
        if len(parts) == 1 and pending is None:
            pending = parts[0]
            continue
        if pending is not None:
            parts = [pending, *parts]
            pending = None
        if len(parts) < 6 or not parts[4].endswith("%"):
            raise ParseError(
                command,
                "expected 'filesystem size used avail capacity% mountpoint'",
                line.number,
                line.text,
            )
        try:
            capacity = to_int(parts[4].removesuffix("%"))
        except ValueError:
            raise ParseError(
                command, "capacity is not a percentage", line.number, line.text
            ) from None
        out.append(
            DfEntry(
                parts[0],
                int_or_raw(parts[1]),
                int_or_raw(parts[2]),
                int_or_raw(parts[3]),
                capacity,
                " ".join(parts[5:]),
            )
        )
    if pending is not None:
        raise ParseError(
            command, "file system name without figures", lines[-1].number, lines[-1].text
        )
    return out
