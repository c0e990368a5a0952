"""Project files from other tools come in through the same preview as every import: tasks,
milestones, links with their type and lag, resources and owners — with a loss report counted
before anything is written, and a second import that updates instead of duplicating. Read from
the shared samples (files nobody on this project wrote) and from models of our own that MPXJ
wrote in each format it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from handover.cli import main
from handover.domain.access import Identity, Role
from handover.domain.model import Category, DependencyType, Status
from handover.domain.workdays import DurationUnit
from handover.imports.project_files import sniff
from handover.imports.project_plan import ProjectOptions
from handover.imports.project_service import (
    is_project_file,
    loss_lines,
    preview_project,
    write_project,
)
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.conftest import fingerprint
from tests.imports.project_helpers import need_java, need_samples, own_models

FACILITATOR = Identity("tester", Role.FACILITATOR)

# file -> (tasks, milestones, links read, obligations' links kept, resources, losses that must show)
SAMPLES = {
    "task-links-project2003-mpp9.mpp": (16, 0, 8, 8, 0, {"working_lags_converted": 0}),
    "task-links-project2013-mpp14.mpp": (16, 0, 8, 8, 0, {"baselines": 16}),
    "task-links-project2019-mpp14.mpp": (16, 0, 8, 8, 0, {"baselines": 16}),
    "task-links-project2010-mspdi.xml": (16, 0, 8, 8, 0, {"constraints": 16}),
    "task-links-project2019-mspdi.xml": (16, 0, 8, 8, 0, {"assignment_work": 16}),
    "HouseBuildingSample.gan": (12, 4, 3, 0, 7, {"resource_rates": 6, "summary_tasks": 4}),
    "resource-rates-test.xer": (1, 0, 0, 0, 2, {"resource_rates": 2, "assignment_costs": 5}),
    "ProjectDefaultCalendar.xer": (1, 0, 0, 0, 0, {"baselines": 2}),
    "calendar-recurring-exceptions-project2016-mspdi.xml": (
        0,
        0,
        0,
        0,
        0,
        {"recurring_exceptions": 26},
    ),
}


@pytest.fixture(autouse=True)
def _java() -> None:
    need_java()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_shared_sample_imports_with_a_loss_report_and_a_second_import_changes_nothing(
    seeded_db: Database, name: str
) -> None:
    data = (need_samples() / name).read_bytes()
    tasks, milestones, links, kept, resources, losses = SAMPLES[name]
    assert is_project_file(name, data)
    result = preview_project(seeded_db, name, data)
    changes = result.changes
    assert (changes.tasks_read, changes.milestones_read, changes.links_read) == (
        tasks,
        milestones,
        links,
    )
    assert len(result.data.resources) == resources
    for kind, count in losses.items():
        assert changes.losses[kind] == count, kind
    assert "closing_days" not in changes.losses  # kept now, so not a loss
    assert loss_lines(changes, "da") and loss_lines(changes, "en")
    before = read_plan(seeded_db).counts()
    write_project(seeded_db, result, who=FACILITATOR)
    after = read_plan(seeded_db).counts()
    assert after["obligations"] - before["obligations"] == tasks
    assert after["milestones"] - before["milestones"] == milestones
    assert after["dependencies"] - before["dependencies"] == kept
    again = preview_project(seeded_db, name, data).changes
    assert not again.writes
    unchanged = fingerprint(seeded_db)
    write_project(seeded_db, preview_project(seeded_db, name, data), who=FACILITATOR)
    assert fingerprint(seeded_db) == unchanged


@pytest.mark.parametrize(
    "name",
    [
        "task-links-project2003-mpp9.mpp",
        "task-links-project2013-mpp14.mpp",
        "task-links-project2019-mpp14.mpp",
        "task-links-project2010-mspdi.xml",  # LagFormat 7 (d) and 9 (w): working time
        "task-links-project2019-mspdi.xml",
    ],
)
def test_the_ms_project_link_samples_keep_every_link_type_and_working_day_lag(
    seeded_db: Database, name: str
) -> None:
    result = preview_project(seeded_db, name, (need_samples() / name).read_bytes())
    write_project(seeded_db, result, who=FACILITATOR)
    plan = read_plan(seeded_db)
    imported = {o.id: o for o in plan.obligations if o.project == result.changes.project[0][0].id}
    links = sorted(
        (d.type.value, d.lag_days, d.lag_unit.value)
        for d in plan.dependencies
        if d.successor in imported
    )
    # The file: FS 0, 1, 2 working days, 1 and 2 weeks; SF, SS, FF 2 working days. The plan
    # keeps working days (a week is 5 of them), counted on its own calendar.
    wd = "working_days"
    assert links == sorted(
        [
            ("FS", 0, "days"),
            ("FS", 1, wd),
            ("FS", 2, wd),
            ("FS", 5, wd),
            ("FS", 10, wd),
            ("SF", 2, wd),
            ("SS", 2, wd),
            ("FF", 2, wd),
        ]
    )
    assert all(o.category is Category.OPERATIONS for o in imported.values())
    assert all(name in o.source_ref for o in imported.values())


def test_a_changed_task_in_the_file_updates_its_obligation_version_checked(
    seeded_db: Database, tmp_path: Path
) -> None:
    models = own_models(tmp_path, "xml")
    data = models["xml"].read_bytes()
    write_project(seeded_db, preview_project(seeded_db, "plan.xml", data), who=FACILITATOR)
    changed = data.replace(b"<Name>Task 3</Name>", b"<Name>Task 3 renamed</Name>")
    assert changed != data
    changes = preview_project(seeded_db, "plan.xml", changed).changes
    assert changes.counts()["obligations"] == {"add": 0, "update": 1, "unchanged": 6}
    write_project(seeded_db, preview_project(seeded_db, "plan.xml", changed), who=FACILITATOR)
    titles = [o.title for o in read_plan(seeded_db).obligations]
    assert "Task 3 renamed" in titles and titles.count("Task 3") == 0


def test_a_stale_preview_is_a_conflict_and_writes_nothing(
    seeded_db: Database, tmp_path: Path
) -> None:
    from handover.store.audit import ConflictError

    data = own_models(tmp_path, "xml")["xml"].read_bytes()
    write_project(seeded_db, preview_project(seeded_db, "plan.xml", data), who=FACILITATOR)
    changed = data.replace(b"<Name>Task 3</Name>", b"<Name>Task 3 renamed</Name>")
    stale = preview_project(seeded_db, "plan.xml", changed)
    other = data.replace(b"<Name>Task 3</Name>", b"<Name>Task 3 by someone else</Name>")
    write_project(seeded_db, preview_project(seeded_db, "plan.xml", other), who=FACILITATOR)
    before = fingerprint(seeded_db)
    with pytest.raises(ConflictError):
        write_project(seeded_db, stale, who=FACILITATOR)
    assert fingerprint(seeded_db) == before


@pytest.mark.parametrize("fmt", ["xml", "mpx", "pmxml", "xer"])
def test_our_own_model_written_by_mpxj_imports_in_every_format_it_writes(
    seeded_db: Database, tmp_path: Path, fmt: str
) -> None:
    path = own_models(tmp_path, fmt)[fmt]
    result = preview_project(seeded_db, path.name, path.read_bytes())
    changes = result.changes
    assert changes.tasks_read == 7
    write_project(seeded_db, result, who=FACILITATOR)
    plan = read_plan(seeded_db)
    ids = {o.id: o.title for o in plan.obligations}
    links = {
        (ids[d.predecessor], ids[d.successor]): (d.type, d.lag_days, d.lag_unit)
        for d in plan.dependencies
        if d.successor in ids and ids[d.successor].startswith("Task ")
    }
    # Working time stays working days (a week is 5; 16 hours are 2 days of 8). Primavera keeps
    # lags in working hours only: MPXJ writes 3 elapsed days as 72 hours, 9 working days.
    primavera = fmt in ("pmxml", "xer")
    wd, days = DurationUnit.WORKING_DAYS, DurationUnit.DAYS
    assert links == {
        ("Task 0", "Task 1"): (DependencyType.FS, 2, wd),
        ("Task 1", "Task 2"): (DependencyType.SS, *((9, wd) if primavera else (3, days))),
        ("Task 2", "Task 3"): (DependencyType.FF, 5, wd),
        ("Task 3", "Task 4"): (DependencyType.SF, -1, wd),
        ("Task 4", "Task 5"): (DependencyType.FS, 2, wd),
        ("Task 5", "Task 6"): (DependencyType.FS, 0, days),
    }
    owner = next(o for o in plan.obligations if o.title == "Task 0").current_owner
    person = next(p for p in plan.people if p.id == owner)
    assert person.name == "Nora Ressource"
    assert any(m.title == "Go-live" for m in plan.milestones)
    assert changes.milestones_read == 1


def test_the_category_and_organisation_chosen_in_the_preview_are_used(
    seeded_db: Database, tmp_path: Path
) -> None:
    data = own_models(tmp_path, "xml")["xml"].read_bytes()
    organisation = read_plan(seeded_db).organisations[-1].id
    options = ProjectOptions(category=Category.FINANCE, organisation=organisation)
    result = preview_project(seeded_db, "plan.xml", data, options=options)
    write_project(seeded_db, result, who=FACILITATOR)
    plan = read_plan(seeded_db)
    new = [o for o in plan.obligations if o.title.startswith("Task ")]
    assert {o.category for o in new} == {Category.FINANCE}
    assert {o.status for o in new} == {Status.NOT_STARTED}
    assert next(p for p in plan.people if p.name == "Nora Ressource").organisation == (organisation)


def test_a_known_person_is_matched_by_e_mail_not_created_again(
    seeded_db: Database, tmp_path: Path
) -> None:
    data = own_models(tmp_path, "xml")["xml"].read_bytes()
    write_project(seeded_db, preview_project(seeded_db, "plan.xml", data), who=FACILITATOR)
    renamed = data.replace(b"Nora Ressource", b"Nora R. (renamed in the file)")
    assert renamed != data
    changes = preview_project(seeded_db, "plan.xml", renamed).changes
    assert changes.counts()["people"] == {"add": 0, "update": 0, "unchanged": 1}


def test_a_viewer_cannot_import_a_project_file(seeded_db: Database, tmp_path: Path) -> None:
    from handover.domain.access import AccessDeniedError

    data = own_models(tmp_path, "xml")["xml"].read_bytes()
    before = fingerprint(seeded_db)
    with pytest.raises(AccessDeniedError):
        write_project(
            seeded_db,
            preview_project(seeded_db, "plan.xml", data),
            who=Identity("v", Role.VIEWER),
        )
    assert fingerprint(seeded_db) == before


def test_project_files_are_known_by_content_not_by_name() -> None:
    samples = need_samples()
    for name in SAMPLES:
        data = (samples / name).read_bytes()
        assert sniff("renamed.csv", data) is not None, name
    assert sniff("plan.csv", b"Kode;Titel\nA;B\n") is None
    assert sniff("plan.xml", b"<?xml version='1.0'?><root/>") is None


def test_the_command_line_imports_a_gantt_project_file_with_its_loss_report(
    seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = need_samples() / "HouseBuildingSample.gan"
    code = main(["--db", str(seeded_file), "--lang", "en", "import", str(sample)])
    out = capsys.readouterr().out
    assert code == 0
    assert "12 tasks, 4 milestones, 3 links, 7 resources" in out
    assert "loss report" in out and "6 × resource rates" in out
    assert "imported: 24 added" in out or "24" in out
    assert "New closing days from the file's calendars (1): 14.02.2006" in out
    assert "New closing days in the plan's calendar: 1" in out
