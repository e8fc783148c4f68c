"""High availability on the lab with a real engine process: keep-alives from every
node's agent over UDP, node health, and automated failover. A node powered off is
failed, fenced through its controller, and its HA vServers run on other nodes of its
pool, each on exactly one node; a failover whose engine is killed is taken up by the
next engine; a partition fences nothing and raises one alert; a node whose controller
does not answer is not failed over, and one record says why."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers import VDCFTUI, running_lab, wait_until
from tests.ops.conftest import CliLab
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import close_repository, open_repository

INTERVAL = 0.5
SUSPECT_AFTER = 2
FAILED_AFTER = 4


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HaSite(CliLab):
    """A discovered lab whose agents send keep-alives to an engine run by the test."""

    def __init__(self, lab, repo: Path, settings: Path, listen: str) -> None:
        super().__init__(lab, repo)
        self.settings = settings
        self.listen = listen
        self.engine: subprocess.Popen | None = None
        self.engine_log = repo.with_name("engine-stderr.log")

    def start(self) -> None:
        """Start the agents and the engine (HA must be enabled first: that makes the
        secret)."""
        secret = CredentialStore(default_credentials_path(self.repo)).get("ha:keepalive")
        assert secret
        self.lab.send_keepalives(self.listen, secret, INTERVAL)
        self.start_engine()

    def start_engine(self) -> None:
        """Start an engine (again, after one was killed)."""
        env = {**os.environ, "VDCFTUI_SETTINGS": str(self.settings)}
        with self.engine_log.open("a") as log:  # a file: a pipe nobody reads fills up
            self.engine = subprocess.Popen(
                [VDCFTUI, "--repo", str(self.repo), "engine"],
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=env,
            )

    def health(self) -> dict[str, dict]:
        return {r["node"]: r for r in json.loads(self.cli("ha", "status", "--json").stdout)}

    def audit(self, action: str) -> list[dict]:
        rows = json.loads(self.cli("audit", "--json").stdout)
        return [r for r in rows if r["action"] == action]

    def alerts(self) -> list[dict]:
        """Every recorded alert, open and cleared (`vdcftui alert list --all`)."""
        return json.loads(self.cli("alert", "list", "--all", "--json").stdout)

    def running_on(self, zone: str) -> list[str]:
        """The nodes whose `zoneadm list` (over SSH) shows the zone running; a node
        that does not answer runs nothing, and its power must be off."""
        where = []
        for node in self.lab.inventory()["nodes"]:
            name = node["name"]
            if not self.lab.state.nodes[name].powered:
                continue
            if zone in self.ssh(name, "zoneadm list").split():
                where.append(name)
        return where


@pytest.fixture
def ha_site(tmp_path):
    with running_lab(tmp_path / "lab") as lab:
        listen = f"127.0.0.1:{_free_udp_port()}"
        settings = tmp_path / "settings.toml"
        settings.write_text(
            f'[ha]\nlisten = "{listen}"\nkeepalive_interval = {INTERVAL}\n'
            f"suspect_after = {SUSPECT_AFTER}\nfailed_after = {FAILED_AFTER}\n"
        )
        site = HaSite(lab, tmp_path / "repo.db", settings, listen)
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        yield site
        if site.engine is not None:
            site.engine.terminate()
            site.engine.wait(timeout=60)


def _all_up(site: HaSite, pool: str) -> None:
    def up() -> bool:
        rows = [r for r in site.health().values() if r["pool"] == pool]
        return bool(rows) and all(r["state"] == "up" and r["last_keepalive"] for r in rows)

    wait_until(up, f"every node of {pool} heard")


def _watch_erp01_and_erp04(site: HaSite) -> None:
    """HA for pool-a and two of node08's vServers; the engine runs and hears them all."""
    site.cli("ha", "enable", "pool-a")
    for name in ("erp01", "erp04"):
        site.cli("ha", "enable", name)
    site.start()
    _all_up(site, "pool-a")


