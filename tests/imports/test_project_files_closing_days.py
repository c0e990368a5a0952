"""A project file's non-working calendar exceptions become the plan's closing days: shown in the
preview by date, written with the import in the same transaction (version-checked against the
plan's settings, one history entry), never added twice; a dry run, a refused or a stale import
writes none of them. Read from the shared samples."""

from __future__ import annotations

from datetime import date

import pytest

from handover.domain.access import AccessDeniedError, Identity, Role
from handover.imports.project_service import (
    closing_days_line,
    loss_lines,
    preview_project,
    write_project,
)
from handover.store.audit import ConflictError
from handover.store.calendar import read_settings, refresh_work_calendar
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.conftest import fingerprint
from tests.imports.project_helpers import need_java, need_samples

FACILITATOR = Identity("tester", Role.FACILITATOR)

# The seed closes 24.12 and 31.12 every year (and 05.06), so the XER file's 24.12.2019 and
# 24.12.2020 are closing days already.
XER_DAYS = [
    date(2019, 7, 4),
    date(2019, 7, 5),
    date(2019, 9, 2),
    date(2019, 11, 28),
    date(2019, 11, 29),
    date(2019, 12, 25),
    date(2020, 1, 1),
    date(2020, 5, 25),
    date(2020, 7, 3),
    date(2020, 9, 7),
    date(2020, 11, 26),
    date(2020, 12, 25),
]
# file -> (the days it adds to the seed's, how many of its days are closing already)
SAMPLES = {
    "ProjectDefaultCalendar.xer": (XER_DAYS, 2),
    "calendar-recurring-exceptions-project2016-mspdi.xml": (
        [date(2000, 1, 1), date(2000, 1, 2), date(2000, 1, 3)],
        0,
    ),
    "HouseBuildingSample.gan": ([date(2006, 2, 14)], 0),
}


@pytest.fixture(autouse=True)
def _java() -> None:
    need_java()


def _read(name: str) -> bytes:
    return (need_samples() / name).read_bytes()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_files_closing_days_are_offered_in_the_preview_and_written_with_the_import(
    seeded_db: Database, name: str
) -> None:
    added, already = SAMPLES[name]
    before, version = read_settings(seeded_db)
    result = preview_project(seeded_db, name, _read(name))
    changes = result.changes
    assert changes.closing_days == added
    assert changes.counts()["closing_days"] == {
        "add": len(added),
        "update": 0,
        "unchanged": already,
    }
    line = closing_days_line(changes, "da")
    assert line is not None and f"({len(added)})" in line
    assert all(day.strftime("%d.%m.%Y") in line for day in added)
    assert not any("closing" in shown for shown in loss_lines(changes, "en"))
    written = write_project(seeded_db, result, who=FACILITATOR)
    assert written.closing_days == added
    after, new_version = read_settings(seeded_db)
    assert after.closing_days == (*before.closing_days, *(day.isoformat() for day in added))
    assert new_version == version + 1
    assert all(not after.work_calendar().is_working_day(day) for day in added)
    (entry,) = (
        seeded_db.cursor()
        .execute("SELECT actor, action FROM audit_log WHERE entity = 'settings'")
        .fetchall()
    )
    assert entry == (f"tester ({name})", "update")
    # Read again: every day is closing now, nothing is added twice.
    again = preview_project(seeded_db, name, _read(name)).changes
    assert again.closing_days == []
    assert again.counts()["closing_days"]["unchanged"] == len(added) + already


def test_the_recurring_exceptions_stay_in_the_loss_report(seeded_db: Database) -> None:
    name = "calendar-recurring-exceptions-project2016-mspdi.xml"
    changes = preview_project(seeded_db, name, _read(name)).changes
    assert changes.losses["recurring_exceptions"] == 26
    assert "26 × recurring calendar exceptions" in loss_lines(changes, "en")


def test_a_dry_run_writes_no_closing_day(seeded_db: Database) -> None:
    name = "ProjectDefaultCalendar.xer"
    before = fingerprint(seeded_db)
    result = write_project(
        seeded_db, preview_project(seeded_db, name, _read(name)), who=FACILITATOR, dry_run=True
    )
    assert result.closing_days == XER_DAYS  # what the import would add
    assert fingerprint(seeded_db) == before


def test_an_import_by_someone_not_the_facilitator_writes_no_closing_day(
    seeded_db: Database,
) -> None:
    name = "HouseBuildingSample.gan"
    result = preview_project(seeded_db, name, _read(name))
    before = fingerprint(seeded_db)
    with pytest.raises(AccessDeniedError):
        write_project(seeded_db, result, who=Identity("someone", Role.PARTICIPANT))
    assert fingerprint(seeded_db) == before


def test_settings_changed_since_the_preview_are_a_conflict_and_nothing_is_written(
    seeded_db: Database,
) -> None:
    name = "HouseBuildingSample.gan"
    stale = preview_project(seeded_db, name, _read(name))
    settings, _ = read_settings(seeded_db)
    with seeded_db.transaction() as cursor:  # someone adds a closing day meanwhile
        refresh_work_calendar(
            cursor, settings.model_copy(update={"closing_days": (*settings.closing_days, "05-01")})
        )
    before = fingerprint(seeded_db)
    counts = read_plan(seeded_db).counts()
    with pytest.raises(ConflictError):
        write_project(seeded_db, stale, who=FACILITATOR)
    assert fingerprint(seeded_db) == before
    assert read_plan(seeded_db).counts() == counts


def test_exceptions_outside_the_planners_dates_or_longer_than_a_year_are_losses() -> None:
    from handover.imports.project_files import from_mpxj_json

    def exception(first: str, last: str) -> dict[str, str]:
        return {"from": first, "to": last, "type": "non_working"}

    document = {
        "calendars": [
            {
                "exceptions": [
                    exception("2026-12-28", "2026-12-30"),
                    exception("9999-12-31", "9999-12-31"),
                    exception("1850-01-01", "1850-01-01"),
                    exception("2026-01-01", "2027-06-30"),
                ]
            }
        ]
    }
    data = from_mpxj_json(document, "plan.xml")
    assert data.closing_days == [date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30)]
    assert data.losses["calendar_exceptions"] == 3
