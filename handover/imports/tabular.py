"""Rows of a spreadsheet checked against the plan: which column is which field, what each cell
means, and for every row whether it adds, updates or leaves alone an obligation, person or
organisation — with every problem named by row, column and value. Pure: no database, no files.

Cells: Danish dates `d.m.yyyy` (leading zeros optional) or ISO `yyyy-mm-dd`, or real date cells;
amounts with a decimal comma (`1.234,50`) or point (`1234.50`); vocabularies by their Danish or
English label or their code; people by id, name, role, "name (role)", e-mail, "label ·
organisation" or "organisation · label"; organisations and projects by id or name; evidence one
item a line, a line starting with a blank continuing the item above (domain/cells.py). On an
update an empty cell leaves the field as it is. A leading apostrophe that protected formula-like
text on export (`'=SUM`) is taken off again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from handover.domain.cells import fold, person_forms, split_items
from handover.domain.checklist import unneutralise
from handover.domain.dates import FIRST_DAY, LAST_DAY, format_date, in_window, parse_date
from handover.domain.fields import IMPORTED_FIELDS, PLAIN_TEXT_FIELDS
from handover.domain.model import (
    Category,
    Obligation,
    Organisation,
    Person,
    Priority,
    Status,
)
from handover.domain.plan import Plan, problems_from
from handover.domain.text import CATALOGUE, label, text
from handover.imports.files import Cell, Table


class Entity(StrEnum):
    OBLIGATIONS = "obligations"
    PEOPLE = "people"
    ORGANISATIONS = "organisations"


@dataclass(frozen=True)
class ImportField:
    name: str  # the record's field
    label_key: str  # its column heading in the catalogue (Danish and English)
    synonyms: tuple[str, ...] = ()  # other headings people use, either language
    key: bool = False  # identifies the row (code; organisation name)
    required: bool = False  # needed to add a new row


FIELDS: Mapping[Entity, tuple[ImportField, ...]] = {
    # From the one declaration of an obligation's fields (domain/fields.py).
    Entity.OBLIGATIONS: tuple(
        ImportField(f.name, f.label, f.headings, key=f.key, required=f.required)
        for f in IMPORTED_FIELDS
    ),
    Entity.PEOPLE: (
        ImportField("id", "import.col_id", ("id",), key=True),
        ImportField("name", "col.name", ("navn", "fulde navn", "full name", "person")),
        ImportField(
            "title",
            "col.person_title",
            ("titel", "rolle", "role", "title", "stilling", "job title"),
        ),
        ImportField(
            "organisation",
            "col.organisation",
            ("organisation", "org", "organization", "arbejdsgiver"),
            required=True,
        ),
        ImportField("email", "col.email", ("email", "mail", "e-mail-adresse", "email address")),
        ImportField("active", "col.active", ()),
        ImportField("language", "col.language", ("sprog", "language", "lang")),
    ),
    Entity.ORGANISATIONS: (
        ImportField(
            "name",
            "col.name",
            ("navn", "organisation", "organization", "org"),
            key=True,
            required=True,
        ),
        ImportField("kind", "col.kind", ("slags", "type", "art")),
        ImportField("exists_from", "col.exists_from", ("fra", "oprettet", "from", "established")),
        ImportField(
            "exists_until", "col.exists_until", ("til", "nedlægges", "ophører", "until", "ceases")
        ),
        ImportField("successor", "col.successor", ("efterfølger", "successor", "overgår til")),
        ImportField("notes", "col.notes", ("note", "bemærkninger", "noter")),
    ),
}


def field_label(entity: Entity, name: str, lang: str) -> str:
    """The column heading of a field in the user's language."""
    item = next(item for item in FIELDS[entity] if item.name == name)
    return text(item.label_key, lang)


def normalise_heading(heading: str) -> str:
    """`" Beløb (EUR) "` -> `"beløb eur"`: case, punctuation and spacing do not matter."""
    return fold(heading)


