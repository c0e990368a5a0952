"""The plan's settings (closing days, rolling deadlines, due-soon levels) and the working-day index
the due-date SQL macros read; both written together so SQL and the domain count the same days.

`refresh_work_calendar` runs inside the caller's transaction whenever the settings change;
`add_closing_days` adds days to them there, version-checked and audited (a project file's import).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pyarrow as pa

from handover.domain.model import PlanSettings
from handover.domain.workdays import WorkCalendar, working_index
from handover.store.audit import Conflict, ConflictError, write_audit

# The settings' entries in the history: not a row an undo puts back (see history._WRITABLE).
SETTINGS_ENTITY = "settings"
SETTINGS_ENTITY_ID = "plan"

if TYPE_CHECKING:
    import duckdb

    from handover.store.database import Database


def refresh_work_calendar(cursor: duckdb.DuckDBPyConnection, settings: PlanSettings) -> None:
    """Store `settings` and the working-day index they give (replacing what was there)."""
    cursor.execute("DELETE FROM work_calendar")
    cursor.register("calendar_index", _index_table(settings.work_calendar()))
    cursor.execute(
        "INSERT INTO work_calendar SELECT 1, first_day, seqs, working, ? FROM calendar_index",
        [settings.roll_deadlines],
    )
    cursor.unregister("calendar_index")
    cursor.execute(
        "INSERT INTO plan_settings (id, closing_days, roll_deadlines, due_soon_days) "
        "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET closing_days = excluded.closing_days, "
        "roll_deadlines = excluded.roll_deadlines, due_soon_days = excluded.due_soon_days, "
        "version = plan_settings.version + 1, updated_at = (now() AT TIME ZONE 'UTC')",
        [list(settings.closing_days), settings.roll_deadlines, list(settings.due_soon_days)],
    )


@functools.cache
def _index_table(work_calendar: WorkCalendar) -> pa.Table:
    """The index as one Arrow row (binding 190,000 Python values per load cost ~0.15 s)."""
    first, seqs, working = working_index(work_calendar)
    return pa.table(
        {
            "first_day": pa.array([first], pa.date32()),
            "seqs": pa.array([seqs], pa.list_(pa.int32())),
            "working": pa.array([working], pa.list_(pa.date32())),
        }
    )


def add_closing_days(
    cursor: duckdb.DuckDBPyConnection, days: Sequence[date], version: int, actor: str
) -> list[date]:
    """Add `days` to the plan's closing days, in the caller's transaction: the settings must
    still be at `version` (as the preview read them), else a ConflictError and nothing changes.
    Days already closing are not added again; the added days are returned, one audit entry."""
    settings, current = settings_from(cursor)
    if current != version:
        raise ConflictError(
            Conflict(SETTINGS_ENTITY_ID, SETTINGS_ENTITY_ID, version, current, deleted=False)
        )
    calendar = settings.work_calendar()
    added = sorted({day for day in days if not calendar.is_closing_day(day)})
    if not added:
        return added
    before = list(settings.closing_days)
    after = [*before, *(day.isoformat() for day in added)]
    refresh_work_calendar(cursor, settings.model_copy(update={"closing_days": tuple(after)}))
    write_audit(
        cursor,
        [
            (
                actor,
                SETTINGS_ENTITY,
                SETTINGS_ENTITY_ID,
                "update",
                {"closing_days": before},
                {"closing_days": after},
                current + 1,
            )
        ],
    )
    return added


def settings_from(cursor: duckdb.DuckDBPyConnection) -> tuple[PlanSettings, int]:
    """The stored settings and their version (defaults at version 0 when none are stored)."""
    rows = cursor.execute(  # fetched to the end: the cursor is free for `.sql()` afterwards
        "SELECT closing_days, roll_deadlines, due_soon_days, version FROM plan_settings"
    ).fetchall()
    if not rows:
        return PlanSettings(), 0
    closing, roll, levels, version = rows[0]
    settings = PlanSettings.model_validate(
        {"closing_days": closing, "roll_deadlines": roll, "due_soon_days": levels}, strict=False
    )
    return settings, int(version)


def read_settings(database: Database) -> tuple[PlanSettings, int]:
    return settings_from(database.cursor())


def settings_json(settings: PlanSettings) -> str:
    return json.dumps(settings.model_dump(mode="json"), ensure_ascii=False)
