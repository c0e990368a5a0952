"""A handover checklist: the obligations handed to one receiving owner, one receiving organisation,
one project, or all — with a cover (scope, date, counts, open findings), the open obligations that
concern the scope but have no receiver yet, and sign-off lines naming who hands over and receives.

Pure values: the store fills them, the exporters write them; nothing here knows a file format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from handover.domain.findings import Finding
from handover.domain.text import label, text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
SIGN_OFF_ROLES = ("signoff.outgoing", "signoff.receiving", "signoff.assurance")


class ScopeKind(StrEnum):
    OWNER = "owner"
    ORGANISATION = "org"
    PROJECT = "project"
    ALL = "all"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    id: str | None = None
    label: str = ""


@dataclass(frozen=True)
class ChecklistLine:
    code: str
    title: str
    description: str
    due: date | None
    due_rule: str
    from_owner: str
    to_owner: str
    acceptance_criteria: str
    evidence: tuple[str, ...]
    dependencies: tuple[str, ...]
    status: str
    handover_state: str


@dataclass(frozen=True)
class Checklist:
    scope: Scope
    made_on: date
    lines: Sequence[ChecklistLine]
    findings: Sequence[str] = field(default_factory=tuple)  # rendered, for the cover
    # Open obligations that concern the scope and still lack a receiving owner.
    unassigned: Sequence[ChecklistLine] = field(default_factory=tuple)

    def counts(self) -> dict[str, int]:
        """How many lines are in each handover state (by label)."""
        return dict(Counter(line.handover_state for line in self.lines))

    def signers(self) -> list[tuple[str, str]]:
        """(role key, "Person · Organisation") for each sign-off line: everyone who hands over an
        obligation of the checklist, everyone who receives one, then quality assurance; a role
        nobody fills yet keeps one blank line."""
        handing = sorted({line.from_owner for line in self.lines if line.from_owner})
        receiving = sorted({line.to_owner for line in self.lines if line.to_owner})
        outgoing, receiver, assurance = SIGN_OFF_ROLES
        return [
            *((outgoing, name) for name in handing or [""]),
            *((receiver, name) for name in receiving or [""]),
            (assurance, ""),
        ]


def _formula_like(text: str) -> bool:
    """Formula-like once any leading apostrophes are set aside: `=1`, `'=1`, `''\n0`."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR, LF first) gets a
    leading apostrophe, so it stays text (OWASP CSV injection). Text that already starts with
    apostrophes before such a character gets one more, so that `unneutralise` gives any text back
    exactly."""
    return "'" + text if _formula_like(text) else text


def unneutralise(value: str) -> str:
    """A CSV cell without the apostrophe `neutralise` put before formula-like text (`'=SUM` ->
    `=SUM`); any other text unchanged."""
    return value[1:] if value.startswith("'") and _formula_like(value) else value


def due_rule_text(anchor: str | None, days: int, milestone: str | None, lang: str) -> str:
    """ "projektafslutning + 60 dage"; empty for a fixed date."""
    if anchor is None:
        return ""
    anchor_name = (
        milestone if anchor == "milestone" and milestone else label("anchor", anchor, lang)
    )
    if days == 0:
        return text("register.rule_same", lang, anchor=anchor_name)
    if days < 0:
        return text("register.rule_minus", lang, anchor=anchor_name, days=-days)
    return text("register.rule", lang, anchor=anchor_name, days=days)


def build(
    scope: Scope,
    rows: Sequence[Mapping[str, Any]],
    findings: Sequence[Finding],
    made_on: date,
    lang: str,
    unassigned_rows: Sequence[Mapping[str, Any]] = (),
) -> Checklist:
    """A checklist from stored rows (raw vocabulary values) and the plan's findings: labels in
    `lang`, and on the cover only the findings that concern these obligations (or the open ones
    without a receiver, `unassigned_rows`)."""
    lines = _lines(rows, lang)
    unassigned = _lines(unassigned_rows, lang)
    codes = {line.code for line in [*lines, *unassigned]}
    concerning = [
        f"{', '.join(f.obligations)}: {text(f'finding.{f.rule}', lang, **f.params)}"
        for f in findings
        if codes.intersection(f.obligations)
    ]
    return Checklist(
        scope=scope,
        made_on=made_on,
        lines=lines,
        findings=tuple(concerning),
        unassigned=tuple(unassigned),
    )


def _lines(rows: Sequence[Mapping[str, Any]], lang: str) -> list[ChecklistLine]:
    return [
        ChecklistLine(
            code=row["code"],
            title=row["title"],
            description=row["description"] or "",
            due=row["due"],
            due_rule=due_rule_text(
                row["due_anchor"], int(row["due_days"]), row["due_milestone"], lang
            ),
            from_owner=row["from_owner"] or "",
            to_owner=row["to_owner"] or "",
            acceptance_criteria=row["acceptance_criteria"] or "",
            evidence=tuple(row["evidence"] or ()),
            dependencies=tuple(row["dependencies"] or ()),
            status=label("status", row["status"], lang),
            handover_state=label("handover_state", row["handover_state"], lang),
        )
        for row in rows
    ]
