"""Simulated Oracle ILOM service processor (SSH CLI ``-> ``) for one lab host.

Wording follows the captures listed in docs/solaris/consoles.md: the ILOM 4.0 login banner,
``show`` layout (`` /SYS`` / ``    Properties:`` / ``        name = value``), the
``Are you sure you want to start /SYS (y/n)? `` confirmations, ``Serial console started.
To stop, type #.``, ``Serial console is in use.``, ``show: Invalid target ...`` and
``Invalid command '...' - type help for a list of commands.``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from vdcftui.lab.controllers.ilom_targets import (
    ILOM_BUILD,
    ILOM_VERSION,
    IlomInfo,
    Target,
    build_tree,
)
from vdcftui.lab.controllers.session import ControllerSession

ILOM_COPYRIGHT = "Copyright (c) 2018, Oracle and/or its affiliates. All rights reserved."

SYS_TARGETS = ("/SYS", "/System")
CONSOLE_TARGETS = ("/SP/console", "/HOST/console")
CONSOLE_STARTED = "Serial console started.  To stop, type #.\n"
SET_USAGE = "Usage: set [-script] [target] <property>=<value> [<property>=<value>...]"

HELP_TEXT = """\
The help command is used to view information about commands and targets

Usage: help [-o|-output terse|verbose] [<command>|legal|targets]

Special characters used in the help command are
[]   encloses optional keywords or options
<>   encloses a description of the keyword
     (If <> is not present, an actual keyword is indicated)
|    indicates a choice of keywords or options

help targets  displays a list of targets
help legal    displays the product legal notice

Commands are:
cd
create
delete
dump
exit
help
load
reset
set
show
start
stop
version

