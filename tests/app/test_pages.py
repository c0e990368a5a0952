"""Every page renders in Danish and English and shows the facts a workshop needs; the app copes
with an empty plan and a database held by another process."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from handover.store.database import Database
from tests.app.conftest import PAGES, MakeApp, texts
from tests.conftest import held_by_another_process


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(
    "page",
    [
        "overview",
        "obligations",
        "timeline",
        "owners",
        "risks",
        "organisations",
        "export",
        "history",
    ],
)
def test_every_page_renders_in_both_languages(make_app: MakeApp, page: str, lang: str) -> None:
    app = make_app(lang=lang, page=page)
    assert not app.exception
    assert len(app.title) == 1


def test_only_built_screens_are_in_the_navigation(make_app: MakeApp) -> None:
    from handover.ui.shell import PAGES_DIR

    scripts = sorted(path.name for path in PAGES_DIR.glob("*.py") if path.name != "__init__.py")
    assert scripts == [
        "export.py",
        "history.py",
        "import_page.py",
        "obligations.py",
        "organisations.py",
        "overview.py",
        "owners.py",
        "projects.py",
        "risks.py",
        "timeline.py",
        "workshop.py",
    ]
    shell = (PAGES_DIR.parent / "ui" / "shell.py").read_text()
    for script in scripts:  # every page script is in the navigation: none is orphaned
        assert f'"{script}"' in shell


def test_the_overview_counts_down_to_the_transition_and_the_final_report(make_app: MakeApp) -> None:
    app = make_app()
    assert app.title[0].value == "Oversigt"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Dage til 01.01.2027"] == "37 dage"
    assert metrics["Dage til 29.01.2027"] == "65 dage"
    assert metrics["Forpligtelser"] == "26"
    assert metrics["Uden modtagende ejer"] == "13"
    assert "XS-01 · Endelig rapport til EU-Kommissionen" in texts(app)
    assert "Pr. 25.11.2026" in texts(app)


def test_the_overview_in_english(make_app: MakeApp) -> None:
    app = make_app(lang="en")
    assert app.title[0].value == "Overview"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Days to 29.01.2027"] == "65 days"
    assert metrics["Without receiving owner"] == "13"


def test_the_overview_lists_the_obligations_without_a_receiving_owner(make_app: MakeApp) -> None:
    app = make_app()
    table = app.dataframe[0].value
    assert len(table) == 13
    assert "XS-01" in set(table["code"])
    row = table[table["code"] == "XS-01"].iloc[0]
    assert row["days_left"] == 65


def test_switching_the_language_in_the_sidebar(make_app: MakeApp) -> None:
    app = make_app()
    assert app.title[0].value == "Oversigt"
    app.sidebar.radio(key="language").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Overview"


def test_a_link_with_lang_en_starts_in_english(
    seeded_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    from tests.app.conftest import APP

    st.cache_resource.clear()
    monkeypatch.setenv("HANDOVER_DB", str(seeded_file))
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Overview"


def test_the_register_shows_every_obligation_with_danish_headers(make_app: MakeApp) -> None:
    app = make_app(page="obligations")
    assert "26 af 26 forpligtelser" in texts(app)
    table = app.dataframe[0].value
    assert len(table) == 26
    assert set(table["category"]) >= {"Afrapportering", "Økonomi"}


def test_filtering_the_register_by_category_and_searching(make_app: MakeApp) -> None:
    app = make_app(page="obligations")
    app.multiselect(key="f_category").set_value(["finance"]).run()
    assert "6 af 26 forpligtelser" in texts(app)
    app.text_input(key="f_search").set_value("Sundhedsdatastyrelsen").run()
    assert not app.exception
    assert list(app.dataframe[0].value["code"]) == [
        "XS-21",
        "XS-22",
    ]  # both quote the report's partner list


def test_filtering_for_obligations_without_a_receiving_owner(make_app: MakeApp) -> None:
    app = make_app(page="obligations")
    app.multiselect(key="f_receiving").set_value([""]).run()
    assert "13 af 26 forpligtelser" in texts(app)


def test_a_filter_that_matches_nothing_says_so(make_app: MakeApp) -> None:
    app = make_app(page="obligations", lang="en")
    app.text_input(key="f_search").set_value("no such words anywhere").run()
    assert not app.exception
    assert "No obligations match the filters." in texts(app)


def test_sorting_the_register_by_priority(make_app: MakeApp) -> None:
    app = make_app(page="obligations")
    app.selectbox(key="f_sort").set_value("priority").run()
    assert not app.exception
    assert list(app.dataframe[0].value["priority"])[:5] == ["Kritisk"] * 5


def test_the_details_show_the_source_quote_dependencies_and_risks(make_app: MakeApp) -> None:
    app = make_app(page="obligations")
    assert "Vælg en række i tabellen" in texts(app)
    codes = list(app.dataframe[0].value["code"])
    app.session_state["register_table"] = {
        "selection": {"rows": [codes.index("XS-01")], "columns": [], "cells": []}
    }
    app.run()
    assert not app.exception
    assert "#### XS-01 · Endelig rapport til EU-Kommissionen (teknisk del)" in texts(app)
    shown = texts(app)
    assert "ved at blive undersøgt" in shown  # the status report's sentence
    assert "29.01.2027 (projektafslutning + 60 dage)" in shown
    assert "XS-04 · Ændring af koordinator" in shown  # a predecessor, FF +45
    assert "Ingen koordinator kan indsende" in shown  # the linked risk


def test_the_organisations_page_shows_lifecycles_successors_and_people(make_app: MakeApp) -> None:
    app = make_app(page="organisations")
    table = app.dataframe[0].value
    medcom = table[table["name"] == "MedCom"].iloc[0]
    assert medcom["successor"] == "Digital Sundhed Danmark"
    assert medcom["lifecycle"] == "Ophører om 37 dage"
    dsd = table[table["name"] == "Digital Sundhed Danmark"].iloc[0]
    assert dsd["lifecycle"] == "Oprettes om 37 dage"
    [people] = [
        f.value for f in app.dataframe[1:] if "Mie Hjorth Matthiesen" in set(f.value["name"])
    ]
    assert "Mie Hjorth Matthiesen" in set(people["name"])
    assert "(rolle uden navngiven person)" in set(people["name"])


def test_an_empty_plan_offers_to_load_the_xshare_plan(make_app: MakeApp, tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    Database(empty).close()
    app = make_app(db=empty)
    assert "Planen er tom" in texts(app)
    app.button(key="load_seed").click().run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Forpligtelser"] == "26"


def test_a_database_held_by_another_process_shows_a_message_not_a_traceback(
    make_app: MakeApp, tmp_path: Path
) -> None:
    held = tmp_path / "held.duckdb"
    Database(held).close()
    with held_by_another_process(held) as pid:
        for lang, expected in (
            ("da", "bruges af en anden proces"),
            ("en", "is in use by another process"),
        ):
            app = make_app(db=held, lang=lang)
            assert not app.exception
            assert expected in app.error[0].value
            assert f"PID {pid}" in app.error[0].value


@pytest.mark.parametrize(
    ("lang", "label", "blockers"),
    [("da", "Parathed", "Blokerer (14)"), ("en", "Readiness", "Blocker (14)")],
)
def test_the_overview_shows_readiness_and_findings(
    make_app: MakeApp, lang: str, label: str, blockers: str
) -> None:
    app = make_app(lang=lang)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[label] == "0 %"  # 0 of 12: no source says who accepted anything when
    assert blockers in [e.label for e in app.expander]
    # In-session links (no Markdown link, which opens a new tab and a new session): one pill
    # widget per finding line, an option per obligation.
    assert "](forpligtelser?code=" not in texts(app)
    assert any("XS-12" in pills.options for pills in app.pills)


def test_pressing_a_findings_code_opens_the_register_on_it_and_coming_back_does_not(
    make_app: MakeApp,
) -> None:
    app = make_app()
    [line] = [pills for pills in app.pills if "XS-12" in pills.options][:1]
    line.set_value("XS-12").run()
    assert not app.exception
    assert app.query_params["code"] == "XS-12"
    assert "1 af 26 forpligtelser" in texts(app)
    app.switch_page(PAGES["overview"])
    app.run()
    assert not app.exception
    assert "Parathed" in [m.label for m in app.metric]  # the overview stays: the pill let go
    assert all(pills.value is None for pills in app.pills)


def test_a_closed_findings_section_sends_nothing_until_it_is_opened(make_app: MakeApp) -> None:
    """The warnings and information start closed and are built when opened (a rerun): a closed
    section's codes are not sent on every rerun of every session."""
    app = make_app()
    sections = {e.label.split(" (")[0]: e for e in app.expander}
    assert set(sections) == {"Blokerer", "Advarsel", "Information"}
    assert sections["Blokerer"].get("button_group")  # open by default: the room sees its blockers
    assert not sections["Advarsel"].get("button_group")
    assert not sections["Advarsel"].get("markdown")
    app.session_state["findings_warning"] = True  # what opening it in the browser sets
    app.run()
    assert not app.exception
    opened = {e.label.split(" (")[0]: e for e in app.expander}["Advarsel"]
    assert opened.get("button_group") and opened.get("markdown")
    info = {e.label.split(" (")[0]: e for e in app.expander}["Information"]
    assert not info.get("button_group")


