"""`clinics db ...`: the database schema and its migrations."""

from __future__ import annotations

import click

from directory.config import get_settings

db_option = click.option(
    "--db", "db", metavar="URL", help="Database URL (default: $DATABASE_URL or instance/clinics.db)."
)


@click.group("db")
def db_group() -> None:
    """Inspect and upgrade the database schema."""


@db_group.command("upgrade")
@db_option
def upgrade(db: str | None) -> None:
    """Create the schema, or upgrade it to the newest migration (also done on every start)."""
    from directory.db import get_engine
    from directory.migrate import SchemaError, head_revision

    try:
        get_engine(db or get_settings().database_url)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"schema at revision {head_revision()}")


@db_group.command("current")
@db_option
def current(db: str | None) -> None:
    """Print the database's revision, and whether it matches the models."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from directory.migrate import current_revision, head_revision

    engine = create_engine(db or get_settings().database_url, poolclass=NullPool)
    with engine.connect() as connection:
        revision = current_revision(connection)
    state = "up to date" if revision == head_revision() else f"the code expects {head_revision()}"
    click.echo(f"{revision or 'no revision (empty, or made before migrations)'}: {state}")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the schema change is.")
def revision(message: str) -> None:
    """Draft a migration from the difference between the models and the newest revision.

    Builds the newest schema in a throw-away SQLite database and compares the models with it;
    read and adjust the draft before committing it.
    """
    import tempfile
    from pathlib import Path

    from alembic import command

    from directory.migrate import alembic_config

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'draft.db'}"
        config = alembic_config(url=url)
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True)
