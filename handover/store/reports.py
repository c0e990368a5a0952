"""Findings, readiness and checklists as the pages and the command line show them: one snapshot,
evaluated by the domain's rules, remembered until a write changes what they read (keys here)."""

from __future__ import annotations

from datetime import date

from handover.domain.checklist import Checklist, Scope
from handover.domain.checklist import build as build_checklist
from handover.domain.evaluation import Evaluation, evaluate_again
from handover.domain.findings import Finding, readiness_again
from handover.store import queries
from handover.store.database import Database


def plan_evaluation(database: Database, as_of: date) -> Evaluation:
    """The plan's findings as of `as_of` and what the next evaluation may reuse: after a write,
    only the obligations whose facts changed are checked again (`evaluate_again`)."""
    return database.remember_updating(
        ("reports.findings", as_of),
        lambda previous: evaluate_again(previous, queries.findings_snapshot(database), as_of),
        reads=queries.FINDINGS_READS,
    )


def plan_findings(database: Database, as_of: date) -> list[Finding]:
    """Every finding of the plan as of `as_of` (read-only: shared by every caller)."""
    return plan_evaluation(database, as_of).findings


def plan_readiness(database: Database) -> tuple[int, int]:
    """(ready, total) for the readiness score: after a write, only the obligations whose facts
    changed are counted again (`readiness_again`)."""
    counted = database.remember_updating(
        ("reports.readiness",),
        lambda previous: readiness_again(previous, queries.findings_snapshot(database)),
        reads=queries.FINDINGS_READS,
    )
    return counted.ready, counted.total


def checklist(database: Database, scope: Scope, made_on: date, lang: str) -> Checklist | None:
    """The checklist of `scope` with the plan's findings as of `made_on`; None when the scope
    holds no obligation."""
    rows = queries.checklist_rows(database, scope)
    if not rows:
        return None
    findings = plan_findings(database, made_on)
    unassigned = queries.unassigned_rows(database, scope)
    return build_checklist(scope, rows, findings, made_on, lang, unassigned)
