"""Zone configurations: `zonecfg -z Z export` and `zonecfg -z Z info` parsed into one model,
and the inverse, a `zonecfg -f` command file.

Global properties keep their zonecfg names (``zonepath``, ``ip-type``); resources
(``net``, ``anet``, ``fs``, ``dataset``, ``rctl``, ``capped-memory``, ``dedicated-cpu``, ...)
keep theirs. A property added several times (``add options ro``, rctl ``add value (...)``)
is a tuple of strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vdcftui.solaris._base import Record, content_lines
from vdcftui.solaris.errors import ParseError

__all__ = [
    "ZoneResource",
    "ZoneConfig",
    "parse_zonecfg_export",
    "parse_zonecfg_info",
    "build_zonecfg_script",
]

PropValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ZoneResource(Record):
    """One zonecfg resource (``add net`` ... ``end``) with its properties and nested
    resources."""

    type: str
    properties: dict[str, PropValue] = field(default_factory=dict)
    children: tuple[ZoneResource, ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        """A single-valued property, or ``default`` when absent."""
        value = self.properties.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else ",".join(value)


@dataclass(frozen=True, slots=True)
class ZoneConfig(Record):
    """A zone's configuration: global properties, resources and the ``create`` options."""

    properties: dict[str, PropValue] = field(default_factory=dict)
    resources: tuple[ZoneResource, ...] = ()
    create_options: str = "-b"

    def _prop(self, name: str) -> str | None:
        value = self.properties.get(name)
        if value is None or value == "":
            return None
        return value if isinstance(value, str) else ",".join(value)

    @property
    def zonename(self) -> str | None:
        """The zone name (`info` prints it; `export` does not)."""
        return self._prop("zonename")

    @property
    def brand(self) -> str:
        """The brand; Solaris 10 exports of native zones have no brand line: ``native``."""
        return self._prop("brand") or "native"

    @property
    def zonepath(self) -> str | None:
        """The zone path."""
        return self._prop("zonepath")

    @property
    def autoboot(self) -> bool:
        """Whether the zone boots with the system."""
        return self._prop("autoboot") == "true"

    @property
    def ip_type(self) -> str | None:
        """``shared`` or ``exclusive`` (None when not set)."""
        return self._prop("ip-type")

    def of_type(self, *types: str) -> list[ZoneResource]:
        """The resources of the given types, in order."""
        return [r for r in self.resources if r.type in types]

    @property
    def datasets(self) -> list[str]:
        """Names of delegated ZFS datasets (``add dataset`` / ``set name=``)."""
        return [r.get("name") or "" for r in self.of_type("dataset")]

    @property
    def filesystems(self) -> list[ZoneResource]:
        """``fs`` resources (dir, special, raw, type, options)."""
        return self.of_type("fs")

    @property
    def nets(self) -> list[ZoneResource]:
        """``net`` and ``anet`` resources."""
        return self.of_type("net", "anet")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _list_items(value: str) -> tuple[str, ...]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return tuple(_unquote(v) for v in value[1:-1].split(",") if v.strip())
    return (_unquote(value),)


def _add_prop(props: dict[str, PropValue], name: str, items: tuple[str, ...]) -> None:
    old = props.get(name)
    if old is None:
        props[name] = items
    else:
        props[name] = (old if isinstance(old, tuple) else (old,)) + items


@dataclass
class _Building:
    type: str
    properties: dict[str, PropValue] = field(default_factory=dict)
    children: list[ZoneResource] = field(default_factory=list)

    def freeze(self) -> ZoneResource:
        return ZoneResource(self.type, dict(self.properties), tuple(self.children))


_SET = re.compile(r"set\s+([A-Za-z][\w.-]*)\s*=\s*(.*)")
_ADD = re.compile(r"add\s+([A-Za-z][\w.-]*)(?:\s+(.*))?")


