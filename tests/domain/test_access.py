"""The role matrix, pure: every role × every action, on an obligation the person owns, receives,
or has nothing to do with — and the passwords: right, wrong, empty, non-ASCII, malformed hashes."""

from __future__ import annotations

import pytest

from handover.domain.access import (
    AccessDeniedError,
    Action,
    Identity,
    Role,
    Sides,
    allowed,
    require,
)
from handover.domain.passwords import hash_password, is_hash, verify

ME = "p-anna"
OWNED = Sides(current=ME, receiving="p-bo")
RECEIVED = Sides(current="p-bo", receiving=ME)
OTHERS = Sides(current="p-bo", receiving="p-carl")

FACILITATOR = Identity("Fie", Role.FACILITATOR)
PARTICIPANT = Identity("Anna", Role.PARTICIPANT, person=ME)
VIEWER = Identity("Vera", Role.VIEWER, person=ME)

# Expected: action -> (on owned, on received, on others' / no obligation) for a participant.
PARTICIPANT_MATRIX = {
    Action.READ: (True, True, True),
    Action.EDIT_OBLIGATION: (True, True, False),
    Action.CREATE_OBLIGATION: (False, False, False),
    Action.DELETE_OBLIGATION: (False, False, False),
    Action.PROPOSE_HANDOVER: (True, True, False),
    Action.ACCEPT_HANDOVER: (False, True, False),
    Action.ASSIGN_OWNERS: (False, False, False),
    Action.EDIT_ORGANISATIONS: (False, False, False),
    Action.EDIT_RISKS: (False, False, False),
    Action.SAVE_BASELINE: (False, False, False),
    Action.IMPORT: (False, False, False),
    Action.RESTORE: (False, False, False),
    Action.UNDO: (False, False, False),
    Action.COMMENT: (True, True, True),
    Action.RUN_WORKSHOP: (False, False, False),
}


def test_the_matrix_covers_every_action() -> None:
    assert set(PARTICIPANT_MATRIX) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("sides", [OWNED, RECEIVED, OTHERS, None])
def test_the_facilitator_may_do_everything(action: Action, sides: Sides | None) -> None:
    assert allowed(FACILITATOR, action, sides)
    require(FACILITATOR, action, sides)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("sides", [OWNED, RECEIVED, OTHERS, None])
def test_a_viewer_only_reads(action: Action, sides: Sides | None) -> None:
    assert allowed(VIEWER, action, sides) is (action is Action.READ)
    if action is not Action.READ:
        with pytest.raises(AccessDeniedError) as refused:
            require(VIEWER, action, sides)
        assert refused.value.key == "access.viewer"


@pytest.mark.parametrize("action", list(Action))
def test_a_participant_on_their_own_received_and_others_obligations(action: Action) -> None:
    expected = PARTICIPANT_MATRIX[action]
    for sides, want in zip((OWNED, RECEIVED, OTHERS), expected, strict=True):
        assert allowed(PARTICIPANT, action, sides) is want, (action, sides)
        if not want:
            with pytest.raises(AccessDeniedError):
                require(PARTICIPANT, action, sides, what=" (XS-01)")


def test_a_participant_who_is_not_in_the_plan_owns_nothing() -> None:
    stranger = Identity("Ole", Role.PARTICIPANT, person=None)
    assert not allowed(stranger, Action.EDIT_OBLIGATION, Sides(None, None))
    assert allowed(stranger, Action.COMMENT)


def test_refusals_say_why() -> None:
    from handover.domain.text import text

    with pytest.raises(AccessDeniedError) as refused:
        require(PARTICIPANT, Action.EDIT_OBLIGATION, OTHERS, what=" (XS-07)")
    assert text(refused.value.key, "da", **refused.value.params) == (
        "Anna kan kun ændre forpligtelser, de selv ejer eller modtager (XS-07)"
    )
    with pytest.raises(AccessDeniedError) as refused:
        require(PARTICIPANT, Action.ACCEPT_HANDOVER, OWNED, what=" (XS-07)")
    assert "kun den modtagende ejer" in text(refused.value.key, "da", **refused.value.params)
    with pytest.raises(AccessDeniedError) as refused:
        require(PARTICIPANT, Action.IMPORT)
    assert text(refused.value.key, "en", **refused.value.params) == (
        "only the facilitator can do that (import); Anna is a participant"
    )


@pytest.mark.parametrize("password", ["hemmelig", "Ærø-Ålborg-øl", "日本語のパスワード", "a b\tc"])
def test_a_password_matches_its_hash_and_nothing_else(password: str) -> None:
    stored = hash_password(password)
    assert is_hash(stored)
    assert verify(password, stored)
    assert not verify(password + "x", stored)
    assert not verify(password.upper() + "!", stored)
    assert not verify("", stored)


def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("x") != hash_password("x")


def test_composed_and_decomposed_letters_are_the_same_password() -> None:
    assert verify("a\u030a", hash_password("\u00e5"))  # å as a + ring, and as one letter


@pytest.mark.parametrize(
    "stored", ["", "plain-text", "scrypt$1$2$3$!!$!!", "scrypt$x$8$1$YQ==$YQ==", "md5$abc"]
)
def test_a_malformed_or_missing_hash_lets_nobody_in(stored: str) -> None:
    assert not verify("anything", stored)
    assert not verify("", stored)


def test_an_empty_password_cannot_be_set() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_password("")
