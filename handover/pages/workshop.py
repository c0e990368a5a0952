"""Workshop: the facilitator picks an agenda and steps through it one item at a time in a large
view; decisions, actions and open questions are recorded against each item; every other screen
follows the current item (the live fragment reruns them when it moves). Comments on the current
obligation may mention people, who see them under "Til dig". Ending the meeting saves a baseline
and makes the minutes (Markdown, PDF)."""

from datetime import date

import streamlit as st

from handover.domain.access import AccessDeniedError, Action, Identity, Role
from handover.domain.dates import format_date, format_moment, today
from handover.domain.model import HandoverState
from handover.domain.workflow import ALLOWED, WorkflowError
from handover.domain.workshop import (
    AgendaItem,
    ItemKind,
    NoteKind,
    Outcome,
    RoomDecision,
    Step,
    Workshop,
    progress,
    standard_agenda,
)
from handover.exports.minutes import to_markdown, to_pdf
from handover.store import guarded, queries, workshops
from handover.store.guarded import ConflictError, InvalidChangeError
from handover.store.plan_io import read_plan
from handover.ui.access import identity
from handover.ui.comments import thread as comment_thread
from handover.ui.db import database
from handover.ui.editing import (
    actor,
    ask_for_name,
    can,
    person_choices,
    show_conflict,
    show_denied,
    show_problems,
)
from handover.ui.i18n import lang, plain, t, term

db = database()
st.title(t("workshop.title"))
st.caption(t("workshop.intro"))
who = identity()
leads = can(Action.RUN_WORKSHOP)
ended = st.session_state.pop("workshop_ended", None)
if ended:
    st.success(t("workshop.ended_ok", name=plain(ended)), icon=":material/flag:")

# ---------------------------------------------------------------- for you: mentions
if who is not None and who.person is not None:
    person = who.person
    mine = db.remember(("mentions", person), lambda: workshops.mentions_of(db, person))
    if mine:
        with st.expander(f"{t('workshop.for_you')} ({len(mine)})", expanded=True):
            for comment in mine[:20]:
                st.markdown(
                    "- "
                    + plain(
                        t(
                            "workshop.mentioned",
                            author=comment["author"],
                            code=comment["code"],
                            text=comment["text"],
                        )
                    )
                )

# Every follower reruns this page whenever anything changes: it reads the current item only,
# never the whole plan, and what it reads is remembered until the next write — shared by all
# sessions, so after the facilitator moves on one follower reads and the others reuse it.
people = queries.people_labels(db)
running = db.remember(("workshop", "open"), lambda: workshops.open_workshop(db))


def person_label(person_id: str | None) -> str:
    return "—" if person_id is None else people.get(person_id, person_id)


def failed(error: Exception) -> None:
    if isinstance(error, AccessDeniedError):
        show_denied(error)
    elif isinstance(error, InvalidChangeError):
        show_problems(error.problems)
    elif isinstance(error, ConflictError):
        show_conflict(error.conflict)
    elif isinstance(error, WorkflowError):
        st.error(t("workflow.refused", rule=plain(t(error.key, **error.params))))


ROOM_FEEDBACK = "room_feedback"
OUTCOME_MARK = {Outcome.RESOLVED: "✓", Outcome.OPEN: "○", Outcome.PARKED: "⏸"}


def room_decide(
    who: Identity, workshop: Workshop, item: AgendaItem, version: int, step: Step, keys: str
) -> None:
    """Button callback. `version` is the obligation's version when the button was drawn, so a
    change someone else made in between is a conflict, never overwritten."""
    state = st.session_state
    decision = RoomDecision(
        step,
        receiver=state.get(f"room_receiver_{keys}"),
        due=state.get(f"room_due_{keys}"),
        reason=str(state.get(f"room_reason_{keys}") or ""),
    )
    try:
        guarded.decide(db, who, workshop, item, version, decision, language=lang())
    except (AccessDeniedError, InvalidChangeError, ConflictError, WorkflowError) as error:
        state[ROOM_FEEDBACK] = error
    else:
        state[ROOM_FEEDBACK] = None


def room_park(who: Identity, workshop: Workshop, item: AgendaItem, keys: str) -> None:
    """Button callback: park the item with what is still open (an open question)."""
    question = str(st.session_state.get(f"room_park_{keys}") or "")
    try:
        guarded.add_note(db, who, workshop, item, NoteKind.QUESTION, question)
    except (AccessDeniedError, InvalidChangeError) as error:
        st.session_state[ROOM_FEEDBACK] = error


