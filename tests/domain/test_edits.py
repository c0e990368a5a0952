"""Table edits map through the (id, version) snapshot that was shown; only allowed columns pass."""

from datetime import date

import pytest

from handover.domain.edits import EditError, RowEdit, edits_from_positions

SNAPSHOT = [("a", 3), ("b", 1), ("c", 7)]


def test_positions_map_to_the_ids_and_versions_that_were_shown() -> None:
    edits = edits_from_positions(SNAPSHOT, {2: {"status": "done"}, "0": {"notes": "x"}})
    assert edits == [RowEdit("c", 7, {"status": "done"}), RowEdit("a", 3, {"notes": "x"})]


def test_a_column_from_the_browser_that_is_not_allowed_is_refused() -> None:
    with pytest.raises(EditError) as caught:
        edits_from_positions(SNAPSHOT, {0: {"status": "done", "version = 99; --": "x"}})
    assert caught.value.key == "edit.not_editable"
    assert caught.value.params == {"columns": "version = 99; --"}


def test_a_position_outside_the_snapshot_is_refused() -> None:
    with pytest.raises(EditError) as caught:
        edits_from_positions(SNAPSHOT, {3: {"notes": "x"}})
    assert caught.value.key == "edit.unknown_row"


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("due", "2027-01-15", date(2027, 1, 15)),
        ("due", "2027-01-15T00:00:00", date(2027, 1, 15)),
        ("due", "15.01.2027", date(2027, 1, 15)),
        ("due", None, None),
        ("receiving_owner", "", None),
        ("priority", "low", "low"),
        ("notes", None, ""),
    ],
)
def test_editor_values_are_normalised(column: str, value: object, expected: object) -> None:
    [edit] = edits_from_positions(SNAPSHOT, {1: {column: value}})
    assert edit.changes[column] == expected


@pytest.mark.parametrize(
    ("column", "value"),
    [("status", "finished"), ("priority", "urgent"), ("due", "31.02.2026"), ("due", 5)],
)
def test_impossible_values_are_refused_naming_the_column(column: str, value: object) -> None:
    with pytest.raises(EditError) as caught:
        edits_from_positions(SNAPSHOT, {1: {column: value}})
    assert caught.value.key == "edit.bad_value"
    assert caught.value.params["column"] == column