def test_a_finding_link_opens_the_register_on_its_obligation(
    seeded_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    from tests.app.conftest import APP, PAGES

    st.cache_resource.clear()
    monkeypatch.setenv("HANDOVER_DB", str(seeded_file))
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    app.switch_page(PAGES["obligations"])  # the register was open before in this session
    app.run()
    assert "26 af 26 forpligtelser" in texts(app)
    app.query_params["code"] = "XS-12"
    app.switch_page(PAGES["obligations"])
    app.run()
    assert not app.exception
    assert "1 af 26 forpligtelser" in texts(app)


@pytest.mark.parametrize(("lang", "money"), [("da", "Ikke opgjort"), ("en", "Not stated")])
def test_the_risk_register_with_its_heat_map(make_app: MakeApp, lang: str, money: str) -> None:
    app = make_app(lang=lang, page="risks")
    table = app.dataframe[0].value
    assert list(table["number"])[:2] == ["R1", "R2"]
    assert set(table["score"]) == {15, 9, 8}
    assert {m.label: m.value for m in app.metric}[
        "Penge på spil" if lang == "da" else "Money at stake"
    ] == money


def test_the_dashboard_draws_the_burndown_and_the_workload(make_app: MakeApp) -> None:
    app = make_app()
    assert "Beregnet ud fra historikken" in texts(app)
    assert len(app.get("plotly_chart")) == 4  # burn-down, workload, by state, by category


@pytest.mark.parametrize(
    ("lang", "summary"),
    # Digital Sundhed Danmark receives the two due from 01.01.2027 (Forberedende DSD the 2026 work).
    [("da", "Forpligtelser: 2 · åbne fund: 4"), ("en", "Obligations: 2 · open findings: 4")],
)
def test_the_export_page_previews_a_checklist_and_offers_the_file(
    make_app: MakeApp, lang: str, summary: str
) -> None:
    app = make_app(lang=lang, page="export")
    app.radio(key="x_kind").set_value("org").run()
    app.selectbox(key="x_org").set_value("dsd").run()
    assert not app.exception
    assert summary in texts(app)
    assert len(app.dataframe[0].value) == 2
    assert [b for b in app.get("download_button")]


@pytest.mark.parametrize(
    ("lang", "chain"),
    [
        ("da", "den kritiske vej (XS-05 → XS-04 → XS-01)"),
        ("en", "the critical path (XS-05 → XS-04 → XS-01)"),
    ],
)
def test_the_timeline_shows_the_chain_that_decides_the_final_report(
    make_app: MakeApp, lang: str, chain: str
) -> None:
    app = make_app(lang=lang, page="timeline")
    assert chain in texts(app)
    assert len(app.get("plotly_chart")) == 1
    hovers = [
        text
        for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
        for text in trace.get("customdata") or []
    ]
    final_report = next(text for text in hovers if text.startswith("XS-01 · "))
    words = ("Modtagende ejer", "Slæk") if lang == "da" else ("Receiving owner", "Slack")
    assert all(word in final_report for word in words), final_report
    app.selectbox(key="g_group").set_value("receiving_org").run()
    app.selectbox(key="g_zoom").set_value("all").run()
    assert not app.exception


def test_a_baseline_shows_what_moved_and_the_chart_exports(
    make_app: MakeApp, seeded_file: Path
) -> None:
    from handover.domain.edits import RowEdit
    from handover.store.baseline_writes import save_baseline
    from handover.store.obligation_writes import save_inline_edits

    with Database(seeded_file) as database:
        baseline = save_baseline(database, "Før workshop", actor="Anna")
        save_inline_edits(
            database, [RowEdit("final-report", 1, {"due": date(2027, 2, 12)})], actor="Anna"
        )
    app = make_app(page="timeline", lang="en")
    app.selectbox(key="g_baseline").set_value(baseline).run()
    assert not app.exception
    moved = app.dataframe[-1].value  # the "moved since" table is the last on the page
    row = moved[moved["code"] == "XS-01"].iloc[0]
    assert row["days"] == 14
    html = [b for b in app.get("download_button")]
    assert html  # the offline HTML is offered
    # Pictures for slides come from Plotly's own download in the browser: no install button.
    assert not [b for b in app.button if b.key == "gantt_png_make"]
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "timeline-2026-11-25",
        "width": 1920,
        "height": 1080,
        "scale": 1,
    }
    assert "camera in the chart's toolbar" in texts(app)


