"""Settings from the environment and from a `.env` file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from directory.config import PROJECT_ROOT, get_settings, load_env_file


def test_env_file_fills_unset_variables_and_the_environment_wins(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("CLINICS_MAX_PAGES_PER_SITE=7\nCLINICS_MAX_DEPTH=9\n# a comment\n")
    monkeypatch.setenv("CLINICS_MAX_PAGES_PER_SITE", "")  # recorded, so the teardown removes what the file sets
    monkeypatch.delenv("CLINICS_MAX_PAGES_PER_SITE")
    monkeypatch.setenv("CLINICS_MAX_DEPTH", "2")
    assert load_env_file(env_file) == env_file
    settings = get_settings()
    assert settings.max_pages_per_site == 7
    assert settings.max_depth == 2


def test_a_missing_env_file_changes_nothing(tmp_path: Path) -> None:
    before = dict(os.environ)
    assert load_env_file(tmp_path / ".env") is None
    assert dict(os.environ) == before


def test_the_command_line_reads_env_in_the_working_directory(tmp_path: Path) -> None:
    database = tmp_path / "from-env-file.db"
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{database}\n")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    result = subprocess.run([sys.executable, "-m", "directory.cli", "db", "upgrade"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert database.is_file()
