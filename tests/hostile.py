"""A plan full of hostile typed text, shared by the AppTest and the browser test of "text is shown
as text": image links, raw HTML, `javascript:` links, Streamlit colour directives, icons and LaTeX
in titles, names, notes, evidence, risks, comments, workshop notes and a baseline's name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from handover.domain.access import Identity, Role
from handover.domain.plan import Plan
from handover.domain.workshop import AgendaItem, ItemKind, NoteKind
from handover.store import guarded
from handover.store.database import Database
from handover.store.plan_io import load_plan, read_plan
from handover.store.seed import load_seed

IMAGE = "![x](http://evil.example/x.png)"
HTML = "<img src=http://evil.example/y.png>"
SCRIPT = "[klik](javascript:alert(1))"
EXTRAS = ":red[rød] $x$ :material/home: :smile:"
ANCHOR = '<a href="http://evil.example/a">a</a>'  # Plotly draws this HTML in chart labels
HOSTILE = f"{IMAGE} {HTML} {SCRIPT} {ANCHOR} {EXTRAS}"
SHORT = f"{IMAGE} {ANCHOR}"  # for fields of 200 characters
HOSTILE_CODE = "![](//evil.example)"  # an obligation code: 20 characters, no blanks
EDITOR = f"Anna {IMAGE}"


def hostile_plan(plan: Plan) -> Plan:
    """`plan` with hostile text in every typed field (lengths within the model's limits)."""

    def obligation(index: int, o: Any) -> Any:
        return o.model_copy(
            update={
                "code": HOSTILE_CODE if index == 0 else o.code,
                "title": f"{o.title[:100]} {HOSTILE}",
                "description": f"{HOSTILE}\n# {o.description}",
                "notes": f"- {HOSTILE}\n\n{HOSTILE}",
                "acceptance_criteria": HOSTILE,
                "source_quote": f"{o.source_quote}\n{HOSTILE}",
                "source_ref": HOSTILE,
                "legal_basis": HOSTILE,
                "evidence": (*o.evidence, HOSTILE, IMAGE),
            }
        )

    return replace(
        plan,
        organisations=tuple(
            o.model_copy(
                update={"name": f"{o.name} {SHORT}", "kind": HOSTILE, "notes": f"{HOSTILE}\n1. x"}
            )
            for o in plan.organisations
        ),
        people=tuple(
            p.model_copy(update={"name": f"{p.name} {SHORT}" if p.name else "", "title": SHORT})
            for p in plan.people
        ),
        projects=tuple(p.model_copy(update={"name": f"{p.name} {SHORT}"}) for p in plan.projects),
        milestones=tuple(
            m.model_copy(update={"title": f"{m.title} {SHORT}"}) for m in plan.milestones
        ),
        obligations=tuple(obligation(i, o) for i, o in enumerate(plan.obligations)),
        risks=tuple(
            r.model_copy(
                update={
                    "title": f"{r.title} {HOSTILE}",
                    "mitigation": HOSTILE,
                    "description": HOSTILE,
                }
            )
            for r in plan.risks
        ),
    )


def write_hostile_plan(path: Path) -> None:
    """The xShare plan made hostile, in a database file at `path`, with a workshop running on its
    first obligation (then a risk) with a hostile note and comment, and a hostile baseline."""
    with Database(":memory:") as seeded:
        load_seed(seeded, "xshare")
        plan = hostile_plan(read_plan(seeded))
    anna = Identity(EDITOR, Role.FACILITATOR)
    with Database(path) as database:
        load_plan(database, plan, actor=EDITOR)
        first = plan.obligations[0].id
        running = guarded.start_workshop(
            database,
            anna,
            f"Møde {SHORT}",
            [AgendaItem(ItemKind.OBLIGATION, first), AgendaItem(ItemKind.RISK, plan.risks[0].id)],
        )
        assert running.item is not None
        guarded.add_note(database, anna, running, running.item, NoteKind.DECISION, HOSTILE)
        guarded.add_comment(database, anna, first, f"{HOSTILE}\n> {HOSTILE}", [])
        guarded.save_baseline(database, anna, f"Basis {SHORT}")
