"""SMF property items: key the property's FMRI (``svc:/SERVICE:INSTANCE/:properties/
PG/PROP``), value ``TYPE:VALUE``; set with `svccfg -s INSTANCE setprop` and the
instance refreshed in one step, read back with `svcprop -p PG/PROP INSTANCE` (its
running snapshot). See :mod:`vdcftui.solaris.smfprops` for the sources."""

from __future__ import annotations

import re
from typing import ClassVar

from vdcftui.ops.config.dns import SVCPROP_ABSENT
from vdcftui.ops.config.kind import Effective, Kind, NodeConfig, Outputs, output_of
from vdcftui.ops.jobs.plan import Step
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.cmd.smf import delprop_refresh, setprop_refresh, svcprop
from vdcftui.solaris.names import InvalidName
from vdcftui.solaris.smfprops import (
    parse_svcprop_value,
    validate_property,
    validate_typed_value,
)


class SmfProperties(Kind):
    """Properties of SMF instances."""

    name: ClassVar[str] = "smf"
    help: ClassVar[str] = "key svc:/SERVICE:INSTANCE/:properties/PG/PROP, value TYPE:VALUE"

    def check(self, key: str, value: str) -> tuple[str, str]:
        """A property FMRI and ``TYPE:VALUE``."""
        kind, checked = validate_typed_value(value)
        return validate_property(key).fmri, f"{kind}:{checked}"

    def reads(self, node: NodeConfig, item: Effective) -> tuple[Command, ...]:
        """`svcprop -p PG/PROP INSTANCE`."""
        ref = validate_property(item.key)
        return (svcprop(ref.prop, ref.instance),)

    def observe(self, node: NodeConfig, item: Effective, outputs: Outputs) -> str | None:
        """``TYPE:VALUE`` with the item's type and the value the instance runs with."""
        ref = validate_property(item.key)
        text = output_of(outputs, svcprop(ref.prop, ref.instance), SVCPROP_ABSENT)
        if text is None:
            return None
        return f"{item.value.partition(':')[0]}:{parse_svcprop_value(text)}"

    def steps(self, node: NodeConfig, changed: list[Effective], outputs: Outputs) -> list[Step]:
        """Set and refresh each property; the undo sets the value it had (or deletes
        a property that was not there)."""
        steps = []
        for item in changed:
            ref = validate_property(item.key)
            kind, value = validate_typed_value(item.value)
            before = self.observe(node, item, outputs)
            try:
                undo: Command | None = (
                    delprop_refresh(ref.instance, ref.prop, ref.instance)
                    if before is None
                    else setprop_refresh(
                        ref.instance,
                        ref.prop,
                        kind,
                        (validate_typed_value(before)[1],),
                        ref.instance,
                    )
                )
            except InvalidName:
                undo = None  # the node's own value is not one vdcftui would set
            steps.append(
                Step(
                    node.node,
                    setprop_refresh(ref.instance, ref.prop, kind, (value,), ref.instance),
                    f"set {ref.prop} of {ref.instance} to {kind}: {value} and refresh it",
                    undo=undo,
                    check=svcprop(ref.prop, ref.instance),
                    done_if=f"^{re.escape(value)}$",
                    absent_status=SVCPROP_ABSENT,
                )
            )
        return steps
