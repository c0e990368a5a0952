"""`handover remind`, as a scheduler runs it: the digests for the seed on 29.11.2026 printed by a
dry run; a real send to a local SMTP server (aiosmtpd on 127.0.0.1), read back with the `email`
package, each owner in their own language; a refused recipient is exit code 1, missing settings
exit code 2 with nothing sent; the calendar feeds keep their UIDs from run to run."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from handover.cli import main
from handover.domain.model import Status
from handover.remind import SmtpSettingsError, smtp_settings
from handover.store.database import Database
from handover.store.people_writes import save_person
from handover.store.plan_io import read_plan, versions

AS_OF = "2026-11-29"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 Message accepted"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Inbox]:
    handler = _Inbox()
    with socket.socket() as probe:  # a free port: aiosmtpd checks readiness on the port it got
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("HANDOVER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("HANDOVER_SMTP_PORT", str(port))
        monkeypatch.setenv("HANDOVER_SMTP_FROM", "planner@example.org")
        monkeypatch.setenv("HANDOVER_SMTP_SECURITY", "none")
        yield handler
    finally:
        controller.stop()


def _expected(db_path: Path, days: int = 14) -> dict[str, set[str]]:
    """Person id -> codes of the open obligations they own or receive due by as_of + days."""
    with Database(db_path) as database:
        plan = read_plan(database)
    due = plan.resolved_due()
    until = date.fromisoformat(AS_OF) + timedelta(days=days)
    found: dict[str, set[str]] = {}
    for o in plan.obligations:
        if o.deleted or o.status in (Status.DONE, Status.CANCELLED):
            continue
        if due.get(o.id) is None or due[o.id] > until:  # type: ignore[operator]
            continue
        for owner in {o.current_owner, o.receiving_owner} - {None}:
            found.setdefault(str(owner), set()).add(o.code)
    return found


def _give_addresses(db_path: Path, addresses: dict[str, tuple[str, str]]) -> None:
    """person id -> (e-mail, language)."""
    with Database(db_path) as database:
        plan, seen = read_plan(database), versions(database)
        for person in plan.people:
            if person.id in addresses:
                mail, language = addresses[person.id]
                changed = person.model_copy(update={"email": mail, "language": language})
                save_person(database, changed, version=seen["people"][person.id], actor="test")


def test_a_dry_run_prints_each_owners_digest_for_the_seed(
    seeded_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _expected(seeded_file)
    assert expected  # the seed has obligations due in the two weeks after 29.11.2026
    code = main(["--db", str(seeded_file), "remind", "--dry-run", "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert code == 0
    digests = [block for block in out.split("-" * 72) if block.strip()]
    assert len(digests) == len(expected)
    with Database(seeded_file) as database:
        labels = {p.id: p.label for p in read_plan(database).people}
    for person, codes in expected.items():
        block = next(b for b in digests if f"Til: {labels[person]} " in b)
        assert "frist senest 13.12.2026" in block
        for code in codes:
            assert f" {code} " in block
    assert "XS-05" in out and "modtagende ejer" in out and "nuværende ejer" in out
    assert "(ingen e-mailadresse: sendes ikke)" in out


def test_a_real_send_reaches_each_owner_in_their_language(
    seeded_file: Path, inbox: _Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _expected(seeded_file)
    danish, english = sorted(expected)[:2]
    _give_addresses(
        seeded_file, {danish: ("dansk@example.org", "da"), english: ("english@example.org", "en")}
    )
    code = main(["--db", str(seeded_file), "--lang", "en", "remind", "--as-of", AS_OF])
    assert code == 0
    assert f"2 reminders sent, {len(expected) - 2} without an e-mail address, 0 failed" in (
        capsys.readouterr().out
    )
    received = {m["To"].addresses[0].addr_spec: m for m in inbox.messages}
    assert set(received) == {"dansk@example.org", "english@example.org"}
    assert received["dansk@example.org"]["Subject"].startswith("Overdragelsesplan:")
    assert received["english@example.org"]["Subject"].startswith("Handover plan:")
    assert received["english@example.org"]["Auto-Submitted"] == "auto-generated"
    for address, person in (("dansk@example.org", danish), ("english@example.org", english)):
        body = received[address].get_content()
        for code in expected[person]:
            assert code in body


def test_a_refused_recipient_is_exit_code_1_and_the_others_still_go(
    seeded_file: Path, inbox: _Inbox
) -> None:
    first, second = sorted(_expected(seeded_file))[:2]
    _give_addresses(
        seeded_file, {first: ("gone@example.org", "da"), second: ("here@example.org", "da")}
    )
    inbox.refuse.add("gone@example.org")
    assert main(["--db", str(seeded_file), "remind", "--as-of", AS_OF]) == 1
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["here@example.org"]


def test_without_smtp_settings_nothing_is_sent_and_the_exit_code_is_2(
    seeded_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("HOST", "PORT", "FROM", "SECURITY", "USER", "PASSWORD"):
        monkeypatch.delenv(f"HANDOVER_SMTP_{name}", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(seeded_file), "--lang", "en", "remind", "--as-of", AS_OF]) == 2
    assert "no SMTP server configured" in capsys.readouterr().err


def test_settings_come_from_secrets_and_the_environment_wins(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[smtp]\nhost = "smtp.example.org"\nsender = "plan@example.org"\nsecurity = "ssl"\n'
        'username = "plan"\npassword = "hemmeligt-æøå"\n',
        encoding="utf-8",
    )
    settings = smtp_settings(secrets, {})
    assert (settings.host, settings.port, settings.security) == ("smtp.example.org", 465, "ssl")
    assert settings.password == "hemmeligt-æøå"
    overridden = smtp_settings(secrets, {"HANDOVER_SMTP_PORT": "2525"})
    assert overridden.port == 2525
    with pytest.raises(SmtpSettingsError):
        smtp_settings(secrets, {"HANDOVER_SMTP_SECURITY": "tls-maybe"})
    with pytest.raises(SmtpSettingsError):
        smtp_settings(tmp_path / "missing.toml", {})


def test_the_calendar_feeds_keep_their_uids_from_run_to_run(
    seeded_file: Path, tmp_path: Path
) -> None:
    from icalendar import Calendar

    folder = tmp_path / "feeds"
    for _ in range(2):
        assert (
            main(
                [
                    "--db",
                    str(seeded_file),
                    "remind",
                    "--dry-run",
                    "--as-of",
                    AS_OF,
                    "--feeds",
                    str(folder),
                ]
            )
            == 0
        )
    first = {path.name: path.read_bytes() for path in folder.glob("*.ics")}
    main(
        ["--db", str(seeded_file), "remind", "--dry-run", "--as-of", AS_OF, "--feeds", str(folder)]
    )
    assert {path.name: path.read_bytes() for path in folder.glob("*.ics")} == first
    with Database(seeded_file) as database:
        plan = read_plan(database)
    due = plan.resolved_due()
    for person in plan.people:
        path = folder / f"{person.id}.ics"
        owned = [
            o
            for o in plan.obligations
            if not o.deleted and due.get(o.id) and person.id in (o.current_owner, o.receiving_owner)
        ]
        if not path.exists():
            assert not owned
            continue
        calendar = Calendar.from_ical(path.read_bytes())
        uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids))
        assert {uid.split("-current@")[0].split("-receiving@")[0] for uid in uids} == {
            o.id for o in owned
        }
