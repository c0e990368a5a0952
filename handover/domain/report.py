"""Findings as a person or a scheduled job reads them: text grouped by severity, or JSON.

The JSON layout is documented in docs/check.md; `handover check` prints one of these.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from handover.domain.dates import format_date
from handover.domain.evaluation import BucketChange, BucketKey, Findings
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


Line = tuple[str, str, list[str]]  # (rule, message, codes)
Lines = dict[Severity, list[Line]]
Words = dict[tuple[str, tuple[tuple[str, str], ...]], str]  # message by (rule, parameters)


class Segment(NamedTuple):
    """The lines of one bucket of findings (one severity and rule), and each by its message."""

    lines: list[Line]
    by_text: dict[str, Line]


class Grouped(NamedTuple):
    """`grouped`'s lines, and what `grouped_again` reuses: the findings it grouped (held, so they
    can be recognised), the lines of each bucket when the findings came in buckets (`Findings`),
    and each message by its rule and parameters (a message reads nothing else)."""

    lines: Lines
    counts: dict[Severity, int]  # findings per severity
    findings: Sequence[Finding]
    segments: dict[BucketKey, Segment] | None
    worded: Words


def grouped(findings: Sequence[Finding], lang: str) -> Lines:
    """Per severity, one (rule, message, codes) line per distinct message, codes de-duplicated,
    in the findings' order: what a dashboard lists."""
    return grouped_again(None, findings, lang).lines


def grouped_again(previous: Grouped | None, findings: Sequence[Finding], lang: str) -> Grouped:
    """`grouped`, brought up to date from `previous` (grouped in `lang` too): when `findings` were
    brought up to date from the findings `previous` grouped (`evaluate_again`), only the buckets
    that changed are, a finding at a time where each is one code of one line; otherwise grouped
    again in full, reusing the messages already worded."""
    if previous is not None and previous.findings is findings:
        return previous  # the same findings (`evaluate_again` keeps the list when none changed)
    if (
        previous is not None
        and previous.segments is not None
        and isinstance(findings, Findings)
        and findings.since() is previous.findings
    ):
        return _regrouped(previous, findings, lang)
    return _grouped_in_full(previous.worded if previous is not None else {}, findings, lang)


def _grouped_in_full(known: Words, findings: Sequence[Finding], lang: str) -> Grouped:
    worded: Words = {}
    counts: dict[Severity, int] = {}
    lines: dict[Severity, dict[tuple[str, str], list[str]]] = {}
    for finding in findings:
        key = (finding.rule, tuple(finding.params.items()))
        text_of = worded.get(key)
        if text_of is None:
            text_of = worded[key] = known.get(key) or message(finding, lang)
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        lines.setdefault(finding.severity, {}).setdefault((finding.rule, text_of), []).extend(
            finding.obligations
        )
    by_severity = {
        severity: [
            (rule, text_of, list(dict.fromkeys(codes))) for (rule, text_of), codes in group.items()
        ]
        for severity, group in lines.items()
    }
    segments: dict[BucketKey, Segment] | None = None
    if isinstance(findings, Findings):  # in buckets: each bucket's lines are together
        segments = {}
        for severity, severity_lines in by_severity.items():
            for line in severity_lines:
                segment = segments.setdefault((-severity, line[0]), Segment([], {}))
                segment.lines.append(line)
                segment.by_text[line[1]] = line
    return Grouped(by_severity, counts, findings, segments, worded)


def _regrouped(previous: Grouped, findings: Findings, lang: str) -> Grouped:
    """`previous` with the buckets that changed since its findings grouped again."""
    assert previous.segments is not None
    segments = dict(previous.segments)
    counts = dict(previous.counts)
    words = _Words(previous.worded, lang)
    severities: set[Severity] = set()
    for key, change in findings.changed.items():
        severity = Severity(-key[0])
        severities.add(severity)
        counts[severity] = counts.get(severity, 0) + len(change.now) - change.had
        segment = segments.get(key)
        updated = None
        if change.single and segment is not None:
            updated = _updated(segment, key[1], change, words)
        if updated is None:
            updated = _segment(key[1], change.now, words)
        if updated.lines:
            segments[key] = updated
        else:
            segments.pop(key, None)
    lines = dict(previous.lines)
    for severity in severities:
        if not counts.get(severity):
            counts.pop(severity, None)
            lines.pop(severity, None)
            continue
        lines[severity] = [
            line
            for key in sorted(key for key in segments if key[0] == -severity)
            for line in segments[key].lines
        ]
    return Grouped(lines, counts, findings, segments, words.worded(len(findings)))


