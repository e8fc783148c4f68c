"""Checking the operator's keymap (settings.toml `[keymap]`) before the console starts:
a binding id no screen has, or a key the terminal can never send, is named at once
rather than silently doing nothing."""

from __future__ import annotations

import importlib
import pkgutil
import string

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key

import screens
from vdcftui.errors import OperatorError

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_PACKAGES = ("screens", "vdcftui")


def binding_ids() -> set[str]:
    """The ids of every binding of the console's screens, widgets and app."""
    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
    importlib.import_module("vdcftui.app")
    ids: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.partition(".")[0] not in _PACKAGES:
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def _key_names() -> set[str]:
    names = {key.value for key in Keys}
    for character in string.printable.strip():
        names.update((character, _character_to_key(character)))
    return names | {"space"}


def valid_key(key: str) -> bool:
    """Whether a terminal can send ``key`` ("U", "ctrl+x", "f5", "question_mark")."""
    *modifiers, base = key.split("+") if key != "+" else [key]
    return bool(base) and all(m in _MODIFIERS for m in modifiers) and base in _key_names()


def check_keymap(keymap: dict[str, str], origin: str) -> None:
    """Refuse a keymap naming an unknown binding id or a key no terminal sends."""
    known = binding_ids()
    unknown = sorted(set(keymap) - known)
    if unknown:
        raise OperatorError(
            f"{origin}: keymap: no binding {', '.join(repr(u) for u in unknown)} "
            "(the ids are shown by ? in the console)"
        )
    for binding_id, keys in sorted(keymap.items()):
        bad = [key for key in keys.split(",") if not valid_key(key.strip())]
        if bad:
            raise OperatorError(
                f"{origin}: keymap: {binding_id} = {keys!r}: {', '.join(repr(b) for b in bad)} "
                "is not a key (examples: U, ctrl+x, f5, question_mark)"
            )
