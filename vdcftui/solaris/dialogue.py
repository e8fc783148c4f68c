"""Console dialogues: what a job types on a node's serial console and what it waits
for (no I/O; :mod:`vdcftui.consoles.dialogue` runs them).

A :class:`Dialogue` is a list of :class:`Exchange` s: send a line (or nothing), then
wait up to ``timeout`` seconds for ``expect`` (a regular expression), failing at once
when ``fails_if`` shows first. The texts typed and waited for are those of the
OpenBoot PROM and the Solaris console as the captures show them
(``docs/solaris/consoles.md`` §5):

- the OBP prompt is ``{0} ok`` on sun4v machines, ``ok`` on older ones [t5120-raid]
  [ai-lab] [runlevel-doc];
- ``boot net - install`` starts an Automated Installer (Solaris 11) or JumpStart
  (Solaris 10) install [ai-lab];
- the AI client ends with ``Automated Installation succeeded.`` /
  ``Automated Installation finished successfully`` [ai-lab];
- a booted system shows ``HOSTNAME console login:`` [ai-lab] [runlevel-doc].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

OK_PROMPT = r"(?m:^(\{\d+\} )?ok $)"
"""The OpenBoot prompt at the end of the output: ``{0} ok `` or ``ok ``."""
LOGIN_PROMPT = r"(?m:^\S+ console login: ?$)"
"""A booted Solaris at its console login."""
BOOTING = r"SunOS Release 5\.1[01] "
"""The kernel's first line: a system is booting."""
AI_SUCCEEDED = r"Automated Installation (succeeded|finished successfully)"
AI_FAILED = r"Automated Installation failed"
# unverified: the end lines of a Solaris 10 JumpStart (no capture shows them)
JUMPSTART_DONE = r"(?i:(custom )?jumpstart.*(complete|finished)|installation complete)"
JUMPSTART_FAILED = r"(?i:(installation|begin script|finish script) failed)"
BOOT_FAILED = r"Boot load failed|The file just loaded does not appear to be executable"
"""OBP could not load a boot program; unverified beyond the words (no capture)."""

POST_SECONDS = 900.0
"""Power-on self test and OBP on a large server, until the ``ok`` prompt."""
INSTALL_SECONDS = 3 * 3600.0
"""An install over the network, from ``boot net - install`` to its end line."""
REBOOT_SECONDS = 1800.0
"""From the end of an install (or a ``boot``) to the installed system's login prompt."""
PROBE_SECONDS = 5.0


@dataclass(frozen=True)
class Exchange:
    """Send ``send`` and Return (None: nothing; "": Return alone), then wait up to
    ``timeout`` seconds for ``expect``; ``fails_if`` seen first ends the dialogue,
    failed. ``what`` says in words what is awaited (for the failure message)."""

    send: str | None
    expect: str
    what: str
    timeout: float
    fails_if: str | None = None

    def __post_init__(self) -> None:
        if self.send is not None and not _TYPED.fullmatch(self.send):
            raise ValueError(f"not a line to type on a console: {self.send!r}")
        for pattern in (self.expect, self.fails_if):
            if pattern is not None:
                re.compile(pattern)
        if not 0 < self.timeout <= 24 * 3600:
            raise ValueError(f"not a console timeout: {self.timeout!r}")

    def to_json(self) -> dict[str, Any]:
        """The exchange as JSON data."""
        return {
            "send": self.send,
            "expect": self.expect,
            "what": self.what,
            "timeout": self.timeout,
            "fails_if": self.fails_if,
        }


_TYPED = re.compile(r"[ -~]{0,200}")
"""What may be typed: one line of printable ASCII (no control characters: no escape
sequence of a controller can be typed by a dialogue)."""


