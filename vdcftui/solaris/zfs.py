"""Parsers for ZFS: `zfs list`, `zpool list`, `zpool status` and the importable-pool
listing of `zpool import`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vdcftui.solaris._base import (
    Line,
    Record,
    content_lines,
    header_table,
    int_or_raw,
    numbered_lines,
    row_type,
    to_number,
)
from vdcftui.solaris.errors import ParseError

__all__ = [
    "VdevEntry",
    "ZpoolStatus",
    "ImportablePool",
    "ZFS_LIST_DEFAULT",
    "ZPOOL_LIST_DEFAULT",
    "parse_zfs_list",
    "parse_zpool_list",
    "parse_zpool_status",
    "parse_zpool_import",
]

ZFS_LIST_DEFAULT = ("name", "used", "avail", "refer", "mountpoint")
ZPOOL_LIST_DEFAULT = ("name", "size", "alloc", "free", "cap", "dedup", "health", "altroot")
_ZFS_NUMERIC = {
    "used",
    "avail",
    "available",
    "refer",
    "referenced",
    "quota",
    "refquota",
    "reservation",
    "refreservation",
    "volsize",
    "written",
    "logicalused",
    "logicalreferenced",
    "usedbysnapshots",
    "usedbydataset",
    "usedbychildren",
    "usedbyrefreservation",
    "creation",
    "recordsize",
    "volblocksize",
}
_ZPOOL_NUMERIC = {"size", "alloc", "allocated", "free", "ckpoint", "expandsz", "guid", "version"}


def _is_header(line: Line) -> bool:
    words = line.text.split()
    return bool(words) and words[0] == "NAME" and all(re.fullmatch(r"[A-Z%]+", w) for w in words)


def _tab_table(
    command: str, lines: Sequence[Line], typename: str, fields: Sequence[str], numeric: set[str]
) -> list[Record]:
    """Rows of a ``-H`` listing: TAB-separated (runs of blanks when no TAB is present)."""
    names = tuple(f.strip().lower() for f in fields)
    rtype = row_type(typename, names)
    rows = []
    for line in lines:
        text = line.text.rstrip("\n")
        parts = text.split("\t") if "\t" in text else text.split(None, len(names) - 1)
        if len(parts) < len(names):
            raise ParseError(
                command, f"expected {len(names)} fields ({','.join(names)})", line.number, line.text
            )
        values = {}
        for name, value in zip(names, parts, strict=False):
            key = name.replace("-", "_")
            values[key] = int_or_raw(value) if name in numeric else value
        rows.append(rtype(**values, extra=tuple(parts[len(names) :])))
    return rows


def _listing(
    command: str,
    text: str,
    typename: str,
    fields: Sequence[str] | None,
    default: Sequence[str],
    numeric: set[str],
) -> list[Record]:
    lines = content_lines(text)
    if not lines:
        return []
    if _is_header(lines[0]):
        names = [w.lower() for w in lines[0].text.split()]
        return header_table(
            command,
            lines,
            typename,
            convert=int_or_raw,
            numeric={n.replace("-", "_") for n in names if n in numeric},
        )
    return _tab_table(command, lines, typename, fields or default, numeric)


def parse_zfs_list(
    text: str, fields: Sequence[str] | None = ZFS_LIST_DEFAULT, command: str = "zfs list"
) -> list[Record]:
    """Parse `zfs list -H -o FIELDS` (TAB-separated, ``fields`` name the columns) or the
    default `zfs list` table (columns from the header). Sizes stay as printed
    (``1.2G``; integers with ``-p``); use :func:`parse_size` for bytes."""
    return _listing(command, text, "ZfsDataset", fields, ZFS_LIST_DEFAULT, _ZFS_NUMERIC)


def parse_zpool_list(
    text: str, fields: Sequence[str] | None = None, command: str = "zpool list"
) -> list[Record]:
    """Parse `zpool list` (header table, Oracle and illumos columns) or
    `zpool list -H -o FIELDS` (``fields``; default the Oracle column set)."""
    return _listing(command, text, "ZpoolEntry", fields, ZPOOL_LIST_DEFAULT, _ZPOOL_NUMERIC)


@dataclass(frozen=True, slots=True)
class VdevEntry(Record):
    """One row of a pool's ``config:`` tree; ``depth`` 0 is the pool (or a ``logs``/
    ``cache``/``spares`` heading), 1 its top-level vdevs, and so on."""

    name: str
    state: str | None
    read: int | float | str | None
    write: int | float | str | None
    cksum: int | float | str | None
    depth: int
    note: str


@dataclass(frozen=True, slots=True)
class ZpoolStatus(Record):
    """One pool of `zpool status`."""

    pool: str
    state: str
    status: str | None
    action: str | None
    see: str | None
    scan: str | None
    config: tuple[VdevEntry, ...]
    errors: str | None


@dataclass(frozen=True, slots=True)
class ImportablePool(Record):
    """One pool listed by `zpool import` (no pool argument)."""

    pool: str
    id: str
    state: str
    status: str | None
    action: str | None
    see: str | None
    config: tuple[VdevEntry, ...]


_LABEL = re.compile(r"\s*(pool|id|state|status|action|see|scan|scrub|config|errors):(?:\s(.*))?")
_STATES = {
    "ONLINE",
    "DEGRADED",
    "FAULTED",
    "OFFLINE",
    "UNAVAIL",
    "REMOVED",
    "AVAIL",
    "INUSE",
    "SUSPENDED",
    "SPLIT",
}


def _config_rows(command: str, lines: Sequence[Line]) -> tuple[VdevEntry, ...]:
    rows = [line for line in lines if line.text.strip()]
    if rows and rows[0].text.split()[:2] == ["NAME", "STATE"]:
        rows = rows[1:]
    if not rows:
        return ()
    base = len(rows[0].text.expandtabs(8)) - len(rows[0].text.expandtabs(8).lstrip())
    out = []
    for line in rows:
        expanded = line.text.expandtabs(8)
        indent = len(expanded) - len(expanded.lstrip())
        parts = expanded.split()
        if indent < base:
            raise ParseError(
                command, "config row indented less than the pool row", line.number, line.text
            )
        state = parts[1] if len(parts) > 1 and parts[1] in _STATES else None
        counts: list[int | float | str | None] = [None, None, None]
        rest = parts[2:] if state else parts[1:]
        if state and len(rest) >= 3 and all(re.fullmatch(r"[\d.]+[KMGTP]?", c) for c in rest[:3]):
            counts = [to_number(c) for c in rest[:3]]
            rest = rest[3:]
        out.append(
            VdevEntry(
                parts[0],
                state,
                counts[0],
                counts[1],
                counts[2],
                (indent - base) // 2,
                " ".join(rest),
            )
        )
    return tuple(out)


def _pool_blocks(command: str, text: str) -> list[tuple[dict[str, str], list[Line], Line]]:
    """Split `zpool status`/`zpool import` output into per-pool label maps and config lines."""
    blocks: list[tuple[dict[str, str], list[Line], Line]] = []
    labels: dict[str, str] | None = None
    config: list[Line] = []
    current = ""
    for line in numbered_lines(text):
        match = _LABEL.fullmatch(line.text.rstrip())
        if match and (match.group(1) == "pool" or labels is not None):
            key, value = match.group(1), (match.group(2) or "").strip()
            key = "scan" if key == "scrub" else key
            if key == "pool":
                labels, config = {}, []
                blocks.append((labels, config, line))
            labels[key] = value  # type: ignore[index]
            current = key
        elif labels is None:
            if line.text.strip():
                raise ParseError(command, "expected '  pool: NAME'", line.number, line.text)
        elif current == "config":
            config.append(line)
        elif current == "errors" and not line.text.strip():
            current = ""
        elif line.text.strip():
            if not current:
                raise ParseError(command, "text outside a labelled field", line.number, line.text)
            labels[current] = (labels[current] + "\n" + line.text.strip()).strip()
    return blocks


_NO_POOLS = ("no pools available", "all pools are healthy")


def parse_zpool_status(text: str, command: str = "zpool status") -> list[ZpoolStatus]:
    """Parse `zpool status [-v] [POOL]`: per pool the labelled fields (``pool:``,
    ``state:``, ``status:``, ``action:``, ``see:``, ``scan:``/``scrub:``, ``errors:``) and
    the ``config:`` tree."""
    if text.strip() in _NO_POOLS:
        return []
    out = []
    for labels, config, first in _pool_blocks(command, text):
        if "state" not in labels:
            raise ParseError(command, "pool without 'state:'", first.number, first.text)
        out.append(
            ZpoolStatus(
                labels["pool"],
                labels["state"],
                labels.get("status"),
                labels.get("action"),
                labels.get("see"),
                labels.get("scan"),
                _config_rows(command, config),
                labels.get("errors"),
            )
        )
    return out


def parse_zpool_import(text: str, command: str = "zpool import") -> list[ImportablePool]:
    """Parse the listing `zpool import` prints without a pool argument (``pool:``, ``id:``,
    ``state:``, ``action:``, ``config:``); ``no pools available to import`` is empty."""
    if text.strip().startswith("no pools available"):
        return []
    out = []
    for labels, config, first in _pool_blocks(command, text):
        if "id" not in labels or "state" not in labels:
            raise ParseError(command, "pool without 'id:' or 'state:'", first.number, first.text)
        out.append(
            ImportablePool(
                labels["pool"],
                labels["id"],
                labels["state"],
                labels.get("status"),
                labels.get("action"),
                labels.get("see"),
                _config_rows(command, config),
            )
        )
    return out
