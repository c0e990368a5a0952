"""Formula neutralising for CSV: nothing formula-like leaves unguarded, and the import takes the
guard off again so that any text comes back exactly (found by the CSV round-trip property test:
an evidence line `'` followed by a new line came back as `''`)."""

from hypothesis import given
from hypothesis import strategies as st

from handover.domain.checklist import FORMULA_STARTS, neutralise, unneutralise

edgy_text = st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "\n", "a", "ø"]))


@given(edgy_text | st.text())
def test_unneutralise_gives_back_any_text(text: str) -> None:
    assert unneutralise(neutralise(text)) == text


@given(edgy_text | st.text())
def test_a_neutralised_cell_never_starts_like_a_formula(text: str) -> None:
    assert not neutralise(text).startswith(FORMULA_STARTS)


def test_known_cases() -> None:
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("'=SUM(A1)") == "''=SUM(A1)"
    assert neutralise("'\n0") == "''\n0"
    assert neutralise("'quoted'") == "'quoted'"
    assert neutralise("plain") == "plain"
    assert unneutralise("''\n0") == "'\n0"
    assert unneutralise("'quoted'") == "'quoted'"
