"""Alembic migrations of the store, configured in code (no alembic.ini).

``Database.migrate()`` runs ``upgrade head`` at every start.  To change the schema, edit
``models.py``, then let Alembic write the revision against a database at head and read it
before committing it::

    HUILIU_DATABASE_URL=sqlite:///var/scratch.db python -m services.kit.store.migrations upgrade head
    HUILIU_DATABASE_URL=sqlite:///var/scratch.db python -m services.kit.store.migrations revision --autogenerate -m "what changed"

Any ``alembic`` command works the same way (``current``, ``history``, ``check`` ...); the
database is ``HUILIU_DATABASE_URL``, else the embedded one under ``HUILIU_DATA_DIR``.
"""
from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration pointing at this folder; ``env.py`` runs on ``connection``
    (inside the caller's transaction) when one is given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg
