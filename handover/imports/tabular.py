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
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, cast

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ValidationError

from handover.domain.cells import fold, person_forms, split_items
from handover.domain.checklist import unneutralise
from handover.domain.dates import FIRST_DAY, LAST_DAY, format_date, in_window, parse_date
from handover.domain.fields import BY_NAME, IMPORTED_FIELDS, PLAIN_TEXT_FIELDS, Kind
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
    # None only for an unchanged obligation found set-based: nothing to write or show.
    record: Obligation | Person | Organisation | None
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


class ObligationSource(Protocol):
    """The stored obligations that rows are checked against: a store snapshot
    (store/import_reads.py, set-based) or a plan's own (`PlanObligations`, row by row)."""

    def keys(self) -> pa.Table:
        """`id`, `code`, `title`, `deleted` of every obligation, deleted ones included."""
        ...

    def records(self, ids: Collection[str]) -> Mapping[str, Obligation]:
        """The obligations with these ids."""
        ...

    def unchanged(self, incoming: pa.Table) -> Collection[int]:
        """The `position` of every incoming row whose given values are what is stored (see
        `_unchanged_rows` for the table's columns)."""
        ...


class PlanObligations:
    """A plan's own obligations. It finds no row unchanged set-based, so every row is checked one
    by one: the reference the set-based diff is held to (tests/imports/test_set_based.py)."""

    def __init__(self, plan: Plan) -> None:
        self._obligations = plan.obligations
        self._by_id = {obligation.id: obligation for obligation in plan.obligations}

    def keys(self) -> pa.Table:
        return pa.table(
            {
                "id": [o.id for o in self._obligations],
                "code": [o.code for o in self._obligations],
                "title": [o.title for o in self._obligations],
                "deleted": pa.array([o.deleted for o in self._obligations], pa.bool_()),
            }
        )

    def records(self, ids: Collection[str]) -> Mapping[str, Obligation]:
        return {i: self._by_id[i] for i in ids if i in self._by_id}

    def unchanged(self, incoming: pa.Table) -> Collection[int]:
        return ()


@dataclass(frozen=True)
class Reference:
    """What the rows are checked against: the plan as stored and each row's version. Its
    obligations come from `obligations` when given (then `plan` need hold none), else from
    `plan`."""

    plan: Plan
    versions: Mapping[str, Mapping[str, int]]  # table -> id -> version
    obligations: ObligationSource | None = None

    @property
    def stored(self) -> ObligationSource:
        return self.obligations if self.obligations is not None else PlanObligations(self.plan)


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


def _given(cell: Cell, guarded: bool) -> Cell:
    """The cell as the import reads it: None when empty (the field is left as it is), without
    the apostrophe that protected formula-like text in a CSV (`guarded`)."""
    if cell_text(cell).strip() == "":
        return None
    return unneutralise(cell) if guarded and isinstance(cell, str) else cell


def _rows(
    table: Table, mapping: Mapping[int, str], positions: Iterable[int] | None = None
) -> list[_Row]:
    """The rows at `positions` (all when None), each with the mapped cells that hold something."""
    headings = {name: table.headers[index] for index, name in mapping.items()}
    guarded = table.kind == "csv"
    rows = []
    for position in range(len(table.rows)) if positions is None else positions:
        cells = table.rows[position]
        present: dict[str, Cell] = {}
        for index, name in mapping.items():
            given = _given(cells[index] if index < len(cells) else None, guarded)
            if given is not None:
                present[name] = given
        rows.append(_Row(table.row_numbers[position], present, headings))
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
        _obligation_rows(table, chosen, reference, result, defaults or Defaults())
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


def _obligation_parsers(people: _Lookup, projects: _Lookup) -> dict[str, Callable[[Cell], Any]]:
    """How the cell of each imported field but the code is read, in the order a row's problems
    are named. Owners the plan does not know are an `import.unknown_person` here."""
    parsers: dict[str, Callable[[Cell], Any]] = {
        name: _text if name == "title" else cell_text for name in PLAIN_TEXT_FIELDS
    }
    parsers.update(
        category=parse_category,
        status=parse_status,
        priority=parse_priority,
        start=parse_day,
        due=parse_day,
        amount_eur=parse_amount,
        current_owner=lambda cell: people.find(cell, "person"),
        receiving_owner=lambda cell: people.find(cell, "person"),
        project=lambda cell: projects.find(cell, "project"),
        evidence=lambda cell: split_items(cell_text(cell)),
    )
    return parsers


