"""Shared building blocks of the output parsers: records, lines, numbers.

Every parser turns raw command output into frozen dataclass records whose field names are
the command's own field names (lower case, ``-`` becomes ``_``). Records derive from
:class:`Record`, which gives them a JSON-ready :meth:`Record.to_dict`.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vdcftui.solaris.errors import ParseError

__all__ = [
    "Record",
    "Line",
    "numbered_lines",
    "content_lines",
    "to_int",
    "to_float",
    "to_number",
    "int_or_raw",
    "split_escaped",
    "field_name",
    "row_type",
    "parse_size",
    "header_table",
    "iter_blocks",
]


class Record:
    """Base of every parser record: a frozen, slotted dataclass with :meth:`to_dict`."""

    __slots__ = ()

    if TYPE_CHECKING:
        # For type checkers: every concrete record is a dataclass made from its field values
        # (a :func:`row_type` table's also from ``extra=``), which ``type[Record]`` alone does
        # not say. Each dataclass's own generated ``__init__`` still types calls to it.
        def __init__(self, *values: Any, **fields: Any) -> None: ...

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (tuples become lists, records dicts)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            name = f.name
            if name.endswith("_") and keyword.iskeyword(name[:-1]):
                name = name[:-1]
            out[name] = _jsonable(getattr(self, f.name))
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@dataclasses.dataclass(frozen=True, slots=True)
class Line:
    """One line of command output with its 1-based number in the original text."""

    number: int
    text: str


def numbered_lines(text: str) -> list[Line]:
    """All lines of ``text`` (CRLF and CR normalised, trailing blank lines dropped)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [Line(i, t) for i, t in enumerate(text.split("\n"), start=1)]
    while lines and not lines[-1].text.strip():
        lines.pop()
    return lines


def content_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, numbered as in the original."""
    return [line for line in numbered_lines(text) if line.text.strip()]


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")


def to_int(value: str | None) -> int | None:
    """``value`` as int; ``None`` for ``-``, ``--`` or empty. Raises ValueError otherwise."""
    if value is None or value.strip() in ("", "-", "--"):
        return None
    value = value.strip()
    if not _INT.fullmatch(value):
        raise ValueError(f"not an integer: {value!r}")
    return int(value)


def to_float(value: str | None) -> float | None:
    """``value`` as float (a trailing ``%`` is allowed); ``None`` for ``-``/empty."""
    if value is None or value.strip() in ("", "-", "--"):
        return None
    value = value.strip().removesuffix("%")
    if not _FLOAT.fullmatch(value):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def int_or_raw(value: str) -> int | str | None:
    """An integer when ``value`` is all digits, None for ``-``/empty, else ``value``
    unchanged (for sizes printed either scaled, ``1.2G``, or exact with ``-p``)."""
    if value.strip() in ("", "-", "--"):
        return None
    return int(value) if value.strip().isdigit() else value


def to_number(value: str | None) -> int | float | str | None:
    """``value`` as int or float when it is one, ``None`` for ``-``/empty, else unchanged."""
    if value is None or value.strip() in ("", "-", "--"):
        return None
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def split_escaped(line: str, sep: str = ":") -> list[str]:
    """Split a parseable (``-p``) line on ``sep``; ``\\`` escapes the next character."""
    fields: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == sep:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def field_name(name: str) -> str:
    """A command's field name as a record field: lower case, other characters as ``_``,
    a ``%`` prefix as ``pct_``, a Python keyword with a trailing ``_``."""
    name = name.strip().lower()
    if name.startswith("%"):
        name = "pct_" + name[1:]
    name = re.sub(r"[^a-z0-9_]", "_", name)
    if not name or name[0].isdigit():
        name = "f_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


@lru_cache(maxsize=256)
def row_type(typename: str, names: tuple[str, ...]) -> type[Record]:
    """A frozen record type with fields ``names`` (as :func:`field_name` spells them) and
    an ``extra`` tuple, for tables whose columns the caller chooses (``-o`` lists)."""
    fields = [(field_name(n), Any) for n in names]
    seen = {n for n, _ in fields}
    if len(seen) != len(fields) or "extra" in seen:
        raise ValueError(f"duplicate or reserved field names: {names}")
    fields.append(("extra", tuple[str, ...], dataclasses.field(default=())))  # type: ignore[arg-type]
    return dataclasses.make_dataclass(typename, fields, bases=(Record,), frozen=True, slots=True)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([BKMGTPEZ]?)(?:i?B)?", re.IGNORECASE)
_UNITS = {
    "": 1,
    "B": 1,
    "K": 1 << 10,
    "M": 1 << 20,
    "G": 1 << 30,
    "T": 1 << 40,
    "P": 1 << 50,
    "E": 1 << 60,
    "Z": 1 << 70,
}


def parse_size(text: str | None) -> int | None:
    """Bytes of a size as ZFS, df -h and ldm print it (``1.2G``, ``512K``, ``32544M``,
    ``0``, ``5.46 kB``, plain digits); ``None`` for ``-``, ``none`` or unparseable text."""
    if text is None:
        return None
    match = _SIZE.fullmatch(text.strip())
    if not match:
        return None
    number, unit = match.groups()
    return int(round(float(number) * _UNITS[unit.upper()]))


def header_table(
    command: str,
    lines: Sequence[Line],
    typename: str,
    numeric: Iterable[str] = (),
    last_has_spaces: bool = True,
    convert: Callable[[str], Any] | None = None,
) -> list[Record]:
    """Parse a table whose first line is a header of column names (``NAME USED AVAIL``).

    Columns are split on blanks; when ``last_has_spaces`` the last column takes the rest
    of the line. Columns named in ``numeric`` (record field names) go through ``convert``
    (default :func:`to_number`).
    """
    convert = convert or to_number
    if not lines:
        return []
    header = lines[0]
    names = tuple(header.text.split())
    if not names:
        raise ParseError(command, "empty header", header.number, header.text)
    rtype = row_type(typename, tuple(n.lower() for n in names))
    numeric = set(numeric)
    fnames = [field_name(n) for n in names]
    rows: list[Record] = []
    for line in lines[1:]:
        parts = line.text.split(None, len(names) - 1) if last_has_spaces else line.text.split()
        if len(parts) < len(names):
            raise ParseError(
                command,
                f"expected {len(names)} columns ({' '.join(names)})",
                line.number,
                line.text,
            )
        values: dict[str, Any] = dict(zip(fnames, parts[: len(names)], strict=True))
        for key in numeric & values.keys():
            values[key] = convert(values[key])
        rows.append(rtype(**values, extra=tuple(parts[len(names) :])))
    return rows


def iter_blocks(lines: Sequence[Line]) -> Iterator[list[Line]]:
    """Groups of consecutive non-blank lines."""
    block: list[Line] = []
    for line in lines:
        if line.text.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block
