"""Simulated Fujitsu/Oracle XSCF (M-series domains, M10/M12 PPARs), prompt ``XSCF> ``.

Wording follows docs/solaris/consoles.md section 2: ``showdomainstatus -a`` table,
``DomainIDs to power off:00`` / ``Continue? [y|n] :`` / ``00 :Powering off``,
``No failures found in System Initialization.``; leaving a console with ``#.``.
"""

from __future__ import annotations

import getopt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vdcftui.lab.controllers.facts import PlatformFacts
from vdcftui.lab.controllers.serial import ConsoleState, SerialConsole
from vdcftui.lab.controllers.session import ControllerSession

M_SERIES_DOMAINS = {"M3000": 1, "M4000": 2, "M5000": 4, "M8000": 16, "M9000": 24}
INVALID_COMMAND = "Invalid command."
POWER_NOTE = (
    "*Note*\n"
    " This command only issues the instruction to power-{verb}.\n"
    ' The result of the instruction can be checked by the "showlogs power".\n'
)


@dataclass
class XscfDomain:
    """One domain (M-series DID) or physical partition (M10/M12 PPAR-ID) and its host."""

    did: int
    node: Any
    console: SerialConsole


@dataclass
class XscfInfo:
    """Everything one XSCF needs, shared by its sessions."""

    name: str
    address: str
    domains: dict[int, XscfDomain]
    facts: PlatformFacts

    @property
    def ppar_model(self) -> bool:
        """True for SPARC M10/M12 (PPAR commands), False for M3000-M9000 (domains)."""
        return "M10" in self.facts.model or "M12" in self.facts.model

    @property
    def slots(self) -> int:
        """How many domain/PPAR ids the platform has."""
        base = 1 if self.ppar_model else 4
        for model, count in M_SERIES_DOMAINS.items():
            if model in self.facts.model:
                base = count
        return max(base, max(self.domains, default=0) + 1)


def domain_status(domain: XscfDomain | None, *, ppar: bool) -> str:
    """Status column value: ``Running``, ``Powered Off``, ``-`` (unassigned), ..."""
    if domain is None:
        return "-"
    if not domain.node.powered:
        return "Powered Off"
    state = domain.console.state
    if state is ConsoleState.BOOTING:
        return "Initialization Phase" if ppar else "Booting"
    if state is ConsoleState.STOPPING:
        return "Shutdown Started" if not ppar else "Running"
    return "Running"


