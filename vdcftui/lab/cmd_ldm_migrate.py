"""`ldm migrate-domain [-f] [-n] [-p FILE] DOMAIN [USER@]TARGET` on a lab control
domain: the dry run checks the target, the real run moves the domain (active, bound or
inactive) to the target control domain's configuration.

Wordings: ``Target Password:`` and the ``Domain Migration of LDom X failed`` / ``would
fail if attempted`` last lines and the memory line are those of the captures
(ldm-migrate-domain-fail-memory, ldm-migrate-n-fail-memory; docs/solaris/procedures.md
section 2.1). unverified: the other messages (unknown target, refused password, a
domain of that name on the target, missing volume or switch), the stream of the
prompt, and the silence of a successful run (ldm.md section 7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vdcftui.lab.cmd_ldm import missing_services, shortfall
from vdcftui.lab.commands import Result

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

_USAGE = (
    "Usage:\n\tldm migrate-domain [-f] [-n] [-p <password_file>] <source_ldom> "
    "[<user>@]<target_host>[:<target_ldom>]\n"
)


def _target(node: SimNode, host: str) -> SimNode | None:
    for other in node.datacenter.nodes.values():
        if host in (other.name, other.hostname) and other.spec.kind == "cdom":
            return other
    return None


def migrate_domain(node: SimNode, args: list[str], stdin: str) -> Result:
    """Check (``-n``) or run the migration of a domain to another control domain."""
    # unverified: silence on success, and the refusals no capture shows
    dry, password_file, words = False, None, []
    rest = iter(args)
    for arg in rest:
        if arg == "-n":
            dry = True
        elif arg == "-f":
            continue
        elif arg == "-p":
            password_file = next(rest, None)
            if password_file is None:
                return "", _USAGE, 1
        elif arg.startswith("-"):
            return "", f"Invalid option: {arg}\n{_USAGE}", 1
        else:
            words.append(arg)
    if len(words) != 2:
        return "", _USAGE, 1
    name, destination = words
    user, _, host = destination.rpartition("@")
    host, _, rename = host.partition(":")
    config = node.datacenter.ldm
    domain = config.domains[node.name].get(name)
    if domain is None:
        return "", f"LDom {name} not found\n", 1
    prompt = "" if password_file else "Target Password:\n"
    if password_file is not None:
        if password_file not in node.files:
            return "", f"Unable to read password file {password_file}\n", 1
        password = node.files[password_file].partition("\n")[0]
    else:
        password = stdin.partition("\n")[0]
    target = _target(node, host)
    last = f"Domain Migration of LDom {name} {'would fail if attempted' if dry else 'failed'}\n"
    if target is None or not target.powered or target is node:
        return prompt, f"Failed to establish connection with ldmd(1m) on target: {host}\n{last}", 1
    if user not in ("", "root") or password != node.datacenter.spec.credentials.password:
        return prompt, f"Authorization failed\n{last}", 1
    if rename and rename != name:
        return prompt, f"Renaming LDom {name} is not supported by this target\n{last}", 1
    if name in config.domains[target.name]:
        return prompt, f"LDom {name} already exists on target\n{last}", 1
    if config.state(node.name, domain) != "inactive":
        refused = missing_services(node, target, domain) or shortfall(target, domain)
        if refused:
            return prompt, f"{refused}\n{last}", 1
    if not dry:
        config.move(node.name, target.name, name)
    return prompt, "", 0
