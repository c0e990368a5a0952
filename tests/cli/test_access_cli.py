"""Access on the command line and in the server settings: `handover hash-password`, `serve`
refusing to open to a room without access control, and the settings in .streamlit/config.toml."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from handover.cli import main
from handover.domain.passwords import verify
from tests.conftest import REPO


def test_hash_password_from_stdin_gives_a_hash_that_verifies(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Ålborg-øl 2027\n"))
    assert main(["hash-password", "--stdin"]) == 0
    stored = capsys.readouterr().out.strip()
    assert stored.startswith("scrypt$")
    assert verify("Ålborg-øl 2027", stored)
    assert not verify("Ålborg-øl 2026", stored)


@pytest.mark.parametrize("typed", ["\n", "   \n", ""])
def test_an_empty_password_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["hash-password", "--stdin"]) == 2
    assert "en tom adgangskode kan ikke bruges" in capsys.readouterr().err


def test_two_different_passwords_at_the_prompt_are_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["første", "anden"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["hash-password"]) == 2
    assert "de to adgangskoder er ikke ens" in capsys.readouterr().err


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "::"])
def test_serve_will_not_open_to_a_room_without_access_control(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    address: str,
) -> None:
    for role in ("FACILITATOR", "PARTICIPANT", "VIEWER"):
        monkeypatch.delenv(f"HANDOVER_PASSWORD_{role}", raising=False)
    monkeypatch.setattr("handover.cli.APP", tmp_path / "app.py")  # no secrets.toml there
    code = main(["--db", str(tmp_path / "p.duckdb"), "serve", "--address", address])
    assert code == 2
    assert f"appen åbnes ikke på {address} uden adgangskontrol" in capsys.readouterr().err
    assert not (tmp_path / "p.duckdb").exists()  # nothing was opened or written


def test_the_server_settings_keep_a_workshop_safe() -> None:
    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["server"]["maxUploadSize"] <= 10
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["browser"]["gatherUsageStats"] is False
    assert ".streamlit/secrets.toml" in (REPO / ".gitignore").read_text()


def test_no_page_renders_raw_html() -> None:
    sources = [*REPO.joinpath("handover").rglob("*.py"), REPO / "app.py"]
    assert not [path for path in sources if "unsafe_allow_html" in path.read_text(encoding="utf-8")]
