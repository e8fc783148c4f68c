"""Where the repository is: a mistyped --repo is an error for a reading command, never
a new empty repository; only discovery, `init` and the demo create one; a URL scheme
vdcftui cannot use is named."""

from __future__ import annotations

from tests.helpers import run_cli
from vdcftui.repo.migrations import CURRENT_VERSION


def test_a_reading_command_on_a_missing_repository_says_so_and_creates_nothing(tmp_path):
    repo = tmp_path / "nonexistent" / "dir" / "repo.db"
    for args in (("vserver", "list"), ("job", "list"), ("audit",)):
        result = run_cli(repo, *args, check=False)
        assert result.returncode == 1, result.stdout
        assert result.stderr == (
            f"vdcftui: no repository at {repo}: check --repo or $VDCFTUI_REPO; "
            "`vdcftui node discover` or `vdcftui init` creates one\n"
        )
        assert result.stdout == ""
    assert not (tmp_path / "nonexistent").exists()


def test_init_creates_an_owner_only_repository_once(tmp_path):
    repo = tmp_path / "site" / "repo.db"
    created = run_cli(repo, "init")
    assert created.stdout == f"created repository {repo} (schema version {CURRENT_VERSION})\n"
    assert (repo.parent.stat().st_mode & 0o777, repo.stat().st_mode & 0o777) == (0o700, 0o600)
    again = run_cli(repo, "init")
    assert again.stdout == f"repository {repo} exists (schema version {CURRENT_VERSION}, 0 nodes)\n"
    listed = run_cli(repo, "vserver", "list")
    assert listed.stdout.split() == ["NAME", "NODE", "STATE", "BRAND", "IP_TYPE", "DATASETS"]


def test_an_unsupported_url_scheme_is_named(tmp_path):
    result = run_cli("mysql://operator@dbhost/vdcf", "vserver", "list", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("vdcftui: unsupported repository URL scheme 'mysql': ")
    assert "postgresql://" in result.stderr
