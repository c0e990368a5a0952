"""Cells that hold several values: evidence items (one a line, line breaks inside an item kept by
folding) come back exactly; people are named so that the import finds each one — with the id
where two roles share a title in one organisation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain.cells import fold, join_items, person_addresses, person_forms, split_items
from handover.domain.model import Person

ITEM = st.text(
    st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\r\n\t"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip() and bool(s))


@settings(max_examples=300, deadline=None)
@given(st.lists(ITEM, max_size=5))
def test_items_with_line_breaks_come_back_exactly(items: list[str]) -> None:
    assert split_items(join_items(items)) == tuple(items)


def test_a_line_break_inside_an_item_is_folded() -> None:
    cell = join_items(["Final report\nsection 2", "a\r\n\tb", "c"])
    assert cell == "Final report\n section 2\na\r\n \tb\nc"
    assert split_items(cell) == ("Final report\nsection 2", "a\r\n\tb", "c")


def test_items_typed_one_a_line_read_as_before() -> None:
    assert split_items("https://a.example\r\n\r\nDoc 2\n  \nDoc 3  ") == (
        "https://a.example",
        "Doc 2",
        "Doc 3",
    )
    assert split_items("  first\n  continued") == ("first\n continued",)


MEDCOM = "MedCom"
ROLE_A = Person(id="role-a", title="Projektleder", organisation="medcom")
ROLE_B = Person(id="role-b", title="Projektleder", organisation="medcom")
ANNA = Person(id="anna", name="Anna Berg", title="Projektleder", organisation="medcom")
BO = Person(id="bo", name="Bo", organisation="dsd")


def test_people_are_addressed_by_label_and_organisation_and_twins_by_their_id() -> None:
    addresses = person_addresses([ROLE_A, ROLE_B, ANNA, BO], {"medcom": MEDCOM, "dsd": "DSD"})
    assert addresses == {
        "role-a": "Projektleder · MedCom · role-a",
        "role-b": "Projektleder · MedCom · role-b",
        "anna": "Anna Berg (Projektleder) · MedCom",
        "bo": "Bo · DSD",
    }


def test_every_accepted_form_of_a_person() -> None:
    forms = {fold(form) for form in person_forms(ANNA, MEDCOM)}
    for typed in (
        "Anna Berg (Projektleder) · MedCom",
        "MedCom · Anna Berg (Projektleder)",  # as the register shows people
        "medcom · anna berg",
        "Projektleder · MedCom",
        "Anna Berg",
        "anna",
        "Anna Berg (Projektleder) · MedCom · anna",
    ):
        assert fold(typed) in forms, typed
