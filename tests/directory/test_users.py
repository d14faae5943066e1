"""Maintainer accounts and `clinics user add`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from directory.cli import main
from directory.db import session_scope
from directory.users import UserError, authenticate, create_user, user_by_name

GOOD_PASSWORD = "correct horse battery"


def test_password_is_stored_only_as_a_hash(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = create_user(session=session, name="ana", password=GOOD_PASSWORD)
        assert GOOD_PASSWORD not in user.password_hash and user.created_at is not None
    with session_scope(db_url) as session:
        assert authenticate(session=session, name="ana", password=GOOD_PASSWORD) is not None
        assert authenticate(session=session, name="ana", password=GOOD_PASSWORD + "x") is None
        assert authenticate(session=session, name="nobody", password=GOOD_PASSWORD) is None


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("ana", "short", "at least 12"),
        ("a", GOOD_PASSWORD, "2-64"),
        ("ana smith", GOOD_PASSWORD, "2-64"),
        ("../etc", GOOD_PASSWORD, "2-64"),
    ],
)
def test_bad_users_are_refused(db_url: str, name: str, password: str, message: str) -> None:
    with session_scope(db_url) as session, pytest.raises(UserError, match=message):
        create_user(session=session, name=name, password=password)


def test_names_are_unique(db_url: str) -> None:
    with session_scope(db_url) as session:
        create_user(session=session, name="ana", password=GOOD_PASSWORD)
        with pytest.raises(UserError, match="already exists"):
            create_user(session=session, name="ana", password=GOOD_PASSWORD + "2")


def test_cli_adds_a_user_after_confirming_the_password(db_url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["user", "add", "ana", "--db", db_url], input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert GOOD_PASSWORD not in result.output
    with session_scope(db_url) as session:
        assert authenticate(session=session, name="ana", password=GOOD_PASSWORD) is not None


def test_cli_reads_the_password_from_stdin_for_scripts(db_url: str) -> None:
    result = CliRunner().invoke(main, ["user", "add", "bot", "--password-stdin", "--db", db_url],
                                input=GOOD_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with session_scope(db_url) as session:
        assert authenticate(session=session, name="bot", password=GOOD_PASSWORD) is not None


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--password-stdin"], "short\n", "at least 12"),
        ([], f"{GOOD_PASSWORD}\nsomething else entirely\n{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n", "do not match"),
    ],
)
def test_cli_explains_refusals(db_url: str, args: list[str], stdin: str, message: str) -> None:
    result = CliRunner().invoke(main, ["user", "add", "ana", *args, "--db", db_url], input=stdin)
    assert message in result.output.lower()


def test_cli_refuses_a_taken_name(db_url: str) -> None:
    runner = CliRunner()
    args = ["user", "add", "ana", "--password-stdin", "--db", db_url]
    assert runner.invoke(main, args, input=GOOD_PASSWORD + "\n").exit_code == 0
    result = runner.invoke(main, args, input=GOOD_PASSWORD + "\n")
    assert result.exit_code == 1 and "already exists" in result.output
    with session_scope(db_url) as session:
        assert user_by_name(session=session, name="ana") is not None
