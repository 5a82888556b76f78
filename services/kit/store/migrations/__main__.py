"""``python -m services.kit.store.migrations <alembic command>``: Alembic's command line on
the project's database, under the same lock as ``Database.migrate()``."""
from __future__ import annotations

import sys

from alembic.config import CommandLine

from services.kit.config import Settings
from services.kit.store.db import Database
from services.kit.store.migrations import alembic_config


def main(argv: list[str] | None = None) -> None:
    cli = CommandLine(prog="python -m services.kit.store.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    db = Database(Settings().db_url)
    try:
        with db.engine.connect() as conn, conn.begin():
            db.exclusive(conn, "huiliu.store.migrate")
            cli.run_cmd(alembic_config(conn), options)
    finally:
        db.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
