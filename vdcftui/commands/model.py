"""`vdcftui model list|show|check`: the model profiles that lay out a node's install
(root disk and mirror, one IPMP group or aggregation per network type), read from
``models.toml`` beside settings.toml (or ``$VDCFTUI_MODELS``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vdcftui.commands.common import print_records, say
from vdcftui.display import printable
from vdcftui.errors import OperatorError
from vdcftui.ops.node.profiles import ModelProfile, load_profiles, profiles_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `model` noun."""
    noun = subparsers.add_parser("model", help="server model profiles (install layouts)")
    verbs = noun.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="every model profile")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--file", type=Path, help="a profiles file (default: models.toml)")
    listing.set_defaults(func=run_list)
    show = verbs.add_parser("show", help="one model's profile")
    show.add_argument("model", metavar="MODEL")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--file", type=Path, help="a profiles file (default: models.toml)")
    show.set_defaults(func=run_show)
    check = verbs.add_parser("check", help="validate a profiles file before putting it in place")
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(func=run_check)


def _summary(profile: ModelProfile) -> dict[str, str]:
    return {
        "model": profile.model,
        "root_disk": profile.root_disk,
        "root_mirror": profile.root_mirror,
        "networks": ", ".join(
            f"{n.net_type}: {n.group} {n.name} ({' '.join(n.interfaces)})" for n in profile.networks
        ),
    }


def run_list(args: argparse.Namespace) -> int:
    """List the profiles of the file."""
    profiles = load_profiles(args.file)
    if not profiles and not args.json:
        say(f"no model profiles in {args.file or profiles_path()}")
        return 0
    rows = [_summary(p) for _, p in sorted(profiles.items())]
    print_records(rows, args.json, ("model", "root_disk", "root_mirror", "networks"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Show one profile."""
    profiles = load_profiles(args.file)
    profile = profiles.get(args.model)
    if profile is None:
        raise OperatorError(
            f"no profile for model {printable(args.model)!r} in {args.file or profiles_path()}"
        )
    if args.json:
        say(json.dumps(profile.to_json(), indent=2))
        return 0
    say(f"model:       {profile.model}")
    say(f"root disk:   {profile.root_disk}")
    say(f"root mirror: {profile.root_mirror}")
    for net in profile.networks:
        say(f"{net.net_type + ':':<13}{net.group} {net.name} over {', '.join(net.interfaces)}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Validate a profiles file (every value, the whole file)."""
    if not args.file.exists():
        raise OperatorError(f"{args.file}: no such file")
    profiles = load_profiles(args.file)
    say(f"{args.file}: {len(profiles)} model profile(s), every value valid")
    return 0
