"""The store: SQLAlchemy engine and tables, the outbox and the unit of work."""
from services.kit.store.db import Database
from services.kit.store.uow import UnitOfWork

__all__ = ["Database", "UnitOfWork"]