class _Known(NamedTuple):
    """A stored obligation as rows are matched against it."""

    id: str
    code: str
    title: str
    deleted: bool


class _Catalogue:
    """The stored obligations' keys, column by column (no record per obligation): found by code
    (case ignored; the last of the plan's order wins, as a dict built in that order would) or
    by title."""

    def __init__(self, keys: pa.Table) -> None:
        self.ids: list[str] = keys["id"].to_pylist()
        self.codes: list[str] = keys["code"].to_pylist()
        self._titles: list[str] = keys["title"].to_pylist()
        self._deleted: list[bool] = keys["deleted"].to_pylist()
        self.folded = {code.casefold(): index for index, code in enumerate(self.codes)}
        self._by_title: dict[str, list[int]] | None = None

    def at(self, index: int) -> _Known:
        return _Known(self.ids[index], self.codes[index], self._titles[index], self._deleted[index])

    def live(self, index: int | None) -> str | None:
        """The id of the obligation at `index` unless it is deleted."""
        return None if index is None or self._deleted[index] else self.ids[index]

    def by_code(self, code: str) -> _Known | None:
        index = self.folded.get(code.casefold())
        return None if index is None else self.at(index)

    def by_title(self, title: str) -> list[_Known]:
        if self._by_title is None:
            self._by_title = {}
            for index, stored in enumerate(self._titles):
                self._by_title.setdefault(normalise_heading(stored), []).append(index)
        return [self.at(index) for index in self._by_title.get(normalise_heading(title), [])]


_OWNERS = ("current_owner", "receiving_owner")
_NO_CHANGES: Mapping[str, tuple[Any, Any]] = MappingProxyType({})  # shared: never written to


def _obligation_rows(
    table: Table,
    mapping: Mapping[int, str],
    reference: Reference,
    result: Preview,
    defaults: Defaults,
) -> None:
    """Every row's action and problems. The rows that repeat what is stored are found set-based
    (`_unchanged_rows`); only the others are read and checked one by one."""
    plan = reference.plan
    source = reference.stored
    catalogue = _Catalogue(source.keys())
    versions = reference.versions.get("obligations", {})
    people = _people_lookup(plan)
    projects = _Lookup((project.id, (project.name,)) for project in plan.projects)
    parsers = _obligation_parsers(people, projects)
    unchanged = _unchanged_rows(table, mapping, parsers, catalogue, source)
    checked = [position for position in range(len(table.rows)) if position not in unchanged]
    rows = dict(zip(checked, _rows(table, mapping, checked), strict=True))
    records = source.records(_matched(rows.values(), catalogue))
    resolved = plan.resolved_due(o for o in records.values() if o.due_rule is not None)
    newcomers = _Newcomers(plan, defaults, result)
    seen: dict[str, int] = {}
    taken_ids = set(catalogue.ids)
    codes = set(catalogue.folded)
    for position, number in enumerate(table.row_numbers):
        repeated = unchanged.get(position)
        if repeated is not None and catalogue.codes[repeated].casefold() not in seen:
            seen[catalogue.codes[repeated].casefold()] = number
            version = versions.get(catalogue.ids[repeated])
            result.actions.append(RowAction(number, "unchanged", None, version, _NO_CHANGES))
            continue
        row = rows[position] if position in rows else _rows(table, mapping, [position])[0]
        check = _RowChecker(row, result.problems)
        code = _text(row.cells.get("code"))
        title = _text(row.cells.get("title"))
        match: _Known | None = None
        if not code and title:
            same = catalogue.by_title(title)
            if len(same) > 1:
                check.add("title", "import.ambiguous_title", codes=", ".join(o.code for o in same))
                continue
            match = same[0] if same else None
            code = match.code if match else _free_code(title, codes)
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
        for name, parse in parsers.items():
            if name in _OWNERS:
                parse = functools.partial(newcomers.find, people, row=row.number)
            check.take(name, parse, values)
        match = match or catalogue.by_code(code)
        if match is not None and match.deleted:
            check.add("code", "import.deleted_code")
        if match is None:
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
        if match is None:
            new_id = _free_id(code, taken_ids)
            taken_ids.add(new_id)
            _act(result, check, Obligation, {"id": new_id, "code": code, **values})
            continue
        existing = records[match.id]
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


