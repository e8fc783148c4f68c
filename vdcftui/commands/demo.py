"""`vdcftui demo`: the lab, discovered into a fresh repository, in the console."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
from pathlib import Path

from vdcftui.commands.common import say
from vdcftui.commands.tui import run_console
from vdcftui.display import counted
from vdcftui.ops.discovery.run import (
    discover,
    record_lab_controllers,
    targets_from_inventory,
)
from vdcftui.ops.jobs.engine_process import ensure_engine, stop_engine
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.paths import data_dir
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import open_repository


def demo_dir() -> Path:
    """Where the demo keeps its lab and repository: $VDCFTUI_DEMO_DIR or
    demo/ in the data directory ($XDG_DATA_HOME/vdcftui)."""
    env = os.environ.get("VDCFTUI_DEMO_DIR")
    return Path(env) if env else data_dir() / "demo"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `demo` command."""
    parser = subparsers.add_parser(
        "demo", help="start the lab, discover it into a fresh repository, open the console"
    )
    parser.add_argument("--spec", type=Path, help="lab spec file (default: the shipped lab)")
    parser.add_argument(
        "--dir",
        type=Path,
        help="demo directory (default: $VDCFTUI_DEMO_DIR or demo/ in the data directory)",
    )
    parser.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    """Run the demo until the operator quits the console."""
    from vdcftui.lab.runner import LabThread
    from vdcftui.lab.spec import load_spec

    base = args.dir or demo_dir()
    repo_path = base / "repo.db"
    base.mkdir(parents=True, exist_ok=True)
    # the engine of an earlier demo would keep working on the file about to be replaced
    stop_engine(str(repo_path))
    for stale in (repo_path, Path(f"{repo_path}-wal"), Path(f"{repo_path}-shm")):
        stale.unlink(missing_ok=True)
    lab_dir = base / "lab"
    if lab_dir.exists():
        shutil.rmtree(lab_dir / "state", ignore_errors=True)
    say("starting the lab ...", flush=True)
    lab_thread = LabThread(load_spec(args.spec), lab_dir, ephemeral_ports=True)
    lab_thread.start()
    try:
        inventory = load_inventory(lab_dir / "inventory.json")
        open_repository(str(repo_path))
        say(f"discovering {counted(len(inventory.nodes), 'node')} ...", flush=True)
        pools = {n.name: n.pool for n in inventory.nodes if n.pool}
        asyncio.run(discover(targets_from_inventory(inventory), pools=pools))
        record_lab_controllers(inventory, CredentialStore(default_credentials_path(repo_path)))
        args.repo = str(repo_path)
        # a resident engine: it runs the jobs and fills the graphs while the demo runs
        ensure_engine(str(repo_path), resident=True)
        run_console(args, site="lab")
    finally:
        stop_engine(str(repo_path), wait_seconds=60)  # its jobs need the lab
        lab_thread.stop()
    return 0