def test_the_chart_html_works_offline() -> None:
    from handover.charts.gantt import GanttSpec, gantt, to_html

    page = to_html(gantt(GanttSpec(bars=[]), date(2026, 11, 25))).decode()
    assert '<script src="http' not in page  # nothing fetched from the network
    assert "Plotly.newPlot" in page
    assert len(page) > 3_000_000  # plotly.js itself is inside


def test_no_page_has_a_bare_expression_that_streamlit_magic_would_write() -> None:
    """`x() if cond else st.info(...)` on a line of its own prints "None": pages use statements."""
    import ast

    from handover.ui.shell import PAGES_DIR

    bare = []
    for script in sorted(PAGES_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Expr) and not isinstance(
                node.value, ast.Call | ast.Constant | ast.Await | ast.Yield | ast.YieldFrom
            ):
                bare.append(f"{script.name}:{node.lineno}")
    assert bare == []


def test_a_fresh_local_session_is_the_facilitator_named_by_the_system(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "fie")
    app = make_app(page="workshop", name=None)  # nobody typed a name
    assert app.text_input(key="editor_name").value == "fie"
    assert [b for b in app.button if b.label == "Start mødet"]  # not read-only
    app.text_input(key="editor_name").input("Fie Jensen").run()
    assert app.text_input(key="editor_name").value == "Fie Jensen"  # editable
    app.text_input(key="editor_name").input("").run()
    assert not [b for b in app.button if b.label == "Start mødet"]  # cleared: reads only