def _matched(rows: Iterable[_Row], catalogue: _Catalogue) -> set[str]:
    """The ids of the stored obligations the rows may update: by code, or by title alone."""
    ids: set[str] = set()
    for row in rows:
        if "code" in row.cells:
            found = catalogue.by_code(_text(row.cells["code"]))
            ids.update([found.id] if found else [])
        elif "title" in row.cells:
            ids.update(o.id for o in catalogue.by_title(_text(row.cells["title"])))
    return ids


_ARROW_TYPES: Mapping[Kind, pa.DataType] = {
    Kind.TEXT: pa.string(),
    Kind.DATE: pa.date32(),
    Kind.NUMBER: pa.float64(),
    Kind.TEXTS: pa.list_(pa.string()),
}


def _unchanged_rows(
    table: Table,
    mapping: Mapping[int, str],
    parsers: Mapping[str, Callable[[Cell], Any]],
    catalogue: _Catalogue,
    source: ObligationSource,
) -> dict[int, int]:
    """The rows that change nothing, found set-based: position -> the catalogue's index of the
    obligation they repeat.

    Each distinct cell of a mapped column is read once. The rows whose every cell reads cleanly
    and whose code names a stored obligation that is not deleted go to `source.unchanged` as one
    Arrow table: `position`, `id`, and per field its value in the stored form (NULL for an
    empty cell, which leaves the field as it is). Every other row is checked one by one, as
    the per-row check would have (a code repeated further down is caught there too)."""
    fields = {name: index for index, name in mapping.items()}
    if "code" not in fields or not table.rows:
        return {}
    guarded = table.kind == "csv"
    columns = list(itertools.zip_longest(*table.rows))

    def column(name: str) -> Sequence[Cell]:
        index = fields[name]
        return columns[index] if index < len(columns) else [None] * len(table.rows)

    codes = _text_column(column("code"), guarded, strip=True)
    if codes is None:
        codes = [_text(_given(cell, guarded)) for cell in column("code")]
    found = [catalogue.folded.get(code.casefold()) if code else None for code in codes]
    ids = [catalogue.live(index) for index in found]
    incoming: dict[str, pa.Array] = {
        "position": pa.array(range(len(table.rows)), pa.int32()),
        "id": pa.array(ids, pa.string()),
    }
    clean = pc.is_valid(incoming["id"])
    for name in fields:
        if name == "code":
            continue
        values = (
            _text_column(column(name), guarded, strip=name == "title")
            if name in PLAIN_TEXT_FIELDS
            else None
        )
        if values is None:
            values, ok = _read_column(column(name), parsers[name], guarded)
            if ok is not None:
                clean = pc.and_(clean, pa.array(ok, pa.bool_()))
        incoming[name] = pa.array(values, _ARROW_TYPES[BY_NAME[name].kind])
    candidates = pa.table(incoming).filter(clean)
    return {
        position: index
        for position in source.unchanged(candidates)
        if (index := found[position]) is not None
    }


def _text_column(column: Sequence[Cell], guarded: bool, *, strip: bool) -> list[str | None] | None:
    """A column of text cells read as `_given` and `cell_text` (or `_text`, `strip`) read each,
    in one pass; None when a cell is neither text nor empty (read those cell by cell)."""
    if not set(map(type, column)) <= {str, type(None)}:
        return None
    texts = cast(Sequence[str | None], column)
    values = [
        None  # `not cell.strip()`, without making the stripped copy
        if not cell or cell.isspace()
        else unneutralise(cell)
        if guarded and cell.startswith("'")
        else cell
        for cell in texts
    ]
    return [None if value is None else value.strip() for value in values] if strip else values


def _read_column(
    column: Sequence[Cell], read: Callable[[Cell], Any], guarded: bool
) -> tuple[list[Any], list[bool] | None]:
    """Each row's value in the stored form (None for an empty cell or one that does not read)
    and whether it read cleanly (None: every cell did); each distinct cell is read once."""
    distinct: dict[Cell, tuple[Any, bool]] = {}
    for cell in dict.fromkeys(column):
        given = _given(cell, guarded)
        try:
            distinct[cell] = (None if given is None else _stored_form(read(given)), True)
        except CellError:
            distinct[cell] = (None, False)
    values = {cell: value for cell, (value, _) in distinct.items()}
    if all(ok for _, ok in distinct.values()):
        return list(map(values.__getitem__, column)), None
    clean = {cell: ok for cell, (_, ok) in distinct.items()}
    return list(map(values.__getitem__, column)), list(map(clean.__getitem__, column))


def _stored_form(value: Any) -> Any:
    """A read value as the store holds it: a vocabulary's code, a list for items."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


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
