"""The kinds of configuration values, by name, in the order a job applies them (users
before their SSH keys)."""

from __future__ import annotations

from vdcftui.ops.config.dns import Dns
from vdcftui.ops.config.kernel import KernelParameters
from vdcftui.ops.config.kind import Kind
from vdcftui.ops.config.ntp import Ntp
from vdcftui.ops.config.smf import SmfProperties
from vdcftui.ops.config.users import SshKeys, Users

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (Users(), SshKeys(), Dns(), Ntp(), SmfProperties(), KernelParameters())
}
