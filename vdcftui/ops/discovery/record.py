"""Writing what discovery read into the repository: idempotent, with a change log.

Every object is upserted by its natural key (node name, LUN WWN, zpool name, zone
name, GDom per CDom); a re-run updates and never duplicates, and each changed field is
kept as a :class:`~vdcftui.repo.models.DiscoveryChange` of this run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from vdcftui.ops.discovery.collect import NodeReading
from vdcftui.ops.discovery.facts import NodeFacts, ZoneFacts
from vdcftui.repo import models as m
from vdcftui.repo.queries import upsert

# How alive a zone state is: when a zone name shows on two nodes, the liveliest wins.
_LIVELINESS = {"running": 6, "shutting_down": 5, "ready": 5, "mounted": 4, "installed": 3,
               "incomplete": 2, "unavailable": 1, "configured": 0}


@dataclass
class RunSummary:
    """What one discovery run did, for the operator."""

    run_id: str
    discovered: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    changes: int = 0
    created: int = 0


class Recorder:
    """Writes node readings into the repository as one discovery run."""

    def __init__(self, run_id: str, pools: dict[str, str] | None = None) -> None:
        self.run_id = run_id
        self.now = datetime.now()
        self.pool_of = pools or {}
        self.summary = RunSummary(run_id)

    def _put(self, model, key: dict, values: dict, label: str):
        instance, changes, created = upsert(model, key, values)
        if created:
            self.summary.created += 1
            m.DiscoveryChange.create(time=self.now, run_id=self.run_id,
                                     object_type=model.__name__, object_name=label,
                                     field="(created)", old_value=None, new_value=None)
        else:
            for name, (old, new) in changes.items():
                m.DiscoveryChange.create(time=self.now, run_id=self.run_id,
                                         object_type=model.__name__, object_name=label,
                                         field=name, old_value=_text(old), new_value=_text(new))
            self.summary.changes += len(changes)
        return instance

    def record(self, readings: list[NodeReading]) -> RunSummary:
        """Record a whole run: nodes first, then zones across nodes, then GDoms."""
        db = m.database_proxy
        with db.atomic():
            nodes: dict[str, m.Node] = {}
            for reading in readings:
                if reading.facts is None:
                    self._record_failure(reading)
                    continue
                nodes[reading.target.name] = self._record_node(reading)
                if reading.facts.warnings:
                    self.summary.warnings[reading.target.name] = reading.facts.warnings
            good = [r for r in readings if r.facts is not None]
            self._record_zones(good, nodes)
            guests = {(r.facts.ldom_controller, r.facts.ldom_domainname): r.target.name
                      for r in good if r.facts.kind == "gdom"}
            for reading in good:
                self._record_gdoms(reading.facts, nodes, guests)
        return self.summary

    def _record_failure(self, reading: NodeReading) -> None:
        self.summary.failed[reading.target.name] = reading.error or "unknown error"
        node = m.Node.get_or_none(m.Node.name == reading.target.name)
        if node is not None and reading.unreachable and node.state != "unreachable":
            self._put(m.Node, {"name": node.name}, {"state": "unreachable"}, node.name)

    def _record_node(self, reading: NodeReading) -> m.Node:
        facts = reading.facts
        target = reading.target
        pool_name = self.pool_of.get(target.name)
        pool = self._put(m.ComputePool, {"name": pool_name}, {}, pool_name) if pool_name else None
        values = {
            "hostname": facts.hostname, "kind": facts.kind, "address": target.address,
            "ssh_port": target.port, "state": "up", "model": facts.model,
            "platform": facts.platform, "arch": facts.arch, "os_version": facts.os_version,
            "os_update": facts.os_update, "os_release_line": facts.os_release_line,
            "sru": facts.sru, "kernel_id": facts.kernel_id, "cpu_type": facts.cpu_type,
            "cpu_sockets": facts.cpu_sockets, "cpu_cores": facts.cpu_cores,
            "cpu_threads": facts.cpu_threads, "memory_mb": facts.memory_mb,
            "ldom_control": facts.ldom_control, "ldom_io": facts.ldom_io,
            "ldom_service": facts.ldom_service, "ldom_version": facts.ldom_version,
        }
        if pool is not None:
            values["pool"] = pool
        node = self._put(m.Node, {"name": target.name}, values, target.name)
        m.Node.update(last_discovered=self.now).where(m.Node.id == node.id).execute()
        if reading.presented_key:
            self._pin_key(target.name, target.address, target.port, reading.presented_key)
        self._record_patches(node, facts)
        self._record_luns(node, facts)
        self._record_network(node, facts)
        self._record_datasets(node, facts)
        self.summary.discovered.append(target.name)
        return node

    def _pin_key(self, host: str, address: str, port: int, key_line: str) -> None:
        from vdcftui.remote.pool import fingerprint

        key_type = key_line.split()[0]
        existing = m.HostKey.get_or_none(m.HostKey.host == host)
        if existing is None:
            self._put(m.HostKey, {"host": host}, {
                "address": address, "port": port, "key_type": key_type,
                "public_key": key_line, "fingerprint": fingerprint(key_line),
                "recorded": self.now}, host)

    def _record_patches(self, node: m.Node, facts: NodeFacts) -> None:
        if not facts.patches:
            return
        have = {np.patch.patch_id for np in m.NodePatch.select(m.NodePatch, m.Patch)
                .join(m.Patch).where(m.NodePatch.node == node)}
        for patch_id in facts.patches:
            if patch_id in have:
                continue
            base, _, rev = patch_id.partition("-")
            patch, _ = m.Patch.get_or_create(patch_id=patch_id,
                                             defaults={"revision": int(rev) if rev.isdigit()
                                                       else None})
            m.NodePatch.create(node=node, patch=patch)
            self.summary.changes += 1

    def _record_luns(self, node: m.Node, facts: NodeFacts) -> None:
        seen = set()
        for lun_facts in facts.luns:
            lun = self._put(m.Lun, {"wwn": lun_facts.wwn},
                            {"description": lun_facts.description}, lun_facts.wwn)
            self._put(m.NodeLun, {"node": node, "lun": lun}, {
                "device_name": lun_facts.device, "total_paths": lun_facts.total_paths,
                "operational_paths": lun_facts.operational_paths,
                "multipath": bool(lun_facts.total_paths and lun_facts.total_paths > 1),
            }, f"{node.name}:{lun_facts.wwn}")
            seen.add(lun.id)
        gone = m.NodeLun.select().where((m.NodeLun.node == node) & ~(m.NodeLun.lun.in_(seen)))
        for link in gone:
            self._log_removed("NodeLun", f"{node.name}:{link.lun.wwn}")
            link.delete_instance()

    def _log_removed(self, object_type: str, label: str) -> None:
        m.DiscoveryChange.create(time=self.now, run_id=self.run_id, object_type=object_type,
                                 object_name=label, field="(removed)", old_value=None,
                                 new_value=None)
        self.summary.changes += 1

    def _record_network(self, node: m.Node, facts: NodeFacts) -> None:
        interfaces = {}
        for nic in facts.interfaces:
            interfaces[nic.name] = self._put(m.NetworkInterface, {"node": node, "name": nic.name}, {
                "kind": nic.kind, "over": nic.over, "state": nic.state,
                "speed_mbps": nic.speed_mbps}, f"{node.name}:{nic.name}")
        for addr in facts.addresses:
            nic = interfaces.get(addr.interface)
            if nic is None:
                nic = self._put(m.NetworkInterface, {"node": node, "name": addr.interface},
                                {"kind": "ip", "over": "", "state": "up"},
                                f"{node.name}:{addr.interface}")
                interfaces[addr.interface] = nic
            self._put(m.IpAddress, {"interface": nic, "address": addr.address},
                      {"prefixlen": addr.prefixlen, "addrobj": addr.addrobj},
                      f"{node.name}:{addr.address}")

    def _record_datasets(self, node: m.Node, facts: NodeFacts) -> None:
        fs_by_pool: dict[str, list[dict]] = {}
        for fs in facts.filesystems:
            fs_by_pool.setdefault(str(fs["name"]).split("/")[0], []).append(fs)
        for pool in facts.pools:
            if pool.name in ("rpool", "rootpool"):
                continue
            dataset = self._put(m.Dataset, {"name": pool.name}, {
                "node": node, "manager": "zfs", "raid": pool.raid, "state": pool.health,
                "size_bytes": pool.size_bytes, "used_bytes": pool.alloc_bytes}, pool.name)
            for wwn in pool.wwns:
                lun = m.Lun.get_or_none(m.Lun.wwn == wwn) or self._put(
                    m.Lun, {"wwn": wwn}, {}, wwn)
                self._put(m.DatasetLun, {"dataset": dataset, "lun": lun}, {},
                          f"{pool.name}:{wwn}")
            for fs in fs_by_pool.get(pool.name, []):
                if fs["name"] == pool.name:
                    continue
                self._put(m.Filesystem, {"dataset": dataset, "name": fs["name"]}, {
                    "mountpoint": fs["mountpoint"], "used_bytes": fs["used"],
                    "quota_bytes": fs["quota"]}, str(fs["name"]))
        # Pools no longer imported here stay in the repository, just not on this node.
        imported = {pool.name for pool in facts.pools}
        for dataset in m.Dataset.select().where(m.Dataset.node == node):
            if dataset.name not in imported:
                self._put(m.Dataset, {"name": dataset.name}, {"node": None, "state": "exported"},
                          dataset.name)

    def _record_zones(self, readings: list[NodeReading], nodes: dict[str, m.Node]) -> None:
        best: dict[str, tuple[ZoneFacts, m.Node]] = {}
        for reading in readings:
            node = nodes[reading.target.name]
            for zone in reading.facts.zones:
                name = zone.entry.zonename
                current = best.get(name)
                rank = _LIVELINESS.get(zone.entry.state, 0)
                if current is None or rank > _LIVELINESS.get(current[0].entry.state, 0):
                    best[name] = (zone, node)
        for _name, (zone, node) in sorted(best.items()):
            self._record_zone(zone, node)
        read_nodes = [nodes[r.target.name] for r in readings]
        if read_nodes:
            lost = m.VServer.select().where(m.VServer.node.in_(read_nodes)
                                            & ~(m.VServer.name.in_(list(best))))
            for vserver in lost:
                self._put(m.VServer, {"name": vserver.name}, {"node": None, "state": "absent"},
                          vserver.name)

    def _record_zone(self, zone: ZoneFacts, node: m.Node) -> None:
        entry, config = zone.entry, zone.config
        values = {
            "node": node, "brand": entry.brand, "state": entry.state,
            "zonepath": entry.zonepath, "uuid": entry.uuid or None,
            "ip_type": {"excl": "exclusive", "shared": "shared"}.get(entry.ip_type,
                                                                     entry.ip_type),
        }
        if config is not None:
            values["autoboot"] = config.autoboot
        vserver = self._put(m.VServer, {"name": entry.zonename}, values, entry.zonename)
        m.VServer.update(last_discovered=self.now).where(m.VServer.id == vserver.id).execute()
        if config is None:
            return
        pools = {d.split("/")[0] for d in config.datasets if d}
        root_pool = _pool_of_path(entry.zonepath)
        if root_pool:
            pools.add(root_pool)
        for pool_name in sorted(pools):
            dataset = m.Dataset.get_or_none(m.Dataset.name == pool_name)
            if dataset is not None and dataset.vserver_id != vserver.id:
                self._put(m.Dataset, {"name": pool_name}, {"vserver": vserver}, pool_name)
        for fs in m.Filesystem.select().join(m.Dataset).where(
                (m.Dataset.vserver == vserver) & (m.Filesystem.kind != "lofs")):
            kind = "root" if fs.mountpoint == entry.zonepath else "data"
            if fs.vserver_id != vserver.id or fs.kind != kind:
                self._put(m.Filesystem, {"dataset": fs.dataset, "name": fs.name},
                          {"vserver": vserver, "kind": kind}, fs.name)
        for resource in config.filesystems:
            if resource.get("type") == "lofs":
                self._record_lofs(vserver, resource.get("dir") or "", resource.get("special"))
        for index, net in enumerate(config.nets):
            self._put(m.VServerNet, {"vserver": vserver, "linkname": _net_name(net, index)}, {
                "interface_name": net.get("physical") or net.get("lower-link"),
                "address": (net.get("address") or "").split("/")[0] or None,
                "prefixlen": _prefixlen(net.get("address")),
                "defrouter": net.get("defrouter"),
            }, f"{vserver.name}:{_net_name(net, index)}")

    def _record_lofs(self, vserver: m.VServer, directory: str, special: str | None) -> None:
        dataset = (m.Dataset.select().where(m.Dataset.vserver == vserver)
                   .order_by(m.Dataset.name).first())
        if dataset is None:
            return
        self._put(m.Filesystem, {"dataset": dataset, "name": f"lofs:{directory}"}, {
            "vserver": vserver, "kind": "lofs", "mountpoint": directory, "special": special,
        }, f"{vserver.name}:{directory}")

    def _record_gdoms(self, facts: NodeFacts, nodes: dict[str, m.Node],
                      guests: dict[tuple[str | None, str | None], str]) -> None:
        if facts.kind != "cdom":
            return
        cdom = nodes[facts.name]
        for gdom in facts.gdoms:
            node_name = guests.get((facts.hostname, gdom.name))
            values = {
                "state": gdom.state, "flags": gdom.flags, "cons": gdom.cons,
                "vcpus": gdom.vcpus, "memory_mb": gdom.memory_mb, "uuid": gdom.uuid,
                "vdisks": json.dumps(gdom.vdisks), "vnets": json.dumps(gdom.vnets),
                "root_disks": json.dumps([d.get("name") for d in gdom.vdisks[:1]]),
                "node": nodes.get(node_name) if node_name else None,
            }
            row = self._put(m.GDom, {"cdom": cdom, "name": gdom.name}, values,
                            f"{cdom.name}:{gdom.name}")
            m.GDom.update(last_discovered=self.now).where(m.GDom.id == row.id).execute()


def _pool_of_path(zonepath: str) -> str | None:
    dataset = m.Filesystem.get_or_none(m.Filesystem.mountpoint == zonepath)
    return dataset.dataset.name if dataset else None


def _net_name(net, index: int) -> str:
    return net.get("linkname") or net.get("physical") or f"net{index}"


def _prefixlen(address: str | None) -> int | None:
    if address and "/" in address:
        tail = address.split("/", 1)[1]
        return int(tail) if tail.isdigit() else None
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "name"):
        return str(value.name)
    return str(value)
