"""Oversigt: days to the transition and to the critical reporting deadline, obligations by handover
state and category, and the obligations that still have no receiving owner."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from handover.charts.overview import STATE_COLOURS, burndown_chart, count_bars
from handover.domain.access import Action, Identity, Role
from handover.domain.burndown import burndown
from handover.domain.dates import today
from handover.domain.findings import Finding, Severity
from handover.domain.model import Category, HandoverState
from handover.domain.register import NO_OWNER, RegisterFilter
from handover.domain.report import grouped_again
from handover.store import guarded, queries, reports
from handover.store.plan_io import is_empty, plan_counts
from handover.ui.access import config, identity
from handover.ui.db import database
from handover.ui.editing import can
from handover.ui.i18n import d, lang, plain, t, term
from handover.ui.shell import register_page
from handover.ui.tables import readable, register_config, show_table

SHOWN_ROWS = 200  # the to-do list on the projector; the register holds the rest
# Who starts the plan on a local run before anyone gave a name (the history says "app").
ANONYMOUS = Identity("app", Role.VIEWER)
MAX_LINES = 12  # finding lines per severity
MAX_CODES = 15  # obligation codes (pills) per line

OPENING = "overview_opening"  # the code a finding's pill chose, until the register opens on it


def code_label(code: str) -> str:
    return f":material/arrow_outward: {plain(code, one_line=True)}"  # a pill renders Markdown


def open_code(key: str) -> None:
    """A finding's code pressed: remembered for this run to open the register on. (The pill is
    not drawn on the register, so Streamlit forgets its choice: back here, nothing is chosen.)"""
    st.session_state[OPENING] = st.session_state[key]


if opening := st.session_state.pop(OPENING, None):
    st.switch_page(register_page(), query_params={"code": opening})

db = database()
st.title(t("overview.title"))
as_of = today()

if is_empty(db):
    st.info(t("app.empty_plan"))
    # Locally anyone may start the plan; configured, only the facilitator (the gateway decides).
    if (config().local or can(Action.RESTORE)) and st.button(
        t("app.load_xshare"), key="load_seed", type="primary"
    ):
        # Loads only into an empty plan (checked in the same transaction): never overwrites.
        if guarded.start_plan(db, identity() or ANONYMOUS, "xshare", local=config().local):
            st.toast(t("app.loaded", summary=t("cli.summary", **plan_counts(db))))
        st.rerun()
    st.stop()

transition = queries.transition_day(db)
ceasing = queries.ceasing_organisations(db, transition.day) if transition else []
st.caption(t("app.as_of", date=d(as_of)))
if ceasing:
    st.markdown(t("overview.intro", transition_org=plain(", ".join(ceasing))))


def chart(name: str, build: Callable[[], Any], reads: tuple[str, ...]) -> Any:
    """A figure built once per language and day until a write changes what it `reads` (Plotly's
    validation is slow). `build` fetches its data itself, so the figure is never older than the
    revision it is remembered at."""
    return db.remember(("chart", name, lang(), as_of), build, reads=reads)


def countdown(days: int) -> str:
    if days == 0:
        return t("overview.day_today")
    if days < 0:
        return t("overview.days_past", days=-days)
    return t("overview.days_value", days=days)


unassigned = RegisterFilter(receiving_owners=(NO_OWNER,))
cards = st.columns(4)
if transition is not None:
    with cards[0]:
        st.metric(
            t("overview.days_to", title=d(transition.day)),
            countdown((transition.day - as_of).days),
            help=plain(transition.title),
            border=True,
        )
        st.caption(plain(transition.title))
else:
    cards[0].warning(t("overview.no_transition"))

# The deadline the room watches: the earliest open critical reporting obligation.
report = queries.first_open(db, priority="critical", category="reporting")
if report is not None:
    due = report["due"].date()
    with cards[1]:
        st.metric(
            t("overview.days_to", title=d(due)),
            countdown((due - as_of).days),
            help=plain(f"{report['code']} · {report['title']}"),
            border=True,
        )
        st.caption(plain(f"{report['code']} · {report['title']}"))
without_receiver = queries.obligation_count(db, unassigned)
cards[2].metric(t("overview.total"), queries.obligation_count(db), border=True)
cards[3].metric(t("overview.without_receiver"), without_receiver, border=True)

# Readiness and what blocks it: the same rules as `handover check`.
# Pure, but not free at 10,000 obligations: reused until a write changes what the rules read (a
# note edit does not), or another day (the memo is the findings service's, store/reports.py).
FINDINGS = queries.FINDINGS_READS


def plan_findings() -> list[Finding]:
    return reports.plan_findings(db, as_of)


findings = plan_findings()
ready, relevant = reports.plan_readiness(db)
score, summary = st.columns([1, 3])
score.metric(
    t("overview.readiness"),
    f"{round(100 * ready / relevant)} %" if relevant else "—",
    help=t("check.readiness", ready=ready, total=relevant),
    border=True,
)
score.caption(t("overview.readiness_of", ready=ready, total=relevant))
obligation_money, stated, risk_money, risk_stated = queries.money_at_stake(db)
score.metric(
    t("risks.money"),
    f"{(obligation_money or 0) + (risk_money or 0):,.0f} EUR".replace(",", ".")
    if stated or risk_stated
    else t("risks.money_unknown"),
    help=t("overview.money_help", obligations=stated, risks=risk_stated),
    border=True,
)
with summary:
    st.subheader(t("overview.findings"))
    if not findings:
        st.success(t("check.none"))
    language = lang()
    # Brought up to date: the messages of unchanged findings are not worded again.
    finding_lines = db.remember_updating(
        ("finding_lines", as_of, language),
        lambda previous: grouped_again(previous, plan_findings(), language),
        reads=FINDINGS,
    )
    lines_by_severity, counts = finding_lines.lines, finding_lines.counts
    for severity in sorted(Severity, reverse=True):
        count = counts.get(severity, 0)
        if not count:
            continue
        # Built only while open (a rerun on opening): each closed section would otherwise send
        # its links on every rerun of every session (up to 180 elements each).
        section = st.expander(
            f"{t(severity.label_key)} ({count})",
            expanded=severity is Severity.BLOCKER,
            key=f"findings_{severity.name.lower()}",
            on_change="rerun",
        )
        with section:
            if not section.open:
                continue
            # One line per rule and message, naming the obligations it concerns; capped, so a
            # plan of thousands stays readable (the full list: `handover check`).
            lines = lines_by_severity.get(severity, [])
            for number, (rule, text_of, codes) in enumerate(lines[:MAX_LINES]):
                st.markdown(f"- **{plain(text_of)}**  \n  _{t(f'fix.{rule}')}_")
                # A code pressed opens the register on that obligation in this session (same
                # language, same name), not in a new tab as a Markdown link would. One widget
                # per line, not one link per code: each element is a message to every session
                # on every rerun, and fifteen links a line were most of this page's.
                key = f"go_{severity.name.lower()}_{number}"
                st.pills(
                    t("overview.open_codes"),
                    codes[:MAX_CODES],
                    format_func=code_label,
                    key=key,
                    on_change=open_code,
                    args=(key,),
                    label_visibility="collapsed",
                )
                if len(codes) > MAX_CODES:
                    st.caption(t("overview.more_codes", count=len(codes) - MAX_CODES))
            if len(lines) > MAX_LINES:
                st.caption(t("overview.more_findings", count=len(lines) - MAX_LINES))

left, right = st.columns(2)
with left:
    st.subheader(t("overview.burndown"))

    def burndown_series() -> list[tuple[date, int, int]]:
        def compute() -> list[tuple[date, int, int]]:
            current, changes, loaded = queries.burndown_inputs(db)
            return burndown(current, changes, min(loaded or as_of, as_of), as_of)

        return db.remember(("burndown", as_of), compute, reads=queries.BURNDOWN_READS)

    def burndown_figure(series: list[tuple[date, int, int]]) -> Any:
        day = queries.transition_day(db)
        return burndown_chart(
            [day for day, _, _ in series],
            [unassigned_count for _, unassigned_count, _ in series],
            [unaccepted for _, _, unaccepted in series],
            transition=day.day if day else None,
            names=(
                t("overview.unassigned_line"),
                t("overview.unaccepted_line"),
                d(day.day) if day else "",
            ),
        )

    # Every write appends to the audit log, so the series is recounted after any write; the
    # figure is rebuilt only when the series it draws changed (a note or status edit: not).
    series = burndown_series()
    st.plotly_chart(
        db.remember(
            ("chart", "burndown", lang(), as_of, tuple(series)),
            lambda: burndown_figure(series),
            reads=("milestones",),
        ),
        key="chart_burndown",
        config={"displayModeBar": False},
    )
    st.caption(t("overview.burndown_help"))
with right:
    st.subheader(t("overview.workload"))
    load = queries.workload(db).head(10)
    if load.empty:
        st.info(t("overview.no_workload"))
    else:
        # Remembered on the bars it draws: a status edit that leaves the counts (open stays
        # open) keeps the figure.
        owners = tuple(load["owner"] + " · " + load["organisation"])
        counts_open = tuple(int(n) for n in load["open"])
        st.plotly_chart(
            db.remember(
                ("chart", "workload", owners, counts_open),
                lambda: count_bars(list(owners), list(counts_open)),
                reads=(),
            ),
            key="chart_workload",
            config={"displayModeBar": False},
        )

left, right = st.columns(2)
with left:
    st.subheader(t("overview.by_state"))
    states = [state.value for state in HandoverState]

    def by_state_figure() -> Any:
        by_state = queries.counts_by(db, "handover_state")
        return count_bars(
            [term("handover_state", state) for state in states],
            [by_state.get(state, 0) for state in states],
            colours=[STATE_COLOURS[state] for state in states],
        )

    st.plotly_chart(
        chart("by_state", by_state_figure, queries.counts_reads("handover_state")),
        key="chart_by_state",
        config={"displayModeBar": False},
    )
with right:
    st.subheader(t("overview.by_category"))

    def by_category_figure() -> Any:
        by_category = queries.counts_by(db, "category")
        categories = [c.value for c in Category if by_category.get(c.value, 0)]
        return count_bars(
            [term("category", category) for category in categories],
            [by_category[category] for category in categories],
        )

    st.plotly_chart(
        chart("by_category", by_category_figure, queries.counts_reads("category")),
        key="chart_by_category",
        config={"displayModeBar": False},
    )

st.subheader(t("overview.unassigned_title"))
if without_receiver == 0:
    st.success(t("overview.all_assigned"))
else:
    if without_receiver > SHOWN_ROWS:
        st.caption(t("overview.unassigned_capped", shown=SHOWN_ROWS, total=without_receiver))

    def unowned_rows() -> pd.DataFrame:
        shown = readable(queries.unowned(db, limit=SHOWN_ROWS))
        shown["days_left"] = [
            None if pd.isna(due) else (due.date() - as_of).days for due in shown["due"]
        ]
        return shown

    # Worded once per language and day until a write changes the list (shared: only shown).
    show_table(
        db.remember(("unowned_shown", lang(), as_of), unowned_rows, reads=queries.UNOWNED_READS),
        column_order=(
            "code",
            "title",
            "current_owner",
            "due",
            "days_left",
            "due_rule",
            "priority",
        ),
        column_config=register_config(),
        key="unassigned_table",
    )
