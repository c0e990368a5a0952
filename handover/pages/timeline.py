"""Tidslinje: the whole handover at a glance — obligations and milestones on a Gantt chart, grouped
and coloured as the room needs, with today, the transition, the project ends and the final-report
deadline as lines, the chain that decides a chosen obligation outlined, and, at scale, one summary
bar per group with a drill-down."""

from datetime import date
from html import escape

import pandas as pd
import streamlit as st

from handover.charts.gantt import (
    SHADE_DAYS,
    Arrow,
    Bar,
    GanttSpec,
    Ghost,
    Line,
    Marker,
    gantt,
    image_options,
    to_html,
    zoom,
)
from handover.domain.access import Action
from handover.domain.baseline import Now, Then, moved
from handover.domain.cpm import CycleError
from handover.domain.dates import format_date, today
from handover.domain.text import label, text
from handover.store import guarded, queries
from handover.store.calendar import read_settings
from handover.store.guarded import InvalidChangeError
from handover.ui.db import database
from handover.ui.editing import actor, can, show_problems
from handover.ui.filters import register_filters
from handover.ui.i18n import labeller, lang, plain, t, term
from handover.ui.tables import DATE_FORMAT, cell_date, cell_text, records

GROUPS = ("project", "category", "current_org", "receiving_org", "receiving_owner")
COLOURINGS = ("handover_state", "status")
ZOOMS = ("now", "transition", "next30", "next90", "all")  # first: what the room looks at
MAX_LISTED = 20  # violations listed under the chart; `handover check` lists them all

db = database()
st.title(t("timeline.title"))
as_of = today()

with st.expander(t("timeline.filters"), icon=":material/filter_list:"):
    criteria = register_filters(db, "g_f_", ("project", "category", "receiving", "search"))
people = queries.people(db)
person_label = dict(zip(people["id"], people["label"], strict=True))
register = queries.obligations(db, criteria)
if register.empty:
    st.info(t("register.none"))
    st.stop()
transition = queries.transition_day(db)
report = queries.first_open(db, priority="critical", category="reporting")
codes = dict(zip(register["id"], register["code"] + " · " + register["title"], strict=True))
if len(codes) > 500:
    # A choice among 10,000 is no choice: offer the obligations that chains end in, and the
    # critical ones (the target list stays small however big the plan).
    ends = {d.successor for d in queries.findings_snapshot(db).dependencies}
    critical = set(register.loc[register["priority"] == "critical", "id"])
    chosen_codes = [oid for oid in codes if oid in ends or oid in critical][:300]
    codes = {oid: codes[oid] for oid in chosen_codes} or dict(list(codes.items())[:300])

with st.container(border=True):
    cells = st.columns([2, 2, 2, 3])
    group_by = cells[0].selectbox(
        t("timeline.group_by"), GROUPS, format_func=labeller("timeline.group"), key="g_group"
    )
    colour_by = cells[1].selectbox(
        t("timeline.colour_by"), COLOURINGS, format_func=labeller("timeline.colour"), key="g_colour"
    )
    preset = cells[2].selectbox(
        t("timeline.zoom"), ZOOMS, format_func=labeller("timeline.zoom"), key="g_zoom"
    )
    projector = cells[2].toggle(t("timeline.projector"), key="g_projector")
    default_target = (
        list(codes).index(report["id"]) if report is not None and report["id"] in codes else 0
    )
    target = cells[3].selectbox(
        t("timeline.target"),
        list(codes),
        index=default_target,
        format_func=codes.__getitem__,
        key="g_target",
    )

# The critical path to the chosen obligation, and every obligation's slack: the schedule depends
# on the plan only, the bars on the plan and the choices above, so both are reused until a write.
snapshot = queries.findings_snapshot(db)
by_id = {o.id: o for o in snapshot.obligations}
try:
    plan = queries.plan_schedule(db, as_of)
