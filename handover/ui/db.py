"""The process's one `Database`, from `st.cache_resource`; pages ask `database()` for it.

A database held by another process, or unreadable, ends the script run with a clear message instead
of a traceback; the next run tries again (failures are not cached).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import streamlit as st

from handover.store.database import (
    Database,
    DatabaseLockedError,
    DatabaseOpenError,
    default_db_path,
)
from handover.ui.i18n import t


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path)


@functools.lru_cache(maxsize=8)
def _resolved(path: Path, folder: str) -> str:
    """The database file's full path from the working `folder` (resolving is a few `lstat`
    calls, and every rerun of every page asks)."""
    return str((Path(folder) / path).resolve())


def database() -> Database:
    path = _resolved(default_db_path(), os.getcwd())
    try:
        return _open(path)
    except DatabaseLockedError as error:
        holder = t("app.db_holder", pid=error.pid) if error.pid else ""
        st.error(t("app.db_locked", path=error.path, holder=holder), icon=":material/lock:")
    except DatabaseOpenError as error:
        st.error(t("app.db_unreadable", path=error.path, why=error.why))
    st.stop()
