"""Status reports: the seed report, a report with two projects, fewer and more dates than
milestones, headings and bold labels that vary, Nået, Word files — and writing what the
facilitator accepted into the plan in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handover.domain.access import Identity, Role
from handover.domain.model import Category, DueAnchor
from handover.imports import service
from handover.imports.status_report import organisations_in, parse_report
from handover.store.database import Database
from handover.store.history import history
from handover.store.plan_io import read_plan
from tests.conftest import REPO, fingerprint
from tests.imports.helpers import docx_bytes

SEED = REPO.parent / "shared" / "seed" / "000_e77943f83f89286c.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
if not SEED_TEXT:  # the repository keeps a copy for a clone without ../shared
    SEED_TEXT = (REPO / "tests" / "imports" / "data" / "statusrapport-xshare.md").read_text(
        encoding="utf-8"
    )

TWO_PROJECTS = """\
# Statusrapport

## Nationale projekter

### Sundhedsjournalen 2.0

**Dato:** 3. marts 2026

**Projektleder:** Ole Hansen

**Deltagere:** Regionerne, KL og Sundhedsdatastyrelsen

**Leverandør:** Netic

**Formål:** Projektet løber fra januar 2025 til og med juni 2026.

#### Projektstatus

Der er indgået aftale med alle regioner. Den endelige rapport skal afleveres senest 30.06.2026.

#### Milepæle i 2026

1. Pilotdrift
2. Evaluering

#### Plan

15.02.2026
30.06.2026

#### Nået

1. Pilotdrift (12.02.2026)

### Hjemmemonitorering

Dato: 2026-03-03

Projektleder: Lise Berg

Milepæle i 2026:

- Udbud
- Kontrakt
- Go-live

Plan:

01.04.2026
01.09.2026

## Monitorering

### Hjemmemonitorering

