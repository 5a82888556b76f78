"""Alembic's environment for the store: the models' metadata is the target.

Normally run by ``Database.migrate()`` (or ``python -m services.kit.store.migrations``),
which passes an open connection inside its own transaction and lock; Alembic then leaves
the commit to it.  Without one (a plain ``alembic`` command with an ini that sets
``sqlalchemy.url``) it opens its own.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator

from services.kit.store.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj, autogen_context):
    """Write a model's TypeDecorator (UTCDateTime) as the plain column type it stores:
    a revision must not import models.py, which moves on after the revision is written."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch operations copy the table instead there,
        # and are plain ALTERs on PostgreSQL, so one revision serves both
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        **kwargs,
    )


def run_on(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif config.attributes.get("connection") is not None:
    run_on(config.attributes["connection"])
else:
    from services.kit.store.db import Database  # same engine settings as the services

    db = Database(config.get_main_option("sqlalchemy.url"))
    try:
        with db.engine.connect() as conn:
            run_on(conn)
            conn.commit()
    finally:
        db.dispose()