def test_a_node_powered_off_is_fenced_and_its_ha_vservers_run_elsewhere_once(ha_site):
    site = ha_site
    for name, priority in (("erp04", 9), ("erp02", 8), ("erp06", 7), ("erp01", 5)):
        site.cli("vserver", "priority", name, str(priority))
    site.cli("vserver", "depend", "erp02", "--on", "erp01")  # the slave outranks its master
    unknown = site.cli("ha", "enable", "pool-z", check=False)
    assert unknown.returncode == 1, unknown.stderr
    assert "no compute pool or vServer named 'pool-z' in the repository" in unknown.stderr
    site.cli("ha", "enable", "pool-a")
    for name in ("erp01", "erp02", "erp04"):  # erp06 runs there too but is not HA
        assert site.cli("ha", "enable", name).stdout == f"vserver {name}: failover enabled\n"
    site.start()
    _all_up(site, "pool-a")
    table = site.cli("ha", "status").stdout.splitlines()
    assert table[0].split() == ["POOL", "NODE", "STATE", "LAST_KEEPALIVE", "REASON"]
    assert any(line.split()[:3] == ["pool-a", "node08", "up"] for line in table[1:])

    began = time.monotonic()
    site.lab.control({"op": "power", "node": "node08", "on": False})
    marks: dict[str, float] = {}

    order = ["up", "suspect", "failed", "fenced"]

    def reached(state: str) -> bool:
        """node08 is in ``state`` or past it (a state may last less than a poll)."""
        now = site.health()["node08"]
        if order.index(now["state"]) >= order.index(state):
            marks.setdefault(state, time.monotonic() - began)
            return True
        return False

    wait_until(lambda: reached("suspect"), "node08 suspect", 30)
    wait_until(lambda: reached("failed"), "node08 failed", 30)
    wait_until(lambda: reached("fenced"), "node08 fenced", 60)
    wait_until(lambda: site.audit("ha failover"), "the failover to end", 120)
    marks["restarted"] = time.monotonic() - began

    record = json.loads(site.audit("ha failover")[0]["detail"])
    assert record["restart_state"] == "succeeded", record
    moves = [move.split(" -> ")[0] for move in record["moves"]]
    assert moves == ["erp04", "erp01", "erp02"]  # priority, the master before its slave
    open_repository(site.repo, create=False)
    try:
        fence = m.Job.get_by_id(record["fence_job"])
        restart = m.Job.get_by_id(record["restart_job"])
        assert (fence.operation, fence.state, fence.operator) == ("fence", "succeeded", "ha")
        assert restart.started >= fence.finished  # nothing restarted before the fence held
    finally:
        close_repository()
    status = json.loads(site.cli("node", "status", "node08", "--json").stdout)
    assert status["power"] == "off" and status["fenced"]
    for zone in ("erp01", "erp02", "erp04"):
        where = site.running_on(zone)
        assert len(where) == 1 and where != ["node08"], (zone, where)
        shown = json.loads(site.cli("vserver", "show", zone, "--json").stdout)
        assert (shown["node"], shown["state"]) == (where[0], "running")
    assert site.running_on("erp06") == []  # not HA: left on the fenced node
    (alert,) = site.alerts()
    assert (alert["severity"], alert["kind"], alert["object"]) == ("critical", "ha", "node node08")
    assert alert["message"].startswith("node08 failed (its controller ilom-node08 says off)")
    print(
        "HA phases (s from power-off): "
        + ", ".join(f"{k} {v:.1f}" for k, v in marks.items())
        + f"; engine's own: {record['seconds']}"
    )