class XscfSession(ControllerSession):
    """One SSH login on an XSCF."""

    prompt = "XSCF> "

    def __init__(
        self,
        info: XscfInfo,
        write: Callable[[str], None],
        close: Callable[[int], None],
        user: str,
        tty: bool,
    ) -> None:
        super().__init__(write, close, user=user, tty=tty)
        self.info = info

    def greeting(self) -> str:
        """XSCF prints no banner over SSH: the prompt comes straight away."""
        return ""

    def console_ended(self, stolen: bool) -> None:
        """Back at ``XSCF> `` after ``#.``."""
        self.write("\nexit from console.\n")
        self.done()

    def syntax_error(self, line: str) -> None:
        """A line with unbalanced quotes."""
        self._fail(INVALID_COMMAND)

    def execute(self, argv: list[str], line: str) -> None:
        """Run one XSCF command."""
        verb, args = argv[0], argv[1:]
        if verb == "exit":
            self.close(0)
            return
        handler = {
            "showdomainstatus": self._cmd_showdomainstatus,
            "showpparstatus": self._cmd_showpparstatus,
            "poweron": self._cmd_power,
            "poweroff": self._cmd_power,
            "reset": self._cmd_reset,
            "console": self._cmd_console,
            "showhardconf": self._cmd_showhardconf,
            "showstatus": self._cmd_showstatus,
            "version": self._cmd_version,
            "showhostname": self._cmd_showhostname,
        }.get(verb)
        if handler is None:
            self._fail(INVALID_COMMAND)
            return
        handler(verb, args)

    # ------------------------------------------------------------------ helpers
    def _fail(self, message: str) -> None:
        self.exit_status = 1
        self.write(message + "\n")
        self.done()

    def _unit(self) -> tuple[str, str]:
        """("PPAR-ID", "-p") on M10/M12, ("DomainID", "-d") on the M-series: the option
        and the wording of the model's power, reset and status commands."""
        return ("PPAR-ID", "-p") if self.info.ppar_model else ("DomainID", "-d")

    def _usage(self, verb: str, synopsis: list[str]) -> None:
        lines = [f"usage: {verb} {synopsis[0]}"]
        lines += [f"       {verb} {item}" for item in synopsis[1:]]
        self._fail("\n".join(lines))

    def _parse_id(self, text: str) -> int | None:
        """A valid id in range, else None (and the error has been printed)."""
        unit, _flag = self._unit()
        if not text.isdigit() or int(text) >= self.info.slots:
            self._fail(f"Invalid parameter.\n{unit} {text} is out of range.")
            return None
        return int(text)

    def _confirm(self, question: str, opts: dict[str, str], action: Callable[[], None]) -> None:
        quiet = "-q" in opts
        if "-y" in opts or "-n" in opts:
            answer = "y" if "-y" in opts else "n"
            if not quiet:
                self.write(f"{question}{answer}\n")
            if answer == "y":
                action()
            else:
                self.done()
            return

        def answered(yes: bool) -> None:
            if yes:
                action()
            else:
                self.done()

        self.ask(question, answered)

    # ------------------------------------------------------------------ status
    def _cmd_showdomainstatus(self, verb: str, args: list[str]) -> None:
        """M-series: the DID table (docs/solaris/consoles.md section 2). On M10/M12 the
        command lists a PPAR's logical domains (``-p ppar_id``), which the lab does not
        model: it answers with the usage.

        unverified: the M10/M12 usage text."""
        if self.info.ppar_model:
            self._usage(verb, ["-p ppar_id [-g domainname] [-M]", "-h"])
            return
        try:
            opts, rest = getopt.getopt(args, "ad:")
        except getopt.GetoptError:
            opts, rest = [], ["?"]
        options = dict(opts)
        if rest or ("-a" in options) == ("-d" in options):
            self._usage(verb, ["-a", "-d domain_id", "-h"])
            return
        ids = range(self.info.slots)
        if "-d" in options:
            did = self._parse_id(options["-d"])
            if did is None:
                return
            ids = range(did, did + 1)
        lines = ["DID         Domain Status"]
        for did in ids:
            status = domain_status(self.info.domains.get(did), ppar=False)
            lines.append(f"{did:02d}          {status}")
        self.write("\n".join(lines) + "\n")
        self.done()

    def _cmd_showpparstatus(self, verb: str, args: list[str]) -> None:
        """M10/M12 only (an M-series XSCF has no such command).

        unverified: the table's layout and the status words (docs/solaris/consoles.md
        section 6, point 7: no capture)."""
        if not self.info.ppar_model:
            self._fail(INVALID_COMMAND)
            return
        try:
            opts, rest = getopt.getopt(args, "ap:")
        except getopt.GetoptError:
            opts, rest = [], ["?"]
        options = dict(opts)
        if rest or ("-a" in options) == ("-p" in options):
            self._usage(verb, ["-a", "-p ppar_id", "-h"])
            return
        ids = range(self.info.slots)
        if "-p" in options:
            pid = self._parse_id(options["-p"])
            if pid is None:
                return
            ids = range(pid, pid + 1)
        lines = ["PPAR-ID        PPAR Status"]
        for pid in ids:
            status = domain_status(self.info.domains.get(pid), ppar=True)
            lines.append(f"{pid:02d}             {status}")
        self.write("\n".join(lines) + "\n")
        self.done()

    def _cmd_showstatus(self, verb: str, args: list[str]) -> None:
        self.write("No failures found in System Initialization.\n")
        self.done()

    def _cmd_showhostname(self, verb: str, args: list[str]) -> None:
        """``xscf#0:NAME`` (xscf-m-sethttps-rebootxscf-confirm-showhostname capture, -a)."""
        self.write(f"xscf#0:{self.info.name}\n")
        self.done()

    def _cmd_version(self, verb: str, args: list[str]) -> None:
        """``version -c xcp``: the M10/M12 form follows the xscf-version-c-xcp-v capture
        (M12); unverified: the M-series form (XSCF/OpenBoot PROM lines)."""
        if args != ["-c", "xcp"]:
            self._usage(verb, ["-c xcp [-v] [-t]", "-c cmu [-v]", "-h"])
            return
        if self.info.ppar_model:
            text = "BB#00-XSCF#0 (Master)\nXCP0 (Reserve): 2361\nXCP1 (Current): 2361\n"
        else:
            text = (
                "XSCF#0 (Active )\n"
                "XCP0 (Current): 1121\n"
                "OpenBoot PROM : 02.35.0000\n"
                "XSCF          : 01.12.0001\n"
                "XCP1 (Reserve): 1121\n"
                "OpenBoot PROM : 02.35.0000\n"
                "XSCF          : 01.12.0001\n"
            )
        self.write(text)
        self.done()

    def _cmd_showhardconf(self, verb: str, args: list[str]) -> None:
        """The M10/M12 layout follows the xscf-showhardconf captures (M10-1, M12-1);
        unverified: the M-series layout and the Partition#/Domain# status lines."""
        facts = self.info.facts
        power = "On" if any(d.node.powered for d in self.info.domains.values()) else "Off"
        lines = [
            f"SPARC {facts.model};" if not facts.model.startswith("SPARC") else f"{facts.model};",
            f"    + Serial:{facts.serial}; Operator_Panel_Switch:Locked;",
        ]
        if self.info.ppar_model:
            lines.append(f"    + System_Power:{power}; System_Phase:Cabinet Power On;")
            for pid, domain in sorted(self.info.domains.items()):
                lines.append(f"    Partition#{pid} PPAR_Status:{domain_status(domain, ppar=True)};")
            lines += [
                f"    BB#00 Status:Normal; Role:Master; Ver:2290h; Serial:{facts.serial};",
                "        + Memory_Size:256 GB;",
                "        CMUL Status:Normal; Ver:0101h; Serial:PP140403X0  ;",
                "            CPU#0 Status:Normal; Ver:4142h; Serial:00070092;",
                "                + Freq:3.700 GHz; Type:0x20;",
                "                + Core:16; Strand:2;",
            ]
        else:
            lines += [
                "    + Power_Supply_System:Single; SCF-ID:XSCF#0;",
                f"    + System_Power:{power}; System_Phase:Cabinet Power On;",
            ]
            for did, domain in sorted(self.info.domains.items()):
                lines.append(f"    Domain#{did} Domain_Status:{domain_status(domain, ppar=False)};")
            lines += [
                "",
                "    MBU_B Status:Normal; Ver:4401h; Serial:BC07490VSM  ;",
                "        + Memory_Size:64 GB;",
                "    CPUM#0-CHIP#0 Status:Normal; Ver:0501h; Serial:PP0740024G  ;",
                "        + Freq:2.530 GHz; Type:32;",
                "        + Core:4; Strand:2;",
            ]
        self.write("\n".join(lines) + "\n")
        self.done()

    # ------------------------------------------------------------------ power
    def _targets(
        self, verb: str, args: list[str], extra: str
    ) -> tuple[dict[str, str], list[int]] | None:
        """The options and ids of a power, reset or console command: ``-a`` or the
        model's id option (``-p`` on M10/M12, ``-d`` on the M-series)."""
        unit, flag = self._unit()
        letters = flag[1]
        try:
            opts, rest = getopt.getopt(args, f"a{':'.join(letters)}:yqnfM{extra}")
        except getopt.GetoptError:
            opts, rest = [], ["?"]
        options = dict(opts)
        chosen = options.get("-d", options.get("-p"))
        if rest or ("-a" in options) == (chosen is not None):
            self._usage(
                verb, ["[ [-q] -{y|n}] -a", f"[ [-q] -{{y|n}}] {flag} {unit.lower()}", "-h"]
            )
            return None
        if "-a" in options:
            return options, sorted(self.info.domains)
        did = self._parse_id(str(chosen))
        if did is None:
            return None
        if did not in self.info.domains:
            self._fail(f"{unit} {did} is not configured.")
            return None
        return options, [did]

    def _cmd_power(self, verb: str, args: list[str]) -> None:
        """``poweron|poweroff -a|-d N|-p N``: ``DomainIDs to power off:00`` /
        ``Continue? [y|n] :`` / ``00 :Powering off`` (xscf-m-showdomainstatus-console-
        escape and xscf-m-poweron-canceled captures). unverified: the PPAR-ID wording on
        M10/M12, ``00 :Powering on`` and ``Already powered ...``."""
        parsed = self._targets(verb, args, "")
        if parsed is None:
            return
        options, ids = parsed
        turning_on = verb == "poweron"
        word = "on" if turning_on else "off"
        unit, _flag = self._unit()
        question = f"{unit}s to power {word}:{','.join(f'{i:02d}' for i in ids)}\nContinue? [y|n] :"

        def act() -> None:
            results = []
            for did in ids:
                console = self.info.domains[did].console
                if turning_on:
                    changed = console.power_on()
                else:
                    changed = console.power_off(graceful="-f" not in options)
                state = "on" if turning_on else "off"
                if changed:
                    results.append(f"{did:02d} :Powering {word}")
                else:
                    results.append(f"{did:02d} :Not powering {word} :Already powered {state}.")
            text = "\n".join(results) + "\n"
            if self.info.ppar_model:
                text += "\n" + POWER_NOTE.format(verb=word)
            if "-q" not in options:
                self.write(text)
            self.done()

        self._confirm(question, options, act)

    def _cmd_reset(self, verb: str, args: list[str]) -> None:
        """``reset -d|-p N por|panic|xir`` (modes: xscf-m-showdomainstatus-console-escape
        capture). unverified: the question and the ``00 :Resetting`` lines."""
        modes = ("por", "panic", "xir")
        mode = args[-1] if args and args[-1] in modes else ""
        parsed = self._targets(verb, args[:-1] if mode else args, "")
        if parsed is None:
            return
        options, ids = parsed
        if not mode or len(ids) != 1:
            unit, flag = self._unit()
            self._usage(verb, [f"[ [-q] -{{y|n}}] {flag} {unit.lower()} por|panic|xir", "-h"])
            return
        unit, _flag = self._unit()
        did = ids[0]
        question = f"{unit} to reset:{did:02d}\nContinue? [y|n] :"

        def act() -> None:
            if self.info.domains[did].console.reset():
                self.write(f"{did:02d} :Resetting\n")
            else:
                self.write(f"{did:02d} :Not resetting :Domain is powered off.\n")
            self.done()

        self._confirm(question, options, act)

    # ------------------------------------------------------------------ console
    def _cmd_console(self, verb: str, args: list[str]) -> None:
        """``console -d N`` (M-series; docs/solaris/consoles.md section 2); M10/M12 name the
        PPAR with ``-p``.

        unverified: ``console -p`` on an M10/M12 (no capture), the confirmation question
        and the ``Console contents may be logged.`` notice."""
        parsed = self._targets(verb, args, "rs:")
        if parsed is None:
            return
        options, ids = parsed
        if "-a" in options:
            unit, flag = self._unit()
            self._usage(verb, [f"[ [-q] -{{y|n}}] {flag} {unit.lower()} [-f|-r] [-s escapeChar]"])
            return
        unit, _flag = self._unit()
        did = ids[0]
        domain = self.info.domains[did]
        read_only = "-r" in options
        force = "-f" in options
        if not read_only and not force and domain.console.holder not in (None, self):
            self._fail("Another console is already connected to the domain.")
            return
        notice = "Console contents may be logged.\n" if self.info.ppar_model else ""
        question = f"{notice}Connect to {unit} {did}?[y|n] :"

        def connect() -> None:
            self.attach_console(domain.console, "", force=force, read_only=read_only)

        self._confirm(question, options, connect)
