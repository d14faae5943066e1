"""Schema migrations (alembic): a new database gets the current schema, an older one is upgraded.

Every change to `directory/models.py` comes with a revision in `directory/migrations/versions/`
(`clinics db revision -m "what changed"` drafts one); a test fails when models and migrations
disagree.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from directory import models  # noqa: F401  (registers the tables on SQLModel.metadata)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaError(RuntimeError):
    """The database's schema is not one this code can use or upgrade."""


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An alembic configuration for our migrations, bound to a connection or a URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision in the migrations folder."""
    head = _scripts().get_current_head()
    if head is None:
        raise SchemaError("no migrations found")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at (None when it has no migration history)."""
    return MigrationContext.configure(connection).get_current_revision()


def schema_differences(connection: Connection) -> list[object]:
    """What differs between the live schema and the models (empty when they agree)."""
    return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), SQLModel.metadata)


def ensure_schema(engine: Engine) -> None:
    """Create the schema in an empty database, or upgrade an older one to the current revision."""
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        context = MigrationContext.configure(connection)
        if not tables - {"alembic_version"}:
            SQLModel.metadata.create_all(connection)
            context.stamp(_scripts(), head_revision())
            return
        if "alembic_version" in tables:
            if context.get_current_revision() != head_revision():
                command.upgrade(alembic_config(connection), "head")
            return
        if schema_differences(connection):
            raise SchemaError(
                f"the database at {engine.url.render_as_string(hide_password=True)} was made before schema "
                "migrations existed and does not match the current schema; export what you need "
                "(`clinics export`), then move it aside so a new one can be created"
            )
        context.stamp(_scripts(), head_revision())