class _Words:
    """Messages by rule and parameters: those known, and those worded now."""

    def __init__(self, known: Words, lang: str) -> None:
        self.known, self.lang = known, lang
        self.new: Words = {}

    def __call__(self, finding: Finding) -> str:
        key = (finding.rule, tuple(finding.params.items()))
        text_of = self.known.get(key) or self.new.get(key)
        if text_of is None:
            text_of = self.new[key] = message(finding, self.lang)
        return text_of

    def worded(self, findings: int) -> Words:
        """The known messages with the new: a new map only when there are new ones; begun again
        when messages no longer used would make it much larger than the findings."""
        if not self.new:
            return self.known
        if len(self.known) > 2 * findings + 1024:
            return dict(self.new)
        return {**self.known, **self.new}


def _segment(rule: str, findings: Sequence[Finding], words: _Words) -> Segment:
    """One bucket's lines from its findings (in order)."""
    codes_by_text: dict[str, list[str]] = {}
    for finding in findings:
        codes_by_text.setdefault(words(finding), []).extend(finding.obligations)
    lines = [
        (rule, text_of, list(dict.fromkeys(codes))) for text_of, codes in codes_by_text.items()
    ]
    return Segment(lines, {line[1]: line for line in lines})


def _updated(segment: Segment, rule: str, change: BucketChange, words: _Words) -> Segment | None:
    """`segment` with the codes of the findings removed and added taken out of and put in their
    lines (each finding one code, in no other finding of its bucket: the bucket's findings are
    in code order, so each line's codes are, and the lines are by their first code). None when
    a line is not where it should be."""
    lines, by_text = list(segment.lines), dict(segment.by_text)
    for finding in change.removed:
        text_of = words(finding)
        line = by_text.get(text_of)
        if line is None:
            return None
        (code,) = finding.obligations
        codes = line[2]
        at = bisect_left(codes, code)
        if at == len(codes) or codes[at] != code or not _replace_line(lines, line, None):
            return None
        if len(codes) == 1:
            del by_text[text_of]
            continue
        by_text[text_of] = rest = (rule, text_of, [*codes[:at], *codes[at + 1 :]])
        if not _replace_line(lines, None, rest):
            return None
    for finding in change.added:
        text_of = words(finding)
        (code,) = finding.obligations
        line = by_text.get(text_of)
        codes = [] if line is None else line[2]
        at = bisect_left(codes, code)
        if at < len(codes) and codes[at] == code:
            return None
        if line is not None and not _replace_line(lines, line, None):
            return None
        by_text[text_of] = more = (rule, text_of, [*codes[:at], code, *codes[at:]])
        if not _replace_line(lines, None, more):
            return None
    return Segment(lines, by_text)


def _first_code(line: Line) -> str:
    return line[2][0]


def _replace_line(lines: list[Line], old: Line | None, new: Line | None) -> bool:
    """Take `old` out of `lines` (ordered by first code) or put `new` in where its first code
    sorts; False when `old` is not there or `new`'s first code is another line's too."""
    if old is not None:
        at = bisect_left(lines, _first_code(old), key=_first_code)
        while at < len(lines) and lines[at] is not old:
            if _first_code(lines[at]) != _first_code(old):
                return False
            at += 1
        if at == len(lines):
            return False
        del lines[at]
    if new is not None:
        at = bisect_left(lines, _first_code(new), key=_first_code)
        if at < len(lines) and _first_code(lines[at]) == _first_code(new):
            return False
        lines.insert(at, new)
    return True
