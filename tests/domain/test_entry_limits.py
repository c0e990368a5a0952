"""What every entry refuses: a date outside 01.01.1900–31.12.2199 (named, with the window, in
Danish and English) and control characters in text (line breaks and tabs only where a field is
multi-line); scheduling never overflows, whatever the lags."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from handover.cli import main
from handover.domain.access import Identity, Role
from handover.domain.cpm import Link, Task, schedule
from handover.domain.dates import FIRST_DAY, LAST_DAY
from handover.domain.model import Category, Obligation, Organisation, Person, Project
from handover.domain.plan import PlanError, Problem, parse_plan, plan_to_document, problems_from
from handover.imports.service import preview_table, write_table
from handover.imports.tabular import problem_message
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.conftest import file_fingerprint, fingerprint
from tests.imports.helpers import HEADER_DA, csv_bytes

FACILITATOR = Identity("Fie", Role.FACILITATOR)


def problems_of(model: type[Obligation | Project | Person], **data: object) -> list[Problem]:
    try:
        model.model_validate(data)
    except ValidationError as error:
        return problems_from(error, ("X",))
    return []


def obligation(**data: object) -> list[Problem]:
    base: dict[str, object] = {"id": "o", "code": "X-1", "title": "t", "category": Category.LEGAL}
    return problems_of(Obligation, **{**base, **data})


@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY, date(2027, 1, 29)])
def test_the_first_and_last_day_of_the_window_are_accepted(day: date) -> None:
    assert obligation(due=day, start=FIRST_DAY) == []
    assert problems_of(Project, id="p", name="P", start=day, end=day) == []


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2200, 1, 1), date(9999, 12, 31)])
def test_a_day_outside_the_window_is_refused_naming_field_and_window(day: date) -> None:
    [problem] = obligation(due=day)
    assert problem.path == "X.due"
    shown = day.strftime("%d.%m.%Y")
    assert problem.render("da") == (
        f"X.due: datoen {shown} ligger uden for det tilladte tidsrum 01.01.1900–31.12.2199"
    )
    assert problem.render("en") == (
        f"X.due: the date {shown} is outside the allowed window 01.01.1900–31.12.2199"
    )


def test_every_date_field_of_every_record_is_held_to_the_window() -> None:
    late = date(2200, 1, 1)
    assert [p.path for p in obligation(start=late)] == ["X.start"]
    assert [p.path for p in obligation(accepted_at=datetime(1800, 1, 1))] == ["X.accepted_at"]
    assert [p.path for p in problems_of(Project, id="p", name="P", end=late)] == ["X.end"]
    org = Organisation.model_validate
    with pytest.raises(ValidationError, match="outside"):
        org({"id": "o", "name": "O", "exists_until": late})


def test_a_plan_document_with_a_project_ending_in_9999_is_refused_with_the_path(
    seeded_db: Database,
) -> None:
    document = plan_to_document(read_plan(seeded_db))
    document["projects"][0]["end"] = "9999-12-31"
    with pytest.raises(PlanError) as raised:
        parse_plan(document)
    assert "projects[0].end: the date 31.12.9999 is outside the allowed window" in str(raised.value)


def test_control_characters_are_refused_in_one_line_fields_and_named() -> None:
    [problem] = obligation(title="Rapport\x00")
    assert problem.path == "X.title"
    assert "U+0000" in problem.render("da") and "styretegn" in problem.render("da")
    assert problem.render("en").endswith(
        "contains the control character U+0000; the field is one line without control characters"
    )
    assert [p.path for p in obligation(title="to\nlinjer")] == ["X.title"]
    assert [p.path for p in obligation(code="X\x1b1")] == ["X.code"]
    assert [p.path for p in problems_of(Person, id="p", organisation="o", name="A\x07")] == [
        "X.name"
    ]


def test_multi_line_fields_keep_line_breaks_and_tabs_but_no_other_control_characters() -> None:
    assert obligation(notes="første linje\r\nanden\tlinje", evidence=("a\nb",)) == []
    [problem] = obligation(notes="klokke\x07")
    assert problem.path == "X.notes"
    assert problem.render("en").endswith("only line breaks and tabs are allowed here")
    assert [p.path for p in obligation(description="\x7f")] == ["X.description"]
    assert [p.path for p in obligation(evidence=("ok", "nul\x00"))] == ["X.evidence[1]"]


def test_a_one_row_csv_with_31_12_9999_is_refused_by_the_import_and_writes_nothing(
    seeded_db: Database,
) -> None:
    before = fingerprint(seeded_db)
    data = csv_bytes([HEADER_DA, ["XS-99", "Uden slutdato", "Drift", "31.12.9999", "", "", ""]])
    result = preview_table(seeded_db, "plan.csv", data)
    [problem] = result.preview.problems
    assert problem.column == "Frist"
    assert problem_message(problem, "da") == (
        "datoen 31.12.9999 ligger uden for det tilladte tidsrum 01.01.1900–31.12.2199"
    )
    assert problem_message(problem, "en") == (
        "the date 31.12.9999 is outside the allowed window 01.01.1900–31.12.2199"
    )
    written = write_table(seeded_db, result, who=FACILITATOR)
    assert (written.added, written.updated) == ([], [])
    assert fingerprint(seeded_db) == before


def test_the_same_csv_through_the_cli_exits_2_names_the_window_and_writes_nothing(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(
        csv_bytes([HEADER_DA, ["XS-99", "Uden slutdato", "Drift", "31.12.9999", "", "", ""]])
    )
    before = file_fingerprint(seeded_file)
    try:
        code = main(["--db", str(seeded_file), "--lang", "en", "import", str(path)])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    assert code == 2
    assert "the date 31.12.9999 is outside the allowed window 01.01.1900–31.12.2199" in (
        out.out + out.err
    )
    assert file_fingerprint(seeded_file) == before
    # and the plan still checks: the crash of `handover check` cannot happen any more
    assert main(["--db", str(seeded_file), "check"]) in (0, 1)


def test_scheduling_never_overflows_whatever_the_lags() -> None:
    """A chain of 2,000 links of +3,650 days (the largest lag) from the window's last day runs
    ~20,000 years past date.max; the schedule holds at date.max instead of raising."""
    tasks = [Task(f"t{i}", 0, None, LAST_DAY if i == 0 else None) for i in range(2000)]
    links = [Link(f"t{i}", f"t{i + 1}", "FS", 3650) for i in range(1999)]
    result = schedule(tasks, links, LAST_DAY)
    assert result.timings["t1999"].earliest_finish == date.max
    # and backwards: the last task is due on the window's first day; its chain of predecessors
    # would have to finish ~20,000 years before date.min
    tasks[-1] = Task("t1999", 0, None, FIRST_DAY)
    result = schedule(tasks, links, FIRST_DAY)
    assert result.timings["t0"].latest_finish == date.min
    assert result.violations  # the impossible chain is reported, not raised


def test_a_table_edit_is_held_to_the_same_window_and_text_rules() -> None:
    from handover.domain.edits import EditError, edits_from_positions
    from handover.domain.text import text

    with pytest.raises(EditError) as raised:
        edits_from_positions([("o", 1)], {0: {"due": "31.12.9999"}})
    assert text(raised.value.key, "en", **raised.value.params) == (
        "due: the date 31.12.9999 is outside the allowed window 01.01.1900–31.12.2199"
    )
    with pytest.raises(EditError) as raised:
        edits_from_positions([("o", 1)], {0: {"notes": "ok\nok\x00"}})
    assert text(raised.value.key, "da", **raised.value.params).startswith(
        "notes: indeholder styretegnet U+0000"
    )
    [edit] = edits_from_positions([("o", 1)], {0: {"notes": "to\nlinjer\tmed tab"}})
    assert edit.changes["notes"] == "to\nlinjer\tmed tab"
