"""The register's reads: SQL-resolved due dates agree with the domain, filters and search work."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from handover.domain.edits import RowEdit
from handover.domain.register import NO_OWNER, RegisterFilter, SortKey
from handover.store import queries
from handover.store.database import Database
from handover.store.obligation_writes import save_inline_edits
from handover.store.seed import seed_plan


def codes(frame: object) -> list[str]:
    return list(frame["code"])  # type: ignore[index]


def test_sql_due_dates_agree_with_the_domain_rule(seeded_db: Database) -> None:
    expected = seed_plan("xshare").resolved_due()
    frame = queries.obligations(seeded_db)
    for obligation_id, due in zip(frame["id"], frame["due"], strict=True):
        assert (None if due != due else due.date()) == expected[obligation_id]


def test_resolved_dues_agree_with_the_domain_rule(seeded_db: Database) -> None:
    assert dict(queries.resolved_dues(seeded_db)) == seed_plan("xshare").resolved_due()


def test_first_open_is_the_earliest_due_open_obligation_of_its_kind(seeded_db: Database) -> None:
    plan = seed_plan("xshare")
    due = plan.resolved_due()
    wanted = sorted(
        (due[o.id], o.code)
        for o in plan.obligations
        if o.priority == "critical"
        and o.category == "reporting"
        and due[o.id] is not None
        and o.status not in ("done", "cancelled")
    )
    first = queries.first_open(seeded_db, priority="critical", category="reporting")
    assert first is not None
    assert (first["due"].date(), first["code"]) == wanted[0]
    # Done, it is not open any more: the next one is the deadline to watch.
    version = (
        seeded_db.cursor()
        .execute("SELECT version FROM obligations WHERE id = ?", [first["id"]])
        .fetchone()
    )
    save_inline_edits(seeded_db, [RowEdit(first["id"], version[0], {"status": "done"})], actor="A")
    after = queries.first_open(seeded_db, priority="critical", category="reporting")
    assert len(wanted) > 1 and after is not None
    assert (after["due"].date(), after["code"]) == wanted[1]
    assert queries.first_open(seeded_db, priority="critical", category="no-such") is None


def test_person_labels_agree_with_the_domain(seeded_db: Database) -> None:
    people = {p.id: p.label for p in seed_plan("xshare").people}
    frame = queries.people(seeded_db)
    assert dict(zip(frame["id"], frame["label"], strict=True)) == people


def test_the_register_is_sorted_soonest_first_by_default(seeded_db: Database) -> None:
    frame = queries.obligations(seeded_db)
    dues = [d for d in frame["due"] if d == d]
    assert dues == sorted(dues)
    assert frame.iloc[0]["code"] == "XS-12"  # 31.07.2026, the open calls


@pytest.mark.parametrize("sort", list(SortKey))
def test_every_sort_key_works(seeded_db: Database, sort: SortKey) -> None:
    assert len(queries.obligations(seeded_db, RegisterFilter(sort=sort))) == 26


def test_priority_sort_puts_critical_first(seeded_db: Database) -> None:
    frame = queries.obligations(seeded_db, RegisterFilter(sort=SortKey.PRIORITY))
    critical = sum(o.priority == "critical" for o in seed_plan("xshare").obligations)
    assert critical == 5
    assert set(frame.iloc[:critical]["priority"]) == {"critical"}
    assert frame.iloc[critical]["priority"] == "high"


def test_filter_by_category_and_state(seeded_db: Database) -> None:
    frame = queries.obligations(
        seeded_db, RegisterFilter(categories=("finance",), handover_states=("unassigned",))
    )
    assert codes(frame) == ["XS-21", "XS-03", "XS-07", "XS-26"]


def test_filter_for_obligations_without_a_receiving_owner(seeded_db: Database) -> None:
    frame = queries.obligations(seeded_db, RegisterFilter(receiving_owners=(NO_OWNER,)))
    assert len(frame) == 13
    assert frame["receiving_owner_id"].isna().all()
    both = queries.obligations(seeded_db, RegisterFilter(receiving_owners=(NO_OWNER, "fdsd-legal")))
    assert len(both) == 17  # and XS-04, XS-05, XS-06, XS-25 (Forberedende DSD's legal role)


def test_filter_by_current_owner_and_project(seeded_db: Database) -> None:
    frame = queries.obligations(
        seeded_db, RegisterFilter(current_owners=("medcom-lear",), projects=("xshare",))
    )
    assert sorted(codes(frame)) == ["XS-04", "XS-05", "XS-06"]


def test_search_is_case_insensitive_over_title_quote_and_notes(seeded_db: Database) -> None:
    assert "XS-18" in codes(queries.obligations(seeded_db, RegisterFilter(search="YELLOW button")))
    assert codes(queries.obligations(seeded_db, RegisterFilter(search="højtryk"))) == [
        "XS-12",
        "XS-10",
    ]


@pytest.mark.parametrize("needle", ["%", "_", "\\", "'; DROP TABLE obligations; --"])
def test_search_treats_wildcards_and_quotes_as_plain_text(seeded_db: Database, needle: str) -> None:
    assert queries.obligations(seeded_db, RegisterFilter(search=needle)).empty
    assert queries.obligation_count(seeded_db) == 26


def test_the_transition_day_and_who_ceases_before_it(seeded_db: Database) -> None:
    transition = queries.transition_day(seeded_db)
    assert transition is not None and transition.day == date(2027, 1, 1)
    ceasing = queries.ceasing_organisations(seeded_db, transition.day)
    assert {"MedCom", "Sundhedsdatastyrelsen", "sundhed.dk"} <= set(ceasing)


def test_dependencies_and_risks_of_an_obligation(seeded_db: Database) -> None:
    links = queries.dependencies(seeded_db)
    assert len(links) == 16
    risks = queries.risks_for(seeded_db, "final-report")
    assert list(risks["id"]) == ["r2-no-coordinator"]


def test_a_remembered_frame_can_be_changed_by_a_page_without_changing_the_next_read(
    seeded_db: Database,
) -> None:
    first = queries.organisations(seeded_db)
    first["lifecycle"] = "changed"
    first.loc[0, "name"] = "Changed"
    again = queries.organisations(seeded_db)
    assert "lifecycle" not in again.columns
    assert "Changed" not in set(again["name"])


def test_reads_see_a_write_at_once(seeded_db: Database) -> None:
    assert queries.obligation_count(seeded_db) == 26
    with seeded_db.transaction() as cursor:
        cursor.execute("UPDATE obligations SET deleted = true WHERE code = 'XS-22'")
    assert queries.obligation_count(seeded_db) == 25
    assert "XS-22" not in codes(queries.obligations(seeded_db))


@pytest.mark.parametrize("limit", [200, 3, 0])
def test_the_obligations_without_a_receiver_soonest_first(seeded_db: Database, limit: int) -> None:
    """The Oversigt's list: by the domain's resolved due date (none last), then code; with the
    current owner's label and the due rule's parts."""
    plan = seed_plan("xshare")
    due = plan.resolved_due()
    wanted = sorted(
        (o for o in plan.obligations if o.receiving_owner is None),
        key=lambda o: (due[o.id] is None, due[o.id] or date.min, o.code),
    )[:limit]
    shown = queries.unowned(seeded_db, limit=limit)
    assert list(shown.columns) == [
        "id", "code", "title", "priority", "current_owner", "due", "due_anchor", "due_days",
        "due_milestone",
    ]  # fmt: skip
    assert list(shown["code"]) == [o.code for o in wanted]
    assert [None if pd.isna(d) else d.date() for d in shown["due"]] == [due[o.id] for o in wanted]
    assert str(shown["due"].dtype) == "datetime64[ms]"
    people = {p.id: p.label for p in plan.people}
    assert list(shown["current_owner"]) == [people.get(o.current_owner or "") for o in wanted]
    # A due-date edit moves the obligation in the list.
    if limit >= 2:
        last = wanted[-1]
        version = (
            seeded_db.cursor()
            .execute("SELECT version FROM obligations WHERE id = ?", [last.id])
            .fetchone()
        )
        save_inline_edits(
            seeded_db, [RowEdit(last.id, version[0], {"due": date(2020, 1, 1)})], actor="A"
        )
        assert queries.unowned(seeded_db, limit=limit)["code"].iloc[0] == last.code


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize(
    "where",
    [RegisterFilter(), RegisterFilter(receiving_owners=(NO_OWNER,)), RegisterFilter(search="EU")],
)
def test_the_register_and_the_gantt_rows_agree_with_due_dates_resolved_in_sql(
    seeded_db: Database, sort: SortKey, where: RegisterFilter
) -> None:
    """Both join the resolved due dates' memo; here every due date is resolved in the query
    itself: the same rows, order and dates, also after a due-date edit moved one."""
    where = replace(where, sort=sort)
    clauses, params = queries._where(where)
    reference = (
        f"SELECT o.id, {queries.RESOLVED_DUE} AS due {queries._FROM}{clauses} "
        f"ORDER BY {queries._ORDER[sort]}"
    )
    for _ in range(2):
        resolved = queries._frame(seeded_db, reference, params)
        assert len(resolved) > 0
        for shown in (queries.gantt_rows(seeded_db, where), queries.obligations(seeded_db, where)):
            assert list(shown["id"]) == list(resolved["id"])
            pd.testing.assert_series_equal(shown["due"], resolved["due"])
        first = queries.obligations(seeded_db, where).iloc[0]
        save_inline_edits(
            seeded_db,
            [RowEdit(first["id"], int(first["version"]), {"due": date(2030, 1, 1)})],
            actor="A",
        )


def test_due_dates_brought_up_to_date_equal_reading_them_all_again(seeded_db: Database) -> None:
    """After each kind of change to what a due date reads, the remembered due dates (only the
    changed inputs resolved again) equal all of them resolved afresh; with nothing they read
    changed, the very mapping is kept."""
    from handover.store.calendar import add_closing_days, read_settings
    from handover.store.obligation_writes import set_deleted
    from handover.store.project_reads import milestone_rows, project_rows
    from handover.store.projects import save_milestone, save_project

    def fresh() -> dict[str, date | None]:
        return dict(queries._dues_again(seeded_db, None).dues)

    def version_of(oid: str) -> int:
        (row,) = (
            seeded_db.cursor()
            .execute("SELECT version FROM obligations WHERE id = ?", [oid])
            .fetchall()
        )
        return int(row[0])

    first = queries.resolved_dues(seeded_db)
    save_inline_edits(seeded_db, [RowEdit("archive-move", 1, {"notes": "n"})], actor="A")
    assert queries.resolved_dues(seeded_db) is first  # a note: not even asked again
    save_inline_edits(seeded_db, [RowEdit("archive-move", 2, {"due": date(2027, 1, 5)})], actor="A")
    moved = queries.resolved_dues(seeded_db)
    assert moved["archive-move"] == date(2027, 1, 5) and dict(moved) == fresh()
    ((project, version),) = project_rows(seeded_db)
    later = project.model_copy(update={"end": project.end + timedelta(days=31)})
    assert save_project(seeded_db, later, version=version, actor="A")  # every rule on its end
    after_project = queries.resolved_dues(seeded_db)
    assert dict(after_project) == fresh()
    assert sum(after_project[o] != moved[o] for o in moved) > 5
    milestone, version = next(
        (m, v) for m, v in milestone_rows(seeded_db) if m.id == "xshare-final-conference"
    )
    assert milestone.planned is not None
    moved_milestone = milestone.model_copy(update={"planned": milestone.planned + timedelta(7)})
    assert save_milestone(seeded_db, moved_milestone, version=version, actor="A")
    assert dict(queries.resolved_dues(seeded_db)) == fresh()
    # Another calendar: every due date is resolved again on it.
    _, version = read_settings(seeded_db)
    with seeded_db.transaction() as cursor:
        add_closing_days(cursor, [date(2027, 1, 29)], version, "A")
    assert dict(queries.resolved_dues(seeded_db)) == fresh()
    set_deleted(seeded_db, "archive-move", version_of("archive-move"), True, actor="A")
    gone = queries.resolved_dues(seeded_db)
    assert "archive-move" not in gone and dict(gone) == fresh()
    set_deleted(seeded_db, "archive-move", version_of("archive-move"), False, actor="A")
    assert dict(queries.resolved_dues(seeded_db)) == fresh()