def test_a_failover_whose_engine_is_killed_is_taken_up_by_the_next_engine(ha_site):
    site = ha_site
    _watch_erp01_and_erp04(site)
    # the restart's first command, wherever placement sends it, waits for the test
    targets = [n for n, r in site.health().items() if r["pool"] == "pool-a" and n != "node08"]
    holds = [site.lab.faults.hold_next(node, r"^zpool import") for node in targets]
    site.lab.control({"op": "power", "node": "node08", "on": False})
    wait_until(
        lambda: sum(site.lab.faults.holds_waiting(node) for node in targets) < len(targets),
        "the restart's first import",
        90,
    )
    assert site.engine is not None
    site.engine.send_signal(signal.SIGKILL)
    site.engine.wait(timeout=30)
    for hold in holds:
        hold.set()  # the held import goes on (a host finishes what it began); none waits
    health = site.health()["node08"]
    fence_job, restart_job = health["fence_job"], health["restart_job"]
    assert health["state"] == "fenced" and fence_job and restart_job

    site.start_engine()  # it marks the job interrupted, then takes the failover up
    wait_until(lambda: site.audit("ha failover waits"), "the failover to wait", 30)
    assert site.health()["node08"]["reason"] == (
        f"failover waits for job {restart_job}, interrupted: vdcftui job recover {restart_job}"
    )
    (taken_up,) = site.audit("ha failover taken up")
    assert taken_up["object"] == "node node08"
    assert taken_up["detail"] == "its controller ilom-node08 says off"
    recovered = site.cli("job", "recover", str(restart_job))
    assert recovered.stdout.splitlines()[-1] == f"job {restart_job}: succeeded"
    wait_until(lambda: site.audit("ha failover"), "the failover to end", 60)

    (record,) = site.audit("ha failover")
    detail = json.loads(record["detail"])
    assert (detail["fence_job"], detail["restart_job"]) == (fence_job, restart_job)
    assert detail["restart_state"] == "succeeded"
    assert [re.sub(r" -> .*", "", move) for move in detail["moves"]] == ["erp01", "erp04"]
    assert [job for job in _jobs(site) if job[0] in ("fence", "failover")] == [
        ("fence", "node08"),
        ("failover", "node08"),
    ]  # nothing submitted twice
    for zone in ("erp01", "erp04"):
        where = site.running_on(zone)
        assert len(where) == 1 and where != ["node08"], (zone, where)
        assert f"{zone} -> {where[0]}" in detail["moves"]
        shown = json.loads(site.cli("vserver", "show", zone, "--json").stdout)
        assert (shown["node"], shown["state"]) == (where[0], "running")
    assert site.health()["node08"]["state"] == "fenced"


def _jobs(site: HaSite) -> list[tuple[str, str]]:
    open_repository(site.repo, create=False)
    try:
        return [(j.operation, j.object_name) for j in m.Job.select().order_by(m.Job.id)]
    finally:
        close_repository()


def _looked_again(site: HaSite, node: str, seconds: float) -> None:
    """Wait until ``node``'s keep-alive, as the engine recorded it, is ``seconds``
    newer than now: the watcher has looked many times meanwhile."""
    start = datetime.now()

    def heard_later() -> bool:
        last = site.health()[node]["last_keepalive"]
        return bool(last) and (datetime.fromisoformat(last) - start).total_seconds() > seconds

    wait_until(heard_later, f"{node} heard {seconds} s later", seconds + 30)


@pytest.fixture
def five_node_pool_spec(tmp_path) -> Path:
    """The default lab with node03 moved to pool-b: five nodes, so three are 60 %."""
    text = (Path(__file__).parents[2] / "vdcftui/lab/default_spec.toml").read_text()
    at = text.index('name = "node03"')
    moved = text[at:].replace('pool = "pool-a"', 'pool = "pool-b"', 1)
    spec = tmp_path / "five-node-pool.toml"
    spec.write_text(text[:at] + moved)
    return spec


