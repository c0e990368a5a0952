"""Memos that depend on what they read: a write shows up on the next read of every memo that reads
what it changed, and no other memo is recomputed; one computation per key at a time, shared by
everyone waiting, its exception too."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from handover.domain.access import Identity, Role
from handover.domain.edits import RowEdit
from handover.domain.model import Person
from handover.domain.register import RegisterFilter
from handover.store import queries, reports
from handover.store.baseline_writes import save_baseline
from handover.store.database import Database, UndeclaredReadError
from handover.store.guarded import add_comment
from handover.store.obligation_writes import save_inline_edits, set_deleted
from handover.store.people_writes import save_person
from handover.ui import timeline


def _make_tables(database: Database) -> None:
    with database.transaction() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER, note VARCHAR)")
        cursor.execute("INSERT INTO counter VALUES (1, 0, '')")
        cursor.execute("CREATE TABLE other (n INTEGER)")


def _n(database: Database) -> int:
    row = database.cursor().execute("SELECT n FROM counter WHERE id = 1").fetchone()
    assert row is not None
    return int(row[0])


def _write(database: Database, sql: str) -> None:
    with database.transaction() as cursor:
        cursor.execute(sql)


def test_a_memo_survives_writes_to_what_it_does_not_read_and_sees_the_next_write_to_what_it_does(
    fresh_db: Database,
) -> None:
    _make_tables(fresh_db)
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return _n(fresh_db)

    def read() -> int:
        return fresh_db.remember("n", count, reads=("counter.n", "counter.id"))

    assert read() == 0
    _write(fresh_db, "INSERT INTO other VALUES (1)")
    _write(fresh_db, "UPDATE counter SET note = 'a note' WHERE id = 1")
    assert read() == 0
    assert len(calls) == 1  # neither write touched what it reads
    _write(fresh_db, "UPDATE counter SET n = 5 WHERE id = 1")
    assert read() == 5
    _write(fresh_db, "INSERT INTO counter VALUES (2, 7, '')")  # a row added: the table changed
    _write(fresh_db, "DELETE FROM counter WHERE id = 1")
    _write(fresh_db, "INSERT INTO counter VALUES (1, 9, '')")
    assert read() == 9
    assert len(calls) == 3


def test_a_memo_without_declared_reads_is_stale_after_any_write(fresh_db: Database) -> None:
    _make_tables(fresh_db)
    calls: list[int] = []
    fresh_db.remember("any", lambda: calls.append(1))
    _write(fresh_db, "INSERT INTO other VALUES (1)")
    fresh_db.remember("any", lambda: calls.append(1))
    assert len(calls) == 2


def test_a_write_the_statement_reader_does_not_understand_makes_every_memo_stale(
    fresh_db: Database,
) -> None:
    _make_tables(fresh_db)
    calls: list[int] = []
    fresh_db.remember("n", lambda: calls.append(1), reads=("counter.n",))
    with fresh_db.transaction() as cursor:
        cursor.sql("UPDATE counter SET n = 3")  # not `execute`: counted as everything
    fresh_db.remember("n", lambda: calls.append(1), reads=("counter.n",))
    assert len(calls) == 2


def test_a_rolled_back_write_keeps_every_memo(fresh_db: Database) -> None:
    _make_tables(fresh_db)
    calls: list[int] = []
    fresh_db.remember("n", lambda: calls.append(1), reads=("counter",))
    with pytest.raises(ZeroDivisionError), fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 3")
        raise ZeroDivisionError
    fresh_db.remember("n", lambda: calls.append(1), reads=("counter",))
    assert len(calls) == 1


def test_memos_older_than_the_change_log_are_recomputed(
    fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("handover.store.database.CHANGE_LOG_SIZE", 3)
    _make_tables(fresh_db)
    calls: list[int] = []
    fresh_db.remember("n", lambda: calls.append(1), reads=("counter",))
    for _ in range(5):
        _write(fresh_db, "INSERT INTO other VALUES (1)")
    fresh_db.remember("n", lambda: calls.append(1), reads=("counter",))
    assert len(calls) == 2


def test_a_memo_reading_a_table_it_does_not_declare_is_refused(fresh_db: Database) -> None:
    _make_tables(fresh_db)
    assert fresh_db.check_reads  # tests run with HANDOVER_CHECK_READS=1 (conftest)
    with pytest.raises(UndeclaredReadError, match="other"):
        fresh_db.remember(
            "sneaky",
            lambda: fresh_db.cursor().execute("SELECT count(*) FROM counter JOIN other ON true"),
            reads=("counter",),
        )


def test_a_memo_using_a_memo_that_reads_more_than_it_declares_is_refused(
    fresh_db: Database,
) -> None:
    _make_tables(fresh_db)

    def outer() -> int:
        return fresh_db.remember("inner", lambda: _n(fresh_db), reads=("counter", "other"))

    with pytest.raises(ValueError, match="does not declare"):
        fresh_db.remember("outer", outer, reads=("counter",))


def _in_threads(count: int, target: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    results: list[Any] = []
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run() -> None:
        start.wait()
        try:
            results.append(target())
        except BaseException as error:  # collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_ten_sessions_after_one_write_share_one_computation(fresh_db: Database) -> None:
    _make_tables(fresh_db)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)  # long enough for every thread to arrive while it runs
        return _n(fresh_db)

    _write(fresh_db, "UPDATE counter SET n = 4")
    results, errors = _in_threads(10, lambda: fresh_db.remember("slow", slow, reads=("counter",)))
    assert errors == []
    assert results == [4] * 10
    assert len(calls) == 1


def test_a_failed_computation_fails_every_waiter_and_is_not_kept(fresh_db: Database) -> None:
    _make_tables(fresh_db)
    calls: list[int] = []

    def failing() -> int:
        calls.append(1)
        time.sleep(0.2)
        raise RuntimeError("the query failed")

    results, errors = _in_threads(
        8, lambda: fresh_db.remember("failing", failing, reads=("counter",))
    )
    assert results == []
    assert len(errors) == 8
    assert all(isinstance(error, RuntimeError) for error in errors)
    assert len(calls) == 1
    assert fresh_db.remember("failing", lambda: 42, reads=("counter",)) == 42


def test_a_caller_after_a_write_does_not_wait_for_a_computation_begun_before_it(
    fresh_db: Database,
) -> None:
    _make_tables(fresh_db)
    began = threading.Event()
    release = threading.Event()
    seen: list[int] = []

    def slow_old() -> int:
        value = _n(fresh_db)  # reads before the write below
        began.set()
        release.wait(timeout=10)
        return value

    first = threading.Thread(
        target=lambda: seen.append(fresh_db.remember("n", slow_old, reads=("counter",)))
    )
    first.start()
    began.wait(timeout=10)
    _write(fresh_db, "UPDATE counter SET n = 8")
    # This caller has seen the write: it computes for itself instead of joining the old flight.
    assert fresh_db.remember("n", lambda: _n(fresh_db), reads=("counter",)) == 8
    release.set()
    first.join(timeout=10)
    assert seen == [0]
    # The late, older result did not replace the newer one.
    assert fresh_db.remember("n", lambda: -1, reads=("counter",)) == 8


AS_OF = date(2026, 11, 25)


# The Tidslinje's memos (handover/ui/timeline.py); a baseline saved changes only the figure, which
# can show one as ghosts.
GANTT_DATA = ("gantt_bars", "gantt_paging", "gantt_targets", "gantt_notes")
GANTT = (*GANTT_DATA, "gantt_figure")
CHOICES = timeline.Choices(
    criteria=RegisterFilter(),
    group_by="project",
    colour_by="handover_state",
    target="final-report",
    as_of=AS_OF,
    language="da",
)
BY_STATUS = replace(CHOICES, colour_by="status")
STATUS_FILTERED = replace(CHOICES, criteria=RegisterFilter(statuses=("not_started",)))


# Each kind of write through the store, and the memos it must leave alone (all others may go).
WHO = Identity("Anna", Role.FACILITATOR)
WRITES: dict[str, tuple[Callable[[Database], object], set[str]]] = {
    "note": (
        lambda db: save_inline_edits(db, [RowEdit("final-report", 1, {"notes": "n"})], actor="A"),
        {
            "findings_snapshot",
            "transition_day",
            "resolved_dues",
            "people",
            "project_names",
            "first_open",
            "gantt_rows",
            "plan_schedule",
            "unowned",
            *GANTT,
        },
    ),
    "priority": (
        lambda db: save_inline_edits(
            db, [RowEdit("final-report", 1, {"priority": "low"})], actor="A"
        ),
        {
            "findings_snapshot",
            "transition_day",
            "resolved_dues",
            "people",
            "project_names",
            "burndown_inputs_state",
            "plan_schedule",
        },
    ),
    # What the findings read, the schedule not (it reads the dependencies and the dates); the
    # Gantt coloured by handover state neither (the final report's deadline stays where it was).
    "status": (
        lambda db: save_inline_edits(
            db, [RowEdit("final-report", 1, {"status": "in_progress"})], actor="A"
        ),
        {
            "transition_day",
            "resolved_dues",
            "people",
            "project_names",
            "burndown_inputs_state",
            "plan_schedule",
            "unowned",
            "gantt_rows",
            "dependency_links",
            "live_codes",
            *GANTT,
        },
    ),
    # The final report done: the first open critical report, the figure's deadline line, moves.
    "status done": (
        lambda db: save_inline_edits(
            db, [RowEdit("final-report", 1, {"status": "done"})], actor="A"
        ),
        {"transition_day", "people", "project_names", "plan_schedule", "gantt_rows", *GANTT_DATA},
    ),
    "dependency": (
        lambda db: _write(db, "DELETE FROM dependencies WHERE successor = 'final-report'"),
        {
            "transition_day",
            "people",
            "project_names",
            "obligations",
            "first_open",
            "gantt_rows",
            "gantt_statuses",
            "live_codes",
            "unowned",
        },
    ),
    "receiving owner": (
        lambda db: save_inline_edits(
            db, [RowEdit("final-report", 1, {"receiving_owner": "dsd-lear"})], actor="A"
        ),
        {
            "transition_day",
            "people",
            "project_names",
            "plan_schedule",
            "resolved_dues",
            "first_open",
        },
    ),
    "due date": (
        lambda db: save_inline_edits(
            db, [RowEdit("archive-move", 1, {"due": date(2027, 1, 5)})], actor="A"
        ),
        {"transition_day", "people", "project_names", "burndown_inputs_state"},
    ),
    "delete": (
        lambda db: set_deleted(db, "final-report", 1, True, actor="A"),
        {"transition_day", "people", "project_names"},
    ),
    "person": (
        lambda db: save_person(
            db,
            Person(id="new-person", name="Ny Person", organisation="dsd"),
            version=None,
            actor="A",
        ),
        {
            "transition_day",
            "project_names",
            "obligations",
            "plan_schedule",
            "resolved_dues",
            "first_open",
        },
    ),
    "comment": (
        lambda db: add_comment(db, WHO, "final-report", "a comment", []),
        {
            "findings_snapshot",
            "transition_day",
            "resolved_dues",
            "people",
            "project_names",
            "obligations",
            "plan_schedule",
            *GANTT,
        },
    ),
    "baseline": (
        lambda db: save_baseline(db, "b1", actor="A"),
        {
            "findings_snapshot",
            "transition_day",
            "resolved_dues",
            "people",
            "project_names",
            "obligations",
            "plan_schedule",
            *GANTT_DATA,
        },
    ),
}


def _reads(db: Database) -> dict[str, Any]:
    current, changes, loaded = queries.burndown_inputs(db)
    return {
        "findings_snapshot": queries.findings_snapshot(db),
        "transition_day": queries.transition_day(db),
        "people": queries.people(db),
        "project_names": queries.project_names(db),
        "obligations": queries.obligations(db),
        "first_open": queries.first_open(db, priority="critical", category="reporting"),
        "resolved_dues": queries.resolved_dues(db),
        "counts": {
            column: queries.counts_by(db, column)
            for column in (
                "category",
                "handover_state",
                "status",
                "receiving_owner",
                "receiving_org",
            )
        },
        "gantt_rows": queries.gantt_rows(db),
        "plan_schedule": queries.plan_schedule(db, AS_OF),
        "findings": reports.plan_findings(db, AS_OF),
        "unowned": queries.unowned(db, limit=200),
        "burndown_inputs_state": current,
        "burndown_inputs": (current, changes, loaded),
        "gantt_bars": timeline.bars(db, CHOICES),
        "gantt_paging": timeline.paging(db, CHOICES),
        "gantt_targets": timeline.targets(db, CHOICES.criteria),
        "gantt_notes": timeline.notes(db, CHOICES.target, AS_OF),
        "gantt_figure": timeline.figure(db, CHOICES),
        "gantt_figure_by_status": timeline.figure(db, BY_STATUS),
        "gantt_figure_status_filtered": timeline.figure(db, STATUS_FILTERED),
        "gantt_paging_status_filtered": timeline.paging(db, STATUS_FILTERED),
        "gantt_statuses": queries.gantt_statuses(db),
        "live_codes": queries.live_codes(db),
        "dependency_links": queries.dependency_links(db),
    }


def _fresh(db: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The same reads computed from the tables now, with no memo at any level."""
    with monkeypatch.context() as patch:
        patch.setattr(db, "remember", lambda key, compute, *, reads=None: compute())
        patch.setattr(db, "remember_updating", lambda key, update, *, reads: update(None))
        return _reads(db)


