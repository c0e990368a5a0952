"""The catalogue has every entry in both languages, and every vocabulary value has a label."""

import string

import pytest

from handover.domain.model import (
    Category,
    DueAnchor,
    HandoverState,
    MilestoneKind,
    Priority,
    Status,
)
from handover.domain.text import CATALOGUE, label, text


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_exists_in_danish_and_english_with_the_same_placeholders(key: str) -> None:
    danish, english = CATALOGUE[key]
    assert danish.strip() and english.strip()

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert fields(danish) == fields(english)


@pytest.mark.parametrize(
    ("vocabulary", "values"),
    [
        ("status", Status),
        ("handover_state", HandoverState),
        ("priority", Priority),
        ("category", Category),
        ("anchor", DueAnchor),
        ("milestone_kind", MilestoneKind),
    ],
)
def test_every_vocabulary_value_has_a_label(vocabulary: str, values: type) -> None:
    for value in values:
        assert label(vocabulary, value.value, "da")
        assert label(vocabulary, value.value, "en")


def test_danish_is_the_default_and_english_is_on_request() -> None:
    assert text("nav.obligations") == "Forpligtelser"
    assert text("nav.obligations", "en") == "Obligations"


def test_a_missing_key_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        text("no.such.key")