"""

FLAG_ALIASES = {"-script": "script", "-f": "force", "-force": "force"}
VALUE_FLAGS = ("-d", "-display", "-o", "-output", "-l", "-level")


class IlomSession(ControllerSession):
    """One SSH login on an ILOM."""

    prompt = "-> "

    def __init__(
        self,
        info: IlomInfo,
        write: Callable[[str], None],
        close: Callable[[int], None],
        user: str,
        tty: bool,
    ) -> None:
        super().__init__(write, close, user=user, tty=tty)
        self.info = info
        self.cwd = "/"

    def greeting(self) -> str:
        """The ILOM 4.0 login banner."""
        return (
            "\n"
            "Oracle(R) Integrated Lights Out Manager\n"
            f"Version {ILOM_VERSION} r{ILOM_BUILD}\n"
            f"{ILOM_COPYRIGHT}\n"
            "Warning: HTTPS certificate is set to factory default.\n"
            "\n"
            f"Hostname: {self.info.name}\n"
            "\n"
        )

    def console_ended(self, stolen: bool) -> None:
        """Back at ``-> `` after ``#.`` (or when another session stopped the console)."""
        self.write("\n" if stolen else "\nSerial console stopped.\n\n")
        self.done()

    def syntax_error(self, line: str) -> None:
        """A line with unbalanced quotes."""
        self._invalid_command(line)

    # ------------------------------------------------------------------ dispatch
    def execute(self, argv: list[str], line: str) -> None:
        """Run one ILOM CLI command."""
        verb, args = argv[0], argv[1:]
        handler = {
            "show": self._cmd_show,
            "cd": self._cmd_cd,
            "start": self._cmd_start,
            "stop": self._cmd_stop,
            "reset": self._cmd_reset,
            "set": self._cmd_set,
            "version": self._cmd_version,
            "help": self._cmd_help,
        }.get(verb)
        if verb == "exit":
            self.close(0)
            return
        if handler is None:
            self._invalid_command(line)
            return
        handler(verb, args)

    def _invalid_command(self, line: str) -> None:
        self.exit_status = 1
        self.write(f"Invalid command '{line}' - type help for a list of commands.\n\n")
        self.done()

    def _fail(self, message: str) -> None:
        self.exit_status = 1
        self.write(message + "\n\n")
        self.done()

    def _parse(self, verb: str, args: list[str]) -> tuple[set[str], dict[str, str], list[str]]:
        flags: set[str] = set()
        values: dict[str, str] = {}
        operands: list[str] = []
        iterator = iter(args)
        for arg in iterator:
            if arg in FLAG_ALIASES:
                flags.add(FLAG_ALIASES[arg])
            elif arg in VALUE_FLAGS:
                values[arg.lstrip("-")[0]] = next(iterator, "")
            elif arg.startswith("-") and len(arg) > 1:
                raise ValueError(f"{verb}: Invalid command syntax")
            else:
                operands.append(arg)
        return flags, values, operands

    def _resolve(self, target: str | None) -> str:
        if not target:
            return self.cwd
        path = posixpath.normpath(posixpath.join(self.cwd, target))
        return "/" + path.lstrip("/")

    def _lookup(self, tree: dict[str, Target], path: str) -> Target | None:
        if path in tree:
            return tree[path]
        parent, name = posixpath.split(path)
        parent_target = tree.get(parent)
        if parent_target is not None and name in parent_target.targets:
            return Target()
        return None

    # ------------------------------------------------------------------ show / cd / set
    def _cmd_show(self, verb: str, args: list[str]) -> None:
        try:
            _flags, values, operands = self._parse(verb, args)
        except ValueError as error:
            self._fail(str(error))
            return
        tree = build_tree(self.info)
        path = self._resolve(operands[0] if operands else None)
        target = self._lookup(tree, path)
        if target is None:
            self._fail(f"show: Invalid target {path}")
            return
        wanted = operands[1:]
        lines = ["", f" {path}"]
        if wanted:
            props = target.properties
            found = [(name, props[name]) for name in wanted if name in props]
            if not found:
                # unverified: the wording for a property the target does not have
                self._fail("show: No matching properties found.")
                return
            lines.append("    Properties:")
            lines += [f"        {name} = {value}" for name, value in found]
            self.write("\n".join(lines) + "\n\n")
            self.done()
            return
        display = values.get("d", "all")
        sections = ("targets", "properties", "commands") if display == "all" else (display,)
        if "targets" in sections:
            lines.append("    Targets:")
            lines += [f"        {name}" for name in target.targets]
            lines.append("")
        if "properties" in sections:
            lines.append("    Properties:")
            lines += [f"        {name} = {value}" for name, value in target.properties.items()]
            lines.append("")
        if "commands" in sections:
            lines.append("    Commands:")
            lines += [f"        {name}" for name in target.commands]
            lines.append("")
        self.write("\n".join(lines) + "\n")
        self.done()

    def _cmd_cd(self, verb: str, args: list[str]) -> None:
        path = self._resolve(args[0] if args else "/")
        if self._lookup(build_tree(self.info), path) is None:
            # unverified: cd's wording (show's `Invalid target` is captured)
            self._fail(f"cd: Invalid target {path}")
            return
        self.cwd = path
        self.write(f"{path}\n\n")
        self.done()

    def _cmd_set(self, verb: str, args: list[str]) -> None:
        try:
            _flags, _values, operands = self._parse(verb, args)
        except ValueError as error:
            self._fail(str(error))
            return
        target_arg = operands[0] if operands and "=" not in operands[0] else None
        assignments = operands[1:] if target_arg else operands
        if not assignments or not all("=" in item for item in assignments):
            self._fail(f"set: Invalid command syntax\n{SET_USAGE}")
            return
        path = self._resolve(target_arg)
        target = self._lookup(build_tree(self.info), path)
        if target is None:
            self._fail(f"set: Invalid target {path}")
            return
        output: list[str] = []
        for item in assignments:
            name, value = item.split("=", 1)
            if name not in target.properties or name == "power_state":
                # unverified: the wording for an unknown property
                self._fail(f"set: Invalid property '{name}'")
                return
            self.info.overrides[(path, name)] = value
            output.append(f"Set '{name}' to '{value}'")
        self.write("\n".join(output) + "\n\n")
        self.done()

    def _cmd_version(self, verb: str, args: list[str]) -> None:
        self.write(
            f"SP firmware {ILOM_VERSION}\n"
            f"SP firmware build number: {ILOM_BUILD}\n"
            "SP firmware date: Thu Jun 28 19:17:57 PDT 2018\n"
            "SP filesystem version: 0.2.10\n\n"
        )
        self.done()

    def _cmd_help(self, verb: str, args: list[str]) -> None:
        self.write(HELP_TEXT)
        self.done()

    # ------------------------------------------------------------------ power and console
    def _power_target(self, verb: str, args: list[str]) -> tuple[set[str], str] | None:
        try:
            flags, _values, operands = self._parse(verb, args)
        except ValueError as error:
            self._fail(str(error))
            return None
        if len(operands) != 1:
            self._fail(f"{verb}: Invalid command syntax")
            return None
        path = self._resolve(operands[0])
        if path not in SYS_TARGETS + CONSOLE_TARGETS:
            if self._lookup(build_tree(self.info), path) is None:
                self._fail(f"{verb}: Invalid target {path}")
            else:
                # unverified: the wording for a target that cannot be started/stopped
                self._fail(f"{verb}: Command not supported on this target")
            return None
        return flags, path

    def _confirm(self, verb: str, path: str, flags: set[str], action: Callable[[], None]) -> None:
        if "script" in flags:
            action()
            return

        def answered(yes: bool) -> None:
            if yes:
                action()
            else:
                self.done()

        self.ask(f"Are you sure you want to {verb} {path} (y/n)? ", answered)

    def _cmd_start(self, verb: str, args: list[str]) -> None:
        parsed = self._power_target(verb, args)
        if parsed is None:
            return
        flags, path = parsed
        if path in CONSOLE_TARGETS:
            self._confirm(verb, path, flags, lambda: self._start_console("force" in flags))
            return

        def start() -> None:
            if self.info.console.power_on():
                self.write(f"Starting {path}\n\n")
                self.done()
            else:
                self._fail("start: Target already started")

        self._confirm(verb, path, flags, start)

    def _start_console(self, force: bool) -> None:
        if not self.attach_console(self.info.console, CONSOLE_STARTED, force=force):
            self._fail("Serial console is in use.")

    def _cmd_stop(self, verb: str, args: list[str]) -> None:
        """``stop [-force] [-script] /SYS``: ``Stopping /SYS immediately`` /
        ``stop: Target already stopped`` (ILOM simulator capture, -script).

        unverified: the interactive question of stop (the start question is captured),
        the graceful ``Stopping /SYS`` line and what stopping /SP/console prints."""
        parsed = self._power_target(verb, args)
        if parsed is None:
            return
        flags, path = parsed
        if path in CONSOLE_TARGETS:

            def stop_console() -> None:
                self.info.console.steal()
                self.write("\n")
                self.done()

            self._confirm(verb, path, flags, stop_console)
            return
        force = "force" in flags

        def stop() -> None:
            if self.info.console.power_off(graceful=not force):
                self.write(f"Stopping {path}{' immediately' if force else ''}\n\n")
                self.done()
            else:
                self._fail("stop: Target already stopped")

        self._confirm(verb, path, flags, stop)

    def _cmd_reset(self, verb: str, args: list[str]) -> None:
        """``reset [-script] /SYS``: ``Performing hard reset on /SYS`` (ILOM simulator
        capture, -script). unverified: the interactive question of reset."""
        parsed = self._power_target(verb, args)
        if parsed is None:
            return
        flags, path = parsed
        if path in CONSOLE_TARGETS:
            # unverified: the wording for resetting a console target
            self._fail("reset: Command not supported on this target")
            return

        def reset() -> None:
            if self.info.console.reset():
                self.write(f"Performing hard reset on {path}\n\n")
                self.done()
            else:
                self._fail(f"Performing hard reset on {path} failed\nreset: Target already stopped")

        self._confirm(verb, path, flags, reset)
