"""What a job reads back from a host in its last step, so that the repository records
what the host now says rather than what the plan expected (a zone attached on a new
node has a new uuid; a started GDom has its console port and resources).

A read-back names the step whose output it reads and turns that output into effects,
applied with the plan's own in the job's final transaction. Output it cannot read
gives no effect and a note: the job's change was made, the next discovery records it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar, Protocol, TypeVar

from vdcftui.ops.jobs.effects import (
    Effect,
    SetGDomFacts,
    SetNodePatches,
    SetVServerState,
    SetVServerUuid,
)
from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.ldm import parse_ldm_list_p
from vdcftui.solaris.names import InvalidName, validate_domainname, validate_text
from vdcftui.solaris.patches import parse_showrev_p, validate_patch_id
from vdcftui.solaris.zones import parse_zoneadm_list_p


class ReadBack(Protocol):
    """Effects from the output of one step of the plan (``step``, counted from 1)."""

    tag: ClassVar[str]

    @property
    def step(self) -> int:
        """The step whose output is read."""

    def effects(self, stdout: str) -> tuple[Effect, ...]:
        """The effects the output shows; ParseError or ValueError when it shows none."""


READ_BACKS: dict[str, type[ReadBack]] = {}
R = TypeVar("R", bound=type[ReadBack])


def read_back(cls: R) -> R:
    """Register a read-back class under its tag."""
    READ_BACKS[cls.tag] = cls
    return cls


def read_back_to_json(item: ReadBack) -> dict[str, Any]:
    """A read-back as JSON data: its tag and fields."""
    return {"type": item.tag, **asdict(item)}  # type: ignore[call-overload]


def read_back_from_json(data: dict[str, Any]) -> ReadBack:
    """A read-back back from :func:`read_back_to_json`'s data."""
    values = dict(data)
    cls = READ_BACKS.get(values.pop("type", ""))
    if cls is None:
        raise ValueError(f"unknown read-back in a stored plan: {data!r}")
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in values.items() if k in names})


def read_effects(
    reads: tuple[ReadBack, ...], outputs: dict[int, str]
) -> tuple[list[Effect], list[str]]:
    """The effects of every read-back, and a note for each whose output did not read."""
    found: list[Effect] = []
    notes: list[str] = []
    for item in reads:
        try:
            found += item.effects(outputs.get(item.step, ""))
        except (ParseError, ValueError, InvalidName) as exc:
            notes.append(
                f"step {item.step}: could not read the result back ({exc}); "
                "the next discovery records it"
            )
    return found, notes


@read_back
@dataclass(frozen=True)
class ZoneOnNode:
    """`zoneadm list -cp` on the zone's node: its state and uuid there."""

    tag: ClassVar[str] = "zone-on-node"
    step: int
    vserver: str

    def effects(self, stdout: str) -> tuple[Effect, ...]:
        """The zone's state and uuid as its node lists them."""
        for entry in parse_zoneadm_list_p(stdout):
            if entry.zonename == self.vserver:
                return (
                    SetVServerState(self.vserver, validate_text(entry.state, "zone state")),
                    SetVServerUuid(self.vserver, validate_text(entry.uuid, "zone uuid")),
                )
        raise ValueError(f"{self.vserver} is not listed")


@read_back
@dataclass(frozen=True)
class GDomOnCDom:
    """`ldm list -p GDOM` on its control domain: state, vCPUs, memory, console."""

    tag: ClassVar[str] = "gdom-on-cdom"
    step: int
    cdom: str
    gdom: str

    def effects(self, stdout: str) -> tuple[Effect, ...]:
        """The GDom's facts as its control domain lists them."""
        for domain in parse_ldm_list_p(stdout).domains:
            if domain.name == validate_domainname(self.gdom):
                if domain.state is None:
                    raise ValueError(f"{self.gdom} has no state")
                memory = domain.mem // 2**20 if domain.mem is not None else None
                cons = validate_text(domain.cons, "GDom console") if domain.cons else None
                state = validate_text(domain.state, "GDom state")
                return (SetGDomFacts(self.cdom, self.gdom, state, domain.ncpu, memory, cons),)
        raise ValueError(f"{self.gdom} is not listed")


@read_back
@dataclass(frozen=True)
class PatchesOnNode:
    """`showrev -p` on a Solaris 10 node: the patches it now has."""

    tag: ClassVar[str] = "patches-on-node"
    step: int
    node: str

    def effects(self, stdout: str) -> tuple[Effect, ...]:
        """The node's patches as `showrev -p` lists them (each id checked)."""
        listed = dict.fromkeys(validate_patch_id(p.patch) for p in parse_showrev_p(stdout))
        return (SetNodePatches(self.node, tuple(listed)),)
