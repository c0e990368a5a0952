"""Reminders that reach people: the digests of `exports.reminders` sent by SMTP (STARTTLS, SSL or
plain on a trusted relay), and the per-person calendar feeds written to a folder. Made for a
scheduler: no prompts, settings from `.streamlit/secrets.toml` `[smtp]` or `HANDOVER_SMTP_*`
(the environment wins), and the outcome counted so the caller can set an exit code."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any

from handover.domain.findings import evaluate
from handover.exports.reminders import Digest, digests, feed
from handover.store.database import Database
from handover.store.plan_io import read_plan
from handover.store.queries import findings_snapshot

SECURITY = ("starttls", "ssl", "none")


class SmtpSettingsError(ValueError):
    """The SMTP settings are missing or invalid; `key` is the catalogue entry saying which."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(key)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    security: str = "starttls"
    username: str = ""
    password: str = ""
    timeout: float = 30.0


def smtp_settings(
    secrets: Path | None = None, environ: Mapping[str, str] | None = None
) -> SmtpSettings:
    """The SMTP settings from `[smtp]` in the secrets file and `HANDOVER_SMTP_HOST`, `_PORT`,
    `_FROM`, `_SECURITY` (starttls, ssl or none), `_USER`, `_PASSWORD`; the environment wins."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    path = secrets or Path(".streamlit") / "secrets.toml"
    if path.is_file():
        try:
            found = dict(tomllib.loads(path.read_text(encoding="utf-8")).get("smtp", {}))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SmtpSettingsError("remind.bad_smtp", why=f"{path}: {error}") from error
    for name, variable in (
        ("host", "HANDOVER_SMTP_HOST"),
        ("port", "HANDOVER_SMTP_PORT"),
        ("sender", "HANDOVER_SMTP_FROM"),
        ("security", "HANDOVER_SMTP_SECURITY"),
        ("username", "HANDOVER_SMTP_USER"),
        ("password", "HANDOVER_SMTP_PASSWORD"),
    ):
        if environ.get(variable):
            found[name] = environ[variable]
    if not found.get("host") or not found.get("sender"):
        raise SmtpSettingsError("remind.no_smtp")
    security = str(found.get("security", "starttls")).lower()
    if security not in SECURITY:
        raise SmtpSettingsError("remind.bad_smtp", why=f"security {security!r}: {SECURITY}")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    try:
        port = int(found.get("port", default_port))
    except (TypeError, ValueError) as error:
        raise SmtpSettingsError("remind.bad_smtp", why=f"port {found.get('port')!r}") from error
    if not re.match(r"^[^@\s]+@[^@\s]+$", str(found["sender"])):
        raise SmtpSettingsError("remind.bad_smtp", why=f"sender {found['sender']!r}")
    return SmtpSettings(
        host=str(found["host"]),
        port=port,
        sender=str(found["sender"]),
        security=security,
        username=str(found.get("username", "")),
        password=str(found.get("password", "")),
    )


def plan_digests(database: Database, as_of: date, days: int) -> list[Digest]:
    plan = read_plan(database)
    return digests(plan, evaluate(findings_snapshot(database), as_of), as_of, days)


def message(digest: Digest, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = formataddr((digest.person.name or digest.person.title, digest.person.email))
    mail["Subject"] = digest.subject
    mail["Message-ID"] = make_msgid(domain=sender.split("@", 1)[1])
    mail["Content-Language"] = digest.language
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a reminder
    mail.set_content(digest.body)
    return mail


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)  # person ids
    skipped: list[str] = field(default_factory=list)  # no e-mail address
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)


def send(digests_to_send: Sequence[Digest], settings: SmtpSettings) -> SendResult:
    """One connection, one message per person with an address; a refused recipient is counted
    and the others still go. A connection or login failure raises OSError/SMTPException."""
    result = SendResult()
    with_address = [d for d in digests_to_send if d.person.email]
    result.skipped = [d.person.id for d in digests_to_send if not d.person.email]
    if not with_address:
        return result
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if settings.security == "ssl":
        server = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with server:
        if settings.security == "starttls":
            server.starttls(context=context)
        if settings.username:
            server.login(settings.username, settings.password)
        for digest in with_address:
            try:
                server.send_message(message(digest, settings.sender))
            except smtplib.SMTPRecipientsRefused as error:
                result.failed.append((digest.person.email, str(error.recipients)))
            except smtplib.SMTPDataError as error:
                result.failed.append((digest.person.email, str(error)))
            else:
                result.sent.append(digest.person.id)
    return result


def write_feeds(database: Database, folder: Path, as_of: date) -> list[Path]:
    """One `<person id>.ics` per active person with a dated obligation (as current or receiving
    owner); the same plan gives the same files, so a subscribed calendar updates in place."""
    plan = read_plan(database)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.combine(as_of, time(0, 0))
    written = []
    for person in plan.people:
        if not person.active:
            continue
        if not any(
            person.id in (o.current_owner, o.receiving_owner)
            for o in plan.obligations
            if not o.deleted
        ):
            continue
        path = folder / f"{person.id}.ics"
        path.write_bytes(feed(plan, person, stamp=stamp))
        written.append(path)
    return written
