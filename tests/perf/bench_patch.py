"""Benchmark: a patch target over a generated lab of Solaris 10 nodes, installed with a
concurrency limit (two live patches and one through run level S and a reboot a node).

Run by hand: ``.venv/bin/python tests/perf/bench_patch.py [--nodes 200]
[--concurrency 50]``. The lab runs in its own process; the CLI plans the target and
the engine (started in the background) runs a job per node. Prints the wall time of
`patchtarget install` (planning, every job, following them), the slowest node's job
and the mean one, and the ratios: wall time over the slowest node, and over the
slowest node times the waves the concurrency makes (ceil(nodes / concurrency)).
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import stop_engines  # noqa: E402
from tests.perf.bench_discovery import start_lab  # noqa: E402
from vdcftui.lab.generate import generate_spec_toml  # noqa: E402
from vdcftui.repo import models as m  # noqa: E402
from vdcftui.repo.database import open_repository  # noqa: E402

VDCFTUI = str(Path(sys.executable).with_name("vdcftui"))
PATCHES = "154000-01 standard\n154001-01 standard\n154002-01 singleuser\n"


def cli(repo: Path, *args: str) -> str:
    """Run the CLI; its output (exit 0 required)."""
    done = subprocess.run(
        [VDCFTUI, "--repo", str(repo), *args], capture_output=True, text=True, timeout=3600
    )
    if done.returncode != 0:
        raise SystemExit(f"vdcftui {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def measure(nodes: int, concurrency: int) -> None:
    """Generate, start, discover, install the target, print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        spec = base / "s10.toml"
        spec.write_text(generate_spec_toml(nodes, 0, solaris10=True))
        lab = start_lab(spec, base / "lab")
        try:
            repo = base / "repo.db"
            cli(repo, "node", "discover", "--lab", "--inventory", str(base / "lab/inventory.json"))
            listing = base / "patches.txt"
            listing.write_text(PATCHES)
            cli(repo, "patchset", "create", "bench", "--list", str(listing))
            names = [f"node{i:03d}" for i in range(1, nodes + 1)]
            cli(repo, "patchtarget", "create", "bench", "--set", "bench", *names)
            started = time.perf_counter()
            cli(repo, "patchtarget", "install", "bench", "--concurrency", str(concurrency))
            wall = time.perf_counter() - started
            open_repository(repo)
            durations = [
                (job.finished - job.started).total_seconds()
                for job in m.Job.select().where(m.Job.operation == "patch")
            ]
            states = {job.state for job in m.Job.select().where(m.Job.operation == "patch")}
        finally:
            stop_engines(base)
            lab.kill()
            lab.wait()
    slowest = max(durations)
    waves = math.ceil(nodes / concurrency)
    print(f"nodes {nodes}, concurrency {concurrency}, jobs {len(durations)} {sorted(states)}")
    print(f"wall time of patchtarget install: {wall:.1f} s")
    print(f"slowest node's job: {slowest:.1f} s, mean {sum(durations) / len(durations):.1f} s")
    print(f"wall / slowest node: {wall / slowest:.2f}x")
    print(f"wall / (slowest node x {waves} waves): {wall / (slowest * waves):.2f}x")


def main() -> None:
    """Parse the options and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    measure(args.nodes, args.concurrency)


if __name__ == "__main__":
    main()
