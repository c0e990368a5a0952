"""A new EU project from the close-out template: every grant rule's duty is there with a rule on
the project's end, the grant rules find nothing missing, and a bad request writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handover.cli import main
from handover.domain.grant_rules import GRANT_RULES
from handover.domain.model import DueAnchor, GrantDuty
from handover.domain.plan import parse_plan_json

PROFILE: dict[str, Any] = {
    "format": "handover-plan",
    "version": 1,
    "organisations": [
        {"id": "coord", "name": "Koordinator A/S", "exists_until": "2027-03-31"},
        {"id": "heir", "name": "Efterfølger", "exists_from": "2027-04-01"},
        {"id": "big", "name": "Stor partner", "exists_until": None},
        {"id": "small", "name": "Lille partner"},
    ],
    "projects": [
        {
            "id": "p2",
            "name": "Projekt 2",
            "programme": "Digital Europe",
            "start": "2024-01-01",
            "end": "2027-06-30",
            "coordinator": "coord",
            "grant_agreement": "101999999",
            "beneficiaries": [
                {"organisation": "coord", "requested_eur": 200000},
                {"organisation": "big", "requested_eur": 430000},
                {"organisation": "small", "requested_eur": 20000},
            ],
        }
    ],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_eu_project_from_the_template_carries_every_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(PROFILE), encoding="utf-8")
    target = tmp_path / "plan.json"
    code, out, _ = run(
        capsys,
        "new-from-template",
        str(source),
        "--project",
        "p2",
        "--prefix",
        "P2",
        "-o",
        str(target),
    )
    assert code == 0, out
    plan = parse_plan_json(target.read_bytes())
    duties = {o.grant_duty for o in plan.obligations}
    # The coordinator ceases before the balance: the amendment, not a LEAR update.
    assert duties == set(GrantDuty) - {GrantDuty.LEAR_UPDATE}
    assert all(
        o.due_rule is not None and o.due_rule.anchor is DueAnchor.PROJECT_END
        for o in plan.obligations
    )
    assert all(o.date_basis for o in plan.obligations)
    statements = [o for o in plan.obligations if o.grant_duty is GrantDuty.FINANCIAL_STATEMENT]
    assert len(statements) == 3
    assert [o.title for o in plan.obligations if o.grant_duty is GrantDuty.CFS] == [
        "Revisorerklæring (CFS) for Stor partner"
    ]
    due = plan.resolved_due()
    report = next(o for o in plan.obligations if o.grant_duty is GrantDuty.FINAL_REPORT)
    amendment = next(o for o in plan.obligations if o.grant_duty is GrantDuty.COORDINATOR_AMENDMENT)
    assert due[report.id] is not None and due[report.id].isoformat() == "2027-08-29"
    assert due[amendment.id] is not None and due[amendment.id].isoformat() == "2027-07-15"

    # Loaded and checked, no grant rule finds a duty missing, late or wrongly dated.
    db = tmp_path / "p2.duckdb"
    assert run(capsys, "--db", str(db), "import-json", str(target))[0] == 0
    _, out, _ = run(capsys, "--db", str(db), "check", "--as-of", "2027-05-01", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert not rules & {rule for rule in GRANT_RULES if rule.endswith(("missing", "late"))} - {
        "statement-signer-missing"
    }
    assert "final-report-due-differs" not in rules and "records-too-short" not in rules
    assert "cfs-required" not in rules
    # Nobody in the successor holds the ceasing coordinator's statement yet: that is the finding.
    assert "statement-signer-missing" in rules


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: None, "the project 'nope' is not in the plan document"),
        (lambda d: d["projects"][0].update(end=None), None),
    ],
)
def test_a_bad_template_request_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, message: str | None
) -> None:
    document = json.loads(json.dumps(PROFILE))
    change(document)
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "plan.json"
    project = "nope" if message else "p2"
    code, _, err = run(
        capsys,
        "new-from-template",
        str(source),
        "--project",
        project,
        "--prefix",
        "P2",
        "-o",
        str(target),
    )
    assert code == 2
    assert (message or "has no end date") in err
    assert not target.exists()
