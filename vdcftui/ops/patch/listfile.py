"""A patch list an operator writes: what a hand-made patch set holds, and what the
repository learns of each patch (its release date, its install properties).

One patch a line, ``#`` starts a comment::

    # patch    released    properties (from the patch README)
    147147-26  2013-01-15  singleuser,rebootafter
    150537-01  2013-02-04  standard
    148888-05

The properties are those a Solaris 10 patch declares (``SUNW_PATCH_PROPERTIES`` in its
packages' pkginfo, shown by smpatch and in the README's install requirements):
``standard`` (none), ``singleuser``, ``rebootafter``, ``rebootimmediate``,
``reconfigafter``, ``reconfigimmediate``. A patch with any of the last five goes in at
run level S followed by one reboot; a ``standard`` one goes in live. ``interactive``
patches (they ask questions) are refused: nothing answers them. A patch whose
properties are not given is unknown, and goes in at run level S, to be safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from vdcftui.errors import UsageError
from vdcftui.solaris.names import InvalidName
from vdcftui.solaris.patches import validate_patch_id
from vdcftui.textfile import read_text

LIVE = "standard"
NEEDS_RUN_LEVEL_S = frozenset(
    ("singleuser", "rebootafter", "rebootimmediate", "reconfigafter", "reconfigimmediate")
)
PROPERTIES = frozenset((LIVE, *NEEDS_RUN_LEVEL_S))
MAX_PATCHES = 10000


@dataclass(frozen=True)
class ListedPatch:
    """One line of a patch list."""

    patch_id: str
    released: datetime | None
    properties: str | None
    """Sorted, comma-separated; None when the line gives none."""


def needs_single_user(properties: str | None) -> bool:
    """Whether a patch with these properties goes in at run level S (unknown: yes)."""
    if properties is None:
        return True
    return bool(NEEDS_RUN_LEVEL_S & set(properties.split(",")))


def parse_date(text: str, what: str = "date") -> datetime:
    """A date given as YYYY-MM-DD; a one-line error otherwise."""
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time())
    except ValueError:
        raise UsageError(f"invalid {what} {text!r}: expected YYYY-MM-DD") from None


def parse_properties(text: str) -> str:
    """Check a comma-separated list of patch properties; sorted, without repeats."""
    found = sorted({p.strip().lower() for p in text.split(",") if p.strip()})
    if "interactive" in found:
        raise UsageError("an interactive patch cannot be installed unattended: add it by hand")
    unknown = [p for p in found if p not in PROPERTIES]
    if unknown or not found:
        raise UsageError(
            f"unknown patch property {(unknown or [text])[0]!r}: one of "
            f"{', '.join(sorted(PROPERTIES))}"
        )
    if LIVE in found and len(found) > 1:
        raise UsageError(f"'{LIVE}' means no other property, not {text!r}")
    return ",".join(found)


def parse_patch_list(text: str, source: str) -> list[ListedPatch]:
    """The patches of a list; every error names the file and line."""
    patches: dict[str, ListedPatch] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.partition("#")[0].split()
        if not words:
            continue
        try:
            patch_id = validate_patch_id(words[0])
            released = properties = None
            rest = words[1:]
            if rest and rest[0][:1].isdigit():
                released = parse_date(rest.pop(0), "release date")
            if rest:
                properties = parse_properties(rest.pop(0))
            if rest:
                raise UsageError(f"unexpected {rest[0]!r} (ID [YYYY-MM-DD] [PROPERTY,...])")
        except (UsageError, InvalidName) as exc:
            raise UsageError(f"{source} line {number}: {exc}") from None
        if patch_id in patches:
            raise UsageError(f"{source} line {number}: {patch_id} is listed twice")
        patches[patch_id] = ListedPatch(patch_id, released, properties)
        if len(patches) > MAX_PATCHES:
            raise UsageError(f"{source}: more than {MAX_PATCHES} patches")
    if not patches:
        raise UsageError(f"{source} lists no patch")
    return list(patches.values())


def read_patch_list(path: Path | str) -> list[ListedPatch]:
    """The patches of the list file at ``path``."""
    return parse_patch_list(read_text(path, "patch list"), str(path))
