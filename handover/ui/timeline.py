"""The Tidslinje's data and figure, each remembered until a write changes what it declares it reads
(a note edit keeps them all, a status edit all but a figure coloured by status); no Streamlit here,
so the memo tests compare each with a fresh one.

The page passes its choices in (`Choices`); every memo fetches its inputs inside its computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from html import escape
from typing import NamedTuple, cast

import numpy as np
import pandas as pd

from handover.charts.gantt import (
    PAGE_ROWS,
    SHADE_DAYS,
    Arrow,
    Bar,
    Figure,
    GanttSpec,
    Ghost,
    GroupTotal,
    Line,
    Marker,
    gantt,
    group_totals,
    paged,
    zoom,
)
from handover.domain.cpm import Schedule
from handover.domain.dates import format_date
from handover.domain.register import RegisterFilter
from handover.domain.text import label, text
from handover.store import queries
from handover.store.calendar import read_settings
from handover.store.database import Database
from handover.ui.tables import cell_dates, cell_text

MANY_TARGETS = 500  # past this, the critical-path choice offers chain ends and critical ones


@dataclass(frozen=True)
class Choices:
    """What the page's widgets chose: every part of the figure's memo key."""

    criteria: RegisterFilter
    group_by: str
    colour_by: str
    target: str
    as_of: date
    language: str
    preset: str = "now"
    compare: str | None = None  # a baseline's id
    drill: str | None = None  # one group, or all
    page: int = 0
    projector: bool = False


def bar_reads(criteria: RegisterFilter) -> tuple[str, ...]:
    """The bars read the Gantt's columns (not notes, long texts or the status), the schedule and
    the transition's milestone."""
    return (*queries.gantt_reads(criteria), *queries.SCHEDULE_READS, "milestones")


def target_reads(criteria: RegisterFilter) -> tuple[str, ...]:
    """The critical path's choices read the obligations' codes, titles and priorities (no date:
    a due-date edit keeps them) and the dependencies."""
    return (*queries.target_reads(criteria), "dependencies")


NOTES_READS = queries.SCHEDULE_READS  # the schedule, and the codes of its obligations


def figure_reads(criteria: RegisterFilter) -> tuple[str, ...]:
    """The figure reads the bars, the dependency arrows, the lines' dates (transition, project
    ends; the final report's is passed in), the milestones, a baseline's items and the plan's
    calendar (shaded closing days); the statuses of the bars drawn are passed in too."""
    return (
        *bar_reads(criteria),
        "dependencies",
        "projects",
        "milestones",
        "baseline_items",
        "plan_settings",
        "work_calendar",
    )


def targets(database: Database, criteria: RegisterFilter) -> dict[str, str]:
    """Obligation id -> "code · title" offered as the critical path's end, by code. A choice
    among 10,000 is no choice: past `MANY_TARGETS`, the obligations chains end in and the
    critical ones (at most 300, so the list stays small however big the plan)."""

    def compute() -> dict[str, str]:
        rows = queries.target_rows(database, criteria)
        if len(rows) > MANY_TARGETS:
            ends = {successor for _, successor in queries.dependency_links(database)}
            chosen = [row for row in rows if row[0] in ends or row[3] == "critical"]
            rows = chosen[:300] or rows[:300]
        return {oid: f"{code} · {title}" for oid, code, title, _ in rows}

    return database.remember(("gantt_targets", criteria), compute, reads=target_reads(criteria))


def bars(database: Database, choices: Choices) -> tuple[list[Bar], int]:
    """The bars of every dated obligation under the filter, and how many have no date. Their
    words are fixed in the chosen language; hover texts are made only for the bars drawn, and so
    is the colour by status (`coloured`): these bars are coloured by their handover state, and
    a status edit keeps them. After a write, only the bars whose row, slack or place on the
    critical path changed are made again."""
    key = (
        "gantt_bars",
        choices.criteria,
        choices.group_by,
        choices.target,
        choices.as_of,
        choices.language,
    )
    return database.remember_updating(
        key,
        lambda previous: _bars_again(database, choices, previous),
        reads=bar_reads(choices.criteria),
    ).result


