"""The handover workflow of one obligation, as rules that say why a step is refused.

unassigned → proposed → accepted → transferred, and proposed → rejected (with a reason) → proposed.
Assigning a receiving owner proposes; removing it, or choosing another, takes the handover back.
"""

from __future__ import annotations

from dataclasses import dataclass

from handover.domain.model import HandoverState as S

ALLOWED: dict[S, frozenset[S]] = {
    S.UNASSIGNED: frozenset({S.PROPOSED}),
    S.PROPOSED: frozenset({S.ACCEPTED, S.REJECTED, S.UNASSIGNED}),
    S.REJECTED: frozenset({S.PROPOSED, S.UNASSIGNED}),
    S.ACCEPTED: frozenset({S.TRANSFERRED, S.PROPOSED}),
    S.TRANSFERRED: frozenset(),
}


@dataclass(frozen=True)
class HandoverFacts:
    """What the rules look at."""

    state: S
    receiving_owner: str | None
    acceptance_criteria: str
    evidence: tuple[str, ...]


class WorkflowError(ValueError):
    """A step the rules refuse; `key` names the rule in the text catalogue."""

    def __init__(self, key: str, **params: str) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


def check_step(facts: HandoverFacts, target: S, *, reason: str = "") -> None:
    """Raise WorkflowError with the blocking rule when `facts.state -> target` is not allowed."""
    if target == facts.state:
        raise WorkflowError("workflow.same_state")
    if target not in ALLOWED[facts.state]:
        raise WorkflowError("workflow.not_allowed", origin=facts.state.value, target=target.value)
    if target in (S.PROPOSED, S.ACCEPTED) and not facts.receiving_owner:
        raise WorkflowError("workflow.needs_receiver")
    if target is S.REJECTED and not reason.strip():
        raise WorkflowError("workflow.needs_reason")
    if target is S.TRANSFERRED:
        if not facts.acceptance_criteria.strip():
            raise WorkflowError("workflow.needs_criteria")
        if not facts.evidence:
            raise WorkflowError("workflow.needs_evidence")
    if target is S.UNASSIGNED and facts.receiving_owner:
        raise WorkflowError("workflow.unassign_needs_no_receiver")


def state_after_owner_change(state: S, new_owner: str | None) -> S:
    """The handover state once the receiving owner changes to `new_owner`.

    A new owner must accept anew, so the handover goes back to proposed; without an owner it is
    unassigned. A transferred obligation cannot change hands: WorkflowError.
    """
    if state is S.TRANSFERRED:
        raise WorkflowError("workflow.transferred_is_final")
    return S.PROPOSED if new_owner else S.UNASSIGNED
