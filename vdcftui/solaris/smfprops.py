"""SMF properties as configuration items: the property's FMRI, its type and value,
and ``svcprop -p PG/PROP FMRI`` read back.

Sources: smf(5) names a property ``svc:/SERVICE:INSTANCE/:properties/PG/PROP``;
svccfg(1M) ``setprop PG/PROP = TYPE: VALUE`` with the property types listed there;
``svcprop -p PG/PROP FMRI`` prints the value alone
(real-solaris/sysadm-evacuation-example-ex6-6-TRUNCATED__oracle-doc-s11-4-kz.txt).
Values are single words: svccfg joins the words of its command line into one line and
parses it again (illumos svccfg_main.c), so a space or a quote would start another
word; such values are refused rather than quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vdcftui.solaris.names import (
    InvalidName,
    validate_hostname,
    validate_ip_address,
    validate_word,
)

_SERVICE = r"svc:/[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)*"
_NAME = r"[A-Za-z][A-Za-z0-9_-]*"
_PROPERTY = re.compile(
    rf"(?P<instance>{_SERVICE}:[a-z][a-z0-9_-]*)/:properties/(?P<prop>{_NAME}/{_NAME})"
)
TYPES = (
    "astring",
    "ustring",
    "boolean",
    "count",
    "integer",
    "net_address",
    "net_address_v4",
    "net_address_v6",
    "host",
    "hostname",
    "fmri",
    "uri",
)
_WORD_CHARACTERS = "._-/:@+,="


@dataclass(frozen=True)
class PropertyRef:
    """An SMF property of an instance: ``svc:/a/b:default`` and ``config/name``."""

    instance: str
    prop: str

    @property
    def fmri(self) -> str:
        """The property's own FMRI (the item's key)."""
        return f"{self.instance}/:properties/{self.prop}"


def validate_property(fmri: str) -> PropertyRef:
    """Check a property FMRI ``svc:/SERVICE:INSTANCE/:properties/PG/PROP``."""
    validate_word(fmri, "SMF property", _WORD_CHARACTERS, 400)
    match = _PROPERTY.fullmatch(fmri)
    if match is None:
        raise InvalidName(
            "SMF property", fmri, "expected svc:/SERVICE:INSTANCE/:properties/PG/PROP", noun=""
        )
    return PropertyRef(match["instance"], match["prop"])


def validate_typed_value(text: str) -> tuple[str, str]:
    """Check ``TYPE:VALUE`` (``boolean:true``, ``count:5``, ``astring:files``): a type
    svccfg knows and a value of that type, one word; the type and the value."""
    kind, colon, value = text.partition(":")
    if not colon or kind not in TYPES:
        raise InvalidName(
            "SMF value", text, f"expected TYPE:VALUE, TYPE one of {', '.join(TYPES)}", noun=""
        )
    validate_word(value, f"{kind} value", _WORD_CHARACTERS, 1024)
    if kind == "boolean" and value not in ("true", "false"):
        raise InvalidName("boolean value", value, "it must be true or false", noun="")
    if kind == "count" and not value.isdigit():
        raise InvalidName("count value", value, "it must be a number from 0", noun="")
    if kind == "integer" and not re.fullmatch(r"-?[0-9]+", value):
        raise InvalidName("integer value", value, "it must be a whole number", noun="")
    if kind.startswith("net_address"):
        value = validate_ip_address(value, f"{kind} value")
    if kind in ("host", "hostname"):
        validate_hostname(value, f"{kind} value")
    return kind, value


def parse_svcprop_value(text: str) -> str:
    """``svcprop -p PG/PROP FMRI``: the value (values of a list joined by a space)."""
    return " ".join(text.split())
