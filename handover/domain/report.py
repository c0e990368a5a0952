"""Findings as a person or a scheduled job reads them: text grouped by severity, or JSON.

The JSON layout is documented in docs/check.md; `handover check` prints one of these.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from handover.domain.dates import format_date
from handover.domain.findings import Finding, Severity
from handover.domain.text import CATALOGUE, text

JSON_FORMAT = "handover-check"
JSON_VERSION = 1


def message(finding: Finding, lang: str) -> str:
    return text(f"finding.{finding.rule}", lang, **finding.params)


def fix(finding: Finding, lang: str) -> str:
    return text(f"fix.{finding.rule}", lang)


def source(finding: Finding, lang: str) -> str:
    """Where the rule is stated (EU grant and calendar rules), or "" for the planner's own."""
    key = f"source.{finding.rule}"
    return text(key, lang) if key in CATALOGUE else ""


def as_text(findings: Sequence[Finding], as_of: date, readiness: tuple[int, int], lang: str) -> str:
    ready, total = readiness
    lines = [text("check.heading", lang, date=format_date(as_of))]
    lines.append(text("check.readiness", lang, ready=ready, total=total))
    if not findings:
        lines.append(text("check.none", lang))
    for severity in sorted(Severity, reverse=True):
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{text(severity.label_key, lang)} ({len(group)})")
        for finding in group:
            codes = ", ".join(finding.obligations)
            lines.append(f"  [{finding.rule}] {codes}: {message(finding, lang)}")
            lines.append(f"      → {fix(finding, lang)}")
            if cited := source(finding, lang):
                lines.append(f"      {text('finding.source', lang, source=cited)}")
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], as_of: date, readiness: tuple[int, int], lang: str) -> str:
    counts = Counter(f.severity.name.lower() for f in findings)
    document: dict[str, Any] = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "as_of": as_of.isoformat(),
        "language": lang,
        "readiness": {"ready": readiness[0], "total": readiness[1]},
        "summary": {name: counts.get(name, 0) for name in ("blocker", "warning", "info")},
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.name.lower(),
                "obligations": list(f.obligations),
                "message": message(f, lang),
                "fix": fix(f, lang),
                "source": source(f, lang),
                "params": f.params,
            }
            for f in findings
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


Lines = dict[Severity, list[tuple[str, str, list[str]]]]


class Grouped(NamedTuple):
    """`grouped`'s lines, and what `grouped_again` reuses: the findings it grouped (held, so the
    id of each stays its own), each one's message by its id, and the messages of the findings not
    known that way by their rule and parameters (a message reads nothing else)."""

    lines: Lines
    counts: dict[Severity, int]  # findings per severity
    findings: Sequence[Finding]
    texts: dict[int, str]  # id -> message: ints and strings, nothing for the collector to walk
    worded: dict[tuple[str, tuple[tuple[str, str], ...]], str]


def grouped(findings: Sequence[Finding], lang: str) -> Lines:
    """Per severity, one (rule, message, codes) line per distinct message, codes de-duplicated,
    in the findings' order: what a dashboard lists."""
    return grouped_again(None, findings, lang).lines


def grouped_again(previous: Grouped | None, findings: Sequence[Finding], lang: str) -> Grouped:
    """`grouped`, reusing the message of every finding that `previous` (grouped in `lang` too)
    already worded: `evaluate_again` keeps the very findings of unchanged obligations, so after
    a status edit only the changed and the plan-wide findings are worded again."""
    if previous is not None and previous.findings is findings:
        return previous  # the same findings (`evaluate_again` keeps the list when none changed)
    # previous.findings are alive while `previous` is: an id in its texts is that finding's.
    known = previous.texts if previous is not None else {}
    before = previous.worded if previous is not None else {}
    worded: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}  # this time's new findings
    texts: dict[int, str] = {}
    counts: dict[Severity, int] = {}
    lines: dict[Severity, dict[tuple[str, str], list[str]]] = {}
    for finding in findings:
        seen = known.get(id(finding))
        if seen is not None:
            text_of = seen
        else:  # a new finding (a plan-wide rule's are new on every evaluation): worded once
            key = (finding.rule, tuple(finding.params.items()))
            text_of = worded.get(key) or before.get(key) or message(finding, lang)
            worded[key] = text_of
        texts[id(finding)] = text_of
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        lines.setdefault(finding.severity, {}).setdefault((finding.rule, text_of), []).extend(
            finding.obligations
        )
    return Grouped(
        {
            severity: [
                (rule, text_of, list(dict.fromkeys(codes)))
                for (rule, text_of), codes in group.items()
            ]
            for severity, group in lines.items()
        },
        counts,
        findings,
        texts,
        worded,
    )
