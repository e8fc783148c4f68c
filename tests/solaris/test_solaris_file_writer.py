"""vdcftui's file writer, the one Perl program that puts a file on a host, run by the
perl of this machine: the content from standard input, the exact mode whatever the
umask, the old file replaced at once, the program's own error for a missing
directory; and the lab answers the same program (its copy is the product's)."""

from __future__ import annotations

import os
import stat
import subprocess

from vdcftui.lab.cmd_files import WRITER
from vdcftui.solaris.cmd.command import Input
from vdcftui.solaris.cmd.files import WRITE_PROGRAM, write_file


def _write(path, mode: int, data: str) -> subprocess.CompletedProcess:
    command = write_file(str(path), mode, Input(data))
    return subprocess.run(
        command.argv, input=data, text=True, capture_output=True, preexec_fn=lambda: os.umask(0o077)
    )


def test_the_lab_runs_the_products_program():
    assert WRITER == WRITE_PROGRAM


def test_the_file_holds_the_content_with_the_mode_whatever_the_umask(tmp_path):
    target = tmp_path / "vdcf-keepalive"
    target.write_text("the old agent\n")
    done = _write(target, 0o755, "#!/usr/bin/perl\nprint 1;\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert target.read_text() == "#!/usr/bin/perl\nprint 1;\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755  # not narrowed by the umask 077
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vdcf-keepalive"]  # no temporary left
    secret = tmp_path / "keepalive.secret"
    assert _write(secret, 0o600, "s3cret\n").returncode == 0
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_a_missing_directory_is_the_programs_one_line_error(tmp_path):
    done = _write(tmp_path / "no" / "file", 0o644, "x")
    assert done.returncode == 1
    assert done.stderr == f"{tmp_path}/no/file.vdcftui-new: No such file or directory\n"
