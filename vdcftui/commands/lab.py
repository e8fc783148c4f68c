"""`vdcftui lab`: run the simulated datacenter, generate large specs, inject faults."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import socket
import sys
from pathlib import Path

from vdcftui.commands.common import say
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.node.inventory import default_lab_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `lab` command and its `generate` and `fault` verbs."""
    parser = subparsers.add_parser("lab", help="run the simulated datacenter")
    parser.add_argument("--spec", type=Path, help="lab spec file (default: the shipped lab)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keys, inventory and control socket "
        "(default: $VDCFTUI_LAB_DIR or ~/.local/share/vdcftui/lab)",
    )
    parser.add_argument(
        "--ephemeral-ports",
        action="store_true",
        help="let the system choose every port (for parallel labs)",
    )
    parser.set_defaults(func=run_lab)
    verbs = parser.add_subparsers(dest="lab_verb", metavar="VERB")
    generate = verbs.add_parser("generate", help="print a generated spec of N nodes")
    generate.add_argument("--nodes", type=int, required=True)
    generate.add_argument("--zones-per-node", type=int, default=4)
    generate.set_defaults(func=run_generate)
    fault = verbs.add_parser("fault", help="inject a fault into the running lab")
    fault.add_argument(
        "op",
        choices=[
            "unreachable",
            "reachable",
            "slow",
            "fail-next",
            "clear",
            "power-off",
            "power-on",
            "silence",
            "unsilence",
            "stats",
        ],
    )
    fault.add_argument("node", nargs="?")
    fault.add_argument("--seconds", type=float, default=0.0, help="delay for 'slow'")
    fault.add_argument("--pattern", help="command regex for 'fail-next'")
    fault.add_argument("--stderr", default="", help="error text for 'fail-next'")
    fault.add_argument("--exit-status", type=int, default=1)
    fault.add_argument("--workdir", type=Path, dest="fault_workdir")
    fault.set_defaults(func=run_fault)


def run_lab(args: argparse.Namespace) -> int:
    """Run the lab in the foreground until Ctrl-C or SIGTERM."""
    from vdcftui.lab.runner import Lab
    from vdcftui.lab.spec import SpecError, load_spec

    try:
        spec = load_spec(args.spec)
    except SpecError as exc:
        raise UsageError(str(exc)) from None
    workdir = args.workdir or default_lab_dir()

    async def serve() -> None:
        lab = Lab(spec, workdir, ephemeral_ports=args.ephemeral_ports)
        try:
            await lab.start()
        except OSError as exc:
            raise OperatorError(
                f"cannot start the lab: {exc.strerror or exc}"
                " (is another lab running? try --ephemeral-ports)"
            ) from None
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        inventory = lab.inventory()
        say(
            f"lab '{spec.name}': {len(inventory['nodes'])} nodes, "
            f"{len(inventory['system_controllers'])} system controllers, "
            f"{len(inventory['terminal_servers'])} terminal servers"
        )
        for node in inventory["nodes"]:
            say(f"  {node['name']:<10} {node['kind']:<9} {node['address']}:{node['port']}")
        for sc in inventory["system_controllers"]:
            say(f"  {sc['name']:<10} {sc['type']:<9} {sc['address']}:{sc['port']}")
        first = inventory["nodes"][0]
        say(f"inventory: {workdir / 'inventory.json'}")
        say(
            f"try: ssh -p {first['port']} -i {lab.client_key_path} "
            f"-o StrictHostKeyChecking=no root@{first['address']} zoneadm list -cp"
        )
        sys.stdout.flush()
        await stop.wait()
        await lab.stop()

    asyncio.run(serve())
    return 0


def run_generate(args: argparse.Namespace) -> int:
    """Print a generated spec."""
    from vdcftui.lab.generate import generate_spec_toml

    if args.nodes < 1:
        raise UsageError("--nodes must be at least 1")
    sys.stdout.write(generate_spec_toml(args.nodes, args.zones_per_node))
    return 0


def run_fault(args: argparse.Namespace) -> int:
    """Send one request to the running lab's control socket."""
    workdir = args.fault_workdir or args.workdir or default_lab_dir()
    op = {
        "reachable": "unreachable",
        "fail-next": "fail_next",
        "power-off": "power",
        "power-on": "power",
        "unsilence": "silence",
    }.get(args.op, args.op)
    request: dict = {"op": op}
    if args.node:
        request["node"] = args.node
    elif args.op not in ("clear", "stats"):
        raise UsageError(f"'{args.op}' needs a node name")
    if args.op in ("unreachable", "reachable"):
        request["on"] = args.op == "unreachable"
    if args.op in ("power-off", "power-on"):
        request["on"] = args.op == "power-on"
    if args.op in ("silence", "unsilence"):  # keep-alives lost, the node runs on
        request["on"] = args.op == "silence"
    if args.op == "slow":
        request["seconds"] = args.seconds
    if args.op == "fail-next":
        if not args.pattern:
            raise UsageError("fail-next needs --pattern")
        request.update(pattern=args.pattern, stderr=args.stderr, exit_status=args.exit_status)
    path = workdir / "control.sock"
    try:
        with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
            sock.connect(str(path))
            sock.sendall((json.dumps(request) + "\n").encode())
            reply = json.loads(sock.makefile().readline())
    except OSError:
        raise OperatorError(f"no lab is running at {workdir} (no control socket)") from None
    if not reply.get("ok"):
        raise OperatorError(reply.get("error", "the lab refused the request"))
    if "stats" in reply:
        say(json.dumps(reply["stats"], indent=2))
    return 0
