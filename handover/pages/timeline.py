"""Tidslinje: the whole handover at a glance — obligations and milestones on a Gantt chart, grouped
and coloured as the room needs, with today, the transition, the project ends and the final-report
deadline as lines, the chain that decides a chosen obligation outlined, and, at scale, one summary
bar per group with a drill-down."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from handover.charts.gantt import image_options, to_html
from handover.domain.access import Action
from handover.domain.baseline import Now, Then, moved
from handover.domain.cpm import CycleError
from handover.domain.dates import format_date, today
from handover.domain.text import text
from handover.store import guarded, queries
from handover.store.guarded import InvalidChangeError
from handover.ui import timeline
from handover.ui.db import database
from handover.ui.downloads import download_made_on_press
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
language = lang()

# What the browser draws first is what it is sent first, in the same burst: the filters sit in a
# popover (sent, kept, not drawn until opened), the choices that shape the chart come next and
# then the chart, whose place is held while the paging and baseline choices under it are made.
with st.popover(t("timeline.filters"), icon=":material/filter_list:"):
    criteria = register_filters(db, "g_f_", ("project", "category", "receiving", "search"))
people = queries.people(db)
person_label = dict(zip(people["id"], people["label"], strict=True))
# The Gantt's rows leave out notes and long texts: a note edit keeps every memo below.
register = queries.gantt_rows(db, criteria)
if register.empty:
    st.info(t("register.none"))
    st.stop()
report = queries.first_open(db, priority="critical", category="reporting")
codes = timeline.targets(db, criteria)

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
chart = st.empty()

# The critical path to the chosen obligation, and every obligation's slack: the schedule depends
# on the plan only, the bars on the plan and the choices above; each is kept until a write
# changes what it reads (handover/ui/timeline.py).
try:
    queries.plan_schedule(db, as_of)
except CycleError as error:
    codes_of = queries.obligation_codes(db)
    chart.error(
        t(
            "plan.dependency_cycle",
            cycle=plain(" → ".join(codes_of[i] for i in error.cycle if i in codes_of)),
        )
    )
    st.stop()

choices = timeline.Choices(
    criteria=criteria,
    group_by=str(group_by),
    colour_by=str(colour_by),
    target=str(target),
    as_of=as_of,
    language=language,
)
paging = timeline.paging(db, choices)
undated = timeline.bars(db, choices)[1]
drill = None
page = 0
if paging.paged or st.session_state.get("g_drill") is not None:
    cells = st.columns([3, 1])
    drill = cells[0].selectbox(
        t("timeline.drill"),
        [None, *paging.groups],
        format_func=lambda v: t("timeline.all_groups") if v is None else v,
        key="g_drill",
    )
    if drill is not None:
        choices = replace(choices, drill=drill)
        paging = timeline.paging(db, choices)
    pages = len(paging.pages)
    if (st.session_state.get("g_page") or 1) > pages:
        st.session_state["g_page"] = pages  # fewer pages after a drill-down or a filter
    page = (
        int(
            cells[1].number_input(
                t("timeline.page", pages=pages), min_value=1, max_value=pages, step=1, key="g_page"
            )
        )
        - 1
        if pages > 1
        else 0
    )
if paging.paged:
    shown = paging.pages[page]
    before = sum(len(p) for p in paging.pages[:page])
    st.caption(
        t(
            "timeline.paged",
            first=before + 1,
            last=before + len(shown),
            total=paging.shown,
            page=page + 1,
            pages=len(paging.pages),
        )
    )
notes = timeline.notes(db, str(target), as_of)
st.caption(t("timeline.legend", chain=plain(notes.chain)))
st.caption(t("timeline.patterns"))
if undated:
    st.caption(t("timeline.undated", count=undated))
if notes.late:
    lines_late = [
        f"- {plain(code)}: " + text("timeline.late", language, days=days, date=format_date(finish))
        for code, days, finish in notes.late[:MAX_LISTED]
    ]
    if len(notes.late) > MAX_LISTED:
        lines_late.append(
            "- " + text("overview.more_codes", language, count=len(notes.late) - MAX_LISTED)
        )
    st.warning(t("timeline.violations") + "\n" + "\n".join(lines_late))

kept = queries.baselines(db)
names = {bid: f"{name} ({at:%d.%m.%Y %H:%M})" for bid, name, at in kept}
compare = st.selectbox(
    t("timeline.baseline"),
    [None, *names],
    format_func=lambda v: t("timeline.no_baseline") if v is None else names[v],
    key="g_baseline",
)
choices = replace(
    choices,
    preset=str(preset),
    compare=str(compare) if compare else None,
    page=page,
    projector=bool(projector),
)
figure = timeline.figure(db, choices)
plan_name = ", ".join(queries.project_names(db).values()) or t("app.title")
file_stem = f"{t('timeline.file')}-{as_of.isoformat()}"
chart.plotly_chart(figure, key="gantt", config=image_options(file_stem))

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
    then = queries.baseline_items(db, str(compare))
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
    download_made_on_press(
        t("timeline.export_html"),
        lambda: to_html(
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