# ---------------------------------------------------------------- no meeting running
if running is None:
    st.info(t("workshop.none"))
    if not leads:
        if who is None:
            ask_for_name()
    else:
        # What can be picked: the same lists other pages read (remembered per revision); the
        # whole plan is read only when a standard agenda is asked for.
        risks = queries.risks(db)
        labels = {
            AgendaItem(ItemKind.OBLIGATION, oid): label
            for oid, label in queries.obligation_codes(db).items()
        } | {
            AgendaItem(ItemKind.RISK, str(rid)): f"⚠ {title}"
            for rid, title in zip(risks["id"].tolist(), risks["title"].tolist(), strict=True)
        }
        with st.form("start_workshop", border=True):
            st.subheader(t("workshop.start"))
            title = st.text_input(
                t("workshop.name"),
                value=t("workshop.name_default", date=format_date(today())),
                max_chars=200,
                key="workshop_title",
            )
            kind = st.radio(
                t("workshop.agenda"),
                ["standard", "picked"],
                format_func=lambda v: t(f"workshop.agenda.{v}"),
                key="workshop_agenda_kind",
                horizontal=True,
            )
            picked = st.multiselect(
                t("workshop.pick"),
                list(labels),
                format_func=lambda item: labels[item],
                key="workshop_pick",
                placeholder=t("common.choose"),
            )
            if st.form_submit_button(t("workshop.begin"), type="primary"):
                if kind == "standard":
                    plan = read_plan(db)
                    agenda = standard_agenda(plan.obligations, plan.resolved_due(), plan.risks)
                else:
                    agenda = list(picked)
                try:
                    assert who is not None
                    guarded.start_workshop(db, who, title, agenda)
                except (AccessDeniedError, InvalidChangeError) as error:
                    failed(error)
                else:
                    st.rerun()
    past = [w for w in workshops.workshops(db) if not w.open]
    if past:
        st.subheader(t("workshop.past"))
        for number, old in enumerate(past[:10]):
            cells = st.columns([4, 1, 1])
            cells[0].markdown(f"{plain(old.title)} · {old.started_at.strftime('%d.%m.%Y')}")
            record = workshops.minutes(db, old)
            cells[1].download_button(
                "MD",
                data=to_markdown(record, lang()),
                file_name=f"referat-{old.started_at.date().isoformat()}.md",
                mime="text/markdown",
                key=f"minutes_md_{number}",
            )
            cells[2].download_button(
                "PDF",
                data=to_pdf(record, lang()),
                file_name=f"referat-{old.started_at.date().isoformat()}.pdf",
                mime="application/pdf",
                key=f"minutes_pdf_{number}",
            )
    st.stop()

# ---------------------------------------------------------------- the current item, large
assert running is not None
item = running.item
count = len(running.agenda)
position = t("workshop.item_of", number=running.current + 1, count=count)
st.subheader(f"{plain(running.title, one_line=True)} · {position}")
if not leads:
    st.caption(t("workshop.following"))

with st.container(border=True):
    item_id = item.id if item is not None else ""
    shown = (
        db.remember(
            ("workshop", "item", item_id), lambda: workshops.current_obligation(db, item_id)
        )
        if item is not None and item.kind is ItemKind.OBLIGATION
        else None
    )
    risk = (
        db.remember(("workshop", "risk", item_id), lambda: workshops.current_risk(db, item_id))
        if item is not None and item.kind is ItemKind.RISK
        else None
    )
    if shown is not None:
        obligation, obligation_due = shown
        st.markdown(f"# {plain(obligation.code + ' · ' + obligation.title, one_line=True)}")
        facts = st.columns(4)
        facts[0].metric(t("col.due"), format_date(obligation_due, "—"))
        facts[1].metric(
            t("col.handover_state"), term("handover_state", obligation.handover_state.value)
        )
        facts[2].metric(t("col.status"), term("status", obligation.status.value))
        facts[3].metric(t("col.priority"), term("priority", obligation.priority.value))
        st.markdown(
            f"### {plain(person_label(obligation.current_owner), one_line=True)} → "
            f"{plain(person_label(obligation.receiving_owner), one_line=True)}"
        )
        if obligation.acceptance_criteria:
            st.markdown(
                f"**{t('col.acceptance_criteria')}:** {plain(obligation.acceptance_criteria)}"
            )
        if obligation.source_quote:
            st.markdown(f"> {plain(obligation.source_quote)}")
    elif risk is not None:
        st.markdown(f"# ⚠ {plain(risk.title, one_line=True)}")
        risk_facts = st.columns(3)
        risk_facts[0].metric(t("workshop.risk_score"), f"{risk.likelihood} × {risk.impact}")
        risk_facts[1].metric(t("risks.owner"), plain(person_label(risk.owner), one_line=True))
        risk_facts[2].metric(
            t("col.amount"), "—" if risk.amount_eur is None else f"{risk.amount_eur:,.0f} €"
        )
        if risk.mitigation:
            st.markdown(f"**{t('risks.mitigation')}:** {plain(risk.mitigation)}")
    else:
        st.markdown(f"# {plain(item.id if item else '—', one_line=True)}")

