"""Schema migrations: they build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from directory.db import get_engine
from directory.migrate import SchemaError, alembic_config, current_revision, head_revision, schema_differences
from tests.conftest import run_cli


def _migrate_and_compare(url: str) -> list[object]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        return schema_differences(connection)


def test_migrations_build_the_models_schema_on_sqlite(db_url: str) -> None:
    assert _migrate_and_compare(db_url) == []


@pytest.mark.postgres
def test_migrations_build_the_models_schema_on_postgres(pg_url: str) -> None:
    assert _migrate_and_compare(pg_url) == []


def test_migrations_go_down_and_up_again(db_url: str) -> None:
    engine = create_engine(db_url, poolclass=NullPool)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
        command.downgrade(alembic_config(connection), "base")
        assert set(engine.dialect.get_table_names(connection)) <= {"alembic_version"}
        command.upgrade(alembic_config(connection), "head")
        assert schema_differences(connection) == []


def test_a_new_database_gets_the_schema_at_the_newest_revision(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision() and schema_differences(connection) == []


def test_an_old_unversioned_database_is_refused_with_a_way_out(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with create_engine(url, poolclass=NullPool).begin() as connection:
        connection.execute(text("CREATE TABLE clinic (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)"))
    with pytest.raises(SchemaError, match="made before schema migrations"):
        get_engine(url)


def test_db_commands(db_url: str) -> None:
    assert run_cli("db", "upgrade", "--db", db_url).returncode == 0
    result = run_cli("db", "current", "--db", db_url)
    assert result.returncode == 0 and f"{head_revision()}: up to date" in result.stdout
