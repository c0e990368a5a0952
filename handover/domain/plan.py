"""The plan document: one versioned JSON format for a whole plan (seed, backup and interchange).

`parse_plan` checks everything before anything is written and reports each problem with the path of
the offending field (`obligations[3].due`); `plan_to_document` gives the canonical JSON-ready dict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import Any

from pydantic import ValidationError

from handover.domain.model import (
    Dependency,
    Milestone,
    MilestoneKind,
    Obligation,
    Organisation,
    Person,
    PlanSettings,
    Project,
    Record,
    Risk,
)
from handover.domain.problems import Problem as Problem  # re-exported: where the checks live
from handover.domain.rules import Candidate, Surroundings, check_obligations, cycle_problem
from handover.domain.schedule import find_cycle, resolve_due
from handover.domain.text import text

FORMAT = "handover-plan"
VERSION = 1
# Checked before `json.loads`: a plan of 10,000 obligations is ~10 MB and 4 levels deep, while
# `json.loads` recurses (100,000 nested arrays raise RecursionError) and holds ~10x its input.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 16
COLLECTIONS: tuple[str, ...] = (
    "organisations",
    "people",
    "projects",
    "milestones",
    "obligations",
    "dependencies",
    "risks",
)
RECORD_TYPES: dict[str, type[Record]] = {
    "organisations": Organisation,
    "people": Person,
    "projects": Project,
    "milestones": Milestone,
    "obligations": Obligation,
    "dependencies": Dependency,
    "risks": Risk,
}


class PlanError(ValueError):
    """The document is not a valid plan; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problem.render("en") for problem in self.problems))

    def render(self, lang: str = "da", limit: int = 50) -> str:
        lines = [problem.render(lang) for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(text("plan.more_problems", lang, count=len(self.problems) - limit))
        return "\n".join(lines)


@dataclass(frozen=True)
class Plan:
    """A whole, valid plan."""

    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    projects: tuple[Project, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    risks: tuple[Risk, ...] = ()
    settings: PlanSettings = field(default_factory=PlanSettings)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in COLLECTIONS}

    def resolved_due(
        self, obligations: Iterable[Obligation] | None = None
    ) -> dict[str, date | None]:
        """Every obligation's due date (or these obligations'), with rules resolved against the
        plan's projects and milestones."""
        projects = {project.id: project for project in self.projects}
        milestones = {milestone.id: milestone for milestone in self.milestones}
        work_calendar = self.settings.work_calendar()
        roll = self.settings.roll_deadlines
        return {
            obligation.id: resolve_due(obligation, projects, milestones, work_calendar, roll=roll)
            for obligation in (self.obligations if obligations is None else obligations)
        }


def format_path(location: Iterable[str | int]) -> str:
    """('obligations', 3, 'due') -> 'obligations[3].due'."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def nesting_depth(document: str) -> int:
    """How deep the JSON text's arrays and objects nest, without parsing it (brackets inside
    strings do not count; escapes are dropped first, so the quotes left delimit the strings)."""
    unescaped = document.replace("\\\\", "").replace('\\"', "")
    outside_strings = "".join(unescaped.split('"')[0::2])
    brackets = _NOT_BRACKETS.sub("", outside_strings)
    return max(accumulate(1 if bracket in "[{" else -1 for bracket in brackets), default=0)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_at(document: str) -> tuple[int, int]:
    """Line and column (1-based) of the bracket that goes deeper than MAX_DEPTH."""
    depth = 0
    for token in _TOKEN.finditer(document):
        if token.group() in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                line = document.count("\n", 0, token.start()) + 1
                return line, token.start() - document.rfind("\n", 0, token.start())
        elif token.group() in ("]", "}"):
            depth -= 1
    return 1, 1


def parse_plan_json(raw: bytes | str) -> Plan:
    """Parse and validate a plan document given as JSON text; size and nesting depth are checked
    before the JSON parser sees it, and every failure is a PlanError, never another exception."""
    check_size(len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass")))
    try:
        document = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise PlanError([Problem("", "plan.not_utf8", {"position": error.start})]) from error
    depth = nesting_depth(document)
    if depth > MAX_DEPTH:
        line, column = _too_deep_at(document)
        params = {"depth": depth, "limit": MAX_DEPTH, "line": line, "column": column}
        raise PlanError([Problem("", "plan.too_deep", params)])
    try:
        data = json.loads(document, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise PlanError(
            [
                Problem(
                    "",
                    "plan.not_json",
                    {"line": error.lineno, "column": error.colno, "why": error.msg},
                )
            ]
        ) from error
    except (ValueError, RecursionError) as error:  # NaN, a 5,000-digit number, ...
        raise PlanError([Problem("", "plan.bad_json_value", {"why": str(error)})]) from error
    return parse_plan(data)


def check_size(size: int) -> None:
    """PlanError when a document of `size` bytes is more than is read (checked before reading)."""
    if size > MAX_DOCUMENT_BYTES:
        raise PlanError(
            [Problem("", "plan.too_large", {"size": _megabytes(size), "limit": _megabytes(None)})]
        )


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _megabytes(size: int | None) -> str:
    return f"{(MAX_DOCUMENT_BYTES if size is None else size) / (1024 * 1024):.1f}"


def parse_plan(data: object) -> Plan:
    """Validate a decoded plan document: structure, types, dates, references, cycles, uniqueness."""
    if not isinstance(data, dict):
        raise PlanError([Problem("", "plan.not_object")])
    problems: list[Problem] = []
    if data.get("format") != FORMAT:
        problems.append(Problem("format", "plan.wrong_format", {"expected": FORMAT}))
    version = data.get("version")
    if type(version) is not int:
        problems.append(Problem("version", "plan.wrong_version", {"supported": VERSION}))
    elif version > VERSION:
        problems.append(
            Problem("version", "plan.newer_version", {"version": version, "supported": VERSION})
        )
    elif version != VERSION:
        problems.append(Problem("version", "plan.wrong_version", {"supported": VERSION}))
    for key in data:
        if key not in (*COLLECTIONS, "format", "version", "settings"):
            problems.append(Problem(str(key), "plan.unknown_field"))

    records: dict[str, list[Any]] = {}
    for name in COLLECTIONS:
        items = data.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(name, "plan.not_list"))
            continue
        records[name] = []
        for index, item in enumerate(items):
            try:
                # Strict JSON-mode validation: dates only as "yyyy-mm-dd" strings, no coercions.
                records[name].append(
                    RECORD_TYPES[name].model_validate_json(json.dumps(item), strict=True)
                )
            except ValidationError as error:
                problems.extend(problems_from(error, (name, index)))
    settings = PlanSettings()
    try:
        settings = PlanSettings.model_validate_json(
            json.dumps(data.get("settings", {})), strict=True
        )
    except ValidationError as error:
        problems.extend(problems_from(error, ("settings",)))
    if problems:
        raise PlanError(problems)

    plan = Plan(
        **{name: tuple(items) for name, items in records.items()},
        settings=settings,
    )
    problems.extend(_document_problems(plan))
    if problems:
        raise PlanError(problems)
    problems.extend(check_references(plan))
    if problems:
        raise PlanError(problems)
    return plan


def _document_problems(plan: Plan) -> list[Problem]:
    """What a document can hold that no form can make: a risk linked to one obligation twice,
    and a due rule whose date falls off the calendar (31.12.9999 + 60 days)."""
    problems: list[Problem] = []
    for i, risk in enumerate(plan.risks):
        first: dict[str, int] = {}
        for j, ref in enumerate(risk.obligations):
            if ref in first:
                problems.append(
                    Problem(
                        f"risks[{i}].obligations[{j}]",
                        "plan.duplicate_link",
                        {"id": ref, "first": f"risks[{i}].obligations[{first[ref]}]"},
                    )
                )
            else:
                first[ref] = j
    projects = {project.id: project for project in plan.projects}
    milestones = {milestone.id: milestone for milestone in plan.milestones}
    for i, obligation in enumerate(plan.obligations):
        if obligation.due_rule is None:
            continue
        try:
            resolve_due(obligation, projects, milestones)
        except (OverflowError, ValueError):
            problems.append(
                Problem(
                    f"obligations[{i}].due_rule.days",
                    "plan.due_off_calendar",
                    {"code": obligation.code, "days": obligation.due_rule.days},
                )
            )
    return problems


_EXPECTED_TYPE = {
    "float": "plan.expected_number",
    "int": "plan.expected_integer",
    "string": "plan.expected_text",
    "bool": "plan.expected_boolean",
    "tuple": "plan.expected_list",
    "list": "plan.expected_list",
    "dict": "plan.expected_object",
    "model": "plan.expected_object",
}


def problems_from(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """pydantic's errors as Problems with paths below `prefix`, in the catalogue's words."""
    problems = []
    for detail in error.errors(include_url=False):
        location = (*prefix, *detail["loc"])
        kind = detail["type"]
        params: dict[str, Any] = {"why": detail["msg"].removeprefix("Value error, ")}
        if kind == "missing":
            key = "plan.missing_field"
        elif kind == "outside_window":
            key = "plan.outside_window"
            params = dict(detail.get("ctx") or {})
        elif kind == "control_character":
            key = (
                "plan.control_character" if detail["ctx"]["multi_line"] else "plan.control_one_line"
            )
            params = {"char": detail["ctx"]["char"]}
        elif kind == "lag_out_of_range":
            key = f"plan.lag_out_of_range.{detail['ctx']['unit']}"
            params = {"limit": detail["ctx"]["limit"]}
        elif kind == "extra_forbidden":
            key = "plan.unknown_field"
        elif kind.startswith("date_"):
            key = "plan.bad_date"
            params["value"] = detail.get("input")
        elif kind in {"enum", "literal_error"}:
            key = "plan.bad_choice"
            params["value"] = detail.get("input")
            params["allowed"] = (detail.get("ctx") or {}).get("expected", "")
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            key = _EXPECTED_TYPE.get(kind.split("_")[0], "plan.wrong_type")
            params["value"] = detail.get("input")
        else:
            key = "plan.invalid_value"
        problems.append(Problem(format_path(location), key, params))
    return problems


def _index(items: Sequence[Any], collection: str, problems: list[Problem]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for position, item in enumerate(items):
        if item.id in seen:
            problems.append(
                Problem(
                    f"{collection}[{position}].id",
                    "plan.duplicate_id",
                    {"id": item.id, "first": f"{collection}[{seen[item.id]}]"},
                )
            )
        else:
            seen[item.id] = position
    return seen


def check_references(plan: Plan) -> list[Problem]:
    """Cross-record rules: unique ids and codes, references that resolve, no cycles, sane dates."""
    problems: list[Problem] = []
    organisations = _index(plan.organisations, "organisations", problems)
    people = _index(plan.people, "people", problems)
    projects = _index(plan.projects, "projects", problems)
    _index(plan.milestones, "milestones", problems)
    obligations = _index(plan.obligations, "obligations", problems)
    _index(plan.risks, "risks", problems)

    def must_exist(path: str, ref: str | None, known: Mapping[str, int], kind: str) -> None:
        if ref is not None and ref not in known:
            problems.append(Problem(path, "plan.unknown_reference", {"id": ref, "kind": kind}))

    problems.extend(check_organisations(plan.organisations))
    for i, person in enumerate(plan.people):
        must_exist(f"people[{i}].organisation", person.organisation, organisations, "organisations")
    for i, project in enumerate(plan.projects):
        must_exist(
            f"projects[{i}].coordinator", project.coordinator, organisations, "organisations"
        )
        if _before(project.end, project.start):
            problems.append(Problem(f"projects[{i}].end", "plan.end_before_start"))
    transition_seen = False
    for i, milestone in enumerate(plan.milestones):
        must_exist(f"milestones[{i}].project", milestone.project, projects, "projects")
        if milestone.kind is MilestoneKind.TRANSITION:
            if transition_seen:
                problems.append(Problem(f"milestones[{i}].kind", "plan.second_transition"))
            transition_seen = True

    # The obligations by the one rulebook (its standing rules: each is its own "before").
    around = Surroundings(
        projects={project.id: project for project in plan.projects},
        milestones={milestone.id: milestone for milestone in plan.milestones},
        people={person.id: person for person in plan.people},
        organisations={organisation.id: organisation for organisation in plan.organisations},
    )
    candidates = [
        Candidate(obligation, f"obligations[{i}]", before=obligation)
        for i, obligation in enumerate(plan.obligations)
    ]
    problems.extend(check_obligations(candidates, around).problems)

    seen_pairs: set[tuple[str, str]] = set()
    for i, dependency in enumerate(plan.dependencies):
        path = f"dependencies[{i}]"
        must_exist(f"{path}.predecessor", dependency.predecessor, obligations, "obligations")
        must_exist(f"{path}.successor", dependency.successor, obligations, "obligations")
        pair = (dependency.predecessor, dependency.successor)
        if dependency.predecessor == dependency.successor:
            problems.append(Problem(f"{path}.successor", "plan.self_dependency"))
        elif pair in seen_pairs:
            problems.append(Problem(path, "plan.duplicate_dependency"))
        seen_pairs.add(pair)
    cycle = cycle_problem(
        ((d.predecessor, d.successor) for d in plan.dependencies),
        {obligation.id: obligation.code for obligation in plan.obligations},
        "dependencies",
    )
    if cycle is not None:
        problems.append(cycle)

    for i, risk in enumerate(plan.risks):
        must_exist(f"risks[{i}].owner", risk.owner, people, "people")
        for j, ref in enumerate(risk.obligations):
            must_exist(f"risks[{i}].obligations[{j}]", ref, obligations, "obligations")
    return problems


def check_organisations(organisations: Sequence[Organisation]) -> list[Problem]:
    """Successors exist, are never the organisation itself and form no ring; exists-until is not
    before exists-from. Used for whole plans and for one edited organisation among the rest."""
    problems: list[Problem] = []
    known = {organisation.id for organisation in organisations}
    successors: dict[str, str] = {}
    for i, organisation in enumerate(organisations):
        path = f"organisations[{i}]"
        if organisation.successor is not None and organisation.successor not in known:
            problems.append(
                Problem(
                    f"{path}.successor",
                    "plan.unknown_reference",
                    {"id": organisation.successor, "kind": "organisations"},
                )
            )
        if organisation.successor == organisation.id:
            problems.append(Problem(f"{path}.successor", "plan.own_successor"))
        elif organisation.successor is not None:
            successors[organisation.id] = organisation.successor
        if _before(organisation.exists_until, organisation.exists_from):
            problems.append(Problem(f"{path}.exists_until", "plan.until_before_from"))
    cycle = find_cycle({org: [successor] for org, successor in successors.items()})
    if cycle:
        names = {organisation.id: organisation.name for organisation in organisations}
        problems.append(
            Problem(
                "organisations",
                "plan.succession_cycle",
                {"cycle": " → ".join(names.get(node, node) for node in cycle)},
            )
        )
    return problems


def _before(later: date | None, earlier: date | None) -> bool:
    return later is not None and earlier is not None and later < earlier


def plan_to_document(plan: Plan) -> dict[str, Any]:
    """The canonical document: every field present, dates as ISO strings, records in id order."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "settings": plan.settings.model_dump(mode="json"),
    }
    for name in COLLECTIONS:
        items: Sequence[Record] = getattr(plan, name)
        if name == "dependencies":
            ordered = sorted(items, key=lambda d: (d.predecessor, d.successor))  # type: ignore[attr-defined]
        else:
            ordered = sorted(items, key=lambda r: r.id)  # type: ignore[attr-defined]
        document[name] = [item.model_dump(mode="json") for item in ordered]
    for risk in document["risks"]:
        risk["obligations"] = sorted(
            risk["obligations"]
        )  # a set of links; order carries no meaning
    return document


def dump_plan(plan: Plan) -> str:
    """The plan document as pretty, stable, UTF-8-friendly JSON text ending in a newline."""
    return json.dumps(plan_to_document(plan), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class CollectionChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _key(name: str, record: Any) -> str:
    return f"{record.predecessor} → {record.successor}" if name == "dependencies" else record.id


def diff_plans(current: Plan, incoming: Plan) -> dict[str, CollectionChange]:
    """What replacing `current` by `incoming` would change, per collection, by id."""
    changes = {}
    for name in COLLECTIONS:
        before = {_key(name, r): r.model_dump(mode="json") for r in getattr(current, name)}
        after = {_key(name, r): r.model_dump(mode="json") for r in getattr(incoming, name)}
        changes[name] = CollectionChange(
            added=tuple(sorted(set(after) - set(before))),
            removed=tuple(sorted(set(before) - set(after))),
            changed=tuple(sorted(k for k in set(before) & set(after) if before[k] != after[k])),
        )
    return changes
