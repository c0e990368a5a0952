"""The plan document: the seed validates, and every kind of bad document is refused with the path
of the offending field and a message a person can act on."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from handover.domain.plan import (
    MAX_DOCUMENT_BYTES,
    PlanError,
    dump_plan,
    nesting_depth,
    parse_plan,
    parse_plan_json,
)
from handover.store.seed import SEEDS

SEED: dict[str, Any] = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(SEED)
    change(document)
    return document


def problems(document: object, lang: str = "en") -> list[str]:
    with pytest.raises(PlanError) as caught:
        parse_plan(document)
    return [problem.render(lang) for problem in caught.value.problems]


def test_the_seed_is_a_valid_plan() -> None:
    plan = parse_plan(SEED)
    assert plan.counts()["obligations"] >= 15


def test_a_plan_dumps_to_stable_json_that_parses_back_to_the_same_plan() -> None:
    plan = parse_plan(SEED)
    text = dump_plan(plan)
    assert text.endswith("\n")
    assert dump_plan(parse_plan_json(text)) == text


def test_a_missing_field_is_named_by_its_path() -> None:
    document = broken(lambda d: d["obligations"][3].pop("title"))
    assert problems(document) == ["obligations[3].title: the field is missing"]


def test_an_unknown_field_is_named_by_its_path() -> None:
    document = broken(lambda d: d["obligations"][3].update(owner="x"))
    assert problems(document) == ["obligations[3].owner: unknown field"]


def test_an_unknown_top_level_key_is_refused() -> None:
    assert problems(broken(lambda d: d.update(tasks=[]))) == ["tasks: unknown field"]


def test_a_wrong_type_says_what_was_expected() -> None:
    document = broken(lambda d: d["risks"][0].update(likelihood="3"))
    assert problems(document) == ["risks[0].likelihood: wrong type: '3' (expected a whole number)"]


def test_an_impossible_date_is_refused_in_both_languages() -> None:
    document = broken(lambda d: d["obligations"][3].update(due="2026-02-31"))
    assert problems(document) == [
        "obligations[3].due: invalid date '2026-02-31' (expected a real date as YYYY-MM-DD)"
    ]
    assert problems(document, "da") == [
        "obligations[3].due: ugyldig dato '2026-02-31' (forventede en rigtig dato som ÅÅÅÅ-MM-DD)"
    ]


@pytest.mark.parametrize("value", ["30.11.2026", "20261130", "2026-11-30T00:00:00", 20261130])
def test_dates_must_be_iso_strings(value: object) -> None:
    document = broken(lambda d: d["projects"][0].update(end=value))
    [message] = problems(document)
    assert message.startswith("projects[0].end: ")


def test_an_unknown_vocabulary_value_lists_the_allowed_ones() -> None:
    document = broken(lambda d: d["obligations"][0].update(status="finished"))
    [message] = problems(document)
    assert message.startswith("obligations[0].status: invalid value 'finished'; allowed: ")
    assert "'done'" in message


def test_a_reference_to_an_id_that_does_not_exist() -> None:
    document = broken(lambda d: d["obligations"][5].update(receiving_owner="nobody"))
    assert problems(document) == [
        "obligations[5].receiving_owner: refers to 'nobody', which does not exist in people"
    ]


def test_a_duplicate_obligation_code_names_both_places() -> None:
    document = broken(lambda d: d["obligations"][4].update(code="XS-01"))
    assert problems(document) == [
        "obligations[4].code: code 'XS-01' already used by obligations[0]"
    ]


def test_a_duplicate_id() -> None:
    document = broken(lambda d: d["people"].append(dict(d["people"][0])))
    assert problems(document) == [
        "people[22].id: id 'mie-hjorth-matthiesen' already used by people[0]"
    ]


def test_a_dependency_cycle_is_named_by_the_obligations_codes() -> None:
    document = broken(
        lambda d: d["dependencies"].append(
            {
                "predecessor": "final-report",
                "successor": "legal-succession",
                "type": "FS",
                "lag_days": 0,
            }
        )
    )
    [message] = problems(document)
    assert message.startswith("dependencies: the dependencies form a cycle: ")
    for code in ("XS-01", "XS-04", "XS-05"):
        assert code in message


def test_an_organisation_cannot_succeed_itself_nor_in_a_ring() -> None:
    assert problems(broken(lambda d: d["organisations"][0].update(successor="medcom"))) == [
        "organisations[0].successor: an organisation cannot be its own successor"
    ]
    # organisations[4] is Digital Sundhed Danmark (Nationalt Genom Center is not seeded: part of
    # Sundhedsdatastyrelsen since 01.07.2025).
    ring = problems(broken(lambda d: d["organisations"][4].update(successor="medcom")))
    assert ring in (
        [
            "organisations: successors form a cycle: Digital Sundhed Danmark → MedCom → Digital Sundhed Danmark"
        ],
        ["organisations: successors form a cycle: MedCom → Digital Sundhed Danmark → MedCom"],
    )


def test_date_order_rules() -> None:
    assert problems(broken(lambda d: d["organisations"][4].update(exists_until="2025-01-01"))) == [
        "organisations[4].exists_until: 'exists until' is before 'exists from'"
    ]
    assert problems(broken(lambda d: d["obligations"][3].update(start="2027-01-01"))) == [
        "obligations[3].due: XS-04: due before start"
    ]


def test_a_due_date_is_a_date_or_a_rule_never_both() -> None:
    document = broken(lambda d: d["obligations"][0].update(due="2027-01-29"))
    [message] = problems(document)
    assert message.startswith("obligations[0]: invalid value: give either 'due'")


def test_a_rule_on_a_milestone_needs_the_milestone() -> None:
    document = broken(
        lambda d: d["obligations"][0].update(due_rule={"anchor": "milestone", "days": 3})
    )
    [message] = problems(document)
    assert (
        message
        == "obligations[0].due_rule: invalid value: anchor 'milestone' needs the field 'milestone'"
    )


def test_every_problem_is_reported_at_once() -> None:
    def many(d: dict[str, Any]) -> None:
        d["obligations"][0].pop("title")
        d["obligations"][1]["due"] = "2026-02-31"
        d["risks"][0]["impact"] = 9

    assert len(problems(broken(many))) == 3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"{not json", "the file is not valid JSON (line 1, column 2"),
        (b"", "the file is not valid JSON (line 1, column 1"),
        (b"\xff\xfe\x00", "the file is not UTF-8"),
        (b"[]", "the document must be a JSON object"),
        (b'{"format": "something-else", "version": 1}', "format: not a plan document"),
        (b'{"format": "handover-plan", "version": 2}', "version: version 2 is newer"),
        (b'{"format": "handover-plan", "version": "1"}', "version: unknown version"),
        (
            b'{"format": "handover-plan", "version": 1, "obligations": {}}',
            "obligations: must be a list",
        ),
    ],
)
def test_documents_that_are_not_plans(raw: bytes, expected: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan_json(raw)
    assert caught.value.render("en").startswith(expected)


def test_an_empty_plan_is_valid() -> None:
    plan = parse_plan_json(b'{"format": "handover-plan", "version": 1}')
    assert sum(plan.counts().values()) == 0


def test_a_utf8_bom_is_accepted() -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(SEED).encode()
    assert parse_plan_json(raw).counts() == parse_plan(SEED).counts()


# --------------------------------------------------------------------------- limits before parsing


@pytest.mark.parametrize(
    ("document", "depth"),
    [
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "{{{{"]', 1),  # brackets inside strings do not count
        ('["a\\"[[[", "\\\\", [2]]', 2),  # nor after an escaped quote; an escaped backslash ends
        ("[" * 1000 + "]" * 1000, 1000),
        ("", 0),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(document: str, depth: int) -> None:
    assert nesting_depth(document) == depth


def test_a_document_nested_too_deep_is_refused_before_json_loads_sees_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("json.loads must not be called")

    monkeypatch.setattr(json, "loads", never)
    with pytest.raises(PlanError) as caught:
        parse_plan_json(b"[" * 100_000 + b"]" * 100_000)
    assert caught.value.problems[0].key == "plan.too_deep"
    assert "level 16 is exceeded at line 1, column 17" in caught.value.render("en")


def test_a_document_larger_than_the_limit_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan_json(b" " * (MAX_DOCUMENT_BYTES + 1))
    assert caught.value.problems[0].key == "plan.too_large"
    assert "at most 64.0 MB are read" in caught.value.render("en")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ('{"version": NaN}', "NaN is not a JSON number"),
        ('{"version": -Infinity}', "-Infinity is not a JSON number"),
        ('{"version": ' + "9" * 5000 + "}", "digits"),
    ],
)
def test_json_values_python_accepts_but_json_does_not_are_refused(raw: str, why: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan_json(raw)
    assert why in caught.value.render("en")


def test_a_risk_linked_twice_to_one_obligation_is_named_with_both_paths() -> None:
    document = broken(
        lambda d: d["risks"][1]["obligations"].append(d["risks"][1]["obligations"][0])
    )
    last = len(document["risks"][1]["obligations"]) - 1
    assert problems(document) == [
        f"risks[1].obligations[{last}]: obligation {document['risks'][1]['obligations'][0]} "
        "is already linked to the risk at risks[1].obligations[0]"
    ]


def test_a_due_rule_that_falls_off_the_calendar_is_named_not_raised() -> None:
    document = broken(lambda d: d["projects"][0].update(end="9999-12-31"))
    found = problems(document)
    # the date window (1900-2199) names the date itself; without it, each rule it breaks
    assert found[0].startswith(("projects[0].end", "obligations[0].due_rule.days"))
    assert all(
        p.startswith("projects[0].end") or ".due_rule.days: the due rule of" in p for p in found
    )