except CycleError as error:
    st.error(
        t(
            "plan.dependency_cycle",
            cycle=plain(" → ".join(by_id[i].code for i in error.cycle if i in by_id)),
        )
    )
    st.stop()
language = lang()


# The bars read the Gantt's columns (not notes or long texts) and the schedule: a note edit leaves
# them remembered. Each memo fetches its inputs inside, never older than the revision it is kept at.
BAR_READS = (*queries.gantt_reads(criteria), *queries.FINDINGS_READS)


def build_bars() -> tuple[list[Bar], int]:
    """The bars, their words fixed in `language` (no session lookups per row). Hover texts are
    made by `describe`, only for the bars the chart draws."""
    rows = queries.gantt_rows(db, criteria)
    plan = queries.plan_schedule(db, as_of)
    transition = queries.transition_day(db)
    chain = set(plan.critical_path(str(target)))
    labels: dict[tuple[str, str], str] = {}

    def word(vocabulary: str, value: str) -> str:
        if (vocabulary, value) not in labels:
            labels[(vocabulary, value)] = label(vocabulary, value, language)
        return labels[(vocabulary, value)]

    nobody = text("timeline.none", language)
    found: list[Bar] = []
    missing = 0
    used = ("id", "code", "title", "due", "start", "current_org_until", "handover_state")
    for row in records(rows, list(dict.fromkeys((*used, group_by, colour_by)))):
        due = cell_date(row["due"])
        if due is None:
            missing += 1
            continue
        start = cell_date(row["start"]) or due
        if group_by == "category":
            group = word("category", str(row["category"]))
        else:
            group = cell_text(row[group_by]) or nobody
        timing = plan.timings.get(str(row["id"]))
        until = cell_date(row["current_org_until"])
        at_risk = (
            transition is not None
            and due >= transition.day
            and until is not None
            and until < due
            and row["handover_state"] not in ("accepted", "transferred")
        )
        colour_key = str(row[colour_by])
        found.append(
            Bar(
                id=str(row["id"]),
                code=str(row["code"]),
                title=str(row["title"]),
                group=group,
                start=start,
                finish=due,
                colour_key=colour_key,
                colour_label=word(colour_by, colour_key),
                slack=timing.slack if timing else None,
                critical=str(row["id"]) in chain,
                at_risk=at_risk,
                state=str(row["handover_state"]),
            )
        )
    return found, missing


def owners_of() -> dict[str, tuple[str | None, str | None]]:
    rows = queries.gantt_rows(db, criteria)
    return dict(
        zip(
            rows["id"].tolist(),
            zip(rows["current_owner"].tolist(), rows["receiving_owner"].tolist(), strict=True),
            strict=True,
        )
    )


bars, undated = db.remember(
    ("gantt_bars", criteria, group_by, colour_by, str(target), as_of, language),
    build_bars,
    reads=BAR_READS,
)
owners = db.remember(("gantt_owners", criteria), owners_of, reads=queries.gantt_reads(criteria))


def describe(bar: Bar) -> str:
    """The hover text of one drawn bar (Plotly's HTML subset: typed text is HTML-escaped)."""
    current, receiving = owners.get(bar.id, (None, None))
    return (
        f"{escape(bar.code)} · {escape(bar.title)}"
        f"<br>{format_date(bar.start)} – {format_date(bar.finish)}"
        f"<br>{t('col.current_owner')}: {escape(cell_text(current) or '—')}"
        f"<br>{t('col.receiving_owner')}: {escape(cell_text(receiving) or '—')}"
        + (f"<br>{t('timeline.slack', days=bar.slack)}" if bar.slack is not None else "")
        + (f"<br>⚠ {t('timeline.at_risk')}" if bar.at_risk else "")
    )


summarised = len(bars) > 150
if summarised:
    groups = sorted({bar.group for bar in bars})
    chosen = st.selectbox(
        t("timeline.drill"),
        [None, *groups],
        format_func=lambda v: t("timeline.all_groups") if v is None else v,
        key="g_drill",
    )
    if chosen is not None:
        bars = [bar for bar in bars if bar.group == chosen]