def _same(a: Any, b: Any) -> bool:
    if hasattr(a, "to_plotly_json"):  # a figure: the same drawing
        return bool(a.to_json() == b.to_json())
    if hasattr(a, "equals"):
        return bool(a.equals(b))
    return bool(a == b)


@pytest.mark.parametrize("kind", list(WRITES))
def test_each_kind_of_write_shows_on_the_next_read_and_recomputes_only_what_reads_it(
    seeded_db: Database, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write, kept = WRITES[kind]
    before = _reads(seeded_db)
    revision = seeded_db.revision
    write(seeded_db)
    assert seeded_db.revision > revision
    after = _reads(seeded_db)
    fresh = _fresh(seeded_db, monkeypatch)
    for name in after:
        # What the next read shows is what the database holds now: never a stale memo.
        assert _same(after[name], fresh[name]), f"{name} is stale after a {kind} write"
    for name in kept:
        assert _same(after[name], before[name]), f"{name} changed though {kind} left it alone"
    for name in ("findings_snapshot", "resolved_dues", "gantt_figure", "gantt_bars"):
        assert after[name] is before[name] or name not in kept, (
            f"{name} was recomputed after a {kind} write"
        )


def _bar_colour(figure: Any, code: str) -> str:
    """The colour of the trace that draws the bar labelled `code`."""
    return next(
        trace.marker.color
        for trace in figure.data
        if trace.type == "bar" and any(text.endswith(code) for text in trace.text)
    )


def _report_line(figure: Any) -> list[str]:
    """The labels of the red lines: the transition's and the final report's ("XS-01 29.01.2027")."""
    return [note.text for note in figure.layout.annotations if note.font.color == "#B00020"]


def test_a_status_edit_keeps_the_gantt_bars_recolours_by_status_and_moves_a_done_report_line(
    seeded_db: Database,
) -> None:
    bars = timeline.bars(seeded_db, CHOICES)
    by_state = timeline.figure(seeded_db, CHOICES)
    code = queries.live_codes(seeded_db)["final-report"]
    assert _bar_colour(timeline.figure(seeded_db, BY_STATUS), code) == "#999999"  # not started
    assert f"{code} 29.01.2027" in _report_line(by_state)
    save_inline_edits(seeded_db, [RowEdit("final-report", 1, {"status": "in_progress"})], actor="A")
    # The bars and the figure coloured by handover state are the very same objects...
    assert timeline.bars(seeded_db, CHOICES) is bars
    assert timeline.figure(seeded_db, CHOICES) is by_state
    # ...the one coloured by status shows the new status.
    assert _bar_colour(timeline.figure(seeded_db, BY_STATUS), code) == "#0072B2"  # in progress
    # Done, the final report is no longer the open deadline the room watches: the line names the
    # next one.
    save_inline_edits(seeded_db, [RowEdit("final-report", 2, {"status": "done"})], actor="A")
    moved = timeline.figure(seeded_db, CHOICES)
    assert f"{code} 29.01.2027" not in _report_line(moved)
    next_report = queries.live_codes(seeded_db)["open-calls-results"]
    assert f"{next_report} 29.01.2027" in _report_line(moved)
    assert timeline.bars(seeded_db, CHOICES) is bars


def test_a_gantt_coloured_by_status_is_kept_when_the_status_edited_is_not_drawn(
    seeded_db: Database,
) -> None:
    # The legal obligations only: the final report (reporting) is not on the chart.
    legal = replace(BY_STATUS, criteria=RegisterFilter(categories=("legal",)))
    shown = timeline.figure(seeded_db, legal)
    save_inline_edits(seeded_db, [RowEdit("final-report", 1, {"status": "in_progress"})], actor="A")
    assert timeline.figure(seeded_db, legal) is shown
    # A legal one's status edited: its bar changes colour.
    drawn = timeline.paging(seeded_db, legal).pages[0][0]
    save_inline_edits(seeded_db, [RowEdit(drawn.id, 1, {"status": "done"})], actor="A")
    recoloured = timeline.figure(seeded_db, legal)
    assert recoloured is not shown
    assert _bar_colour(recoloured, drawn.code) == "#009E73"  # done


def test_a_note_edit_shows_in_a_gantt_searched_by_text(seeded_db: Database) -> None:
    searched = RegisterFilter(search="zebra-note")
    assert queries.gantt_rows(seeded_db, searched).empty
    save_inline_edits(seeded_db, [RowEdit("final-report", 1, {"notes": "a zebra-note"})], actor="A")
    assert queries.gantt_rows(seeded_db, searched)["id"].tolist() == ["final-report"]


def _burndown_from_scratch(db: Database, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(db, "remember_updating", lambda key, update, *, reads: update(None))
        return queries.burndown_inputs(db)


def test_the_burndown_reads_only_new_history_and_all_of_it_when_old_rows_changed(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_inline_edits(seeded_db, [RowEdit("final-report", 1, {"notes": "n"})], actor="A")
    first = queries.burndown_inputs(seeded_db)
    assert len(first[1]) == 1
    save_inline_edits(
        seeded_db, [RowEdit("final-report", 2, {"receiving_owner": "dsd-lear"})], actor="A"
    )
    second = queries.burndown_inputs(seeded_db)
    assert second == _burndown_from_scratch(seeded_db, monkeypatch)
    assert len(second[1]) == len(first[1]) + 1
    assert second[1][0] is first[1][0]  # kept, not read again
    # An older row changed (a history moved back in time, a restore): everything is read again.
    _write(seeded_db, "UPDATE audit_log SET changed_at = changed_at - INTERVAL 30 DAY")
    third = queries.burndown_inputs(seeded_db)
    assert third == _burndown_from_scratch(seeded_db, monkeypatch)
    assert third[1][0].when == first[1][0].when - timedelta(days=30)
    # Rows removed and others added in their place (same count, newer ids): read again too.
    _write(seeded_db, "DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)")
    save_inline_edits(seeded_db, [RowEdit("final-report", 3, {"notes": "m"})], actor="A")
    assert queries.burndown_inputs(seeded_db) == _burndown_from_scratch(seeded_db, monkeypatch)


def test_the_findings_snapshot_reads_again_only_the_rows_that_changed(seeded_db: Database) -> None:
    from handover.store.plan_io import read_plan
    from handover.store.risk_writes import save_risk

    before = queries.findings_snapshot(seeded_db)
    save_inline_edits(seeded_db, [RowEdit("final-report", 1, {"status": "in_progress"})], actor="A")
    after = queries.findings_snapshot(seeded_db)
    assert after == queries.read_findings_snapshot(seeded_db)
    for old, new in zip(before.obligations, after.obligations, strict=True):
        assert (new is old) is (new.id != "final-report")
    assert {o.id: o.status for o in after.obligations}["final-report"] == "in_progress"
    # A risk linked: the obligation's count of risks is read again (another table, same row).
    risk = {r.id: r for r in read_plan(seeded_db).risks}["r6-sds-statement"]
    linked = risk.model_copy(update={"obligations": (*risk.obligations, "archive-move")})
    assert save_risk(seeded_db, linked, version=1, actor="A")
    risks = {o.id: o.risks for o in queries.findings_snapshot(seeded_db).obligations}
    assert risks["archive-move"] == 1 + {o.id: o.risks for o in after.obligations}["archive-move"]
    assert queries.findings_snapshot(seeded_db) == queries.read_findings_snapshot(seeded_db)
    # A due date moved: every row is read again with the new dates.
    save_inline_edits(seeded_db, [RowEdit("archive-move", 1, {"due": date(2027, 1, 5)})], actor="A")
    moved = queries.findings_snapshot(seeded_db)
    assert {o.id: o.due for o in moved.obligations}["archive-move"] == date(2027, 1, 5)
    assert moved == queries.read_findings_snapshot(seeded_db)


def test_the_gantt_bars_are_made_again_only_where_a_write_changed_them(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A receiver edit changes no bar (the receiver shows in the hover text only): the very bars.
    A due-date edit moves its obligation in the rows and makes again only the bars whose dates,
    slack or place on the critical path changed. Each time equal to the bars made from
    scratch."""

    def scratch() -> tuple[list[Any], int]:
        with monkeypatch.context() as patch:
            patch.setattr(seeded_db, "remember", lambda key, compute, *, reads=None: compute())
            patch.setattr(
                seeded_db, "remember_updating", lambda key, update, *, reads: update(None)
            )
            return timeline.bars(seeded_db, CHOICES)

    before = timeline.bars(seeded_db, CHOICES)
    save_inline_edits(
        seeded_db, [RowEdit("archive-move", 1, {"receiving_owner": "dsd-lear"})], actor="A"
    )
    assert timeline.bars(seeded_db, CHOICES) is before
    assert before == scratch()
    save_inline_edits(seeded_db, [RowEdit("archive-move", 2, {"due": date(2027, 9, 1)})], actor="A")
    moved, missing = timeline.bars(seeded_db, CHOICES)
    assert (moved, missing) == scratch()
    assert [bar.id for bar in moved] != [bar.id for bar in before[0]]  # it moved in the rows
    old = {bar.id: bar for bar in before[0]}
    again = {bar.id for bar in moved if bar is not old[bar.id]}
    assert "archive-move" in again and len(again) < len(moved) // 2


def test_after_a_due_date_edit_the_schedule_makes_again_only_the_tasks_it_moved(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The due dates say which obligations they resolved again since an earlier mapping; the
    schedule makes only those tasks again and equals one made from scratch. A change of the
    calendar reads every due date again: then what changed is not known, and every task is
    made again."""
    made: list[str] = []
    task = queries.network_task
    monkeypatch.setattr(queries, "network_task", lambda *a: made.append(a[0]) or task(*a))

    def scratch() -> Any:
        with monkeypatch.context() as patch:
            patch.setattr(seeded_db, "remember", lambda key, compute, *, reads=None: compute())
            patch.setattr(
                seeded_db, "remember_updating", lambda key, update, *, reads: update(None)
            )
            return queries.plan_schedule(seeded_db, AS_OF)

    queries.plan_schedule(seeded_db, AS_OF)
    _, dues = queries.dues_generation(seeded_db)
    assert queries.due_changes(seeded_db, dues) == frozenset()
    made.clear()
    save_inline_edits(seeded_db, [RowEdit("archive-move", 1, {"due": date(2027, 9, 1)})], actor="A")
    assert queries.due_changes(seeded_db, dues) == {"archive-move"}
    moved = queries.plan_schedule(seeded_db, AS_OF)
    assert made == ["archive-move"]
    assert moved == scratch()
    assert moved.timings["archive-move"].ef == date(2027, 9, 1).toordinal()
    # Two edits later, the first mapping still knows both.
    save_inline_edits(seeded_db, [RowEdit("final-report", 1, {"due": date(2027, 2, 1)})], actor="A")
    assert queries.due_changes(seeded_db, dues) == {"archive-move", "final-report"}
    # The plan's calendar changed: every due date is read again, what changed is not known.
    from handover.store.calendar import add_closing_days, read_settings

    with seeded_db.transaction() as cursor:
        add_closing_days(cursor, [date(2027, 8, 31)], read_settings(seeded_db)[1], "A")
    assert queries.due_changes(seeded_db, dues) is None
    made.clear()
    assert queries.plan_schedule(seeded_db, AS_OF) == scratch()
    assert len(made) > 1


def test_past_many_obligations_the_critical_path_offers_chain_ends_and_critical_ones_by_code(
    fresh_db: Database,
) -> None:
    """Beyond `MANY_TARGETS` the choice of the critical path's end lists the obligations chains
    end in and the critical ones, by code, at most 300; it reads no date, so a due-date edit
    keeps it, and a filter narrows it."""
    from bench.synthetic import synthetic_plan
    from handover.store.plan_io import load_plan

    load_plan(fresh_db, synthetic_plan(timeline.MANY_TARGETS + 100), actor="test")
    offered = timeline.targets(fresh_db, RegisterFilter())
    rows = queries.obligations(fresh_db)
    ends = {successor for _, successor in queries.dependency_links(fresh_db)}
    critical = set(rows.loc[rows["priority"] == "critical", "id"])
    codes = dict(zip(rows["id"], rows["code"] + " · " + rows["title"], strict=True))
    assert 0 < len(offered) <= 300
    assert set(offered) <= ends | critical
    assert list(offered.values()) == sorted(offered.values())
    assert offered == {oid: codes[oid] for oid in offered}
    picked = rows.loc[rows["due_anchor"].isna() & rows["due"].notna()].iloc[0]
    due = picked["due"].date() + timedelta(days=1)
    edit = RowEdit(picked["id"], int(picked["version"]), {"due": due})
    save_inline_edits(fresh_db, [edit], actor="A")
    assert timeline.targets(fresh_db, RegisterFilter()) is offered
    category = str(rows["category"].iloc[0])
    narrowed = timeline.targets(fresh_db, RegisterFilter(categories=(category,)))
    in_category = set(rows.loc[rows["category"] == category, "id"])
    assert narrowed and set(narrowed) <= in_category


def test_a_choice_filtered_by_receiver_reads_the_receiver_and_one_unfiltered_does_not(
    seeded_db: Database,
) -> None:
    """The critical path's choices read a filter's column only when the filter uses it: given a
    receiver, an obligation leaves the choices filtered to those without one; the unfiltered
    choices are kept as they were."""
    from handover.domain.register import NO_OWNER

    without = RegisterFilter(receiving_owners=(NO_OWNER,))
    unfiltered = timeline.targets(seeded_db, RegisterFilter())
    picked = next(iter(timeline.targets(seeded_db, without)))
    edit = RowEdit(picked, 1, {"receiving_owner": "dsd-lear"})
    save_inline_edits(seeded_db, [edit], actor="A")
    assert picked not in timeline.targets(seeded_db, without)
    assert timeline.targets(seeded_db, RegisterFilter()) is unfiltered


def test_the_burndown_states_read_again_only_the_rows_whose_state_changed(
    seeded_db: Database,
) -> None:
    """A receiver given, then a deletion: each time the states equal all of them read afresh,
    and the rows not written keep their very state."""
    from handover.domain.burndown import RowState
    from handover.store.obligation_writes import set_deleted

    def fresh() -> dict[str, RowState]:
        rows = seeded_db.cursor().execute(
            "SELECT id, receiving_owner, handover_state, deleted FROM obligations"
        )
        return {oid: RowState(r, s, bool(d)) for oid, r, s, d in rows.fetchall()}

    before = queries.burndown_state(seeded_db)
    assert dict(before) == fresh()
    assert any(state.receiving_owner is None for state in before.values())
    picked = next(oid for oid, state in before.items() if state.receiving_owner is None)
    edit = RowEdit(picked, 1, {"receiving_owner": "dsd-lear"})
    save_inline_edits(seeded_db, [edit], actor="A")
    after = queries.burndown_state(seeded_db)
    assert dict(after) == fresh() and after[picked].receiving_owner == "dsd-lear"
    assert all(after[oid] is before[oid] for oid in before if oid != picked)
    set_deleted(seeded_db, picked, 2, True, actor="A")
    assert dict(queries.burndown_state(seeded_db)) == fresh()
    assert queries.burndown_state(seeded_db)[picked].deleted
