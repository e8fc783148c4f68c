"""Guest domain definition (F-GDF) and commit.

A definition records what the GDom will be: its control domain, virtual CPUs, memory,
the SAN LUNs its virtual disks sit on and the virtual switches of its networks (state
DEFINED; nothing runs on any host). Commit turns it into one job on the control
domain: export each LUN as a vds volume, define, size and equip the domain, bind and
start it, then read it back.
"""

from __future__ import annotations

import json
import re

from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.gdom.steps import (
    DEFAULT_VDS,
    build_domain,
    export_volumes,
    read_back,
    vdisks_of,
    vnets_of,
)
from vdcftui.ops.jobs.effects import SetGDomState
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.readback import GDomOnCDom
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.repo import models as m
from vdcftui.repo.lookup import checked, usable_gdom, usable_node
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.ldm import MEMORY_STEP_MB
from vdcftui.solaris.names import validate_domainname, validate_ldm_name, validate_wwn

DEFINED = "DEFINED"
MAX_VCPUS = 4096
_SIZE = re.compile(r"([0-9]{1,9})([MG])", re.IGNORECASE)


def parse_memory(text: str) -> int:
    """``16G`` or ``4096M`` as megabytes: a positive multiple of 256 MB."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise UsageError(f"invalid memory size {text!r}: give it as NUMBER followed by M or G")
    mb = int(match.group(1)) * (1024 if match.group(2).upper() == "G" else 1)
    if mb <= 0 or mb % MEMORY_STEP_MB:
        raise UsageError(
            f"invalid memory size {text!r}: it must be a positive multiple of "
            f"{MEMORY_STEP_MB} MB (the alignment ldm needs)"
        )
    return mb


def check_vcpus(vcpus: int, cdom: m.Node) -> int:
    """A number of virtual CPUs the control domain can give (1 to its threads)."""
    limit = cdom.cpu_threads or MAX_VCPUS
    if not 1 <= vcpus <= limit:
        raise UsageError(f"invalid number of virtual CPUs {vcpus}: between 1 and {limit}")
    return vcpus


def _cdom(name: str) -> m.Node:
    node = usable_node(name)
    if node.kind != "cdom":
        raise UsageError(f"{name} is not a control domain (it is a {node.kind} node)")
    return node


def _lun(wwn: str, cdom: m.Node, name: str) -> str:
    wwn = checked(validate_wwn, wwn)
    seen = (
        m.NodeLun.select().join(m.Lun).where((m.NodeLun.node == cdom) & (m.Lun.wwn == wwn)).first()
    )
    if seen is None:
        raise OperatorError(f"{cdom.name} does not see LUN {wwn}")
    used = m.DatasetLun.select().join(m.Lun).where(m.Lun.wwn == wwn).first()
    if used is not None:
        raise OperatorError(f"LUN {wwn} belongs to dataset {used.dataset.name}")
    for other in m.GDom.select().where(m.GDom.vdisks.contains(wwn)):
        if any(d.lun == wwn for d in vdisks_of(other)) and other.name != name:
            raise OperatorError(f"LUN {wwn} is a disk of GDom {other.name}")
    return wwn


def define_gdom(
    session: Session,
    name: str,
    cdom_name: str,
    vcpus: int,
    memory: str,
    luns: list[str],
    vsws: list[str],
    vds: str = DEFAULT_VDS,
) -> m.GDom:
    """Record a GDom definition (state DEFINED); nothing runs on any host."""
    session.require_writable(f"create gdom {name}")
    checked(validate_domainname, name)
    if name == "primary":
        raise UsageError("'primary' is the control domain's own name")
    for vsw in vsws:
        checked(lambda text: validate_ldm_name(text, "virtual switch"), vsw)
    checked(lambda text: validate_ldm_name(text, "disk service"), vds)
    memory_mb = parse_memory(memory)
    cdom = _cdom(cdom_name)
    check_vcpus(vcpus, cdom)
    if len(set(luns)) != len(luns):
        raise UsageError("a LUN is given twice")
    if m.GDom.get_or_none((m.GDom.name == name) & (m.GDom.cdom == cdom)) is not None:
        raise OperatorError(f"GDom {name} already exists on {cdom.name}")
    disks = [
        {
            "name": f"disk{index}",
            "vol": f"{name}-disk{index}@{vds}",
            "lun": _lun(wwn, cdom, name),
        }
        for index, wwn in enumerate(luns)
    ]
    vnets = [{"name": f"vnet{index}", "service": vsw} for index, vsw in enumerate(vsws)]
    with transaction():
        gdom = m.GDom.create(
            name=name,
            cdom=cdom,
            state=DEFINED,
            vcpus=vcpus,
            memory_mb=memory_mb,
            root_disks=json.dumps([d["name"] for d in disks[:1]]),
            vdisks=json.dumps(disks),
            vnets=json.dumps(vnets),
        )
        audit(session, "define", "gdom", f"{cdom.name}:{name}", json.dumps({"cdom": cdom.name}))
    return gdom


def plan_gdom_commit(text: str) -> Plan:
    """The plan that builds and starts a defined GDom on its control domain."""
    gdom = usable_gdom(text)
    name, cdom = gdom.name, gdom.cdom
    if gdom.state != DEFINED:
        raise PrecheckFailed(f"cannot commit {name}: it is {gdom.state}, not {DEFINED}")
    if cdom.state != "up":
        raise PrecheckFailed(f"cannot commit {name}: its control domain {cdom.name} is down")
    disks = vdisks_of(gdom)
    seen = {lun.wwn for lun in m.Lun.select().join(m.NodeLun).where(m.NodeLun.node == cdom)}
    for disk in disks:
        if disk.lun is not None and disk.lun not in seen:
            raise PrecheckFailed(f"cannot commit {name}: {cdom.name} does not see LUN {disk.lun}")
    steps = export_volumes(cdom.name, disks)
    steps += build_domain(
        cdom.name, name, gdom.vcpus or 1, gdom.memory_mb or 0, disks, vnets_of(gdom)
    )
    steps.append(read_back(cdom.name, name))
    return Plan(
        operation="commit",
        object_type="gdom",
        object_name=f"{cdom.name}:{name}",
        steps=tuple(steps),
        prechecks=(f"{cdom.name} is up and sees every LUN of {name}",),
        locks=(("gdom", f"{cdom.name}:{name}"),),
        effects=(SetGDomState(cdom.name, name, "active"),),
        reads=(GDomOnCDom(len(steps), cdom.name, name),),
    )
