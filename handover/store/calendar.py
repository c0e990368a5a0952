"""The plan's settings (closing days, rolling deadlines, due-soon levels) and the working-day index
the due-date SQL macros read; both written together so SQL and the domain count the same days.

`refresh_work_calendar` runs inside the caller's transaction whenever the settings change.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

import pyarrow as pa

from handover.domain.model import PlanSettings
from handover.domain.workdays import WorkCalendar, working_index

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


def settings_from(cursor: duckdb.DuckDBPyConnection) -> tuple[PlanSettings, int]:
    """The stored settings and their version (defaults at version 0 when none are stored)."""
    row = cursor.execute(
        "SELECT closing_days, roll_deadlines, due_soon_days, version FROM plan_settings"
    ).fetchone()
    if row is None:
        return PlanSettings(), 0
    closing, roll, levels, version = row
    settings = PlanSettings.model_validate(
        {"closing_days": closing, "roll_deadlines": roll, "due_soon_days": levels}, strict=False
    )
    return settings, int(version)


def read_settings(database: Database) -> tuple[PlanSettings, int]:
    return settings_from(database.cursor())


def settings_json(settings: PlanSettings) -> str:
    return json.dumps(settings.model_dump(mode="json"), ensure_ascii=False)