# ---------------------------------------------------------------- decide in the room
deciding = actor()
feedback = st.session_state.pop(ROOM_FEEDBACK, None)
if feedback is not None:
    failed(feedback)
if (
    deciding is not None
    and (deciding.role is Role.FACILITATOR or deciding.person is not None)
    and item is not None
    and item.kind is ItemKind.OBLIGATION
    and shown is not None
):
    room_item = item
    obligation, obligation_due = shown
    version = db.remember(
        ("workshop", "version", room_item.id),
        lambda: workshops.obligation_version(db, room_item.id),
    )
    keys = f"{item.id}_{version}"  # a new version resets the choices to what is stored
    proposal = db.remember(
        ("workshop", "proposal", room_item.id),
        lambda: workshops.successor_proposal(db, room_item.id),
    )
    choices, choice_label = person_choices(queries.people(db))
    preferred = obligation.receiving_owner or (proposal.person_id if proposal else None)
    if preferred is not None and preferred not in choice_label:
        choices.append(preferred)
        choice_label[preferred] = person_label(preferred)
    with st.container(border=True):
        st.markdown(f"**{t('room.title')}**")
        receiver_cell, step_cell, due_cell = st.columns([3, 2, 2])
        with receiver_cell:
            st.selectbox(
                t("room.receiver"),
                [None, *choices],
                index=(choices.index(preferred) + 1) if preferred in choices else 0,
                format_func=lambda pid: "—" if pid is None else choice_label.get(pid, pid),
                help=t("room.receiver_help"),
                key=f"room_receiver_{keys}",
            )
            if proposal is not None and proposal.person_id != obligation.receiving_owner:
                st.caption(
                    plain(
                        t(
                            "room.suggested",
                            person=person_label(proposal.person_id),
                            organisation=person_label(proposal.person_id).rsplit(" · ", 1)[-1],
                            ceases_org=person_label(obligation.current_owner).rsplit(" · ", 1)[-1],
                            ceases=format_date(proposal.ceases),
                        )
                    )
                )
            st.button(
                t("room.set_receiver"),
                key=f"room_set_{keys}",
                type="primary",
                on_click=room_decide,
                args=(deciding, running, item, version, Step.RECEIVER, keys),
            )
        with step_cell:
            room_steps = [
                step
                for step in (Step.PROPOSE, Step.ACCEPT, Step.REJECT)
                if HandoverState(step.value) in ALLOWED[obligation.handover_state]
                and obligation.receiving_owner is not None  # without one, setting it proposes
            ]
            if Step.REJECT in room_steps:
                st.text_input(t("room.reason"), max_chars=500, key=f"room_reason_{keys}")
            for step in room_steps:
                st.button(
                    t(f"workflow.to.{step.value}"),
                    key=f"room_{step.value}_{keys}",
                    on_click=room_decide,
                    args=(deciding, running, item, version, step, keys),
                )
        with due_cell:
            st.date_input(
                t("room.due"),
                value=obligation_due,
                format="DD.MM.YYYY",
                min_value=date(2000, 1, 1),
                max_value=date(2099, 12, 31),
                key=f"room_due_{keys}",
            )
            st.button(
                t("room.move_due"),
                key=f"room_move_{keys}",
                on_click=room_decide,
                args=(deciding, running, item, version, Step.DUE, keys),
            )
        if leads:
            park_text, park_button = st.columns([5, 2], vertical_alignment="bottom")
            park_text.text_input(t("room.park_text"), max_chars=4000, key=f"room_park_{keys}")
            park_button.button(
                t("room.park"),
                key=f"room_park_button_{keys}",
                icon=":material/pause:",
                on_click=room_park,
                args=(deciding, running, item, keys),
            )

