"""Benchmark: 20 vServer migrations between two nodes as 20 jobs run by one engine.

Run by hand: ``.venv/bin/python tests/perf/bench_migrations.py [--jobs 20] [--delay 0.2]``.
The lab runs in its own process, every command on the two nodes taking ``--delay``
seconds (as a real zoneadm or zpool would take a while). Prints the wall time, the
lab's own command time (summed, and for the longest job), and the engine's overhead
over that longest job: jobs on different vServers run in parallel.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from bench_discovery import VDCFTUI, start_lab

from vdcftui.ops.discovery.run import (
    discover,
    record_lab_controllers,
    targets_from_inventory,
)
from vdcftui.ops.jobs.engine import serve
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import open_repository


def control(workdir: Path, request: dict) -> dict:
    """One request to the lab's control socket."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(workdir / "control.sock"))
        sock.sendall((json.dumps(request) + "\n").encode())
        return json.loads(sock.makefile().readline())


async def measure(jobs: int, delay: float) -> None:
    """Generate, discover, plan, run the migrations, print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        spec = base / "two.toml"
        spec.write_text(
            subprocess.run(
                [VDCFTUI, "lab", "generate", "--nodes", "2", "--zones-per-node", str(jobs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        lab = start_lab(spec, base / "lab")
        try:
            inventory = load_inventory(base / "lab" / "inventory.json")
            repo = base / "repo.db"
            open_repository(str(repo))
            await discover(targets_from_inventory(inventory))
            credentials = CredentialStore(default_credentials_path(repo))
            record_lab_controllers(inventory, credentials)
            pool = SSHPool()
            plans = []
            for vserver in m.VServer.select().where(m.VServer.state.in_(("running", "installed"))):
                target = "node002" if vserver.node.name == "node001" else "node001"
                plans.append(
                    await plan_migration(
                        vserver.name, target, pool, lambda h: target_for(h, credentials)
                    )
                )
            await pool.close()
            plans = plans[:jobs]
            for node in ("node001", "node002"):
                control(base / "lab", {"op": "slow", "node": node, "seconds": delay})
            before = control(base / "lab", {"op": "stats"})["stats"]
            for plan in plans:
                submit(Session("bench"), plan)
            started = time.perf_counter()
            await serve(
                Session("bench"), lambda h: target_for(h, credentials), asyncio.Event(), once=True
            )
            wall = time.perf_counter() - started
            after = control(base / "lab", {"op": "stats"})["stats"]
            lab_seconds = sum(
                after[n]["seconds"] - before.get(n, {}).get("seconds", 0.0) for n in after
            )
            longest = max(len(p.steps) for p in plans) * delay
            states = [j.state for j in m.Job.select()]
            print(
                f"jobs: {len(plans)} ({states.count('succeeded')} succeeded), "
                f"steps: {sum(len(p.steps) for p in plans)}, delay per command {delay}s"
            )
            print(
                f"wall time: {wall:.2f} s; lab command time: {lab_seconds:.2f} s summed, "
                f"{longest:.2f} s for the longest job"
            )
            print(
                f"engine overhead over the longest job: {(wall / longest - 1) * 100:.1f} %; "
                f"parallelism: {lab_seconds / wall:.1f} commands at once on average"
            )
        finally:
            lab.terminate()
            lab.wait(timeout=30)


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    asyncio.run(measure(args.jobs, args.delay))


if __name__ == "__main__":
    main()
