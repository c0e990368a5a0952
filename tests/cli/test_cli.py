"""The `handover` command line, as a person types it: the happy paths, and every wrong argument,
missing file and invalid document giving a clear message, exit code 2, and an unchanged database."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handover.cli import main
from handover.store.seed import SEEDS
from tests.conftest import REPO, file_fingerprint, held_by_another_process

SEED: dict[str, Any] = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's own errors
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], name: str = "plan.json"
) -> Path:
    document = copy.deepcopy(SEED)
    change(document)
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_init_seeds_a_new_database_and_leaves_an_existing_plan_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.duckdb"
    code, out, _ = run(capsys, "--db", str(db), "init")
    assert code == 0
    assert "26 forpligtelser" in out
    before = file_fingerprint(db)
    code, out, _ = run(capsys, "--db", str(db), "init")
    assert code == 0
    assert "den er ikke overskrevet" in out
    assert file_fingerprint(db) == before


def test_init_empty_creates_an_empty_migrated_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "empty.duckdb"
    code, out, _ = run(capsys, "--lang", "en", "--db", str(db), "init", "--seed", "empty")
    assert code == 0
    assert "0 obligations" in out


def test_the_database_defaults_to_handover_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOVER_DB", str(tmp_path / "env.duckdb"))
    assert run(capsys, "init")[0] == 0
    assert (tmp_path / "env.duckdb").exists()


def test_export_import_export_round_trip(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first, _ = run(capsys, "--db", str(seeded_file), "export-json")
    assert code == 0
    document = tmp_path / "backup.json"
    document.write_text(first, encoding="utf-8")
    other = tmp_path / "other.duckdb"
    assert run(capsys, "--db", str(other), "init", "--seed", "empty")[0] == 0
    code, out, _ = run(capsys, "--db", str(other), "import-json", str(document))
    assert code == 0, out
    assert run(capsys, "--db", str(other), "export-json")[1] == first


def test_export_to_a_file(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.json"
    code, _, err = run(capsys, "--db", str(seeded_file), "export-json", "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "handover-plan"
    assert "plan.json" in err


def test_import_replace_swaps_the_whole_plan(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    smaller = write(tmp_path, lambda d: d.update(risks=[]))
    code, _, err = run(capsys, "--db", str(seeded_file), "import-json", str(smaller))
    assert code == 2
    assert "--replace" in err
    code, out, _ = run(
        capsys, "--db", str(seeded_file), "import-json", str(smaller), "--replace", "--yes"
    )
    assert code == 0
    assert "0 risici" in out


BAD_DOCUMENTS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "missing field",
        lambda d: d["obligations"][3].pop("title"),
        "obligations[3].title: feltet mangler",
    ),
    (
        "unknown field",
        lambda d: d["obligations"][3].update(ejer="x"),
        "obligations[3].ejer: ukendt felt",
    ),
    (
        "wrong type",
        lambda d: d["obligations"][2].update(amount_eur="mange"),
        "obligations[2].amount_eur: forkert type: 'mange' (forventede et tal)",
    ),
    (
        "impossible date",
        lambda d: d["obligations"][3].update(due="2026-02-31"),
        "obligations[3].due: ugyldig dato '2026-02-31'",
    ),
    (
        "unknown id",
        lambda d: d["obligations"][5].update(receiving_owner="ukendt"),
        "obligations[5].receiving_owner: henviser til 'ukendt', som ikke findes i people",
    ),
    (
        "duplicate code",
        lambda d: d["obligations"][4].update(code="XS-01"),
        "obligations[4].code: koden 'XS-01' findes allerede i obligations[0]",
    ),
    (
        "dependency cycle",
        lambda d: d["dependencies"].append(
            {"predecessor": "final-report", "successor": "legal-succession"}
        ),
        "dependencies: afhængighederne danner en ring: ",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "message"), BAD_DOCUMENTS, ids=[c[0] for c in BAD_DOCUMENTS]
)
def test_an_invalid_document_is_refused_with_its_path_and_nothing_is_written(
    tmp_path: Path,
    seeded_file: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    before = file_fingerprint(seeded_file)
    bad = write(tmp_path, change)
    code, _, err = run(capsys, "--db", str(seeded_file), "import-json", str(bad), "--replace")
    assert code == 2
    assert "er ikke en gyldig plan; intet er skrevet" in err
    assert message in err
    assert "Traceback" not in err
    assert file_fingerprint(seeded_file) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json", "filen er ikke gyldig JSON (linje 1, kolonne 1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "filen er ikke UTF-8"),
        (b"", "filen er ikke gyldig JSON"),
    ],
)
def test_a_file_that_is_not_json_is_refused(
    tmp_path: Path,
    seeded_file: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    before = file_fingerprint(seeded_file)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, _, err = run(capsys, "--db", str(seeded_file), "import-json", str(bad), "--replace")
    assert (code, message in err) == (2, True), err
    assert file_fingerprint(seeded_file) == before


def test_english_messages_on_request(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, lambda d: d["obligations"][3].update(due="2026-02-31"))
    code, _, err = run(capsys, "--lang", "en", "--db", str(seeded_file), "import-json", str(bad))
    assert code == 2
    assert "is not a valid plan; nothing was written" in err
    assert "obligations[3].due: invalid date '2026-02-31'" in err


def test_a_missing_file(seeded_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = file_fingerprint(seeded_file)
    code, _, err = run(capsys, "--db", str(seeded_file), "import-json", "nowhere.json")
    assert code == 2
    assert "filen findes ikke: nowhere.json" in err
    assert file_fingerprint(seeded_file) == before


def test_export_from_a_database_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.duckdb"
    code, _, err = run(capsys, "--db", str(missing), "export-json")
    assert code == 2
    assert "filen findes ikke" in err
    assert not missing.exists()


def test_export_to_a_folder_that_does_not_exist(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "--db",
        str(seeded_file),
        "export-json",
        "-o",
        str(tmp_path / "no" / "such" / "dir.json"),
    )
    assert code == 2
    assert "kan ikke skrive" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "--port", "99999"], "invalid port 99999"),
        (["serve", "--port", "abc"], "invalid port abc"),
        (["init", "--seed", "nonsense"], "invalid choice: 'nonsense'"),
        (["--lang", "fr", "init"], "invalid choice: 'fr'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
        (["import-json"], "the following arguments are required: file"),
    ],
)
def test_wrong_arguments_exit_2_with_a_message(
    seeded_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = file_fingerprint(seeded_file)
    code, _, err = run(capsys, "--db", str(seeded_file), *args)
    assert code == 2
    assert message in err
    assert file_fingerprint(seeded_file) == before


def test_a_database_held_by_another_process(
    seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with held_by_another_process(seeded_file) as pid:
        code, _, err = run(capsys, "--db", str(seeded_file), "export-json")
    assert code == 2
    assert f"bruges af en anden proces (PID {pid})" in err
    assert "Traceback" not in err


def test_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 50)
    code, _, err = run(capsys, "--db", str(notes), "init")
    assert code == 2
    assert "kan ikke åbnes" in err
    assert notes.read_text() == "not a database\n" * 50


def test_serve_refuses_a_port_in_use(seeded_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run(
            capsys, "--db", str(seeded_file), "serve", "--port", str(port), "--headless"
        )
    assert code == 2
    assert f"port {port} er optaget" in err


def test_serve_runs_streamlit_without_watching_the_sources(
    seeded_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr("os.execvpe", lambda _, command, __: started.append(command))
    monkeypatch.setattr("os.chdir", lambda _: None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run(capsys, "--db", str(seeded_file), "serve", "--port", str(port), "--headless")
    [command] = started  # the server it would have become
    assert command[command.index("--server.fileWatcherType") + 1] == "none"
    assert command[command.index("--server.headless") + 1] == "true"


def test_the_console_script_and_python_dash_m_are_the_same_command(seeded_file: Path) -> None:
    environment = dict(os.environ, HANDOVER_DB=str(seeded_file))
    for command in (
        [str(Path(sys.executable).parent / "handover")],
        [sys.executable, "-m", "handover"],
    ):
        done = subprocess.run(
            [*command, "export-json"],
            capture_output=True,
            text=True,
            env=environment,
            cwd=REPO,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["version"] == 1


def test_check_prints_findings_and_exits_1_on_blockers(
    seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(seeded_file), "check", "--as-of", "25.11.2026")
    assert code == 1
    assert out.startswith("Overdragelsestjek pr. 25.11.2026")
    assert "[past-due] XS-12: fristen er overskredet for 117 dage siden" in out


def test_check_as_json_in_english_follows_the_documented_layout(
    seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "--lang",
        "en",
        "--db",
        str(seeded_file),
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-25",
    )
    document = json.loads(out)
    assert code == 1
    assert (document["format"], document["version"], document["as_of"]) == (
        "handover-check",
        1,
        "2026-11-25",
    )
    assert document["readiness"] == {"ready": 0, "total": 12}
    assert set(document["summary"]) == {"blocker", "warning", "info"}
    first = document["findings"][0]
    assert set(first) == {"rule", "severity", "obligations", "message", "fix", "source", "params"}
    assert first["severity"] == "blocker"
    assert sum(document["summary"].values()) == len(document["findings"])


def test_check_exits_0_when_nothing_reaches_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.duckdb"
    assert run(capsys, "--db", str(empty), "init", "--seed", "empty")[0] == 0
    code, out, _ = run(capsys, "--db", str(empty), "check", "--fail-on", "warning")
    assert (code, "Ingen fund." in out) == (0, True)


def test_check_as_of_moves_the_exit_code(
    seeded_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Only Mediq's statement, in an organisation that lives on, and no grant profile (the EU
    # close-out rules would miss the final report): no blocker until it is overdue.
    small = tmp_path / "small.json"
    document = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))
    keep = {"mediq-financial-statement"}
    document["obligations"] = [o for o in document["obligations"] if o["id"] in keep]
    document["dependencies"] = []
    document["risks"] = []
    document["projects"][0]["beneficiaries"] = []
    small.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "small.duckdb"
    assert run(capsys, "--db", str(db), "import-json", str(small))[0] == 0
    assert run(capsys, "--db", str(db), "check", "--as-of", "2026-11-25")[0] == 0
    assert run(capsys, "--db", str(db), "check", "--as-of", "2027-02-01")[0] == 1  # overdue


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--as-of", "31.02.2026"], "invalid date '31.02.2026'"),
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "--fail-on", "info"], "invalid choice: 'info'"),
    ],
)
def test_check_with_bad_arguments_exits_2(
    seeded_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "--db", str(seeded_file), *args)
    assert (code, message in err) == (2, True)


def test_export_a_checklist_for_an_organisation(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    target = tmp_path / "dsd.xlsx"
    code, out, _ = run(
        capsys,
        "--db",
        str(seeded_file),
        "export",
        "checklist",
        "--org",
        "Digital Sundhed Danmark",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "-o",
        str(target),
    )
    assert code == 0, out
    # Work due in 2026 goes to Forberedende DSD; DSD receives the two due after 01.01.2027.
    assert "the checklist with 2 obligations" in out
    sheet = openpyxl.load_workbook(target)["Checklist"]
    assert sheet.max_row == 3  # header + 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "nobody at all"], "intet hedder 'nobody at all'"),
        (["--owner", "LEAR"], "'LEAR' kan betyde flere"),
        (["--owner", "sds-contact"], "ingen forpligtelser i xShare-kontakt; ingen fil er skrevet"),
    ],
)
def test_export_refuses_unknown_ambiguous_and_empty_scopes_and_writes_no_file(
    seeded_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    target = tmp_path / "out.csv"
    code, _, err = run(
        capsys,
        "--db",
        str(seeded_file),
        "export",
        "checklist",
        *args,
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert (code, message in err) == (2, True), err
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "--format", "docx"], "invalid choice: 'docx'"),
        (["--format", "csv"], "one of the arguments --owner --org --project --all is required"),
        (["--all", "--owner", "x", "--format", "csv"], "not allowed with argument"),
    ],
)
def test_export_argument_errors_exit_2(
    seeded_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, _, err = run(
        capsys, "--db", str(seeded_file), "export", "checklist", *args, "-o", str(tmp_path / "x")
    )
    assert (code, message in err) == (2, True), err


@pytest.mark.parametrize("file_format", ["pdf", "ics", "md", "csv"])
def test_export_every_format_from_the_command_line(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], file_format: str
) -> None:
    target = tmp_path / f"checklist.{file_format}"
    code, out, _ = run(
        capsys,
        "--db",
        str(seeded_file),
        "export",
        "checklist",
        "--project",
        "xshare",
        "--format",
        file_format,
        "-o",
        str(target),
    )
    assert code == 0, out
    data = target.read_bytes()
    if file_format == "pdf":
        import pypdf

        text = "".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
        assert all(f"XS-{i:02d}" in text for i in range(1, 27))
    elif file_format == "ics":
        from icalendar import Calendar

        events = list(Calendar.from_ical(data).walk("VEVENT"))
        assert len(events) == 26 + 4  # every obligation has a due date; plus 4 milestones
    else:
        assert b"XS-22" in data