# ---------------------------------------------------------------- stepping (facilitator)
running_id = running.id
every_note = db.remember(("workshop", "notes", running_id), lambda: workshops.notes(db, running_id))
outcomes = progress(running.agenda, every_note)
tally = {kind: sum(1 for found in outcomes.values() if found is kind) for kind in Outcome}
st.caption(
    t(
        "room.progress",
        resolved=tally[Outcome.RESOLVED],
        open=tally[Outcome.OPEN],
        parked=tally[Outcome.PARKED],
    )
)
if leads and who is not None:
    agenda_items = list(running.agenda)
    labels_now = db.remember(
        ("workshop", "labels", running.id),
        lambda: workshops.item_labels(db, agenda_items),
    )
    steps = st.columns([1, 1, 4])
    try:
        if steps[0].button(
            t("workshop.previous"),
            icon=":material/arrow_back:",
            disabled=running.current == 0,
            key="w_prev",
        ):
            guarded.go_to(db, who, running, running.current - 1)
            st.rerun()
        if steps[1].button(
            t("workshop.next"),
            icon=":material/arrow_forward:",
            type="primary",
            disabled=running.current >= count - 1,
            key="w_next",
        ):
            guarded.go_to(db, who, running, running.current + 1)
            st.rerun()
        agenda_now = running.agenda
        positions: list[int] = list(range(count))
        jump = steps[2].selectbox(
            t("workshop.jump"),
            positions,
            index=running.current,
            format_func=lambda i: (
                f"{OUTCOME_MARK[outcomes[agenda_now[i]]]} {i + 1}. {labels_now[agenda_now[i]]}"
            ),
            key=f"w_jump_{running.version}",
        )
        if jump is not None and jump != running.current:
            guarded.go_to(db, who, running, jump)
            st.rerun()
    except (AccessDeniedError, InvalidChangeError, ConflictError) as error:
        failed(error)

# ---------------------------------------------------------------- recorded for this item
recorded = [note for note in every_note if note.item == item]
notes_column, comments_column = st.columns([3, 2])
with notes_column:
    st.markdown(f"**{t('workshop.recorded')}**")
    if not recorded:
        st.caption(t("workshop.nothing_recorded"))
    for note in recorded:
        extra = f" ({note.created_by}, {format_moment(note.created_at, with_date=False)})"
        if note.kind is NoteKind.ACTION:
            extra = f" ({person_label(note.owner)}, {format_date(note.due, '—')})"
        st.markdown(
            f"- **{t('workshop.note.' + note.kind.value)}:** {plain(note.text)}{plain(extra)}"
        )
    if leads and who is not None and item is not None:
        with st.form("workshop_note", clear_on_submit=True):
            st.markdown(f"**{t('workshop.record')}**")
            kind = NoteKind(
                st.radio(
                    t("workshop.kind"),
                    [k.value for k in NoteKind],
                    format_func=lambda v: t(f"workshop.note.{v}"),
                    horizontal=True,
                    key="w_note_kind",
                )
            )
            body = st.text_area(t("workshop.note_text"), max_chars=4000, key="w_note_text")
            pair = st.columns(2)
            owner = pair[0].selectbox(
                t("workshop.owner"),
                [None, *people],
                format_func=person_label,
                key="w_note_owner",
                placeholder=t("common.choose"),
            )
            when = pair[1].date_input(
                t("workshop.due"), value=None, format="DD.MM.YYYY", key="w_note_due"
            )
            if st.form_submit_button(t("workshop.add"), type="primary"):
                try:
                    guarded.add_note(
                        db, who, running, item, kind, body, owner=owner, due=when or None
                    )
                except (AccessDeniedError, InvalidChangeError) as error:
                    failed(error)
                else:
                    st.rerun()

# ---------------------------------------------------------------- comments on the obligation
with comments_column:
    if item is not None and item.kind is ItemKind.OBLIGATION:
        comment_thread(db, item.id, key="workshop")


# ---------------------------------------------------------------- the end
if leads and who is not None:
    st.divider()
    with st.popover(t("workshop.end"), icon=":material/flag:"):
        st.write(t("workshop.end_confirm"))
        if st.button(t("workshop.end"), type="primary", key="w_end"):
            name = f"{running.title} ({running.started_at.strftime('%d.%m.%Y %H:%M')})"
            try:
                guarded.end_workshop(db, who, running, name)
            except (AccessDeniedError, InvalidChangeError, ConflictError) as error:
                failed(error)
            else:
                st.session_state["workshop_ended"] = name
                st.rerun()
