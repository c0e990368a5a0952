"""`handover import` and `handover export register` as a person types them: the happy paths,
dry runs, clean rows only, status reports with --accept, and wrong arguments (exit 2, nothing
written). Malformed files are in tests/imports/test_malformed_files.py."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from handover.cli import main
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.conftest import REPO, file_fingerprint
from tests.imports.helpers import HEADER_DA, csv_bytes

REPORT = REPO / "tests" / "imports" / "data" / "statusrapport-xshare.md"
GOOD = ["XS-90", "Årsrapport", "Afrapportering", "15.01.2027", "", "", ""]
BAD = ["XS-91", "Forkert", "Drift", "31.02.2026", "", "", ""]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def codes(db: Path) -> set[str]:
    with Database(db) as database:
        return {o.code for o in read_plan(database).obligations}


def test_import_a_clean_csv(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([HEADER_DA, GOOD]))
    code, out, _ = run(capsys, "--db", str(seeded_file), "import", str(path))
    assert code == 0
    assert "1 rækker læst som forpligtelser" in out
    assert "importeret: 1 nye, 0 ændrede" in out
    assert "XS-90" in codes(seeded_file)


def test_a_dry_run_writes_nothing(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([HEADER_DA, GOOD]))
    before = file_fingerprint(seeded_file)
    code, out, _ = run(
        capsys, "--db", str(seeded_file), "--lang", "en", "import", str(path), "--dry-run"
    )
    assert code == 0
    assert "dry run, nothing was written: 1 would be added, 0 changed" in out
    assert file_fingerprint(seeded_file) == before


def test_problems_exit_2_unless_clean_rows_only(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([HEADER_DA, GOOD, BAD]))
    before = file_fingerprint(seeded_file)
    code, _, err = run(capsys, "--db", str(seeded_file), "import", str(path))
    assert code == 2
    assert "plan.csv, række 3, kolonne Frist «31.02.2026»: ikke en gyldig dato" in err
    assert "intet er skrevet" in err
    assert file_fingerprint(seeded_file) == before
    code, out, _ = run(capsys, "--db", str(seeded_file), "import", str(path), "--clean-rows-only")
    assert code == 0
    assert "importeret: 1 nye, 0 ændrede" in out
    assert "XS-90" in codes(seeded_file) and "XS-91" not in codes(seeded_file)


def test_a_status_report_with_accepted_candidates(
    fresh_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(fresh_file), "import", str(REPORT), "--accept", "2")
    assert code == 0, out
    assert "[x] 2. xShare: Da xShare slutter i november 2026" in out
    assert "[ ] 1. xShare: ESHIA er godt etableret" in out
    with Database(fresh_file) as database:
        plan = read_plan(database)
    assert [m.planned.isoformat() for m in sorted(plan.milestones, key=lambda m: m.planned)] == [  # type: ignore[union-attr]
        "2026-07-31",
        "2026-11-20",
        "2026-11-30",
    ]
    [obligation] = plan.obligations
    assert plan.resolved_due()[obligation.id].isoformat() == "2027-01-29"


@pytest.mark.parametrize("accept", ["0", "9", "x", "1,,2"])
def test_a_wrong_accept_number_is_refused(
    fresh_file: Path, capsys: pytest.CaptureFixture[str], accept: str
) -> None:
    before = file_fingerprint(fresh_file)
    code, _, err = run(capsys, "--db", str(fresh_file), "import", str(REPORT), "--accept", accept)
    assert code == 2
    assert "er ikke et kandidatnummer fra 1 til 5" in err
    assert file_fingerprint(fresh_file) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--kind", "cars"], "invalid choice"),
        (["--encoding", "latin-9"], "invalid choice"),
        (["--separator", "|"], "invalid choice"),
    ],
)
def test_wrong_options_are_refused(
    seeded_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([HEADER_DA, GOOD]))
    before = file_fingerprint(seeded_file)
    code, _, err = run(capsys, "--db", str(seeded_file), "import", str(path), *args)
    assert code == 2
    assert words in err
    assert file_fingerprint(seeded_file) == before


def test_a_missing_file_and_a_missing_sheet(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(seeded_file), "import", str(tmp_path / "nope.csv"))
    assert code == 2
    assert "filen findes ikke" in err
    path = tmp_path / "plan.xlsx"
    assert (
        main(["--db", str(seeded_file), "export", "register", "--format", "xlsx", "-o", str(path)])
        == 0
    )
    capsys.readouterr()
    code, _, err = run(capsys, "--db", str(seeded_file), "import", str(path), "--sheet", "Ark9")
    assert code == 2
    assert "arket 'Ark9' findes ikke; arkene er: Forpligtelser" in err


def test_export_register_then_import_changes_nothing(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for file_format in ("csv", "xlsx"):
        path = tmp_path / f"register.{file_format}"
        code, out, _ = run(
            capsys,
            "--db",
            str(seeded_file),
            "export",
            "register",
            "--format",
            file_format,
            "-o",
            str(path),
        )
        assert code == 0 and "registret med 26 forpligtelser" in out
        code, out, _ = run(capsys, "--db", str(seeded_file), "import", str(path))
        assert code == 0
        assert "nye: 0, ændrede: 0, uændrede: 26" in out
    sheet = openpyxl.load_workbook(tmp_path / "register.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:4] == ["Kode", "Titel", "Beskrivelse", "Kategori"]


@pytest.fixture
def fresh_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.duckdb"
    with Database(path):
        pass
    return path
