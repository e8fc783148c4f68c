"""Patch lists and what a node misses, without a lab."""

from __future__ import annotations

from datetime import datetime

import pytest

from vdcftui.errors import UsageError
from vdcftui.ops.patch.listfile import needs_single_user, parse_patch_list


def test_a_list_gives_dates_and_properties():
    listed = parse_patch_list(
        "# comment\n147147-26 2013-01-15 singleuser,rebootafter\n150537-01 standard\n"
        "148888-05  # unknown\n",
        "l",
    )
    assert [(p.patch_id, p.released, p.properties) for p in listed] == [
        ("147147-26", datetime(2013, 1, 15), "rebootafter,singleuser"),
        ("150537-01", None, "standard"),
        ("148888-05", None, None),
    ]
    assert [needs_single_user(p.properties) for p in listed] == [True, False, True]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("147147-26 standard,singleuser\n", "'standard' means no other property"),
        ("147147-26 2013-1-5\n", "expected YYYY-MM-DD"),
        ("147147-26 reboot\n", "unknown patch property 'reboot'"),
        ("147147-26\x1b[31m\n", "invalid patch id"),
    ],
)
def test_a_bad_line_is_one_clear_error(text, message):
    with pytest.raises(UsageError, match="l line 1") as caught:
        parse_patch_list(text, "l")
    assert message in str(caught.value) and "\n" not in str(caught.value)