lines = [Line(t("timeline.today", date=format_date(as_of)), as_of, "#0B5394", "solid")]
if transition is not None:
    lines.append(Line(format_date(transition.day), transition.day, "#B00020", "dash"))
for name, end in queries.project_ends(db):
    lines.append(Line(t("timeline.project_end", name=name), end, "#555555"))
if report is not None and not pd.isna(report["due"]):
    due_day: date = report["due"].date()
    lines.append(Line(f"{report['code']} {format_date(due_day)}", due_day, "#B00020"))

kept = queries.baselines(db)
names = {bid: f"{name} ({at:%d.%m.%Y %H:%M})" for bid, name, at in kept}
compare = st.selectbox(
    t("timeline.baseline"),
    [None, *names],
    format_func=lambda v: t("timeline.no_baseline") if v is None else names[v],
    key="g_baseline",
)
then = queries.baseline_items(db, str(compare)) if compare else {}
ghosts = [
    Ghost(oid, start or due, due) for oid, (start, due, _, _) in then.items() if due is not None
]

first = min((bar.start for bar in bars), default=as_of)
last = max((bar.finish for bar in bars), default=as_of)
window = zoom(
    str(preset),
    as_of,
    transition.day if transition else None,
    first,
    last,
    [bar.finish for bar in bars],
)
closed_days = (
    read_settings(db)[0].work_calendar().non_working_days(*window)
    if window is not None and (window[1] - window[0]).days <= SHADE_DAYS
    else []
)
spec = GanttSpec(
    bars=bars,
    describe=describe,
    milestones=[Marker(title, day) for _, title, day in queries.calendar_milestones(db)],
    lines=lines,
    arrows=[Arrow(link.predecessor, link.successor) for link in snapshot.dependencies],
    ghosts=ghosts,
    window=window,
    closed_days=closed_days,
    text_size="projector" if projector else "normal",
    labels={
        "milestones": t("timeline.milestones"),
        "summary": t("timeline.summary"),
        "summary_legend": t("timeline.summary_legend"),
        "ghost": t("timeline.ghost"),
    },
)
figure = db.remember(
    (
        "gantt_figure",
        criteria,
        group_by,
        colour_by,
        str(target),
        as_of,
        language,
        preset,
        compare,
        st.session_state.get("g_drill"),
        projector,
    ),
    lambda: gantt(spec, as_of),
)
plan_name = ", ".join(queries.project_names(db).values()) or t("app.title")
file_stem = f"{t('timeline.file')}-{as_of.isoformat()}"
st.plotly_chart(figure, key="gantt", config=image_options(file_stem))
st.caption(
    t(
        "timeline.legend",
        chain=plain(
            " → ".join(by_id[i].code for i in plan.critical_path(str(target)) if i in by_id)
        ),
    )
)
st.caption(t("timeline.patterns"))
if undated:
    st.caption(t("timeline.undated", count=undated))
if plan.violations:
    late = [v for v in plan.violations if v.task in by_id]
    lines_late = [
        f"- {plain(by_id[v.task].code)}: "
        + text("timeline.late", language, days=v.days_late, date=format_date(v.earliest_finish))
        for v in late[:MAX_LISTED]
    ]
    if len(late) > MAX_LISTED:
        lines_late.append(
            "- " + text("overview.more_codes", language, count=len(late) - MAX_LISTED)
        )
    st.warning(t("timeline.violations") + "\n" + "\n".join(lines_late))

