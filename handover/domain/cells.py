"""Spreadsheet cells that hold more than one plain value, written by the register export and read
by the import: a list of items (evidence) in one cell, and a person named unambiguously.

- Items: one per line; a line break inside an item is written as the break followed by one
  space, and a line that begins with a space or tab continues the item above (as folded e-mail
  headers do). Items lose blanks at their ends, as before.
- People: "label · organisation" (label is "name (role)", the name, or the role); where that names
  more than one person in the plan — two unfilled roles with the same title in one organisation —
  " · id" is appended. The import accepts these, "organisation · label" (as the register shows
  people), name, role, e-mail and id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from handover.domain.model import Person

_BREAK = re.compile(r"(\r\n|\r|\n)")
_CONTINUES = (" ", "\t")


def fold(name: str) -> str:
    """`" Beløb (EUR) "` -> `"beløb eur"`: how names and headings are compared (case,
    punctuation and spacing do not matter)."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return " ".join(re.sub(r"[^\w@]+", " ", folded).split())


def join_items(items: Iterable[str]) -> str:
    """The items in one cell: `split_items` gives them back."""
    return "\n".join(_BREAK.sub(r"\1 ", item.strip()) for item in items if item.strip())


def split_items(cell: str) -> tuple[str, ...]:
    """The items of a cell written by `join_items`, or typed one per line."""
    parts = _BREAK.split(cell)
    items: list[str] = []
    for index in range(0, len(parts), 2):
        line = parts[index]
        if items and line.startswith(_CONTINUES):
            items[-1] += parts[index - 1] + line[1:]  # the break as it was, then the rest
        else:
            items.append(line)
    return tuple(item.strip() for item in items if item.strip())


def person_forms(person: Person, organisation: str) -> tuple[str, ...]:
    """Every name an import accepts for `person` of the organisation named `organisation`."""
    forms = [person.id, person.email, person.label, person.name, person.title]
    for who in dict.fromkeys((person.label, person.name, person.title)):
        if who:
            forms += [f"{who} · {organisation}", f"{organisation} · {who}"]
    forms += [
        f"{person.label} · {organisation} · {person.id}",
        f"{organisation} · {person.label} · {person.id}",
    ]
    return tuple(form for form in dict.fromkeys(forms) if form.strip())


def person_addresses(
    people: Iterable[Person], organisation_names: Mapping[str, str]
) -> dict[str, str]:
    """person id -> how the register export names them: the shortest form an import resolves
    to this person alone, among every form of every person in the plan."""
    everyone = list(people)
    org = {p.id: organisation_names.get(p.organisation, p.organisation) for p in everyone}
    owners: dict[str, set[str]] = {}
    for person in everyone:
        for form in person_forms(person, org[person.id]):
            owners.setdefault(fold(form), set()).add(person.id)
    addresses = {}
    for person in everyone:
        plain = f"{person.label} · {org[person.id]}"
        with_id = f"{plain} · {person.id}"
        addresses[person.id] = next(
            (form for form in (plain, with_id) if owners[fold(form)] == {person.id}),
            person.id,  # an id is always read as that person first
        )
    return addresses
