"""Alembic environment: the schema is Leerpad's metadata, the database the app's."""

from alembic import context

import learn.models  # noqa: F401  (registers every table)
from learn.extensions import db

config = context.config
target_metadata = db.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through 'learn db ...', which passes the app's database connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
