"""Builders of Logical Domains Manager commands (`ldm`), run on a control domain."""

from __future__ import annotations

from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.names import validate_domainname

_DOMAIN_VERBS: dict[str, set[str]] = {
    "start-domain": set(),
    "stop-domain": {"-f"},
    "bind-domain": set(),
    "unbind-domain": set(),
}


def ldm_list(domain: str | None = None, long: bool = False) -> Command:
    """`ldm list [-l] -p [DOMAIN]`: domains (with ``-l`` their resources), parseable."""
    argv = ["ldm", "list", *(("-l",) if long else ()), "-p"]
    if domain is not None:
        argv.append(validate_domainname(domain))
    return Command(tuple(argv))


def ldm_domain(verb: str, domain: str, *options: str) -> Command:
    """`ldm VERB [OPTIONS] DOMAIN` for start-domain, stop-domain [-f], bind-domain and
    unbind-domain."""
    if verb not in _DOMAIN_VERBS:
        raise ValueError(f"unsupported ldm verb {verb!r}")
    for option in options:
        if option not in _DOMAIN_VERBS[verb]:
            raise ValueError(f"unsupported option {option!r} for ldm {verb}")
    return Command(("ldm", verb, *options, validate_domainname(domain)))