def _headings(entity: Entity) -> dict[str, str]:
    """Every accepted heading (normalised) -> field; the catalogue labels win over synonyms."""
    found: dict[str, str] = {}
    for item in FIELDS[entity]:
        for synonym in item.synonyms:
            words = CATALOGUE.get(synonym, (synonym, synonym))
            for word in words:
                found.setdefault(normalise_heading(word), item.name)
    for item in FIELDS[entity]:
        for word in CATALOGUE[item.label_key]:
            found[normalise_heading(word)] = item.name
    return found


def guess_mapping(headers: Sequence[str], entity: Entity) -> dict[int, str]:
    """Column index -> field, for the headings recognised; each field taken once (first wins)."""
    known = _headings(entity)
    mapping: dict[int, str] = {}
    for index, heading in enumerate(headers):
        name = known.get(normalise_heading(heading))
        if name is not None and name not in mapping.values():
            mapping[index] = name
    return mapping


def guess_entity(headers: Sequence[str]) -> Entity:
    """The kind of rows the headings describe best (the most headings recognised); on a tie
    obligations, then people."""
    order = list(Entity)
    return max(
        Entity,
        key=lambda entity: (len(guess_mapping(headers, entity)), -order.index(entity)),
    )


# --------------------------------------------------------------------------- the outcome


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong: sheet row (as the user sees it; 0 for the file), column heading, the
    value as given, and a catalogue key with its parameters."""

    row: int
    column: str
    value: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def problem_message(problem: RowProblem, lang: str) -> str:
    """The message in `lang`; parameters ending in `_key` are catalogue keys (a column's
    heading), `vocabulary` + `values` the choices of a vocabulary, both said in `lang`."""
    params = dict(problem.params)
    for name in [n for n in params if n.endswith("_key")]:
        params[name[:-4]] = text(params.pop(name), lang)
    if "vocabulary" in params:
        vocabulary = params.pop("vocabulary")
        params["choices"] = ", ".join(
            label(vocabulary, value, lang) for value in str(params.pop("values")).split(",")
        )
    return text(problem.key, lang, **params)


@dataclass(frozen=True)
class Defaults:
    """What a new obligation gets when the file has no column (or an empty cell) for it, chosen
    in the preview per file; and whether owners the plan does not know become new people (in
    `organisation`, the plan's first when None) instead of a problem on their row."""

    category: Category = Category.OPERATIONS
    priority: Priority = Priority.MEDIUM
    status: Status = Status.NOT_STARTED
    create_people: bool = False
    organisation: str | None = None


@dataclass(frozen=True)
class RowAction:
    row: int
    action: str  # "add", "update" or "unchanged"
    record: Obligation | Person | Organisation
    version: int | None  # the version the row was checked against (None when added)
    changes: Mapping[str, tuple[Any, Any]]  # field -> (before, after)


@dataclass
class Preview:
    entity: Entity
    mapping: dict[int, str]
    headers: list[str]
    actions: list[RowAction] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0
    defaulted: dict[str, int] = field(default_factory=dict)  # field -> new rows given the default
    unknown_people: list[str] = field(default_factory=list)  # owners the plan does not know

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def problem_rows(self) -> set[int]:
        return {problem.row for problem in self.problems}

    def writes(self, *, clean_rows_only: bool = False) -> list[RowAction]:
        """What would be written: everything when the file is clean; the rows without problems
        when asked (never when the file itself has a problem); else nothing."""
        if self.problems and not (clean_rows_only and 0 not in self.problem_rows):
            return []
        bad = self.problem_rows
        return [a for a in self.actions if a.action != "unchanged" and a.row not in bad]

    def counts(self) -> dict[str, int]:
        bad = self.problem_rows
        result = {"add": 0, "update": 0, "unchanged": 0, "problem_rows": len(bad - {0})}
        for action in self.actions:
            if action.row not in bad:
                result[action.action] += 1
        return result


@dataclass(frozen=True)
class Reference:
    """What the rows are checked against: the plan as stored and each row's version."""

    plan: Plan
    versions: Mapping[str, Mapping[str, int]]  # table -> id -> version


# --------------------------------------------------------------------------- cells


class CellError(ValueError):
    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(key)


def cell_text(cell: Cell) -> str:
    """The cell as the user typed it (dates as dd.mm.yyyy)."""
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.strftime("%d.%m.%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def parse_day(cell: Cell) -> date:
    """A date cell (a real date, or dd.mm.yyyy / yyyy-mm-dd text) within the planner's window:
    31.12.9999, the usual "no end date", is refused with the window named (docs/import.md)."""
    if isinstance(cell, date):
        day = cell.date() if isinstance(cell, datetime) else cell
    else:
        try:
            day = parse_date(cell_text(cell))
        except ValueError as error:
            raise CellError("import.bad_date") from error
    if not in_window(day):
        raise CellError(
            "plan.outside_window",
            value=format_date(day),
            first=format_date(FIRST_DAY),
            last=format_date(LAST_DAY),
        )
    return day


_AMOUNT_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
_AMOUNT_POINT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")


def parse_amount(cell: Cell) -> float:
    """`1.234,50`, `1234,5`, `1234.50`, `1,234.50` (€, EUR and spaces ignored)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        value = float(cell)
    else:
        raw = re.sub(r"(?i)eur|€|kr\.?|\s|\u00a0", "", cell_text(cell))
        if _AMOUNT_COMMA.match(raw) and (
            "," in raw or raw.count(".") != 1 or re.search(r"\.\d{3}$", raw)
        ):
            value = float(raw.replace(".", "").replace(",", "."))
        elif _AMOUNT_POINT.match(raw):
            value = float(raw.replace(",", ""))
        else:
            raise CellError("import.bad_amount")
    if value < 0:
        raise CellError("import.negative_amount")
    return value


def _vocabulary(enum: type[StrEnum], vocab: str) -> Callable[[Cell], StrEnum]:
    names: dict[str, StrEnum] = {}
    for member in enum:
        names[normalise_heading(member.value)] = member
        names[normalise_heading(member.value.replace("_", " "))] = member
        for lang in ("da", "en"):
            names[normalise_heading(label(vocab, member.value, lang))] = member

    def parse(cell: Cell) -> StrEnum:
        found = names.get(normalise_heading(cell_text(cell)))
        if found is None:
            raise CellError(
                "import.bad_choice",
                vocabulary=vocab,
                values=",".join(member.value for member in enum),
            )
        return found

    return parse


parse_category = _vocabulary(Category, "category")
parse_status = _vocabulary(Status, "status")
parse_priority = _vocabulary(Priority, "priority")

_LANGUAGES = {
    "da": "da",
    "dansk": "da",
    "danish": "da",
    "en": "en",
    "engelsk": "en",
    "english": "en",
}


def parse_language(cell: Cell) -> str:
    """A person's language: da/en, or its name in Danish or English."""
    found = _LANGUAGES.get(normalise_heading(cell_text(cell)))
    if found is None:
        raise CellError("import.bad_language")
    return found


_TRUE = {"1", "ja", "yes", "true", "sand", "x", "aktiv", "active"}
_FALSE = {"0", "nej", "no", "false", "falsk", "inaktiv", "inactive"}


def parse_bool(cell: Cell) -> bool:
    value = normalise_heading(cell_text(cell))
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError("import.bad_bool")


class _Lookup:
    """Names -> ids for people, organisations and projects, case and spacing ignored; a name
    that fits two records is ambiguous, never a guess."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        self.by_name: dict[str, set[str]] = {}
        self.ids: set[str] = set()
        for record_id, names in entries:
            self.ids.add(record_id)
            for name in {record_id, *names}:
                if name.strip():
                    self.by_name.setdefault(normalise_heading(name), set()).add(record_id)

    def find(self, cell: Cell, kind: str) -> str:
        raw = cell_text(cell).strip()
        if raw in self.ids:
            return raw
        found = self.by_name.get(normalise_heading(raw), set())
        if len(found) == 1:
            return next(iter(found))
        if not found:
            raise CellError(f"import.unknown_{kind}")
        raise CellError("import.ambiguous_name", matches=", ".join(sorted(found)))


def _people_lookup(plan: Plan) -> _Lookup:
    """A person by every form `person_forms` names: id, name, role, "name (role)", e-mail,
    "label · organisation" (as the checklists and the register export write it, with the id
    where it is ambiguous) or "organisation · label" (as the register shows people)."""
    names = {organisation.id: organisation.name for organisation in plan.organisations}
    return _Lookup(
        (person.id, person_forms(person, names.get(person.organisation, person.organisation)))
        for person in plan.people
    )


# --------------------------------------------------------------------------- rows


@dataclass
class _Row:
    number: int
    cells: dict[str, Cell]  # field -> cell, only mapped columns with something in them
    headers: dict[str, str]  # field -> column heading


def _rows(table: Table, mapping: Mapping[int, str]) -> list[_Row]:
    rows = []
    headings = {name: table.headers[index] for index, name in mapping.items()}
    guarded = table.kind == "csv"
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        present: dict[str, Cell] = {}
        for index, name in mapping.items():
            cell = cells[index] if index < len(cells) else None
            if cell_text(cell).strip() == "":
                continue  # an empty cell: the field is left as it is
            present[name] = unneutralise(cell) if guarded and isinstance(cell, str) else cell
        rows.append(_Row(number, present, headings))
    return rows


def preview(
    table: Table,
    entity: Entity,
    reference: Reference,
    mapping: Mapping[int, str] | None = None,
    defaults: Defaults | None = None,
) -> Preview:
    """Every row checked; nothing written. `mapping` overrides the guessed column mapping;
    `defaults` fill what obligations lack (see Defaults)."""
    chosen = dict(guess_mapping(table.headers, entity) if mapping is None else mapping)
    result = Preview(
        entity,
        chosen,
        list(table.headers),
        ignored_columns=[h for i, h in enumerate(table.headers) if i not in chosen and h],
        rows=len(table.rows),
    )
    fields = {item.name: item for item in FIELDS[entity]}
    for name in [n for n in chosen.values() if n not in fields]:
        raise ValueError(f"unknown field for {entity}: {name}")
    keys = [item for item in FIELDS[entity] if item.key]
    # An obligation is found by its code, or — in a plain list without codes — by its title.
    titled = entity is Entity.OBLIGATIONS and "title" in chosen.values()
    if (
        entity is not Entity.PEOPLE
        and not titled
        and not any(k.name in chosen.values() for k in keys)
    ):
        result.problems.append(
            RowProblem(0, "", "", "import.missing_key", {"column_key": keys[0].label_key})
        )
        return result
    if not table.rows:
        result.problems.append(RowProblem(0, "", "", "import.no_rows"))
        return result
    if entity is Entity.OBLIGATIONS:
        _obligation_rows(_rows(table, chosen), reference, result, defaults or Defaults())
        return result
    check = {Entity.PEOPLE: _person_rows, Entity.ORGANISATIONS: _organisation_rows}[entity]
    check(_rows(table, chosen), reference, result, set(chosen.values()))
    return result


class _RowChecker:
    """Collects one row's problems; `take` parses a cell and records a problem instead of
    raising."""

    def __init__(self, row: _Row, problems: list[RowProblem]) -> None:
        self.row, self.problems, self.failed = row, problems, False

    def add(self, name: str, key: str, **params: Any) -> None:
        """A problem in the column of field `name` (empty: the row as a whole)."""
        self.failed = True
        self.problems.append(
            RowProblem(
                self.row.number,
                self.row.headers.get(name, ""),
                cell_text(self.row.cells.get(name)) if name else "",
                key,
                params,
            )
        )

    def take(self, name: str, parse: Callable[[Cell], Any], values: dict[str, Any]) -> None:
        if name not in self.row.cells:
            return
        try:
            values[name] = parse(self.row.cells[name])
        except CellError as error:
            self.add(name, error.key, **error.params)

    def validated(self, model: type[BaseModel], data: dict[str, Any]) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for detail, problem in zip(error.errors(), problems_from(error), strict=True):
                location = detail["loc"][0] if detail["loc"] else ""
                name = (
                    str(location)
                    if str(location) in self.row.headers
                    else next(iter(self.row.headers), "")
                )
                if problem.key in _MODEL_KEYS:  # the model's own words, in either language
                    self.add(name, problem.key, **problem.params)
                else:
                    self.add(name, "import.invalid", why=detail["msg"])
            return None


# Problems the records' validators word themselves (in both languages): said as they are.
_MODEL_KEYS = frozenset({"plan.outside_window", "plan.control_character", "plan.control_one_line"})


def _text(cell: Cell) -> str:
    return cell_text(cell).strip()


def _changes(
    before: BaseModel | None, after: BaseModel, names: Iterable[str]
) -> dict[str, tuple[Any, Any]]:
    if before is None:
        return {}
    return {
        name: (getattr(before, name), getattr(after, name))
        for name in names
        if getattr(before, name) != getattr(after, name)
    }


def _obligation_rows(
    rows: list[_Row], reference: Reference, result: Preview, defaults: Defaults
) -> None:
    plan = reference.plan
    by_code = {obligation.code.casefold(): obligation for obligation in plan.obligations}
    by_title: dict[str, list[Obligation]] = {}
    for obligation in plan.obligations:
        by_title.setdefault(normalise_heading(obligation.title), []).append(obligation)
    versions = reference.versions.get("obligations", {})
    people = _people_lookup(plan)
    newcomers = _Newcomers(plan, defaults, result)
    projects = _Lookup((project.id, (project.name,)) for project in plan.projects)
    resolved = plan.resolved_due()
    seen: dict[str, int] = {}
    taken_ids = {obligation.id for obligation in plan.obligations}
    codes = {obligation.code.casefold() for obligation in plan.obligations}
    for row in rows:
        check = _RowChecker(row, result.problems)
        code = _text(row.cells.get("code"))
        title = _text(row.cells.get("title"))
        existing: Obligation | None = None
        if not code and title:
            same = by_title.get(normalise_heading(title), [])
            if len(same) > 1:
                check.add("title", "import.ambiguous_title", codes=", ".join(o.code for o in same))
                continue
            existing = same[0] if same else None
            code = existing.code if existing else _free_code(title, codes)
            codes.add(code.casefold())
        if not code:
            check.add("code", "import.missing_value")
            continue
        if code.casefold() in seen:
            check.add(
                "code" if "code" in row.cells else "title",
                "import.duplicate_key",
                first=seen[code.casefold()],
            )
            continue
        seen[code.casefold()] = row.number
        values: dict[str, Any] = {}
        for name in PLAIN_TEXT_FIELDS:
            if name in row.cells:
                values[name] = (
                    cell_text(row.cells[name]) if name != "title" else _text(row.cells[name])
                )
        check.take("category", parse_category, values)
        check.take("status", parse_status, values)
        check.take("priority", parse_priority, values)
        check.take("start", parse_day, values)
        check.take("due", parse_day, values)
        check.take("amount_eur", parse_amount, values)
        for owner in ("current_owner", "receiving_owner"):
            check.take(owner, functools.partial(newcomers.find, people, row=row.number), values)
        check.take("project", lambda c: projects.find(c, "project"), values)
        if "evidence" in row.cells:
            values["evidence"] = split_items(cell_text(row.cells["evidence"]))
        existing = existing or by_code.get(code.casefold())
        if existing is not None and existing.deleted:
            check.add("code", "import.deleted_code")
        if existing is None:
            for name, default in (
                ("category", defaults.category),
                ("priority", defaults.priority),
                ("status", defaults.status),
            ):
                if name not in row.cells:
                    values[name] = default
                    result.defaulted[name] = result.defaulted.get(name, 0) + 1
            for item in FIELDS[Entity.OBLIGATIONS]:
                if item.required and item.name not in row.cells and item.name not in values:
                    check.add("", "import.required", column_key=item.label_key)
        if check.failed:
            continue
        if existing is None:
            new_id = _free_id(code, taken_ids)
            taken_ids.add(new_id)
            _act(result, check, Obligation, {"id": new_id, "code": code, **values})
            continue
        data = existing.model_dump()
        if "due" in values and existing.due_rule is not None:
            if values["due"] == resolved.get(existing.id):
                del values["due"]  # the rule gives this date already: keep the rule
            else:
                data["due_rule"] = None  # a date that differs replaces the rule
        data.update(values)
        data["code"] = existing.code
        _act(result, check, Obligation, data, existing, [*values, "due_rule"], versions)
    newcomers.add_actions()


class _Newcomers:
    """Owners the plan does not know: listed in the preview; with `create_people` each becomes
    one new person (named as written, in the chosen organisation) that the rows then name."""

    def __init__(self, plan: Plan, defaults: Defaults, result: Preview) -> None:
        self.defaults, self.result = defaults, result
        self.organisation = defaults.organisation or (
            plan.organisations[0].id if plan.organisations else None
        )
        self.taken = {person.id for person in plan.people}
        self.people: dict[str, tuple[int, Person]] = {}  # normalised name -> (first row, person)

    def find(self, people: _Lookup, cell: Cell, *, row: int) -> str:
        try:
            return people.find(cell, "person")
        except CellError as error:
            if error.key != "import.unknown_person":
                raise
        name = _text(cell)
        key = normalise_heading(name)
        if name not in self.result.unknown_people:
            self.result.unknown_people.append(name)
        if not self.defaults.create_people or self.organisation is None or not key:
            raise CellError("import.unknown_person_offer")
        if key not in self.people:
            person_id = _free_id(name, self.taken)
            self.taken.add(person_id)
            self.people[key] = (
                row,
                Person(id=person_id, name=name[:200], organisation=self.organisation),
            )
        return self.people[key][1].id

    def add_actions(self) -> None:
        for row, person in self.people.values():
            self.result.actions.append(RowAction(row, "add", person, None, {}))


def _free_code(title: str, codes: set[str]) -> str:
    """A code for a row that has none: IMP-1, IMP-2, … (the first free)."""
    number = 1
    while f"imp-{number}" in codes:
        number += 1
    return f"IMP-{number}"


def _act(
    result: Preview,
    check: _RowChecker,
    model: type[BaseModel],
    data: dict[str, Any],
    existing: Obligation | Person | Organisation | None = None,
    compared: Iterable[str] = (),
    versions: Mapping[str, int] | None = None,
) -> None:
    """The row's action once its record validates: add (no `existing`), else update or
    unchanged by the `compared` fields, with the version it was read at."""
    record = check.validated(model, data)
    if record is None:
        return
    if existing is None:
        result.actions.append(RowAction(check.row.number, "add", record, None, {}))
        return
    changes = _changes(existing, record, compared)
    version = (versions or {}).get(existing.id)
    state = "update" if changes else "unchanged"
    result.actions.append(RowAction(check.row.number, state, record, version, changes))


def _free_id(code: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", code.casefold()).strip("-") or "obligation"
    candidate, counter = base, 2
    while candidate in taken:
        candidate, counter = f"{base}-{counter}", counter + 1
    return candidate


def _organisation_rows(
    rows: list[_Row], reference: Reference, result: Preview, mapped: set[str]
) -> None:
    plan = reference.plan
    by_name = {normalise_heading(o.name): o for o in plan.organisations}
    versions = reference.versions.get("organisations", {})
    # A successor may be another row of the same file.
    incoming = [_text(row.cells.get("name")) for row in rows]
    names = _Lookup(
        [(o.id, (o.name,)) for o in plan.organisations]
        + [
            (f"new:{name}", (name,))
            for name in incoming
            if name and normalise_heading(name) not in by_name
        ]
    )
    taken = {o.id for o in plan.organisations}
    ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row in rows:
        name = _text(row.cells.get("name"))
        if name and normalise_heading(name) not in by_name:
            ids[f"new:{name}"] = _free_id(name, taken)
            taken.add(ids[f"new:{name}"])
    for row in rows:
        check = _RowChecker(row, result.problems)
        name = _text(row.cells.get("name"))
        if not name:
            check.add("name", "import.missing_value")
            continue
        if normalise_heading(name) in seen:
            check.add("name", "import.duplicate_key", first=seen[normalise_heading(name)])
            continue
        seen[normalise_heading(name)] = row.number
        values: dict[str, Any] = {}
        for text_field in ("kind", "notes"):
            if text_field in row.cells:
                values[text_field] = cell_text(row.cells[text_field])
        check.take("exists_from", parse_day, values)
        check.take("exists_until", parse_day, values)
        check.take("successor", lambda c: names.find(c, "organisation"), values)
        if "successor" in values and values["successor"].startswith("new:"):
            values["successor"] = ids[values["successor"]]
        existing = by_name.get(normalise_heading(name))
        own_id = existing.id if existing else ids[f"new:{name}"]
        if values.get("successor") == own_id:
            check.add("successor", "plan.own_successor")
        if check.failed:
            continue
        if existing is None:
            _act(result, check, Organisation, {"id": own_id, "name": name, **values})
            continue
        data = {**existing.model_dump(), **values}
        _act(result, check, Organisation, data, existing, list(values), versions)


def _person_rows(rows: list[_Row], reference: Reference, result: Preview, mapped: set[str]) -> None:
    plan = reference.plan
    by_id = {p.id: p for p in plan.people}
    by_email = {p.email.casefold(): p for p in plan.people if p.email}
    by_name_org = {(normalise_heading(p.name or p.title), p.organisation): p for p in plan.people}
    organisations = _Lookup((o.id, (o.name,)) for o in plan.organisations)
    versions = reference.versions.get("people", {})
    taken = set(by_id)
    seen: dict[str, int] = {}
    for row in rows:
        check = _RowChecker(row, result.problems)
        values: dict[str, Any] = {}
        for text_field in ("name", "title", "email"):
            if text_field in row.cells:
                values[text_field] = _text(row.cells[text_field])
        check.take("organisation", lambda c: organisations.find(c, "organisation"), values)
        check.take("active", parse_bool, values)
        check.take("language", parse_language, values)
        row_id = _text(row.cells.get("id"))
        existing = by_id.get(row_id) if row_id else None
        if existing is None and values.get("email"):
            existing = by_email.get(values["email"].casefold())
        if existing is None and "organisation" in values:
            existing = by_name_org.get(
                (
                    normalise_heading(values.get("name") or values.get("title", "")),
                    values["organisation"],
                )
            )
        if existing is None:
            if "organisation" not in row.cells:
                check.add("", "import.required", column_key="col.organisation")
            if not values.get("name") and not values.get("title"):
                check.add("name", "import.name_or_title")
        identity = (
            existing.id
            if existing
            else (
                row_id
                or values.get("email", "")
                or f"{values.get('name') or values.get('title')}@{values.get('organisation')}"
            )
        )
        if identity.casefold() in seen:
            check.add(
                "id" if row_id else "name", "import.duplicate_key", first=seen[identity.casefold()]
            )
        seen[identity.casefold()] = row.number
        if check.failed:
            continue
        if existing is None:
            new_id = row_id or _free_id(values.get("name") or values.get("title", "person"), taken)
            taken.add(new_id)
            _act(result, check, Person, {"id": new_id, **values})
            continue
        data = {**existing.model_dump(), **values}
        _act(result, check, Person, data, existing, list(values), versions)