Kontrakten skal underskrives inden sommerferien.
"""

ANNA = Identity("Anna", Role.FACILITATOR)


def test_the_seed_report_gives_xshare_with_its_three_milestones() -> None:
    report = parse_report(SEED_TEXT, source="statusrapport.txt")
    assert report.warnings == []
    [xshare] = report.projects
    assert xshare.name == "xShare"
    assert xshare.report_date == date(2026, 4, 28)
    assert xshare.leader == "Mie Hjorth Matthiesen"
    assert xshare.participants == ["MedCom", "Sundhedsdatastyrelsen", "Mediq"]
    assert xshare.supplier == ""  # "Ingen"
    assert xshare.programme == "Horizon Europe – HLTH-2023-IND-06-02"
    assert (xshare.start, xshare.end) == (date(2023, 12, 1), date(2026, 11, 30))
    assert xshare.milestone_year == 2026
    assert [(m.title, m.planned) for m in xshare.milestones] == [
        ("Alle open calls lukket", date(2026, 7, 31)),
        ("Final conference", date(2026, 11, 20)),
        ("Projektet afsluttes", date(2026, 11, 30)),
    ]
    assert all(m.achieved is None for m in xshare.milestones)  # Nået is empty
    assert xshare.risk.startswith("Projektet har en stor pulje penge")
    assert xshare.monitoring == "Intet at monitorere pt."


def test_the_seed_report_proposes_obligations_quoting_their_sentences() -> None:
    [xshare] = parse_report(SEED_TEXT).projects
    by_category = {c.category: c for c in xshare.candidates}
    report = by_category[Category.REPORTING]
    assert "60 dage til at afrapportere" in report.quote
    assert (report.due_anchor, report.due_days) == (DueAnchor.PROJECT_END, 60)
    assert by_category[Category.GOVERNANCE].quote.startswith("ESHIA er godt etableret")
    assert by_category[Category.KNOWLEDGE].quote.startswith("Det er besluttet af afholde")
    repay = [c for c in xshare.candidates if "betale penge tilbage" in c.quote]
    assert repay and repay[0].category is Category.FINANCE and repay[0].section == "risk"
    for candidate in xshare.candidates:
        assert candidate.quote in SEED_TEXT.replace("\\n", " ")


def test_a_report_with_two_projects_and_varying_labels() -> None:
    report = parse_report(TWO_PROJECTS, source="rapport.md")
    assert [p.name for p in report.projects] == ["Sundhedsjournalen 2.0", "Hjemmemonitorering"]
    journal, monitoring = report.projects
    assert journal.report_date == date(2026, 3, 3)
    assert journal.participants == ["Regionerne", "KL", "Sundhedsdatastyrelsen"]
    assert journal.supplier == "Netic"
    assert (journal.start, journal.end) == (date(2025, 1, 1), date(2026, 6, 30))
    assert [(m.title, m.planned, m.achieved) for m in journal.milestones] == [
        ("Pilotdrift", date(2026, 2, 15), date(2026, 2, 12)),
        ("Evaluering", date(2026, 6, 30), None),
    ]
    assert any(c.due == date(2026, 6, 30) for c in journal.candidates)
    assert monitoring.report_date == date(2026, 3, 3)
    assert monitoring.leader == "Lise Berg"
    assert [m.title for m in monitoring.milestones] == ["Udbud", "Kontrakt", "Go-live"]
    assert monitoring.monitoring == "Kontrakten skal underskrives inden sommerferien."
    assert [c.section for c in monitoring.candidates] == ["monitoring"]


def test_fewer_dates_than_milestones_is_a_warning_naming_the_mismatch() -> None:
    report = parse_report(TWO_PROJECTS, source="rapport.md")
    [warning] = report.warnings
    assert warning.render("da") == (
        "rapport.md: Hjemmemonitorering: 3 milepæle, men kun 2 datoer under Plan; "
        "uden dato: 3. Go-live"
    )
    go_live = report.projects[1].milestones[2]
    assert (go_live.title, go_live.planned) == ("Go-live", None)


def test_more_dates_than_milestones_and_an_impossible_date() -> None:
    text = SEED_TEXT.replace("30.11.2026", "30.11.2026\n31.02.2027\n15.12.2026")
    report = parse_report(text, source="r.md")
    rendered = [w.render("en") for w in report.warnings]
    assert "r.md: xShare: Plan: '31.02.2027' is not a valid date" in rendered
    assert (
        "r.md: xShare: 5 dates under Plan but only 3 milestones; not used: ?, 15.12.2026"
        in rendered
    )


def test_heading_levels_and_bold_labels_may_vary() -> None:
    variants = [
        "# Projekt A\n## Dato\n1.2.2026\n## Milepæle i 2026\n1. Start\n## Plan\n01.03.2026\n",
        "**Projekt A**\n\n**Dato:** 1.2.2026\n\n**Milepæle i 2026**\n- Start\n\n**Plan**\n01.03.2026",
        "### Projekt A\nDato: 01.02.2026\nMilepæle i 2026:\n1) Start\nPlan: 2026-03-01\n",
        "#### Projekt A\n__Dato:__ 1. februar 2026\n#### MILEPÆLE I 2026\n* Start\n#### PLAN\n1.3.2026",
    ]
    for variant in variants:
        [project] = parse_report(variant).projects
        assert project.name == "Projekt A", variant
        assert project.report_date == date(2026, 2, 1), variant
        assert [(m.title, m.planned) for m in project.milestones] == [
            ("Start", date(2026, 3, 1))
        ], variant


def test_a_word_report_reads_like_the_markdown() -> None:
    content = docx_bytes(
        [
            ("h2", "Internationale projekter"),
            ("h3", "xShare"),
            ("bold", "Dato:"),
            ("", "28. april 2026"),
            ("bold", "Projektleder:"),
            ("", "Mie Hjorth Matthiesen"),
            ("bold", "Deltagere:"),
            ("", "konsortium, herunder tre danske (MedCom, Sundhedsdatastyrelsen og Mediq)"),
            ("h4", "Milepæle i 2026"),
            ("list", "Alle open calls lukket"),
            ("list", "Final conference"),
            ("list", "Projektet afsluttes"),
            ("h4", "Plan"),
            ("", "31.07.2026"),
            ("", "20.11.2026"),
            ("", "30.11.2026"),
            ("h4", "Nået"),
            ("", "Alle open calls lukket 31.07.2026"),
        ]
    )
    report = service.read_report("status.docx", content)
    assert report.warnings == []
    [xshare] = report.projects
    assert xshare.leader == "Mie Hjorth Matthiesen"
    assert [(m.title, m.planned, m.achieved) for m in xshare.milestones] == [
        ("Alle open calls lukket", date(2026, 7, 31), date(2026, 7, 31)),
        ("Final conference", date(2026, 11, 20), None),
        ("Projektet afsluttes", date(2026, 11, 30), None),
    ]


def test_organisations_from_a_participants_text() -> None:
    assert organisations_in("KL, Danske Regioner & MedCom") == ["KL", "Danske Regioner", "MedCom"]
    assert organisations_in("40 partnere (HL7 Europe; MedCom)") == ["HL7 Europe", "MedCom"]


def test_the_seed_report_into_an_empty_plan(fresh_db: Database) -> None:
    report = service.read_report("statusrapport.txt", SEED_TEXT.encode("utf-8"))
    accepted = {(0, n) for n, c in enumerate(report.projects[0].candidates) if c.due_anchor}
    changes = service.plan_report(fresh_db, report, accepted=accepted, source="statusrapport.txt")
    assert changes.counts() == {
        "organisations": 3,
        "people": 1,
        "projects": 1,
        "milestones": 3,
        "obligations": 1,
        "risks": 1,
    }
    written = service.write_report(fresh_db, changes, who=ANNA)
    assert len(written.added) == 10
    plan = read_plan(fresh_db)
    [project] = plan.projects
    assert (project.name, project.end) == ("xShare", date(2026, 11, 30))
    assert project.coordinator == next(o.id for o in plan.organisations if o.name == "MedCom")
    [obligation] = plan.obligations
    assert obligation.code == "XSH-01"
    assert plan.resolved_due()[obligation.id] == date(2027, 1, 29)  # 60 days after the end
    assert obligation.current_owner == plan.people[0].id
    assert obligation.source_ref == "statusrapport.txt – 28.04.2026 – xShare"
    assert plan.risks[0].owner == plan.people[0].id
    assert len(history(fresh_db, actor="Anna")) == 10


def test_the_seed_report_into_the_seeded_plan_reuses_what_is_there(seeded_db: Database) -> None:
    report = service.read_report("statusrapport.txt", SEED_TEXT.encode("utf-8"))
    changes = service.plan_report(seeded_db, report, accepted={(0, 1)})
    assert changes.projects == [] or all(v is not None for _, v in changes.projects)
    assert changes.people == []  # Mie Hjorth Matthiesen is in the plan
    assert "MedCom" in changes.kept
    [(obligation, _)] = changes.obligations
    assert obligation.code.startswith("XS-")  # the project's own code series
    assert obligation.code not in {o.code for o in read_plan(seeded_db).obligations}


def test_a_dry_run_of_a_report_writes_nothing(fresh_db: Database) -> None:
    report = service.read_report("r.md", SEED_TEXT.encode("utf-8"))
    changes = service.plan_report(fresh_db, report)
    before = fingerprint(fresh_db)
    written = service.write_report(fresh_db, changes, who=ANNA, dry_run=True)
    assert len(written.added) == 9
    assert fingerprint(fresh_db) == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_report_in_any_supported_encoding(encoding: str) -> None:
    report = service.read_report("r.txt", SEED_TEXT.encode(encoding, errors="replace"))
    assert report.projects[0].milestones[2].title == "Projektet afsluttes"
    assert "Største" not in report.projects[0].risk  # the label is not part of the text
    assert report.projects[0].participants[1] == "Sundhedsdatastyrelsen"


def test_the_seed_file_copy_matches(tmp_path: Path) -> None:
    copy = REPO / "tests" / "imports" / "data" / "statusrapport-xshare.md"
    assert copy.read_text(encoding="utf-8").strip() == SEED_TEXT.strip()