@pytest.mark.parametrize(("lang", "choose"), [("da", "Vælg …"), ("en", "Choose …")])
def test_empty_choices_say_choose_in_the_pages_language(
    make_app: MakeApp, lang: str, choose: str
) -> None:
    app = make_app(page="workshop", lang=lang, name="Fie")
    assert app.multiselect(key="workshop_pick").proto.placeholder == choose  # not "Choose options"


def test_the_export_page_opens_on_a_receiver_with_obligations(make_app: MakeApp) -> None:
    app = make_app(page="export")
    assert not app.warning  # not "nothing to export" for someone who receives nothing
    assert len(app.dataframe[0].value) > 0
    app.radio(key="x_kind").set_value("org").run()
    # Forberedende DSD receives the most: the work due in 2026 (DSD what is due from 2027).
    assert app.selectbox(key="x_org").value == "fdsd"


def test_a_person_is_written_name_then_organisation_in_every_choice(make_app: MakeApp) -> None:
    app = make_app(page="owners", name="Fie")
    [owner] = [s for s in app.selectbox if s.label == "Modtagende ejer"][:1]
    shown = list(owner.options)  # as the page shows them
    assert any(text.endswith(" · Digital Sundhed Danmark") for text in shown)
    assert not any(text.startswith("Digital Sundhed Danmark · ") for text in shown)