class _Bars(NamedTuple):
    """Remembered bars, with what the next may reuse: the rows they were made from, each row's
    bar (None: no due date), the schedule's critical path and the transition day they read."""

    result: tuple[list[Bar], int]
    rows: pd.DataFrame
    of_row: list[Bar | None]
    plan: Schedule
    chain: frozenset[str]
    transition: date | None


def _bars_again(database: Database, choices: Choices, previous: _Bars | None) -> _Bars:
    rows = queries.gantt_rows(database, choices.criteria)
    plan = queries.plan_schedule(database, choices.as_of)
    day = queries.transition_day(database)
    transition = day.day if day is not None else None
    chain = frozenset(plan.critical_path(choices.target))
    group_by, language = choices.group_by, choices.language
    labels: dict[tuple[str, str], str] = {}

    def word(vocabulary: str, value: str) -> str:
        if (vocabulary, value) not in labels:
            labels[(vocabulary, value)] = label(vocabulary, value, language)
        return labels[(vocabulary, value)]

    nobody = text("timeline.none", language)
    # Which rows are as they were (by id, wherever they moved; the hash of all a row shows): of
    # those, the bars whose slack and place on the critical path stand are reused.
    known: list[int] = [-1] * len(rows)
    if previous is not None and previous.transition == transition:
        known = _unchanged(previous.rows, rows)
    same_plan = previous is not None and previous.plan is plan and previous.chain == chain
    # The bars whose slack or place on the critical path may have moved (None: any may have).
    recheck = None
    if previous is not None and (moved := plan.moved_since(previous.plan)) is not None:
        recheck = moved | (chain ^ previous.chain)
    of_row: list[Bar | None] = []
    again: list[int] = []  # the rows whose bar is made (again)
    for at, was in enumerate(known):
        bar = previous.of_row[was] if was >= 0 and previous is not None else None
        if was >= 0 and (
            bar is None  # no due date then, none now
            or same_plan
            or (recheck is not None and bar.id not in recheck)
            or (bar.slack == _slack(plan, bar.id) and bar.critical == (bar.id in chain))
        ):
            of_row.append(bar)
        else:
            of_row.append(None)
            again.append(at)
    made = rows.iloc[again] if len(again) < len(rows) else rows
    # Column by column, the dates converted at once: a dict and three Timestamps per row were
    # most of the cost of 10,000 bars.
    columns = zip(
        again,
        made["id"].tolist(),
        made["code"].tolist(),
        made["title"].tolist(),
        cell_dates(made["due"]),
        cell_dates(made["start"]),
        cell_dates(made["current_org_until"]),
        made["handover_state"].tolist(),
        made[group_by].tolist(),
        strict=True,
    )
    for at, oid, code, title, due, start, until, handover_state, grouped in columns:
        if due is None:
            continue
        if group_by == "category":
            group = word("category", str(grouped))
        else:
            group = cell_text(grouped) or nobody
        state = str(handover_state)
        at_risk = (
            transition is not None
            and due >= transition
            and until is not None
            and until < due
            and state not in ("accepted", "transferred")
        )
        of_row[at] = Bar(
            id=str(oid),
            code=str(code),
            title=str(title),
            group=group,
            start=start or due,
            finish=due,
            colour_key=state,
            colour_label=word("handover_state", state),
            slack=_slack(plan, str(oid)),
            critical=str(oid) in chain,
            at_risk=at_risk,
            state=state,
        )
    found = [bar for bar in of_row if bar is not None]
    result = (found, len(of_row) - len(found))
    if previous is not None and previous.result[0] == found and previous.result[1] == result[1]:
        result = previous.result  # nothing drawn changed: the very bars (and what reads them)
    return _Bars(result, rows, of_row, plan, chain, transition)


def _slack(plan: Schedule, oid: str) -> int | None:
    timing = plan.timings.get(oid)
    return timing.slack if timing is not None else None


