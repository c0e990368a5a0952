"""The obligation dialog sets a due rule's unit and the date basis: the preview counts in the chosen
unit (the domain's resolution on the plan's calendar), the save stores both, a bad rule is refused
with nothing written, and a backup restores the unit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from handover.domain.access import Identity, Role
from handover.domain.plan import dump_plan, parse_plan_json
from handover.domain.workdays import DurationUnit, shift
from handover.exports import register
from handover.imports import service
from handover.store import guarded
from handover.store.calendar import read_settings
from handover.store.database import Database
from handover.store.plan_io import read_obligation, read_plan
from handover.store.queries import obligations
from handover.store.seed import load_seed
from tests.app.conftest import MakeApp, texts
from tests.conftest import file_fingerprint

FACILITATOR = Identity(name="Fie Facilitator", role=Role.FACILITATOR)
BASIS = "antagelse: tre arbejdsdage før DSD overtager, så overdragelsen kan nås"


def _submit(app: AppTest, label: str) -> AppTest:
    [button] = [b for b in app.button if "FormSubmitter" in str(b.id) and b.label == label]
    return button.click().run()


def _rule_on_the_transition(app: AppTest, days: int, unit: str) -> None:
    app.button(key="new_obligation").click().run()
    app.text_input(key="ob_code").input("XS-60")
    app.text_input(key="ob_title").input("Adgange overdraget før DSD overtager")
    app.radio(key="ob_due_mode").set_value("rule")
    app.selectbox(key="ob_anchor").set_value("milestone")
    app.selectbox(key="ob_milestone").set_value("transition-dsd")
    app.number_input(key="ob_days").set_value(days)
    app.selectbox(key="ob_unit").set_value(unit)
    app.text_input(key="ob_date_basis").input(BASIS)


def test_working_days_before_the_transition_are_previewed_saved_and_shown(
    make_app: MakeApp, seeded_file: Path
) -> None:
    with Database(seeded_file) as database:
        calendar = read_settings(database)[0].work_calendar()
    # The seed closes 24.12 and 31.12; 25.-26.12 are holidays, 26.-27.12 a weekend.
    expected = shift(date(2027, 1, 1), -3, DurationUnit.WORKING_DAYS, calendar)
    assert expected == date(2026, 12, 28)
    assert shift(date(2026, 12, 22), 3, DurationUnit.WORKING_DAYS, calendar) == date(2026, 12, 29)
    app = make_app(page="obligations", name="Anna")
    _rule_on_the_transition(app, -3, "working_days")
    assert "arbejdsdage" in app.selectbox(key="ob_unit").format_func("working_days")
    _submit(app, "Beregn frist")
    assert not app.exception
    assert "Frist efter reglen: 28.12.2026" in texts(app)
    _submit(app, "Gem")
    assert not app.exception
    assert "Gemt: XS-60" in texts(app)
    with Database(seeded_file) as database:
        row = (
            database.cursor()
            .execute(
                "SELECT id, due_unit, due_days, date_basis FROM obligations WHERE code = 'XS-60'"
            )
            .fetchone()
        )
        assert row is not None and row[1:] == ("working_days", -3, BASIS)
        shown = obligations(database)
        due = shown.loc[shown["id"] == row[0], "due"].iloc[0]
    assert due.date() == expected


def test_calendar_days_preview_differs_from_working_days(make_app: MakeApp) -> None:
    app = make_app(page="obligations", name="Anna", lang="en")
    _rule_on_the_transition(app, -3, "days")
    _submit(app, "Work out the due date")
    assert "Due by the rule: 29.12.2026" in texts(app)


def test_a_rule_beyond_its_units_bound_is_refused_and_nothing_is_written(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="obligations", name="Anna", lang="en")
    before = file_fingerprint(seeded_file)
    _rule_on_the_transition(app, 200, "years")
    _submit(app, "Save")
    assert not app.exception
    assert "at most 100 years from the anchor" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_editing_an_obligation_keeps_its_unit_and_basis_unless_changed(
    make_app: MakeApp, seeded_file: Path
) -> None:
    with Database(seeded_file) as database:
        found = read_obligation(database, "final-report")
    assert found is not None and found[0].due_rule is not None
    app = make_app(page="obligations", name="Anna")
    app.selectbox(key="f_detail").set_value("final-report").run()
    app.button(key="edit_final-report").click().run()
    assert app.selectbox(key="ob_unit").value == found[0].due_rule.unit.value
    assert app.text_input(key="ob_date_basis").value == found[0].date_basis
    app.selectbox(key="ob_unit").set_value("working_days")
    _submit(app, "Gem")
    assert not app.exception
    with Database(seeded_file) as database:
        saved = read_obligation(database, "final-report")
    assert saved is not None and saved[0].due_rule is not None
    assert saved[0].due_rule.unit is DurationUnit.WORKING_DAYS
    assert saved[0].date_basis == found[0].date_basis


def test_a_backup_restores_the_rules_unit_and_the_basis() -> None:
    with Database(":memory:") as db:
        load_seed(db, "xshare")
        found = read_obligation(db, "final-report")
        assert found is not None and found[0].due_rule is not None
        record, version = found
        months = record.model_copy(
            update={
                "due_rule": record.due_rule.model_copy(update={"unit": DurationUnit.MONTHS}),
                "date_basis": "antagelse: to måneder",
            }
        )
        guarded.save_obligation(db, FACILITATOR, months, version=version, predecessors=[])
        backup = dump_plan(read_plan(db))
        changed = read_obligation(db, "final-report")
        assert changed is not None
        back = changed[0].model_copy(update={"due_rule": record.due_rule, "date_basis": ""})
        guarded.save_obligation(db, FACILITATOR, back, version=changed[1], predecessors=[])
        guarded.restore_plan(db, FACILITATOR, parse_plan_json(backup), source="backup.json")
        restored = read_obligation(db, "final-report")
    assert restored is not None and restored[0].due_rule is not None
    assert restored[0].due_rule.unit is DurationUnit.MONTHS
    assert restored[0].date_basis == "antagelse: to måneder"


def test_the_register_spreadsheet_carries_the_date_basis(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    [before] = [o.date_basis for o in plan.obligations if o.id == "final-report"]
    after = "kilde: tilskudsaftalen art. 21"
    edited = tuple(
        o.model_copy(update={"date_basis": after}) if o.id == "final-report" else o
        for o in plan.obligations
    )
    content = register.to_csv(replace(plan, obligations=edited), "da")
    assert "Datogrundlag" in content.decode("utf-8-sig").splitlines()[0]
    result = service.preview_table(seeded_db, "plan.csv", content)
    assert result.preview.problems == []
    updates = [a for a in result.preview.actions if a.action == "update"]
    assert [(a.record.id, dict(a.changes)) for a in updates] == [
        ("final-report", {"date_basis": (before, after)})
    ]
