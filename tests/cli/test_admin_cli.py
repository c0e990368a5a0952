"""The command line as the administrator's tool: its writes name the operating-system user (or
--actor) in the history, and `import-json --replace` asks first (or needs --yes), then keeps a
timestamped backup of the plan it replaces next to the database and says where."""

from __future__ import annotations

import copy
import getpass
import io
import json
from pathlib import Path
from typing import Any

import pytest

from handover.cli import main
from handover.domain.plan import dump_plan
from handover.store.database import Database
from handover.store.history import history
from handover.store.plan_io import read_plan
from handover.store.seed import SEEDS
from tests.conftest import file_fingerprint
from tests.imports.helpers import HEADER_DA, csv_bytes

SEED: dict[str, Any] = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))
OS_USER = f"cli:{getpass.getuser()}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def smaller_plan(tmp_path: Path) -> Path:
    document = copy.deepcopy(SEED)
    document["risks"] = []
    path = tmp_path / "mindre.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def actors(db: Path) -> list[str]:
    with Database(db) as database:
        return [change.actor for change in history(database)]


def backups(db: Path) -> list[Path]:
    return sorted((db.parent / "backups").glob("handover-*.json"))


class Terminal(io.StringIO):
    """Standard input as a person at a terminal: isatty, and the answer they type."""

    def isatty(self) -> bool:
        return True


def test_import_json_names_the_operating_system_user_in_the_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ny.duckdb"
    assert run(capsys, "--db", str(db), "import-json", str(SEEDS["xshare"]))[0] == 0
    assert actors(db) == [f"{OS_USER} (import-json xshare.json)"]


def test_actor_overrides_the_name_in_the_history(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(
        capsys,
        "--db",
        str(seeded_file),
        "--actor",
        "Ida Administrator",
        "import-json",
        str(smaller_plan(tmp_path)),
        "--replace",
        "--yes",
    )
    assert code == 0
    assert actors(seeded_file)[0] == "Ida Administrator (import-json mindre.json)"


def test_init_and_a_spreadsheet_import_name_the_user_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "init.duckdb"
    assert run(capsys, "--db", str(db), "init")[0] == 0
    sheet = tmp_path / "plan.csv"
    sheet.write_bytes(
        csv_bytes([HEADER_DA, ["XS-90", "Årsrapport", "Afrapportering", "15.01.2027", "", "", ""]])
    )
    assert run(capsys, "--db", str(db), "import", str(sheet))[0] == 0
    assert set(actors(db)) == {OS_USER, f"{OS_USER} (plan.csv)"}


def test_replace_writes_a_backup_of_the_replaced_plan_and_says_where(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database(seeded_file) as database:
        before = dump_plan(read_plan(database))
    code, out, _ = run(
        capsys,
        "--db",
        str(seeded_file),
        "import-json",
        str(smaller_plan(tmp_path)),
        "--replace",
        "--yes",
    )
    assert code == 0
    (backup,) = backups(seeded_file)
    assert backup.parent == seeded_file.parent / "backups"
    assert f"sikkerhedskopi af den erstattede plan: {backup}" in out
    assert backup.read_text(encoding="utf-8") == before
    # and the backup restores what was replaced
    code, _, _ = run(
        capsys, "--db", str(seeded_file), "import-json", str(backup), "--replace", "--yes"
    )
    assert code == 0
    with Database(seeded_file) as database:
        assert dump_plan(read_plan(database)) == before
    assert len(backups(seeded_file)) == 2  # the second replace kept the smaller plan too


def test_replace_without_yes_and_without_a_terminal_is_refused_and_writes_nothing(
    tmp_path: Path,
    seeded_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ja\n"))  # piped, not a person
    before = file_fingerprint(seeded_file)
    code, _, err = run(
        capsys, "--db", str(seeded_file), "import-json", str(smaller_plan(tmp_path)), "--replace"
    )
    assert code == 2
    assert "bekræft med --yes" in err
    assert "Traceback" not in err
    assert file_fingerprint(seeded_file) == before
    assert backups(seeded_file) == []


@pytest.mark.parametrize(("answer", "replaced"), [("ja\n", True), ("nej\n", False), ("\n", False)])
def test_at_a_terminal_replace_asks_and_only_yes_replaces(
    tmp_path: Path,
    seeded_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    replaced: bool,
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    before = file_fingerprint(seeded_file)
    code, out, err = run(
        capsys, "--db", str(seeded_file), "import-json", str(smaller_plan(tmp_path)), "--replace"
    )
    assert "Erstat planen i" in out
    if replaced:
        assert code == 0
        assert len(backups(seeded_file)) == 1
    else:
        assert code == 2
        assert "intet er erstattet" in err
        assert file_fingerprint(seeded_file) == before
        assert backups(seeded_file) == []


def test_an_invalid_document_is_refused_before_anything_is_asked_or_backed_up(
    tmp_path: Path, seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(seeded_file), "import-json", str(bad), "--replace")
    assert code == 2
    assert "indlejret 100.000 niveauer dybt (niveau 16 overskrides i linje 1, kolonne 17)" in err
    assert "Erstat" not in out
    assert backups(seeded_file) == []


def test_replacing_an_empty_database_needs_no_confirmation_and_no_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    db = tmp_path / "tom.duckdb"
    assert run(capsys, "--db", str(db), "init", "--seed", "empty")[0] == 0
    code, _, _ = run(capsys, "--db", str(db), "import-json", str(SEEDS["xshare"]), "--replace")
    assert code == 0
    assert backups(db) == []


def test_replace_from_the_command_line_lifts_every_version_above_those_seen_before(
    seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def versions() -> dict[str, int]:
        with Database(seeded_file) as database:
            return dict(database.cursor().execute("SELECT id, version FROM obligations").fetchall())

    seen = versions()
    code, _, _ = run(
        capsys, "--db", str(seeded_file), "import-json", str(SEEDS["xshare"]), "--replace", "--yes"
    )
    assert code == 0
    after = versions()
    assert after.keys() == seen.keys()
    assert min(after.values()) > max(seen.values())
