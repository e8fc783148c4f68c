"""Reading a text file an operator gave (a spec, the settings, an inventory): every way
it can fail is one line naming the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

from vdcftui.errors import OperatorError


class UnreadableFile(OperatorError):
    """The file cannot be read, or is not UTF-8 text; the message says where."""


def read_text(path: Path | str, what: str) -> str:
    """The UTF-8 text of ``path``, described as ``what`` ("lab spec") in errors: one
    that cannot be decoded names the byte, its offset and its line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(
            f"{what} {path} is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start} (line {line}); save it as UTF-8"
        ) from None
