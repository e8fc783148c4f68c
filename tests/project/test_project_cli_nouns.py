"""The CLI imports only the module of the noun a command names: every noun must be
found in its module, and an unknown noun or help still sees them all."""

from __future__ import annotations

import argparse
import importlib

import pytest

from vdcftui.cli import COMMAND_MODULES, NOUN_MODULES, _noun, build_parser


def _registered(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(f"vdcftui.commands.{module}").register(subparsers)
    return set(subparsers.choices)


def test_every_noun_is_mapped_to_the_module_that_registers_it():
    registered = {noun: module for module in COMMAND_MODULES for noun in _registered(module)}
    assert registered == NOUN_MODULES


@pytest.mark.parametrize(
    ("argv", "noun"),
    [
        (["--repo", "job", "job", "list"], "job"),  # a repository file named `job`
        (["--readonly", "vserver", "list"], "vserver"),
        (["--theme", "vdcf-noc"], None),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_noun_is_the_first_word_after_the_global_options(argv, noun):
    assert _noun(argv) == noun


def test_a_noun_gets_its_own_verbs_and_an_unknown_one_the_whole_list(capsys):
    assert build_parser("patchset").parse_args(["patchset", "list"]).command == "patchset"
    with pytest.raises(SystemExit):
        build_parser("nosuch").parse_args(["nosuch"])
    said = capsys.readouterr().err
    assert "invalid choice: 'nosuch'" in said and "'vserver'" in said and "'engine'" in said