def parse_zonecfg_export(text: str, command: str = "zonecfg export") -> ZoneConfig:
    """Parse `zonecfg -z Z export` (a flat command file: ``create -b``, ``set k=v``,
    ``add RES`` ... ``end``; ``add options``/``add value`` inside resources)."""
    props: dict[str, PropValue] = {}
    resources: list[ZoneResource] = []
    stack: list[_Building] = []
    create = ""
    seen_create = False
    for line in content_lines(text):
        stmt = line.text.strip()
        if stmt.startswith("#"):
            continue
        if stmt == "create" or stmt.startswith("create "):
            if seen_create or stack:
                raise ParseError(command, "unexpected 'create'", line.number, line.text)
            seen_create = True
            create = stmt[len("create") :].strip()
            continue
        if match := _SET.fullmatch(stmt):
            name, value = match.group(1), _unquote(match.group(2))
            (stack[-1].properties if stack else props)[name] = value
        elif match := _ADD.fullmatch(stmt):
            name, value = match.groups()
            if value is None or not value.strip():
                stack.append(_Building(name))
            elif stack:
                _add_prop(stack[-1].properties, name, _list_items(value))
            else:
                raise ParseError(
                    command, f"'add {name} VALUE' outside a resource", line.number, line.text
                )
        elif stmt == "end":
            if not stack:
                raise ParseError(command, "'end' without 'add'", line.number, line.text)
            done = stack.pop().freeze()
            (stack[-1].children if stack else resources).append(done)
        else:
            raise ParseError(command, "not a zonecfg export statement", line.number, line.text)
    if stack:
        raise ParseError(command, f"resource {stack[-1].type!r} is not closed by 'end'")
    if not seen_create and not props and not resources:
        raise ParseError(command, "empty output")
    return ZoneConfig(props, tuple(resources), create or "-b")


def _indent(text: str) -> int:
    return len(text.expandtabs(8)) - len(text.expandtabs(8).lstrip())


_INFO_PROP = re.compile(r"\[?([A-Za-z][\w.-]*):\s*(.*?)\]?")
_NOT_SPECIFIED = re.compile(r"([A-Za-z][\w.-]*) not specified")


def parse_zonecfg_info(text: str, command: str = "zonecfg info") -> ZoneConfig:
    """Parse `zonecfg -z Z info`: ``key: value`` lines; a ``resource:`` line followed by
    deeper-indented lines opens a resource (TAB or spaces); ``key not specified`` lines
    are skipped; ``[alias: value]`` lines are kept as properties."""
    lines = content_lines(text)
    if not lines:
        raise ParseError(command, "empty output")
    config = _Building("")
    stack: list[tuple[int, _Building]] = [(-1, config)]
    for i, line in enumerate(lines):
        level = _indent(line.text)
        stmt = line.text.strip()
        while stack[-1][0] >= level:
            _, done = stack.pop()
            stack[-1][1].children.append(done.freeze())
        current = stack[-1][1]
        if _NOT_SPECIFIED.fullmatch(stmt):
            continue
        match = _INFO_PROP.fullmatch(stmt)
        if not match:
            raise ParseError(command, "expected 'name: value'", line.number, line.text)
        name, value = match.groups()
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if not value and not stmt.startswith("[") and nxt is not None and _indent(nxt.text) > level:
            stack.append((level, _Building(name)))
        elif value.startswith("[") and value.endswith("]") or name in current.properties:
            _add_prop(current.properties, name, _list_items(value))
        else:
            current.properties[name] = value
    while len(stack) > 1:
        _, done = stack.pop()
        stack[-1][1].children.append(done.freeze())
    return ZoneConfig(dict(config.properties), tuple(config.children))


_SAFE = re.compile(r"[\w./:@%+,=(){}*-]+")


def _quote(value: str, what: str) -> str:
    if "\n" in value or "\r" in value or '"' in value:
        raise ValueError(f"zonecfg value of {what} contains a newline or '\"': {value!r}")
    return value if _SAFE.fullmatch(value) else f'"{value}"'


def _emit(resource: ZoneResource, out: list[str]) -> None:
    out.append(f"add {resource.type}")
    for name, value in resource.properties.items():
        if isinstance(value, tuple):
            out.extend(f"add {name} {_quote(item, name)}" for item in value)
        elif value != "":
            out.append(f"set {name}={_quote(value, name)}")
    for child in resource.children:
        _emit(child, out)
    out.append("end")


def build_zonecfg_script(config: ZoneConfig) -> str:
    """A `zonecfg -z Z -f FILE` command file that recreates ``config`` (the inverse of
    :func:`parse_zonecfg_export`). Raises ValueError for values that would break a line."""
    out = [f"create {config.create_options}".rstrip()]
    for name, value in config.properties.items():
        if name == "zonename" or value == "" or value == ():
            continue
        if isinstance(value, tuple):
            value = ",".join(value)
        out.append(f"set {name}={_quote(value, name)}")
    for resource in config.resources:
        _emit(resource, out)
    return "\n".join(out) + "\n"
