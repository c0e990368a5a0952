"""The checklist PDF reads the same, page by page, as the reference made before its writer was sped
up (one text object per page, each text wrapped once): pypdf's text of every page of the seed's
checklists (golden/checklist_seed_*.txt, pages split by form feeds, a reviewer can open them) and of
a synthetic plan of 300 obligations (golden/checklist_synthetic_300.sha256, one hash per page).
Rewrite with UPDATE_GOLDEN=1 only after a change meant to alter what the PDF says."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import date
from pathlib import Path

import pypdf
import pytest

from bench.synthetic import synthetic_plan
from handover.domain.checklist import Checklist, Scope, ScopeKind
from handover.exports import checklist_pdf
from handover.exports.checklist_pdf import to_pdf
from handover.store import reports
from handover.store.database import Database
from handover.store.plan_io import load_plan

GOLDEN = Path(__file__).parent / "golden"
MADE_ON = date(2026, 11, 25)
DSD = Scope(ScopeKind.ORGANISATION, "dsd", "Digital Sundhed Danmark")

pytestmark = pytest.mark.skipif(
    not any(path.is_file() for path in checklist_pdf.dejavu_candidates()),
    reason="the references were made with DejaVu Sans (Vera prints ⚠ as (!))",
)


@pytest.fixture(autouse=True)
def dejavu() -> None:
    checklist_pdf._font_state.clear()  # another test may have left the Vera fallback registered
    assert checklist_pdf._register_fonts() == "DejaVu Sans"


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def checklist_of(database: Database, scope: Scope, lang: str) -> Checklist:
    """The checklist as the export makes it: with the findings and the unassigned section."""
    made = reports.checklist(database, scope, MADE_ON, lang)
    assert made is not None
    return made


def matches_golden(name: str, produced: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("scope", "lang", "name"),
    [
        (Scope(ScopeKind.ALL), "da", "checklist_seed_all_da.txt"),
        (DSD, "en", "checklist_seed_dsd_en.txt"),
    ],
)
def test_every_page_of_the_seeds_checklist_reads_as_the_reference(
    seeded_db: Database, scope: Scope, lang: str, name: str
) -> None:
    pages = page_texts(to_pdf(checklist_of(seeded_db, scope, lang), lang))
    assert len(pages) > 1
    matches_golden(name, "\f".join(pages))


def test_every_page_of_a_300_obligation_checklist_reads_as_the_reference(
    fresh_db: Database,
) -> None:
    load_plan(fresh_db, synthetic_plan(300), actor="test")
    pages = page_texts(to_pdf(checklist_of(fresh_db, Scope(ScopeKind.ALL), "da"), "da"))
    assert len(pages) > 30
    hashes = "".join(hashlib.sha256(page.encode()).hexdigest() + "\n" for page in pages)
    matches_golden("checklist_synthetic_300.sha256", hashes)


def test_each_text_is_wrapped_once_per_font_and_width(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.lib import utils

    calls: list[str] = []
    split = utils.simpleSplit

    def counting(text: str, *args: object) -> list[str]:
        calls.append(text)
        return split(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(utils, "simpleSplit", counting)
    from tests.exports.test_pdf_and_calendar import many

    to_pdf(many(40), "da")
    # The label "Frist" is on every one of the 40 blocks (measured, then drawn): wrapped once.
    assert calls.count("Frist") == 1
    assert calls.count("[   ]") == 1
