"""Benchmark: discovery of a generated 200-node lab over real SSH.

Run by hand: ``.venv/bin/python tests/perf/bench_discovery.py [--nodes 200]``. The lab
runs in its own process (as it would be another machine's work); discovery runs here
into a fresh SQLite repository. Prints hosts per second for the first discovery
(connections opened) and for a re-discovery over the open connections.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vdcftui.ops.discovery.run import discover, targets_from_inventory
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository

VDCFTUI = str(Path(sys.executable).with_name("vdcftui"))


def start_lab(spec: Path, workdir: Path) -> subprocess.Popen:
    """Start `vdcftui lab` on the spec and wait until its inventory is written."""
    proc = subprocess.Popen(
        [VDCFTUI, "lab", "--spec", str(spec), "--workdir", str(workdir), "--ephemeral-ports"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    inventory = workdir / "inventory.json"
    deadline = time.monotonic() + 120
    while not inventory.exists():
        if proc.poll() is not None:
            raise SystemExit(f"lab exited: {proc.stderr.read().decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("lab did not start within 120 s")
        time.sleep(0.1)
    return proc


async def measure(nodes: int) -> None:
    """Generate, start, discover twice, print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        spec = base / "big.toml"
        spec.write_text(
            subprocess.run(
                [VDCFTUI, "lab", "generate", "--nodes", str(nodes)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        started = time.perf_counter()
        lab = start_lab(spec, base / "lab")
        print(f"lab of {nodes} nodes started in {time.perf_counter() - started:.1f} s")
        try:
            inventory = load_inventory(base / "lab" / "inventory.json")
            open_repository(str(base / "repo.db"))
            targets = targets_from_inventory(inventory)
            pools = {n.name: n.pool for n in inventory.nodes if n.pool}
            ssh = SSHPool(max_opening=64)
            first_start = time.perf_counter()
            first = await discover(targets, pools=pools, ssh=ssh, concurrency=128)
            first_time = time.perf_counter() - first_start
            second_start = time.perf_counter()
            second = await discover(targets, pools=pools, ssh=ssh, concurrency=128)
            second_time = time.perf_counter() - second_start
            await ssh.close()
            hosts = len(targets)
            print(
                f"hosts: {hosts}, vServers: {m.VServer.select().count()}, "
                f"failed: {len(first.failed)} / {len(second.failed)}"
            )
            print(f"first discovery:  {first_time:.2f} s  {hosts / first_time:.0f} hosts/s")
            print(
                f"re-discovery:     {second_time:.2f} s  {hosts / second_time:.0f} hosts/s "
                f"({first_time / second_time:.1f}x faster), {second.changes} changes"
            )
        finally:
            lab.terminate()
            lab.wait(timeout=30)


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=200)
    asyncio.run(measure(parser.parse_args().nodes))


if __name__ == "__main__":
    main()
