"""The only layer that talks to DuckDB: connection, migrations, queries, and loading/saving plans.

Callers get a `Database`; they never see a connection, only cursors and transactions from it.
"""

from handover.store.database import (
    Database,
    DatabaseLockedError,
    DatabaseOpenError,
    default_db_path,
)

__all__ = ["Database", "DatabaseLockedError", "DatabaseOpenError", "default_db_path"]