def _unchanged(before: pd.DataFrame, now: pd.DataFrame) -> list[int]:
    """For each row of `now`, the position in `before` of the same obligation if what it shows
    did not change (its `drawn` hash, never null), else -1 (compared at once)."""
    if before.empty:
        return [-1] * len(now)
    where = pd.Index(before["id"]).get_indexer(now["id"])
    same = where >= 0
    same &= before["drawn"].to_numpy()[np.where(same, where, 0)] == now["drawn"].to_numpy()
    return cast(list[int], np.where(same, where, -1).tolist())


@dataclass(frozen=True)
class Paging:
    groups: tuple[str, ...]  # every group, for the drill-down
    pages: tuple[tuple[Bar, ...], ...]  # the chosen group's (or all) bars, a screenful each
    shown: int  # bars in the chosen group (or all)
    # Of the chosen group's (or all) bars: the first start and the last finish (None: no bar),
    # every finish, and each group's totals when paged: what the figure's window and Σ rows read.
    span: tuple[date, date] | None = None
    finishes: tuple[date, ...] = ()
    totals: tuple[GroupTotal, ...] | None = None

    @property
    def paged(self) -> bool:
        return len(self.pages) > 1


def paging(database: Database, choices: Choices) -> Paging:
    """The groups to drill into and the screenfuls of the chosen group (or of all groups), the
    most relevant obligations first."""

    def compute() -> Paging:
        every, _ = bars(database, choices)
        chosen = [b for b in every if b.group == choices.drill] if choices.drill else every
        pages = tuple(tuple(page) for page in paged(chosen, choices.as_of, PAGE_ROWS))
        return Paging(
            groups=tuple(sorted({bar.group for bar in every})),
            pages=pages,
            shown=len(chosen),
            span=(min(b.start for b in chosen), max(b.finish for b in chosen)) if chosen else None,
            finishes=tuple(bar.finish for bar in chosen),
            totals=tuple(group_totals(chosen)) if len(pages) > 1 else None,
        )

    key = (
        "gantt_paging",
        choices.criteria,
        choices.group_by,
        choices.target,
        choices.as_of,
        choices.language,
        choices.drill,
    )
    return database.remember(key, compute, reads=bar_reads(choices.criteria))


def figure(database: Database, choices: Choices) -> Figure:
    """The Gantt of one page as chosen, remembered until a write changes what it draws: read-only
    for the caller (Streamlit serialises it; sessions share it). The final report's deadline (a
    line) and, coloured by status, the drawn bars' statuses are part of the key, not of the
    reads: a status edit that changes neither keeps the figure."""
    report = queries.first_open(database, priority="critical", category="reporting")
    deadline = None
    if report is not None and not pd.isna(report["due"]):
        deadline = (str(report["code"]), report["due"].date())
    statuses = drawn_statuses(database, choices)
    return database.remember(
        ("gantt_figure", choices, deadline, statuses),
        lambda: _figure(database, choices, deadline, statuses),
        reads=figure_reads(choices.criteria),
    )


Statuses = tuple[tuple[str, str], ...]  # (obligation id, status) of the bars drawn


def drawn_statuses(database: Database, choices: Choices) -> Statuses | None:
    """Coloured by status, the status of each bar on the chosen page (the bars come coloured by
    handover state); else None."""
    if choices.colour_by != "status":
        return None
    statuses = queries.gantt_statuses(database)
    drawn = _page(paging(database, choices), choices.page)
    return tuple((bar.id, statuses[bar.id]) for bar in drawn if bar.id in statuses)


def _page(pages: Paging, number: int) -> tuple[Bar, ...]:
    return pages.pages[min(max(number, 0), len(pages.pages) - 1)]


def coloured(page: Sequence[Bar], statuses: Statuses | None, language: str) -> list[Bar]:
    """The bars of a page coloured by `statuses` when given (a bar without one keeps its
    handover state's colour: its obligation was deleted since, and the next run redraws)."""
    if statuses is None:
        return list(page)
    status_of = dict(statuses)
    return [
        replace(bar, colour_key=status, colour_label=label("status", status, language))
        if (status := status_of.get(bar.id)) is not None
        else bar
        for bar in page
    ]


