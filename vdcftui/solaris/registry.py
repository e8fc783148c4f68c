"""Choose the parser for a command line: ``parse_output("zfs list -H -o name,used", text)``.

The command line is normalised first: environment assignments (``LANG=C``), ``pfexec``/
``sudo``, a leading directory (``/usr/sbin/``) and redirections (``</dev/null``) are dropped,
and options are read the way the command reads them (``-cp`` = ``-c -p``, ``-o a,b`` or
``-oa,b``), so that ``-o`` field lists reach the parser.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from vdcftui.solaris import parsers as p
from vdcftui.solaris._base import Record
from vdcftui.solaris.errors import UnknownCommand
from vdcftui.solaris.services import SVCS_DEFAULT
from vdcftui.solaris.zfs import ZFS_LIST_DEFAULT

__all__ = ["parse_output", "known_commands", "normalise"]

Parser = Callable[[str], Sequence[Record]]

KNOWN = [
    "uname -a",
    "uname -X",
    "cat /etc/release",
    "virtinfo -ap",
    "psrinfo -pv",
    "prtdiag [-v]",
    "kstat -p ...",
    "swap -s",
    "swap -l",
    "df -k",
    "zoneadm list -cp",
    "zoneadm list -cv",
    "zonecfg -z ZONE export",
    "zonecfg -z ZONE info",
    "zfs list [-H] [-o ...]",
    "zpool list [-H] [-o ...]",
    "zpool status",
    "zpool import",
    "svcs [-H] [-o ...]",
    "svcs -x",
    "dladm show-link|show-phys|show-aggr|show-vnic [-p -o ...]",
    "ipadm show-addr|show-if [-p -o ...]",
    "ifconfig -a",
    "pkg info",
    "showrev -p",
    "beadm list -H",
    "format",
    "mpathadm list lu",
    "fcinfo hba-port",
    "ldm list -p",
    "ldm list -l -p",
    "ldm list-bindings -p",
    "ldm list-constraints -p",
    "ldm list-devices [-a] -p",
]

_VALUE_OPTS = {
    "zfs": "otsdS",
    "zpool": "oTdc",
    "svcs": "osSpd",
    "dladm": "oPS",
    "ipadm": "o",
    "kstat": "mincsT",
    "zoneadm": "zRu",
    "zonecfg": "zf",
    "df": "FoV",
    "ldm": "o",
}


@dataclass
class CommandLine:
    """A normalised command line: program name, flags, option values and operands."""

    program: str
    flags: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)
    operands: list[str] = field(default_factory=list)


def normalise(command: str) -> CommandLine:
    """Split and normalise ``command`` (see the module docstring)."""
    try:
        tokens = shlex.split(command)
    except ValueError:
        tokens = command.split()
    tokens = [t for t in tokens if not re.match(r"\d?[<>]", t)]
    while tokens and (
        re.fullmatch(r"[A-Za-z_]\w*=.*", tokens[0]) or tokens[0] in ("pfexec", "sudo", "env")
    ):
        tokens.pop(0)
    if not tokens:
        return CommandLine("")
    line = CommandLine(os.path.basename(tokens[0]))
    with_value = _VALUE_OPTS.get(line.program, "")
    args = iter(tokens[1:])
    for tok in args:
        if tok.startswith("-") and len(tok) > 1 and tok != "--" and not tok[1].isdigit():
            chars = tok[1:]
            for i, ch in enumerate(chars):
                if ch in with_value:
                    line.values[ch] = chars[i + 1 :] or next(args, "")
                    break
                line.flags.add(ch)
        else:
            line.operands.append(tok)
    return line


def _fields(line: CommandLine) -> list[str] | None:
    value = line.values.get("o")
    return [f for f in value.split(",") if f] if value else None


def _one(parser: Callable[[str, str], Record], command: str) -> Parser:
    return lambda text: [parser(text, command)]


def _resolve(line: CommandLine, command: str) -> Parser | None:
    prog, flags, ops = line.program, line.flags, line.operands
    sub = ops[0] if ops else ""
    simple: dict[tuple[str, str], Parser] = {
        ("cat", "/etc/release"): _one(p.parse_etc_release, command),
        ("mpathadm", "list"): lambda t: p.parse_mpathadm_list_lu(t, command),
        ("fcinfo", "hba-port"): lambda t: p.parse_fcinfo_hba_port(t, command),
        ("pkg", "info"): lambda t: p.parse_pkg_info(t, command),
        ("zpool", "status"): lambda t: p.parse_zpool_status(t, command),
    }
    if (prog, sub) in simple:
        return simple[(prog, sub)]
    if (prog, sub) == ("zpool", "import") and len(ops) == 1:
        return lambda t: p.parse_zpool_import(t, command)
    if prog == "uname":
        if "X" in flags:
            return _one(p.parse_uname_x, command)
        if "a" in flags:
            return _one(p.parse_uname_a, command)
    elif prog == "virtinfo" and {"a", "p"} <= flags:
        return _one(p.parse_virtinfo_ap, command)
    elif prog == "psrinfo" and {"p", "v"} <= flags:
        return lambda t: p.parse_psrinfo_pv(t, command)
    elif prog == "prtdiag":
        return _one(p.parse_prtdiag, command)
    elif prog == "kstat" and "p" in flags:
        return lambda t: p.parse_kstat_p(t, command)
    elif prog == "swap" and "s" in flags:
        return _one(p.parse_swap_s, command)
    elif prog == "swap" and "l" in flags:
        return lambda t: p.parse_swap_l(t, command)
    elif prog == "df" and flags & {"k", "h"}:
        return lambda t: p.parse_df_k(t, command)
    elif prog == "zoneadm" and sub == "list" and "p" in flags:
        return lambda t: p.parse_zoneadm_list_p(t, command)
    elif prog == "zoneadm" and sub == "list" and "v" in flags:
        return lambda t: p.parse_zoneadm_list_v(t, command)
    elif prog == "zonecfg" and sub == "export" and "f" not in line.values:
        return _one(p.parse_zonecfg_export, command)
    elif prog == "zonecfg" and sub == "info":
        return _one(p.parse_zonecfg_info, command)
    elif prog == "zfs" and sub == "list":
        fields = _fields(line) or list(ZFS_LIST_DEFAULT)
        return lambda t: p.parse_zfs_list(t, fields, command)
    elif prog == "zpool" and sub == "list":
        return lambda t: p.parse_zpool_list(t, _fields(line), command)
    elif prog == "svcs":
        if "x" in flags:
            return lambda t: p.parse_svcs_x(t, command)
        svcs_fields = _fields(line) or (list(SVCS_DEFAULT) if "H" in flags else None)
        return lambda t: p.parse_svcs(t, svcs_fields, command)
    elif prog in ("dladm", "ipadm"):
        return _network(line, command)
    elif prog == "ifconfig" and "a" in flags:
        return lambda t: p.parse_ifconfig_a(t, command)
    elif prog == "showrev" and "p" in flags:
        return lambda t: p.parse_showrev_p(t, command)
    elif prog == "beadm" and sub == "list" and "H" in flags:
        return lambda t: p.parse_beadm_list_h(t, command)
    elif prog == "format":
        return lambda t: p.parse_format_disks(t, command)
    elif prog == "ldm" and "p" in flags:
        return _ldm(line, command)
    return None


def _network(line: CommandLine, command: str) -> Parser | None:
    table = {
        ("dladm", "show-link"): p.parse_dladm_show_link,
        ("dladm", "show-phys"): p.parse_dladm_show_phys,
        ("dladm", "show-aggr"): p.parse_dladm_show_aggr,
        ("dladm", "show-vnic"): p.parse_dladm_show_vnic,
        ("ipadm", "show-addr"): p.parse_ipadm_show_addr,
        ("ipadm", "show-if"): p.parse_ipadm_show_if,
    }
    sub = line.operands[0] if line.operands else ""
    parser = table.get((line.program, sub))
    fields = _fields(line)
    if parser is None or "x" in line.flags or ("p" in line.flags) != (fields is not None):
        return None
    return lambda t: parser(t, fields, command)


def _ldm(line: CommandLine, command: str) -> Parser | None:
    sub = line.operands[0] if line.operands else "list"
    sub = re.sub(r"^ls(?=$|-)", "list", sub)
    if sub in ("list", "list-domain"):
        if "l" in line.flags:
            return lambda t: p.parse_ldm_list_l_p(t, command)
        return _one(p.parse_ldm_list_p, command)
    if sub == "list-bindings":
        return lambda t: p.parse_ldm_list_bindings_p(t, command)
    if sub == "list-constraints":
        return lambda t: p.parse_ldm_list_constraints_p(t, command)
    if sub == "list-devices":
        return _one(p.parse_ldm_list_devices_p, command)
    return None


def known_commands() -> list[str]:
    """The command forms :func:`parse_output` understands."""
    return list(KNOWN)


def parse_output(command: str, text: str) -> list[Record]:
    """Parse ``text``, the output of ``command``; single-record outputs give a one-element
    list. Raises :class:`UnknownCommand` or :class:`ParseError` (both ValueError)."""
    line = normalise(command)
    parser = _resolve(line, command.strip())
    if parser is None:
        raise UnknownCommand(command, known_commands())
    return list(parser(text))