# ---------------------------------------------------------------- what moved since the baseline
if compare:
    now = {
        str(row["id"]): Now(
            str(row["code"]),
            str(row["title"]),
            cell_date(row["due"]),
            cell_text(row["receiving_owner_id"]),
            str(row["handover_state"]),
        )
        for row in records(
            register, ("id", "code", "title", "due", "receiving_owner_id", "handover_state")
        )
    }
    moves = moved(
        now, {oid: Then(due, owner, state) for oid, (_, due, owner, state) in then.items()}
    )
    baseline_name = next(name for bid, name, _ in kept if bid == compare)
    st.subheader(t("timeline.moved", name=plain(baseline_name, one_line=True)))
    if not moves:
        st.success(t("timeline.moved_none", name=plain(baseline_name)))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "code": [m.code for m in moves],
                    "title": [m.title for m in moves],
                    "due_then": [m.due_then for m in moves],
                    "due_now": [m.due_now for m in moves],
                    "days": [m.days for m in moves],
                    "owner_then": [person_label.get(m.owner_then or "", "—") for m in moves],
                    "owner_now": [person_label.get(m.owner_now or "", "—") for m in moves],
                    "state_then": [
                        term("handover_state", m.state_then) if m.state_then else "—" for m in moves
                    ],
                    "state_now": [term("handover_state", m.state_now) for m in moves],
                }
            ),
            hide_index=True,
            placeholder="—",
            key="moved_table",
            column_config={
                "code": st.column_config.TextColumn(t("col.code"), width="small"),
                "title": st.column_config.TextColumn(t("col.title"), width="large"),
                "due_then": st.column_config.DateColumn(t("timeline.was"), format=DATE_FORMAT),
                "due_now": st.column_config.DateColumn(t("col.due"), format=DATE_FORMAT),
                "days": st.column_config.NumberColumn(t("timeline.days_moved"), format="%+d"),
                "owner_then": st.column_config.TextColumn(t("timeline.owner_then")),
                "owner_now": st.column_config.TextColumn(t("col.receiving_owner")),
                "state_then": st.column_config.TextColumn(t("timeline.state_then")),
                "state_now": st.column_config.TextColumn(t("col.handover_state")),
            },
        )

# ---------------------------------------------------------------- export and baselines


def filter_words() -> list[str]:
    """The register filters in force, in words (for the exported chart's heading)."""
    projects = queries.project_names(db)
    words = []
    if criteria.projects:
        words.append(
            f"{t('col.project')}: {', '.join(projects.get(p, p) for p in criteria.projects)}"
        )
    if criteria.categories:
        words.append(
            f"{t('col.category')}: {', '.join(term('category', c) for c in criteria.categories)}"
        )
    if criteria.receiving_owners:
        chosen = (person_label.get(p, t("timeline.none")) for p in criteria.receiving_owners)
        words.append(f"{t('col.receiving_owner')}: {', '.join(chosen)}")
    if criteria.search:
        words.append(f"{t('register.search')}: {criteria.search}")
    return words


left, right = st.columns(2)
with left:
    chosen_filters = [
        f"{t('timeline.group_by')}: {t('timeline.group.' + group_by)}",
        f"{t('timeline.colour_by')}: {t('timeline.colour.' + colour_by)}",
        f"{t('timeline.zoom')}: {t('timeline.zoom.' + str(preset))}",
        *filter_words(),
    ]
    st.download_button(
        t("timeline.export_html"),
        data=lambda: to_html(
            figure,
            title=plan_name,
            subtitle=f"{format_date(as_of)} · " + " · ".join(chosen_filters),
            legend=[
                text("timeline.legend", language, chain=""),
                text("timeline.patterns", language),
            ],
        ),
        file_name=f"{file_stem}.html",
        mime="text/html",
        icon=":material/download:",
        key="gantt_html",
    )
    st.caption(t("timeline.png_hint"))
with right:
    who = actor()
    if who is not None and can(Action.SAVE_BASELINE):
        with st.form("save_baseline", clear_on_submit=True, border=False):
            name = st.text_input(t("timeline.baseline_name"), max_chars=120, key="baseline_name")
            if st.form_submit_button(t("timeline.save_baseline"), icon=":material/bookmark_add:"):
                try:
                    guarded.save_baseline(db, who, name)
                except InvalidChangeError as error:
                    show_problems(error.problems)
                else:
                    st.success(plain(t("timeline.baseline_saved", name=name.strip())))