def _figure(
    database: Database,
    choices: Choices,
    deadline: tuple[str, date] | None,
    statuses: Statuses | None,
) -> Figure:
    language, as_of = choices.language, choices.as_of
    pages = paging(database, choices)
    page = coloured(_page(pages, choices.page), statuses, language)
    rows = queries.gantt_rows(database, choices.criteria)
    on_page = {bar.id for bar in page}
    drawn = rows.loc[rows["id"].isin(on_page)]  # owners of the bars drawn only
    owners = dict(
        zip(
            drawn["id"].tolist(),
            zip(drawn["current_owner"].tolist(), drawn["receiving_owner"].tolist(), strict=True),
            strict=True,
        )
    )
    words = {
        key: text(key, language)
        for key in ("col.current_owner", "col.receiving_owner", "timeline.at_risk")
    }

    def describe(bar: Bar) -> str:
        """The hover text of one drawn bar (Plotly's HTML subset: typed text is HTML-escaped)."""
        current, receiving = owners.get(bar.id, (None, None))
        slack = text("timeline.slack", language, days=bar.slack) if bar.slack is not None else ""
        return (
            f"{escape(bar.code)} · {escape(bar.title)}"
            f"<br>{format_date(bar.start)} – {format_date(bar.finish)}"
            f"<br>{words['col.current_owner']}: {escape(cell_text(current) or '—')}"
            f"<br>{words['col.receiving_owner']}: {escape(cell_text(receiving) or '—')}"
            + (f"<br>{slack}" if slack else "")
            + (f"<br>⚠ {words['timeline.at_risk']}" if bar.at_risk else "")
        )

    transition = queries.transition_day(database)
    lines = [
        Line(text("timeline.today", language, date=format_date(as_of)), as_of, "#0B5394", "solid")
    ]
    if transition is not None:
        lines.append(Line(format_date(transition.day), transition.day, "#B00020", "dash"))
    for name, end in queries.project_ends(database):
        lines.append(Line(text("timeline.project_end", language, name=name), end, "#555555"))
    if deadline is not None:
        code, due_day = deadline
        lines.append(Line(f"{code} {format_date(due_day)}", due_day, "#B00020"))
    then = queries.baseline_items(database, choices.compare) if choices.compare else {}
    ghosts = [
        Ghost(oid, start or due, due) for oid, (start, due, _, _) in then.items() if due is not None
    ]
    # The window spans the whole selection, so it stays put while paging.
    first, last = pages.span or (as_of, as_of)
    window = zoom(
        choices.preset, as_of, transition.day if transition else None, first, last, pages.finishes
    )
    closed_days = (
        read_settings(database)[0].work_calendar().non_working_days(*window)
        if (window[1] - window[0]).days <= SHADE_DAYS
        else []
    )
    spec = GanttSpec(
        bars=page,
        describe=describe,
        milestones=[Marker(title, day) for _, title, day in queries.calendar_milestones(database)],
        lines=lines,
        # Arrows join bars on the page only (none are drawn on a page with totals: see `gantt`).
        arrows=[
            Arrow(before, after)
            for before, after in queries.dependency_links(database)
            if before in on_page and after in on_page
        ],
        ghosts=ghosts,
        window=window,
        closed_days=closed_days,
        text_size="projector" if choices.projector else "normal",
        labels={
            key: text(f"timeline.{key}", language)
            for key in ("milestones", "summary", "summary_legend", "ghost")
        },
        totals=pages.totals,
    )
    return gantt(spec, as_of)


@dataclass(frozen=True)
class Notes:
    chain: str  # the codes of the critical path to the target, joined by arrows
    late: tuple[tuple[str, int, date], ...]  # (code, days late, earliest finish), plan order


def notes(database: Database, target: str, as_of: date) -> Notes:
    """What the captions under the chart say: the critical path to `target` and the obligations
    their predecessors make late."""

    def compute() -> Notes:
        plan = queries.plan_schedule(database, as_of)
        codes = queries.live_codes(database)
        return Notes(
            chain=" → ".join(codes[i] for i in plan.critical_path(target) if i in codes),
            late=tuple(
                (codes[v.task], v.days_late, v.earliest_finish)
                for v in plan.violations
                if v.task in codes
            ),
        )

    return database.remember(("gantt_notes", target, as_of), compute, reads=NOTES_READS)