@dataclass(frozen=True)
class Dialogue:
    """Exchanges on the serial console of ``node``, in order; ``probe`` marks a
    dialogue that changes nothing (it only looks), as a step's check."""

    node: str
    exchanges: tuple[Exchange, ...]
    probe: bool = False
    input: None = None
    """A dialogue reads no standard input (for code that handles commands and
    dialogues alike)."""

    def __post_init__(self) -> None:
        if not self.exchanges:
            raise ValueError("a dialogue has at least one exchange")

    def text(self) -> str:
        """The dialogue as the operator reads it in a plan and in the audit trail."""
        parts = []
        for item in self.exchanges:
            if item.send is not None:
                parts.append(f"type {item.send!r}" if item.send else "press Return")
            parts.append(f"wait {item.timeout:.0f} s for {item.what}")
        return f"console of {self.node}: " + ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The dialogue as JSON data (a job's plan keeps it)."""
        return {
            "dialogue": self.node,
            "exchanges": [item.to_json() for item in self.exchanges],
            "probe": self.probe,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dialogue:
        """A dialogue back from :meth:`to_json`'s data."""
        return cls(
            node=data["dialogue"],
            exchanges=tuple(
                Exchange(
                    e.get("send"), e["expect"], e["what"], float(e["timeout"]), e.get("fails_if")
                )
                for e in data["exchanges"]
            ),
            probe=bool(data.get("probe", False)),
        )


def is_dialogue(data: dict[str, Any]) -> bool:
    """Whether JSON data of a step's action is a dialogue (else a command)."""
    return "dialogue" in data


def probe(node: str) -> Dialogue:
    """Press Return and see which prompt answers: the ``ok`` prompt or a console
    login (a step's check; it changes nothing)."""
    either = f"{OK_PROMPT}|{LOGIN_PROMPT}"
    return Dialogue(node, (Exchange("", either, "a prompt", PROBE_SECONDS),), probe=True)


def to_ok_prompt(node: str, halting: bool = False) -> Dialogue:
    """Wait for the OpenBoot ``ok`` prompt (a node powered on, through its self test,
    or with ``halting`` one whose Solaris is going down to run state 0), pressing
    Return to have it shown again; a boot that goes on into an installed system fails
    (its OBP boots automatically: ``setenv auto-boot? false``), and so does a console
    login of a node that is not halting."""
    fails = BOOTING if halting else f"{BOOTING}|{LOGIN_PROMPT}"
    return Dialogue(node, (Exchange("", OK_PROMPT, "the ok prompt", POST_SECONDS, fails_if=fails),))


def boot_net_install(node: str, solaris10: bool) -> Dialogue:
    """At the ``ok`` prompt, ``boot net - install``; wait for the install's end line
    (the Automated Installer's, or JumpStart's on Solaris 10), then for the installed
    system to boot (the install service reboots it: AI ``auto_reboot``, a JumpStart
    profile's ``reboot``) and show its console login."""
    done, failed = (JUMPSTART_DONE, JUMPSTART_FAILED) if solaris10 else (AI_SUCCEEDED, AI_FAILED)
    installer = "JumpStart" if solaris10 else "the Automated Installer"
    return Dialogue(
        node,
        (
            Exchange("", OK_PROMPT, "the ok prompt", 60.0, fails_if=LOGIN_PROMPT),
            Exchange(
                "boot net - install",
                done,
                f"{installer} to finish",
                INSTALL_SECONDS,
                fails_if=f"{failed}|{BOOT_FAILED}",
            ),
            Exchange(
                None,
                BOOTING,
                "the installed system to boot (does the install service reboot it?)",
                REBOOT_SECONDS,
            ),
            Exchange(None, LOGIN_PROMPT, "its console login", REBOOT_SECONDS),
        ),
    )


def boot_from_ok(node: str) -> Dialogue:
    """At the ``ok`` prompt, ``boot`` (the default boot device), until the console
    login shows; a console that shows a login already (Solaris runs: its SSH does not
    answer for another reason) fails at once."""
    return Dialogue(
        node,
        (
            Exchange("", OK_PROMPT, "the ok prompt", 60.0, fails_if=LOGIN_PROMPT),
            Exchange("boot", LOGIN_PROMPT, "its console login", REBOOT_SECONDS, BOOT_FAILED),
        ),
    )
