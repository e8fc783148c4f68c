"""Solaris 11 software levels against real captures: the SRU `pkg info entire` shows,
the `entire` version that installs it, and the summary of `pkg update -n`."""

from __future__ import annotations

from pathlib import Path

import pytest

from vdcftui.solaris.errors import ParseError
from vdcftui.solaris.names import InvalidName
from vdcftui.solaris.patches import parse_pkg_info, sru_of
from vdcftui.solaris.software import (
    entire_version,
    parse_pkg_update_plan,
    sru_key,
    validate_sru,
)

CAPTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real-solaris"


@pytest.mark.parametrize(
    "capture",
    [
        "pkg-info-entire__getconfig-solaris11.txt",
        "pkg-info-entire__gradle-server-acceptance-m12.txt",
    ],
)
def test_the_entire_version_of_an_sru_is_the_one_its_node_shows(capture):
    info = parse_pkg_info((CAPTURES / capture).read_text())[0]
    sru = sru_of(info)
    assert sru is not None and validate_sru(sru, "11.3") == sru
    # FMRI pkg://solaris/entire@0.5.11,5.11-0.175.3.33.0.5.0:20180530T183617Z
    release, _, branch = info.fmri.partition("@")[2].partition(":")[0].partition("-")
    assert entire_version(sru) == f"{release.partition(',')[0]}-{branch}"


def test_solaris_11_4_versions():
    assert entire_version("11.4.42.111.0") == "11.4-11.4.42.0.1.111.0"
    assert sru_key("11.4.9.4.0") < sru_key("11.4.42.111.0")


@pytest.mark.parametrize("sru", ["11.4", "11.4.42.111", "11.4.42.111.0;reboot", "11.3.33.5.0", ""])
def test_an_sru_of_another_release_or_shape_is_refused(sru):
    with pytest.raises(InvalidName):
        validate_sru(sru, "11.4")


def test_the_dry_run_summary_of_the_oracle_documentation():
    plan = parse_pkg_update_plan((CAPTURES / "pkg-update-nv__oracle-doc-s11-2.txt").read_text())
    assert plan.packages == 3 + 1 + 627 and plan.creates_be
    assert plan.space_available == int(48.43 * (1 << 30) + 0.5)
    assert plan.space_needed == int(3.14 * (1 << 30) + 0.5)


def test_the_summary_of_an_update_without_estimates():
    plan = parse_pkg_update_plan((CAPTURES / "pkg-update__omnios-auto-be-name.txt").read_text())
    assert (plan.packages, plan.space_needed, plan.creates_be) == (4, None, True)


@pytest.mark.parametrize("text", ["", "No updates available for this image.\n", "garbage\n"])
def test_a_summary_without_counts_is_refused(text):
    with pytest.raises(ParseError):
        parse_pkg_update_plan(text)
