"""The details of one object as titled sections of label/value pairs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    """A titled group of label/value lines (a value may be a list, one item a line)."""

    title: str
    lines: list[tuple[str, str | list[str]]] = field(default_factory=list)

    def add(self, label: str, value: object) -> Section:
        """Append a line; None and empty values show as '-'."""
        if isinstance(value, (list, tuple)):
            self.lines.append((label, [str(v) for v in value] or ["-"]))
        else:
            self.lines.append((label, "-" if value in (None, "") else str(value)))
        return self


def size_text(size_bytes: int | None) -> str:
    """Bytes as the operator reads them (12.5G, 512M, ...)."""
    if size_bytes is None:
        return "-"
    value = float(size_bytes)
    for unit in ("B", "K", "M", "G", "T", "P"):
        if value < 1024 or unit == "P":
            return f"{value:.0f}{unit}" if unit == "B" else f"{value:.1f}{unit}"
        value /= 1024
    return f"{value:.1f}P"


def usage_text(used: int | None, size: int | None) -> str:
    """'used of size (NN%)' or whatever part is known."""
    if used is None and size is None:
        return "-"
    if size:
        percent = f" ({100 * (used or 0) / size:.0f}%)" if used is not None else ""
        return f"{size_text(used)} of {size_text(size)}{percent}"
    return f"{size_text(used)} used"