@pytest.mark.long  # by hand (-m long): CI runs the failover itself
def test_a_partition_of_most_of_a_pool_fences_nothing_and_raises_one_alert(
    tmp_path, five_node_pool_spec
):
    listen = f"127.0.0.1:{_free_udp_port()}"
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'[ha]\nlisten = "{listen}"\nkeepalive_interval = {INTERVAL}\n'
        f"suspect_after = {SUSPECT_AFTER}\nfailed_after = {FAILED_AFTER}\n"
    )
    with running_lab(tmp_path / "lab", five_node_pool_spec) as lab:
        site = HaSite(lab, tmp_path / "repo.db", settings, listen)
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        site.cli("ha", "enable", "pool-b")
        for row in json.loads(site.cli("vserver", "list", "--json").stdout):
            if row["node"] in ("node05", "node06", "node07") and row["state"] == "running":
                site.cli("ha", "enable", row["name"])
        site.start()
        try:
            _all_up(site, "pool-b")
            assert sorted(r["node"] for r in site.health().values() if r["pool"] == "pool-b") == [
                "node03",
                "node04",
                "node05",
                "node06",
                "node07",
            ]
            # their management network is cut: no keep-alive, no SSH; they run on
            for node in ("node05", "node06", "node07"):
                lab.faults.unreachable(node)
            wait_until(lambda: site.audit("ha alert"), "the partition alert", 30)
            _looked_again(site, "node04", FAILED_AFTER + 2)
            alerts = site.audit("ha alert")
            assert len(alerts) == 1, alerts
            assert "3 of 5 nodes of pool-b went silent together" in alerts[0]["detail"]
            assert "the management network is suspected" in alerts[0]["detail"]
            (alert,) = site.alerts()
            assert (alert["state"], alert["severity"]) == ("open", "critical")
            assert alert["object"] == "pool pool-b" and alert["message"] == alerts[0]["detail"]
            health = site.health()
            assert [health[n]["state"] for n in ("node05", "node06", "node07")] == ["suspect"] * 3
            assert site.audit("ha failed") == [] and site.audit("ha no failover") == []
            assert not [job for job in _jobs(site) if job[0] in ("fence", "failover")]
            assert all(lab.state.nodes[n].powered for n in ("node05", "node06", "node07"))

            for node in ("node05", "node06", "node07"):
                lab.faults.unreachable(node, on=False)
            wait_until(lambda: site.audit("ha alert cleared"), "the alert cleared", 30)
            assert [a["state"] for a in site.alerts()] == ["cleared"]
            _all_up(site, "pool-b")
        finally:
            site.engine.terminate()
            site.engine.wait(timeout=60)


@pytest.mark.long  # by hand (-m long): CI runs the failover itself
def test_a_failed_node_whose_controller_does_not_answer_is_not_failed_over(ha_site):
    site = ha_site
    _watch_erp01_and_erp04(site)
    site.lab.faults.unreachable("ilom-node08")
    site.lab.control({"op": "power", "node": "node08", "on": False})
    wait_until(lambda: site.audit("ha no failover"), "the record of no failover", 30)
    _looked_again(site, "node03", FAILED_AFTER + 2)
    records = site.audit("ha no failover")
    assert len(records) == 1, records
    assert records[0]["object"] == "node node08"
    detail = records[0]["detail"]
    assert "fencing cannot be confirmed without its controller (ilom-node08:" in detail
    assert "its vServers are not restarted elsewhere" in detail
    (alert,) = site.alerts()
    assert (alert["state"], alert["severity"], alert["object"]) == (
        "open",
        "critical",
        "node node08",
    )
    assert alert["message"] == f"no failover of node08: {detail}"
    health = site.health()["node08"]
    assert health["state"] == "failed" and health["reason"].startswith("no failover:")
    assert _jobs(site) == []
    for zone in ("erp01", "erp04"):
        shown = json.loads(site.cli("vserver", "show", zone, "--json").stdout)
        assert shown["node"] == "node08"  # not detached, not restarted anywhere
        assert site.running_on(zone) == []

    site.lab.faults.unreachable("ilom-node08", on=False)
    site.lab.control({"op": "power", "node": "node08", "on": True})
    wait_until(lambda: site.health()["node08"]["state"] == "up", "node08 up again", 30)
    assert "it was never fenced" in site.health()["node08"]["reason"]
    assert [a["state"] for a in site.alerts()] == ["cleared"]