def _drawn_bars(spec: dict[str, Any]) -> set[str]:
    """The hover texts of the obligations' bars a figure draws (not the Σ totals or milestones)."""
    return {
        hover
        for trace in spec["data"]
        if trace["type"] == "bar" and trace.get("customdata")
        for hover in trace["customdata"]
    }


@pytest.mark.parametrize(
    ("lang", "page_label", "showing"),
    [("da", "Side (af", "Viser forpligtelse 1–"), ("en", "Page (of", "Showing obligations 1–")],
)
def test_a_large_timeline_shows_a_screenful_and_pages_through_the_rest(
    make_app: MakeApp, large_plan_file: Path, lang: str, page_label: str, showing: str
) -> None:
    app = make_app(page="timeline", db=large_plan_file, lang=lang)
    [pager] = [n for n in app.number_input if n.key == "g_page"]
    assert pager.label.startswith(page_label)
    assert showing in texts(app)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    rows = spec["layout"]["yaxis"]["categoryarray"]
    assert len(rows) <= 31  # a screenful (30) and the milestones' row, not 400
    assert any(row.startswith("Σ ") for row in rows)  # the rest summarised per group
    assert spec["layout"]["xaxis"]["tickformat"] == "%d.%m.%Y"
    first_page = _drawn_bars(spec)
    assert 0 < len(first_page) < 30

    pager.set_value(2).run()  # the next most pressing
    assert not app.exception
    second_page = _drawn_bars(json.loads(app.get("plotly_chart")[0].proto.spec))
    assert second_page and not first_page & second_page
    assert ("side 2 af" if lang == "da" else "page 2 of") in texts(app)

    # Drilling into one group pages through that group alone, from its first page.
    group = app.selectbox(key="g_drill").options[1]
    app.selectbox(key="g_drill").set_value(group).run()
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    groups = {row for row in spec["layout"]["yaxis"]["categoryarray"] if row.startswith("Σ ")}
    assert groups == {f"Σ {group}"}


@pytest.mark.parametrize(
    ("page", "name", "keys"),
    [
        ("import", "Anna", {"import_register_xlsx", "import_register_csv"}),
        ("export", "Anna", {"download_checklist", "download_mspdi", "download_backup"}),
        ("timeline", "", {"gantt_html"}),
    ],
)
def test_a_file_made_when_pressed_downloads_without_rerunning_the_page(
    make_app: MakeApp, page: str, name: str, keys: set[str]
) -> None:
    # Streamlit answers the press on the session's queue, and a run starting meanwhile clears
    # it: with the default rerun on press the button could stay disabled for good.
    app = make_app(page=page, name=name)
    buttons = {
        button.proto.id.split("-")[-1]: button.proto for button in app.get("download_button")
    }
    deferred = {key: proto for key, proto in buttons.items() if key in keys}
    assert set(deferred) == keys, sorted(buttons)
    for proto in deferred.values():
        assert proto.deferred_file_id and proto.ignore_rerun
