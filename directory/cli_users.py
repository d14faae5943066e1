"""`clinics user ...`: maintainer accounts for the review area."""

from __future__ import annotations

import sys

import click

from directory.config import get_settings


@click.group("user")
def user_group() -> None:
    """Manage maintainer accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--db", "db", metavar="URL", help="Database URL (default: $DATABASE_URL or instance/clinics.db).")
def add_user(name: str, password_stdin: bool, db: str | None) -> None:
    """Create the maintainer NAME; asks for the password twice unless --password-stdin."""
    from directory.db import session_scope
    from directory.users import UserError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope(db or get_settings().database_url) as session:
            create_user(session=session, name=name, password=password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created user {name}")
