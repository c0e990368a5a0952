"""Hostile and broken project files: each gives a clear message naming what is wrong, the child
Java process is stopped by its time and memory limits, and the database is unchanged — through
the service the Import page uses and through `handover import` (exit 2)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from handover.cli import main
from handover.domain.text import text
from handover.imports import project_files
from handover.imports.files import FileProblemError
from handover.imports.project_service import preview_project
from handover.store.database import Database
from tests.conftest import file_fingerprint, fingerprint
from tests.imports.project_helpers import need_java, need_samples, own_models

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol2;</Name><Tasks/></Project>
"""


@pytest.fixture(autouse=True)
def _java() -> None:
    need_java()


def _refused(database: Database, name: str, data: bytes) -> str:
    before = fingerprint(database)
    with pytest.raises(FileProblemError) as caught:
        preview_project(database, name, data)
    assert fingerprint(database) == before
    return caught.value.problem.message("en")


def test_random_bytes_renamed_mpp_are_refused_as_unreadable(seeded_db: Database) -> None:
    message = _refused(seeded_db, "plan.mpp", os.urandom(4000))
    assert "plan.mpp cannot be read as a project file" in message


def test_a_truncated_ms_project_file_is_refused(seeded_db: Database) -> None:
    data = (need_samples() / "task-links-project2019-mpp14.mpp").read_bytes()
    message = _refused(seeded_db, "cut.mpp", data[: len(data) // 3])
    assert "cannot be read as a project file" in message and "truncated" in message


def test_an_xml_entity_bomb_is_refused_before_java_reads_it(seeded_db: Database) -> None:
    assert _refused(seeded_db, "bomb.xml", BOMB) == text("import.xml_dtd", "en", member="bomb.xml")
    utf16 = BOMB.decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode("utf-16")
    assert "DTD" in _refused(seeded_db, "bomb16.xml", utf16)


def test_a_zip_bomb_renamed_mpp_is_refused_before_java_reads_it(seeded_db: Database) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.mpp", b"\0" * (60 * 1024 * 1024))
    message = _refused(seeded_db, "bomb.mpp", buffer.getvalue())
    assert "MB" in message


def test_a_conversion_that_runs_too_long_is_stopped(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project_files, "TIMEOUT_SECONDS", 0.05)
    data = (need_samples() / "HouseBuildingSample.gan").read_bytes()
    message = _refused(seeded_db, "slow.gan", data)
    assert message == text("project.timeout", "en", seconds=0.05)


def test_a_file_that_needs_more_memory_than_allowed_is_stopped(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = own_models(tmp_path, "xml")["xml"].read_bytes()
    task = data[data.index(b"<Task>") : data.index(b"</Task>") + 7]
    many = data.replace(task, task * 2500)  # the same task 2,500 times: a big file to unpack
    monkeypatch.setattr(project_files, "HEAP", "8m")
    message = _refused(seeded_db, "huge.xml", many)
    assert message == text("project.too_big", "en", heap="8m")


def test_a_missing_java_says_what_to_install(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("HANDOVER_JAVA", raising=False)
    data = (need_samples() / "HouseBuildingSample.gan").read_bytes()
    message = _refused(seeded_db, "plan.gan", data)
    assert "default-jre-headless" in message


def test_the_command_line_refuses_a_broken_project_file_and_writes_nothing(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.mpp"
    broken.write_bytes(os.urandom(3000))
    before = file_fingerprint(seeded_file)
    code = main(["--db", str(seeded_file), "--lang", "en", "import", str(broken)])
    assert code == 2
    assert "broken.mpp cannot be read as a project file" in capsys.readouterr().err
    assert file_fingerprint(seeded_file) == before
