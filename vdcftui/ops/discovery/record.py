"""Writing what discovery read into the repository: idempotent, with a change log.

Every object is upserted by its natural key (node name, LUN WWN, zpool name, zone
name, GDom per CDom); a re-run updates and never duplicates, and each changed field is
kept as a :class:`~vdcftui.repo.models.DiscoveryChange` of this run. Rows are held in
a :class:`~vdcftui.repo.queries.RowCache`, so unchanged objects cost no SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from vdcftui.ops.discovery.collect import NodeReading
from vdcftui.ops.discovery.facts import NodeFacts, ZoneFacts
from vdcftui.remote.pool import fingerprint
from vdcftui.repo import models as m
from vdcftui.repo.queries import RowCache, insert_rows, transaction

# How alive a zone state is: when a zone name shows on two nodes, the liveliest wins.
_LIVELINESS = {
    "running": 6,
    "shutting_down": 5,
    "ready": 5,
    "mounted": 4,
    "installed": 3,
    "incomplete": 2,
    "unavailable": 1,
    "configured": 0,
}
_CHUNK = 400

# The models whose rows :meth:`Recorder._rows_of_node` indexes by ``node_id``.
_NodeRow = TypeVar("_NodeRow", m.NodeLun, m.Dataset)


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
        self.rows = RowCache()
        self._log: list[dict[str, Any]] = []
        self._seen: dict[type[m.BaseModel], list[int]] = {m.Node: [], m.VServer: [], m.GDom: []}
        self._by_node: dict[type[m.BaseModel], dict[int | None, list[m.BaseModel]]] = {}
        self._fs_by_dataset: dict[int, list[m.Filesystem]] | None = None

    def _rows_of_node(
        self, model: type[_NodeRow], names: tuple[str, ...], node: m.Node
    ) -> list[_NodeRow]:
        """The rows of a model that pointed at a node when this run began."""
        if model not in self._by_node:
            index: dict[int | None, list[m.BaseModel]] = {}
            for row in self.rows.table(model, names).values():
                index.setdefault(row.node_id, []).append(row)
            self._by_node[model] = index
        # the index of a model holds only that model's rows
        return cast("list[_NodeRow]", self._by_node[model].get(node.id, []))

    def _put(self, model, key: dict, values: dict, label: str):
        instance, changes, created = self.rows.upsert(model, key, values)
        if created:
            self.summary.created += 1
            self._note(model.__name__, label, "(created)")
        for name, (old, new) in changes.items():
            self._note(model.__name__, label, name, _text(old), _text(new))
        self.summary.changes += len(changes)
        return instance

    def _note(
        self,
        object_type: str,
        label: str,
        what: str,
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        self._log.append(
            {
                "time": self.now,
                "run_id": self.run_id,
                "object_type": object_type,
                "object_name": label,
                "field": what,
                "old_value": old,
                "new_value": new,
            }
        )

    def record(self, readings: list[NodeReading]) -> RunSummary:
        """Record a whole run: nodes first, then zones across nodes, then GDoms."""
        with transaction():
            nodes: dict[str, m.Node] = {}
            for reading in readings:
                if reading.facts is None:
                    self._record_failure(reading)
                    continue
                nodes[reading.target.name] = self._record_node(reading, reading.facts)
                if reading.facts.warnings:
                    self.summary.warnings[reading.target.name] = reading.facts.warnings
            good = [(r, r.facts) for r in readings if r.facts is not None]
            self._record_zones(good, nodes)
            guests = {
                (facts.ldom_controller, facts.ldom_domainname): r.target.name
                for r, facts in good
                if facts.kind == "gdom"
            }
            for _, facts in good:
                self._record_gdoms(facts, nodes, guests)
            self._flush()
        return self.summary

    def _flush(self) -> None:
        for model, ids in self._seen.items():
            for start in range(0, len(ids), _CHUNK):
                model.update(last_discovered=self.now).where(
                    model.id.in_(ids[start : start + _CHUNK])
                ).execute()
        insert_rows(m.DiscoveryChange, self._log)

    def _record_failure(self, reading: NodeReading) -> None:
        self.summary.failed[reading.target.name] = reading.error or "unknown error"
        node = self.rows.get(m.Node, {"name": reading.target.name})
        if node is not None and reading.unreachable:
            self._put(m.Node, {"name": node.name}, {"state": "unreachable"}, node.name)

    def _record_node(self, reading: NodeReading, facts: NodeFacts) -> m.Node:
        target = reading.target
        pool_name = self.pool_of.get(target.name)
        values = {
            "hostname": facts.hostname,
            "kind": facts.kind,
            "address": target.address,
            "ssh_port": target.port,
            "state": "up",
            "model": facts.model,
            "platform": facts.platform,
            "arch": facts.arch,
            "os_version": facts.os_version,
            "os_update": facts.os_update,
            "os_release_line": facts.os_release_line,
            "sru": facts.sru,
            "kernel_id": facts.kernel_id,
            "cpu_type": facts.cpu_type,
            "cpu_sockets": facts.cpu_sockets,
            "cpu_cores": facts.cpu_cores,
            "cpu_threads": facts.cpu_threads,
            "memory_mb": facts.memory_mb,
            "ldom_control": facts.ldom_control,
            "ldom_io": facts.ldom_io,
            "ldom_service": facts.ldom_service,
            "ldom_version": facts.ldom_version,
            "invalid_reason": "; ".join(facts.invalid) or None,
        }
        if pool_name:
            values["pool"] = self._put(m.ComputePool, {"name": pool_name}, {}, pool_name)
        node = self._put(m.Node, {"name": target.name}, values, target.name)
        self._seen[m.Node].append(node.id)
        for warning in facts.invalid_values:
            self._note("Node", target.name, "(invalid value)", None, warning)
        if reading.presented_key and self.rows.get(m.HostKey, {"host": target.name}) is None:
            key_line = reading.presented_key
            self._put(
                m.HostKey,
                {"host": target.name},
                {
                    "address": target.address,
                    "port": target.port,
                    "key_type": key_line.split()[0],
                    "public_key": key_line,
                    "fingerprint": fingerprint(key_line),
                    "recorded": self.now,
                },
                target.name,
            )
        self._record_patches(node, facts)
        self._record_luns(node, facts)
        self._record_network(node, facts)
        self._record_datasets(node, facts)
        self.summary.discovered.append(target.name)
        return node

    def _record_patches(self, node: m.Node, facts: NodeFacts) -> None:
        for patch_id in facts.patches:
            _, _, revision = patch_id.partition("-")
            patch = self._put(
                m.Patch,
                {"patch_id": patch_id},
                {"revision": int(revision) if revision.isdigit() else None},
                patch_id,
            )
            self._put(m.NodePatch, {"node": node, "patch": patch}, {}, f"{node.name}:{patch_id}")

    def _record_luns(self, node: m.Node, facts: NodeFacts) -> None:
        seen = set()
        for lun_facts in facts.luns:
            lun = self._put(
                m.Lun, {"wwn": lun_facts.wwn}, {"description": lun_facts.description}, lun_facts.wwn
            )
            self._put(
                m.NodeLun,
                {"node": node, "lun": lun},
                {
                    "device_name": lun_facts.device,
                    "total_paths": lun_facts.total_paths,
                    "operational_paths": lun_facts.operational_paths,
                    "multipath": bool(lun_facts.total_paths and lun_facts.total_paths > 1),
                },
                f"{node.name}:{lun_facts.wwn}",
            )
            seen.add(lun.id)
        for link in self._rows_of_node(m.NodeLun, ("node", "lun"), node):
            if link.lun_id not in seen:
                self._note("NodeLun", f"{node.name}:{link.lun.wwn}", "(removed)")
                self.summary.changes += 1
                link.delete_instance()
                self.rows.forget(m.NodeLun, {"node": node, "lun": link.lun_id})

    def _record_network(self, node: m.Node, facts: NodeFacts) -> None:
        interfaces = {}
        for link in facts.interfaces:
            interfaces[link.name] = self._put(
                m.NetworkInterface,
                {"node": node, "name": link.name},
                {
                    "kind": link.kind,
                    "over": link.over,
                    "state": link.state,
                    "speed_mbps": link.speed_mbps,
                },
                f"{node.name}:{link.name}",
            )
        for addr in facts.addresses:
            nic = interfaces.get(addr.interface)
            if nic is None:
                nic = self._put(
                    m.NetworkInterface,
                    {"node": node, "name": addr.interface},
                    {"kind": "ip", "over": "", "state": "up"},
                    f"{node.name}:{addr.interface}",
                )
                interfaces[addr.interface] = nic
            self._put(
                m.IpAddress,
                {"interface": nic, "address": addr.address},
                {"prefixlen": addr.prefixlen, "addrobj": addr.addrobj},
                f"{node.name}:{addr.address}",
            )

    def _record_datasets(self, node: m.Node, facts: NodeFacts) -> None:
        fs_by_pool: dict[str, list[dict]] = {}
        for fs in facts.filesystems:
            fs_by_pool.setdefault(str(fs["name"]).split("/")[0], []).append(fs)
        imported = set()
        for pool in facts.pools:
            if pool.name == "rpool":
                continue
            imported.add(pool.name)
            dataset = self._put(
                m.Dataset,
                {"name": pool.name},
                {
                    "node": node,
                    "manager": "zfs",
                    "raid": pool.raid,
                    "state": pool.health,
                    "size_bytes": pool.size_bytes,
                    "used_bytes": pool.alloc_bytes,
                },
                pool.name,
            )
            for wwn in pool.wwns:
                lun = self.rows.get(m.Lun, {"wwn": wwn}) or self._put(m.Lun, {"wwn": wwn}, {}, wwn)
                self._put(m.DatasetLun, {"dataset": dataset, "lun": lun}, {}, f"{pool.name}:{wwn}")
            for fs in fs_by_pool.get(pool.name, []):
                if fs["name"] == pool.name:
                    continue
                self._put(
                    m.Filesystem,
                    {"dataset": dataset, "name": fs["name"]},
                    {
                        "mountpoint": fs["mountpoint"],
                        "used_bytes": fs["used"],
                        "quota_bytes": fs["quota"],
                    },
                    str(fs["name"]),
                )
        # A pool no longer imported here stays in the repository, just not on this node.
        for dataset in self._rows_of_node(m.Dataset, ("name",), node):
            if dataset.node_id == node.id and dataset.name not in imported:
                self._put(
                    m.Dataset,
                    {"name": dataset.name},
                    {"node": None, "state": "exported"},
                    dataset.name,
                )

    def _record_zones(
        self, readings: list[tuple[NodeReading, NodeFacts]], nodes: dict[str, m.Node]
    ) -> None:
        best: dict[str, tuple[ZoneFacts, NodeFacts]] = {}
        for _, node_facts in readings:
            for zone in node_facts.zones:
                current = best.get(zone.entry.zonename)
                rank = _LIVELINESS.get(zone.entry.state, 0)
                if current is None or rank > _LIVELINESS.get(current[0].entry.state, 0):
                    best[zone.entry.zonename] = (zone, node_facts)
        for name in sorted(best):
            zone, facts = best[name]
            self._record_zone(zone, facts, nodes[facts.name])
        read_ids = {nodes[r.target.name].id for r, _ in readings}
        for vserver in list(self.rows.table(m.VServer, ("name",)).values()):
            if vserver.node_id in read_ids and vserver.name not in best:
                self._put(
                    m.VServer,
                    {"name": vserver.name},
                    {"node": None, "state": "absent"},
                    vserver.name,
                )

    def _record_zone(self, zone: ZoneFacts, facts: NodeFacts, node: m.Node) -> None:
        entry, config = zone.entry, zone.config
        pools: set[str] = set()
        if config is not None:
            pools = {d.split("/")[0] for d in config.datasets if d}
            pools.update(
                str(fs["name"]).split("/")[0]
                for fs in facts.filesystems
                if fs["mountpoint"] == entry.zonepath
            )
        tainted = [facts.tainted_pools[p] for p in sorted(pools) if p in facts.tainted_pools]
        invalid = zone.invalid or (tainted[0] if tainted else None)
        values: dict[str, Any] = {
            "node": node,
            "brand": entry.brand,
            "state": entry.state,
            # a zonepath that failed its check is withheld: it never reaches a command
            "zonepath": entry.zonepath or None,
            "uuid": entry.uuid or None,
            "ip_type": {"excl": "exclusive"}.get(entry.ip_type, entry.ip_type),
            "invalid_reason": invalid,
        }
        if config is not None:
            values["autoboot"] = config.autoboot
        vserver = self._put(m.VServer, {"name": entry.zonename}, values, entry.zonename)
        self._seen[m.VServer].append(vserver.id)
        if tainted and not zone.invalid:
            self.summary.warnings.setdefault(facts.name, []).append(
                f"vServer {entry.zonename} refused for operations: {tainted[0]}"
            )
        if config is None:
            return
        datasets = []
        for pool_name in sorted(pools):
            dataset = self.rows.get(m.Dataset, {"name": pool_name})
            if dataset is not None:
                self._put(m.Dataset, {"name": pool_name}, {"vserver": vserver}, pool_name)
                datasets.append(dataset)
        if self._fs_by_dataset is None:
            self._fs_by_dataset = {}
            for fs in self.rows.table(m.Filesystem, ("dataset", "name")).values():
                self._fs_by_dataset.setdefault(fs.dataset_id, []).append(fs)
        for fs in [f for d in datasets for f in self._fs_by_dataset.get(d.id, [])]:
            if fs.kind != "lofs":
                kind = "root" if fs.mountpoint == entry.zonepath else "data"
                self._put(
                    m.Filesystem,
                    {"dataset": fs.dataset_id, "name": fs.name},
                    {"vserver": vserver, "kind": kind},
                    fs.name,
                )
        for resource in config.filesystems:
            if resource.get("type") == "lofs" and datasets:
                directory = resource.get("dir") or ""
                self._put(
                    m.Filesystem,
                    {"dataset": datasets[0], "name": f"lofs:{directory}"},
                    {
                        "vserver": vserver,
                        "kind": "lofs",
                        "mountpoint": directory,
                        "special": resource.get("special"),
                    },
                    f"{vserver.name}:{directory}",
                )
        for index, net in enumerate(config.nets):
            name = net.get("linkname") or net.get("physical") or f"net{index}"
            address = net.get("address") or ""
            prefix = address.split("/", 1)[1] if "/" in address else ""
            values = {"interface_name": net.get("physical") or net.get("lower-link")}
            if address or net.type != "anet":
                # a shared-IP net's address is in the zone's configuration; an anet's
                # (exclusive IP) is inside the zone, which zonecfg does not show: the
                # one the repository holds (from its definition) is kept
                values |= {
                    "address": address.split("/")[0] or None,
                    "prefixlen": int(prefix) if prefix.isdigit() else None,
                    "defrouter": net.get("defrouter"),
                }
            self._put(
                m.VServerNet,
                {"vserver": vserver, "linkname": name},
                values,
                f"{vserver.name}:{name}",
            )

    def _record_gdoms(
        self,
        facts: NodeFacts,
        nodes: dict[str, m.Node],
        guests: dict[tuple[str | None, str | None], str],
    ) -> None:
        if facts.kind != "cdom":
            return
        cdom = nodes[facts.name]
        for gdom in facts.gdoms:
            node_name = guests.get((facts.hostname, gdom.name))
            values = {
                "state": gdom.state,
                "flags": gdom.flags,
                "cons": gdom.cons,
                "vcpus": gdom.vcpus,
                "memory_mb": gdom.memory_mb,
                "uuid": gdom.uuid,
                "vdisks": json.dumps(gdom.vdisks),
                "vnets": json.dumps(gdom.vnets),
                "root_disks": json.dumps([d.get("name") for d in gdom.vdisks[:1]]),
                "node": nodes.get(node_name) if node_name else None,
            }
            row = self._put(
                m.GDom, {"cdom": cdom, "name": gdom.name}, values, f"{cdom.name}:{gdom.name}"
            )
            self._seen[m.GDom].append(row.id)
            twin = (
                m.GDom.select()
                .where(
                    (m.GDom.name == gdom.name)
                    & (m.GDom.cdom != cdom)
                    & m.GDom.state.in_(("active", "bound"))
                )
                .first()
                if gdom.state in ("active", "bound")
                else None
            )
            if twin is not None:
                self.summary.warnings.setdefault(facts.name, []).append(
                    f"GDom {gdom.name} is {gdom.state} here and {twin.state} on "
                    f"{twin.cdom.name}: it must run on one control domain only "
                    f"(stop and remove it here: it was brought up on {twin.cdom.name})"
                )


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, m.BaseModel):
        return str(getattr(value, "name", value.id))
    return str(value)
