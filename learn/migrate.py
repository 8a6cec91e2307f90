"""Alembic, driven from the app: ``learn db upgrade`` and the schema check the tests run."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from .extensions import db

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(revision: str = "head") -> None:
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(revision: str) -> None:
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def new_revision(message: str) -> None:
    with db.engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)


def schema_differences() -> list:
    """What differs between the models and the migrated database: empty when they agree."""
    import learn.models  # noqa: F401

    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"}
        )
        return compare_metadata(context, db.metadata)
