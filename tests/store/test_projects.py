"""Saving a project's grant profile and a milestone: version-checked, audited, and bad input (an
unknown beneficiary, a beneficiary twice, the end before the start) refused with nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from handover.domain.model import Beneficiary
from handover.store.audit import ConflictError, InvalidChangeError
from handover.store.database import Database
from handover.store.project_reads import milestone_rows, project_rows
from handover.store.projects import save_milestone, save_project
from tests.conftest import fingerprint


def test_a_grant_profile_is_saved_with_a_new_version_and_one_history_entry(
    seeded_db: Database,
) -> None:
    ((project, version),) = project_rows(seeded_db)
    changed = project.model_copy(
        update={"beneficiaries": (Beneficiary(organisation="medcom", requested_eur=430_000.0),)}
    )
    assert save_project(seeded_db, changed, version=version, actor="Anna")
    ((saved, new_version),) = project_rows(seeded_db)
    assert saved.beneficiaries == changed.beneficiaries and new_version == version + 1
    with pytest.raises(ConflictError):
        save_project(seeded_db, changed, version=version, actor="Anna")  # stale


@pytest.mark.parametrize(
    ("update", "key"),
    [
        ({"beneficiaries": (Beneficiary(organisation="nobody"),)}, "plan.unknown_reference"),
        (
            {
                "beneficiaries": (
                    Beneficiary(organisation="mediq"),
                    Beneficiary(organisation="mediq"),
                )
            },
            "project.duplicate_beneficiary",
        ),
        ({"end": date(2023, 1, 1)}, "plan.end_before_start"),
    ],
)
def test_bad_grant_profiles_are_refused_and_nothing_is_written(
    seeded_db: Database, update: dict[str, object], key: str
) -> None:
    ((project, version),) = project_rows(seeded_db)
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as refused:
        save_project(seeded_db, project.model_copy(update=update), version=version, actor="Anna")
    assert [problem.key for problem in refused.value.problems] == [key]
    assert fingerprint(seeded_db) == before


def test_a_milestone_is_marked_reached_with_its_date(seeded_db: Database) -> None:
    milestone, version = next(
        (m, v) for m, v in milestone_rows(seeded_db) if m.id == "xshare-final-conference"
    )
    reached = milestone.model_copy(update={"achieved": date(2026, 11, 20)})
    assert save_milestone(seeded_db, reached, version=version, actor="Anna")
    assert not save_milestone(seeded_db, reached, version=version + 1, actor="Anna")  # unchanged
