"""Benchmark: automated failover on the lab, median of 10 runs (target < 60 s).

Run by hand: ``cd tests/perf && ../../.venv/bin/python bench_failover.py [--runs N]``.
Each run starts a lab, discovers it, enables HA on pool-a and three of node08's
vServers, starts a real engine with the default HA timing (keep-alives every 5 s, a
node suspect after 15 s of silence), powers node08 off through the lab, and measures
from the power-off until the last HA vServer runs on another node: detection
(suspect, then failed once the controller says off), fencing, placement and restart
as the engine records them. Prints each run and the median.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))

from tests.helpers import running_lab, wait_until  # noqa: E402
from tests.ops.test_ops_ha import HaSite, _free_udp_port  # noqa: E402

HA_VSERVERS = ("erp01", "erp02", "erp04")
ORDER = ["up", "suspect", "failed", "fenced"]


def one_run(workdir: Path) -> dict[str, float]:
    """One failover; seconds from the power-off to each phase."""
    with running_lab(workdir / "lab") as lab:
        listen = f"127.0.0.1:{_free_udp_port()}"
        settings = workdir / "settings.toml"
        settings.write_text(f'[ha]\nlisten = "{listen}"\n[monitor]\nenabled = false\n')
        site = HaSite(lab, workdir / "repo.db", settings, listen)
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        site.cli("ha", "enable", "pool-a")
        for name in HA_VSERVERS:
            site.cli("ha", "enable", name)
        site.start()
        try:
            wait_until(
                lambda: all(
                    r["state"] == "up" and r["last_keepalive"]
                    for r in site.health().values()
                    if r["pool"] == "pool-a"
                ),
                "pool-a heard",
                60,
            )
            began = time.monotonic()
            lab.control({"op": "power", "node": "node08", "on": False})
            marks: dict[str, float] = {}

            def reached(state: str) -> bool:
                now = site.health()["node08"]["state"]
                if ORDER.index(now) >= ORDER.index(state):
                    marks.setdefault(state, time.monotonic() - began)
                    return True
                return False

            for state in ("suspect", "failed", "fenced"):
                wait_until(lambda state=state: reached(state), f"node08 {state}", 120)
            wait_until(lambda: site.audit("ha failover"), "the failover", 180)
            marks["restarted"] = time.monotonic() - began
            record = json.loads(site.audit("ha failover")[0]["detail"])
            if record["restart_state"] != "succeeded":
                raise SystemExit(f"failover did not succeed: {record}")
            for key in ("fence", "placement", "restart"):
                marks[f"engine {key}"] = float(record["seconds"][key])
            return marks
        finally:
            assert site.engine is not None
            site.engine.terminate()
            site.engine.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    totals = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as workdir:
            marks = one_run(Path(workdir))
        totals.append(marks["restarted"])
        shown = ", ".join(f"{key} {value:.1f}" for key, value in marks.items())
        print(f"run {run}: {shown} (s)", flush=True)
    print(
        f"failover, power-off to the last HA vServer running elsewhere: median "
        f"{statistics.median(totals):.1f} s, worst {max(totals):.1f} s over {len(totals)} "
        "runs (target < 60 s)"
    )


if __name__ == "__main__":
    main()
