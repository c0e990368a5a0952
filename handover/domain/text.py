"""The one catalogue of everything the planner says, in Danish (first) and English.

`text(key, lang, **params)` formats an entry; a missing key is a KeyError, so a test finds it.
Vocabulary labels (states, categories, ...) live here too, under `<vocabulary>.<value>`.
Besides Python's format specs an entry may write `{n:plural:dag|dage}` (the first word for ±1,
else the second), `{unit:label:unit}` (the vocabulary label of the value, in the entry's
language), `{unit:label:lag_unit:n}` (from `lag_unit_one` when the parameter n is ±1) and
`{days:ago}` ("i dag" for 0, else "for 3 dage siden"), so a parameter's words fit its value in
both languages. Whole numbers of five digits or more are grouped: "10.000" / "10,000".
"""

from __future__ import annotations

import string
from typing import Any, Final

from handover.domain.text_grant import GRANT_TEXT

LANGUAGES: Final = ("da", "en")
DEFAULT_LANGUAGE: Final = "da"

# key: (Danish, English)
CATALOGUE: Final[dict[str, tuple[str, str]]] = {
    # --- app shell
    "app.title": ("Overdragelsesplan", "Handover planner"),
    "app.language": ("Sprog", "Language"),
    "app.db_locked": (
        "Databasen {path} bruges af en anden proces{holder}. Luk den anden proces (fx en anden "
        "`make run` eller `handover`-kommando), eller peg på en anden fil med HANDOVER_DB.",
        "The database {path} is in use by another process{holder}. Close that process (for example "
        "another `make run` or `handover` command), or point HANDOVER_DB at another file.",
    ),
    "app.db_holder": (" (PID {pid})", " (PID {pid})"),
    "app.db_unreadable": (
        "Databasen {path} kan ikke åbnes: {why}",
        "The database {path} cannot be opened: {why}",
    ),
    "app.empty_plan": (
        "Planen er tom. Indlæs xShare-planen med `handover init --seed xshare` eller importér en "
        "plan med `handover import-json FIL`.",
        "The plan is empty. Load the xShare plan with `handover init --seed xshare` or import a "
        "plan with `handover import-json FILE`.",
    ),
    "app.load_xshare": ("Indlæs xShare-planen", "Load the xShare plan"),
    "app.loaded": ("Planen er indlæst: {summary}", "The plan is loaded: {summary}"),
    "app.as_of": ("Pr. {date}", "As of {date}"),
    # --- navigation
    "nav.overview": ("Oversigt", "Overview"),
    "nav.import": ("Import", "Import"),
    "nav.obligations": ("Forpligtelser", "Obligations"),
    "nav.organisations": ("Organisationer", "Organisations"),
    # --- overview
    "overview.title": ("Oversigt", "Overview"),
    "overview.intro": (
        "Forpligtelser, der skal have en modtagende ejer, før {transition_org} ophører.",
        "Obligations that need a receiving owner before {transition_org} ceases.",
    ),
    "overview.days_to": ("Dage til {title}", "Days to {title}"),
    "overview.days_value": ("{days} {days:plural:dag|dage}", "{days} {days:plural:day|days}"),
    "overview.days_past": (
        "for {days} {days:plural:dag|dage} siden",
        "{days} {days:plural:day|days} ago",
    ),
    "overview.day_today": ("i dag", "today"),
    "overview.on": ("{date}", "{date}"),
    "overview.no_transition": (
        "Planen har ingen overgangsdag (en milepæl af typen 'overgang').",
        "The plan has no transition day (a milestone of kind 'transition').",
    ),
    "overview.total": ("Forpligtelser", "Obligations"),
    "overview.without_receiver": ("Uden modtagende ejer", "Without receiving owner"),
    "overview.by_state": ("Efter overdragelsesstatus", "By handover state"),
    "overview.by_category": ("Efter kategori", "By category"),
    "overview.unassigned_title": (
        "Forpligtelser uden modtagende ejer",
        "Obligations without a receiving owner",
    ),
    "overview.readiness": ("Parathed", "Readiness"),
    "overview.readiness_of": (
        "{ready} af {total} forpligtelser med frist efter overgangen er accepteret",
        "{ready} of {total} obligations due after the transition are accepted",
    ),
    "overview.findings": ("Fund", "Findings"),
    "overview.more_codes": ("og {count} flere", "and {count} more"),
    "overview.open_codes": ("Åbn i registret", "Open in the register"),
    "overview.more_findings": (
        "… og {count} fund mere; hele listen: `handover check`.",
        "… and {count} more findings; the full list: `handover check`.",
    ),
    "overview.money_help": (
        "Summen af de angivne beløb: {obligations} åbne forpligtelser og {risks} risici "
        "angiver et.",
        "The sum of the amounts given: {obligations} open obligations and {risks} risks state one.",
    ),
    "overview.burndown": ("Mod overgangen", "Towards the transition"),
    "overview.unassigned_line": ("Uden modtagende ejer", "Without receiving owner"),
    "overview.unaccepted_line": ("Ikke accepteret", "Not accepted"),
    "overview.burndown_help": (
        "Beregnet ud fra historikken. Stiplet: det tempo, der skal til for at nå nul på "
        "overgangsdagen.",
        "Computed from the history. Dashed: the pace needed to reach zero on the transition day.",
    ),
    "overview.workload": ("Arbejdsbyrde pr. modtagende ejer", "Workload per receiving owner"),
    "overview.no_workload": (
        "Ingen har fået forpligtelser endnu.",
        "Nobody has received obligations yet.",
    ),
    "overview.unassigned_capped": (
        "De {shown} med den tidligste frist af {total}; se resten under Forpligtelser.",
        "The {shown} due soonest of {total}; see the rest under Obligations.",
    ),
    "overview.all_assigned": (
        "Alle forpligtelser har en modtagende ejer.",
        "Every obligation has a receiving owner.",
    ),
    "overview.count": ("Antal", "Count"),
    # --- register
    "register.title": ("Forpligtelser", "Obligations"),
    "register.filters": ("Filtre", "Filters"),
    "register.search": ("Søg", "Search"),
    "register.search_help": (
        "Søger i kode, titel, beskrivelse, kildecitat og noter.",
        "Searches code, title, description, source quote and notes.",
    ),
    "register.sort": ("Sortér efter", "Sort by"),
    "register.shown": ("{shown} af {total} forpligtelser", "{shown} of {total} obligations"),
    "register.none": (
        "Ingen forpligtelser passer til filtrene.",
        "No obligations match the filters.",
    ),
    "register.details": ("Detaljer", "Details"),
    "register.pick_hint": (
        "Vælg en række i tabellen for at se den her.",
        "Select a row in the table to see it here.",
    ),
    "register.capped": (
        "Tabellen viser de første {shown}; brug filtrene for at se resten.",
        "The table shows the first {shown}; use the filters to see the rest.",
    ),
    "register.rule": ("{anchor} + {days} dage", "{anchor} + {days} days"),
    "register.rule_minus": ("{anchor} − {days} dage", "{anchor} − {days} days"),
    "register.rule_same": ("samme dag som {anchor}", "same day as {anchor}"),
    "register.unassigned": ("(ingen)", "(none)"),
    "register.pick": ("Vis en forpligtelse", "Show an obligation"),
    "register.new": ("Ny forpligtelse", "New obligation"),
    "register.frozen": (
        "Du har ugemte ændringer: tabellen viser rækkerne, som de så ud, da du begyndte. "
        "Gem eller fortryd for at se de nyeste.",
        "You have unsaved changes: the table shows the rows as they were when you started. "
        "Save or discard to see the latest.",
    ),
    "register.due_help": (
        "En dato skrevet her erstatter en eventuel fristregel.",
        "A date typed here replaces any due rule.",
    ),
    "register.save": ("Gem ændringer", "Save changes"),
    "register.discard": ("Fortryd mine ændringer", "Discard my changes"),
    "register.pending": ("Ændrede rækker, ikke gemt: {count}", "Changed rows, not saved: {count}"),
    "register.edit": ("Redigér", "Edit"),
    "register.delete": ("Slet", "Delete"),
    "register.delete_confirm": (
        "Slet {code}? Den kan gendannes under 'Slettede forpligtelser'.",
        "Delete {code}? It can be restored under 'Deleted obligations'.",
    ),
    "register.delete_yes": ("Ja, slet", "Yes, delete"),
    "register.deleted": ("Slettede forpligtelser ({count})", "Deleted obligations ({count})"),
    "register.restore": ("Gendan", "Restore"),
    "register.depends_on": ("Afhænger af", "Depends on"),
    "register.dependents": ("Forudsætning for", "Prerequisite for"),
    "register.risks": ("Risici", "Risks"),
    # --- organisations page
    "organisations.title": ("Organisationer", "Organisations"),
    "organisations.people": ("Personer og roller", "People and roles"),
    "organisations.no_people": ("Ingen personer registreret.", "No people recorded."),
    "organisations.ceases": ("Ophører {date}", "Ceases {date}"),
    "organisations.begins": ("Oprettes {date}", "Established {date}"),
    "organisations.successor_is": ("Efterfølger: {name}", "Successor: {name}"),
    "organisations.edit": ("Redigér organisationer", "Edit organisations"),
    "organisations.edit_intro": (
        "Ret direkte i tabellen og gem. En efterfølger kan ikke være organisationen selv eller "
        "danne en ring, og 'findes til' kan ikke ligge før 'findes fra'.",
        "Edit in the table and save. A successor can be neither the organisation itself nor form a "
        "ring, and 'exists until' cannot be before 'exists from'.",
    ),
    "organisations.edit_people": ("Redigér personer og roller", "Edit people and roles"),
    "organisations.add": ("Ny organisation", "New organisation"),
    "organisations.add_person": ("Ny person eller rolle", "New person or role"),
    "organisations.saved": ("{count} gemt.", "{count} saved."),
    "col.active": ("Aktiv", "Active"),
    "organisations.lifecycle": ("Status pr. {date}", "Status as of {date}"),
    "lifecycle.starts": (
        "Oprettes om {days} {days:plural:dag|dage}",
        "Established in {days} {days:plural:day|days}",
    ),
    "lifecycle.ceases": (
        "Ophører om {days} {days:plural:dag|dage}",
        "Ceases in {days} {days:plural:day|days}",
    ),
    "lifecycle.ceased": ("Ophørt", "Ceased"),
    "lifecycle.exists": ("Findes", "Exists"),
    "organisations.role_unfilled": (
        "(rolle uden navngiven person)",
        "(role without a named person)",
    ),
    # --- timeline
    "nav.timeline": ("Tidslinje", "Timeline"),
    "timeline.title": ("Tidslinje", "Timeline"),
    "timeline.group_by": ("Rækker efter", "Rows by"),
    "timeline.group.project": ("Projekt", "Project"),
    "timeline.group.category": ("Kategori", "Category"),
    "timeline.group.current_org": ("Nuværende organisation", "Current organisation"),
    "timeline.group.receiving_org": ("Modtagende organisation", "Receiving organisation"),
    "timeline.group.receiving_owner": ("Modtagende ejer", "Receiving owner"),
    "timeline.colour_by": ("Farve efter", "Colour by"),
    "timeline.colour.handover_state": ("Overdragelse", "Handover"),
    "timeline.colour.status": ("Status", "Status"),
    "timeline.zoom": ("Vis", "Show"),
    "timeline.zoom.all": ("Hele planen", "Whole plan"),
    "timeline.zoom.next30": ("Næste 30 dage", "Next 30 days"),
    "timeline.zoom.next90": ("Næste 90 dage", "Next 90 days"),
    "timeline.zoom.transition": ("Omkring overgangen", "Around the transition"),
    "timeline.target": ("Kritisk vej til", "Critical path to"),
    "timeline.none": ("(ingen)", "(none)"),
    "timeline.slack": (
        "Slæk: {days} {days:plural:dag|dage}",
        "Slack: {days} {days:plural:day|days}",
    ),
    "timeline.at_risk": (
        "krydser overgangen, og ejerens organisation ophører",
        "crosses the transition and the owner's organisation ceases",
    ),
    "timeline.drill": ("Gruppe", "Group"),
    "timeline.all_groups": ("Alle grupper (opsummeret)", "All groups (summarised)"),
    "timeline.page": ("Side (af {pages})", "Page (of {pages})"),
    "timeline.paged": (
        "Viser forpligtelse {first}–{last} af {total}, de mest presserende først (kritiske, i "
        "fare eller forfaldne, så uden slæk, så den nærmeste frist) — side {page} af {pages}. "
        "Σ-rækkerne samler hele gruppen; vælg en gruppe for at se den alene.",
        "Showing obligations {first}–{last} of {total}, the most pressing first (critical, at "
        "risk or overdue, then without slack, then the nearest deadline) — page {page} of "
        "{pages}. The Σ rows total the whole group; choose a group to see it alone.",
    ),
    "timeline.today": ("I dag {date}", "Today {date}"),
    "timeline.project_end": ("{name} slutter", "{name} ends"),
    "timeline.milestones": ("Milepæle", "Milestones"),
    "timeline.summary": ("{count} forpligtelser", "{count} obligations"),
    "timeline.summary_legend": ("Gruppe i alt", "Group total"),
    "timeline.legend": (
        "Sort kant: den kritiske vej ({chain}). Rød kant og ⚠: krydser overgangen med en ejer, "
        "hvis organisation ophører. Hold musen over en bjælke for at se slæk.",
        "Black outline: the critical path ({chain}). Red outline and ⚠: crosses the transition "
        "with an owner whose organisation ceases. Hover a bar for its slack.",
    ),
    "timeline.undated": (
        "{count} forpligtelser uden frist er ikke vist.",
        "{count} obligations without a due date are not shown.",
    ),
    "timeline.violations": (
        "Frister, som forudsætningerne ikke tillader:",
        "Due dates their predecessors do not allow:",
    ),
    "timeline.late": (
        "tidligst færdig {date}, {days} {days:plural:dag|dage} for sent",
        "finishes at the earliest on {date}, {days} {days:plural:day|days} late",
    ),
    "baseline.bad_name": (
        "giv baselinen et navn (højst 120 tegn)",
        "give the baseline a name (at most 120 characters)",
    ),
    "baseline.name_taken": (
        "der er allerede en baseline ved navn {name!r}",
        "there is already a baseline called {name!r}",
    ),
    "timeline.baseline": ("Sammenlign med baseline", "Compare with baseline"),
    "timeline.no_baseline": ("(ingen)", "(none)"),
    "timeline.save_baseline": ("Gem som baseline", "Save as baseline"),
    "timeline.baseline_name": ("Navn på baseline", "Baseline name"),
    "timeline.baseline_saved": ("Baselinen {name!r} er gemt.", "The baseline {name!r} was saved."),
    "timeline.moved": ("Flyttet siden {name}", "Moved since {name}"),
    "timeline.moved_none": ("Intet er flyttet siden {name}.", "Nothing moved since {name}."),
    "timeline.was": ("Frist dengang", "Due then"),
    "timeline.days_moved": ("Dage flyttet", "Days moved"),
    "timeline.owner_then": ("Modtager dengang", "Receiver then"),
    "timeline.state_then": ("Overdragelse dengang", "Handover then"),
    "timeline.ghost": ("Baseline", "Baseline"),
    "timeline.export_html": (
        "Hent diagrammet (HTML, virker offline)",
        "Download the chart (HTML, works offline)",
    ),
    "timeline.png_hint": (
        "Billede til slides: kameraet i diagrammets værktøjslinje henter en PNG i 1920 × 1080.",
        "Picture for slides: the camera in the chart's toolbar downloads a 1920 × 1080 PNG.",
    ),
    "timeline.file": ("tidslinje", "timeline"),
    "timeline.projector": ("Projektor (stor tekst)", "Projector (large text)"),
    "timeline.zoom.now": ("Nu og de næste måneder", "Now and the coming months"),
    "timeline.patterns": (
        "Mønster: kryds = ikke tildelt, skråstreg = foreslået, vandret = afvist, "
        "ensfarvet = accepteret eller overdraget. Pile ved kanten: forpligtelser uden for "
        "vinduet, med deres frist.",
        "Pattern: cross = unassigned, slash = proposed, horizontal = rejected, plain = accepted "
        "or transferred. Arrows at the edge: obligations outside the window, with their due date.",
    ),
    "timeline.filters": ("Filtre", "Filters"),
    # --- risks
    "nav.risks": ("Risici", "Risks"),
    "risks.title": ("Risici", "Risks"),
    "risks.likelihood": ("Sandsynlighed", "Likelihood"),
    "risks.impact": ("Konsekvens", "Impact"),
    "risks.score": ("Score", "Score"),
    "risks.owner": ("Risikoejer", "Risk owner"),
    "risks.obligations": ("Forpligtelser", "Obligations"),
    "risks.mitigation": ("Afbødning", "Mitigation"),
    "risks.money": ("Penge på spil", "Money at stake"),
    "risks.money_unknown": ("Ikke opgjort", "Not stated"),
    "risks.money_help": (
        "Summen af de beløb, der er angivet: {known} af {total} risici har et beløb.",
        "The sum of the amounts given: {known} of {total} risks state one.",
    ),
    "risks.edit": ("Redigér risici", "Edit risks"),
    "risks.add": ("Ny risiko", "New risk"),
    # --- owner mapping
    "nav.owners": ("Ejere", "Owners"),
    "owners.title": ("Modtagende ejere", "Receiving owners"),
    "owners.facilitator_only": (
        "Facilitatoren fordeler ejere her; som deltager foreslår og accepterer du i registret.",
        "The facilitator assigns owners here; as a participant you propose and accept in the "
        "register.",
    ),
    "owners.intro": (
        "Tildel flere forpligtelser på én gang, eller lad planen foreslå ejere i de "
        "organisationer, der overtager.",
        "Assign many obligations at once, or let the plan propose owners in the organisations "
        "that take over.",
    ),
    "owners.assign_title": ("Tildel en modtagende ejer", "Assign a receiving owner"),
    "owners.obligations": ("Forpligtelser", "Obligations"),
    "owners.pick_obligations": ("Vælg forpligtelser", "Choose obligations"),
    "owners.assign": ("Tildel til valgte", "Assign to chosen"),
    "owners.assigned": (
        "{count} forpligtelser har fået ny modtagende ejer.",
        "{count} obligations got a new receiving owner.",
    ),
    "owners.propose_title": ("Foreslå fra efterfølgere", "Propose from successors"),
    "owners.propose_intro": (
        "For hver forpligtelse uden modtagende ejer, hvis nuværende ejers organisation ophører før "
        "fristen, foreslås en person i efterfølgeren. Gennemgå forslagene, og bekræft dem samlet.",
        "For every obligation without a receiving owner whose current owner's organisation ceases "
        "before it falls due, a person in the successor is proposed. Review, then confirm them "
        "together.",
    ),
    "owners.propose": ("Lav forslag", "Make proposals"),
    "owners.no_proposals": (
        "Ingen forslag: ingen forpligtelse mangler en ejer i en efterfølger.",
        "No proposals: no obligation lacks an owner in a successor.",
    ),
    "owners.confirm_column": ("Bekræft", "Confirm"),
    "owners.proposed_owner": ("Foreslået ejer", "Proposed owner"),
    "owners.why": ("Hvorfor", "Why"),
    "owners.confirm": ("Bekræft valgte forslag", "Confirm chosen proposals"),
    "owners.unassigned_title": ("Uden modtagende ejer", "Without a receiving owner"),
    # --- columns
    "col.code": ("Kode", "Code"),
    "col.title": ("Titel", "Title"),
    "col.description": ("Beskrivelse", "Description"),
    "col.project": ("Projekt", "Project"),
    "col.category": ("Kategori", "Category"),
    "col.status": ("Status", "Status"),
    "col.handover_state": ("Overdragelse", "Handover"),
    "col.current_owner": ("Nuværende ejer", "Current owner"),
    "col.current_org": ("Nuværende organisation", "Current organisation"),
    "col.receiving_owner": ("Modtagende ejer", "Receiving owner"),
    "col.receiving_org": ("Modtagende organisation", "Receiving organisation"),
    "col.start": ("Start", "Start"),
    "col.due": ("Frist", "Due"),
    "col.due_rule": ("Fristregel", "Due rule"),
    "col.priority": ("Prioritet", "Priority"),
    "col.amount": ("Beløb (EUR)", "Amount (EUR)"),
    "col.notes": ("Noter", "Notes"),
    "col.source_quote": ("Kildecitat", "Source quote"),
    "col.source_ref": ("Kilde", "Source"),
    "col.legal_basis": ("Hjemmel", "Legal basis"),
    "col.acceptance_criteria": ("Acceptkriterier", "Acceptance criteria"),
    "col.evidence": ("Dokumentation", "Evidence"),
    "col.name": ("Navn", "Name"),
    "col.kind": ("Type", "Kind"),
    "col.exists_from": ("Findes fra", "Exists from"),
    "col.exists_until": ("Findes til", "Exists until"),
    "col.successor": ("Efterfølger", "Successor"),
    "col.people": ("Personer", "People"),
    "col.person_title": ("Titel/rolle", "Title/role"),
    "col.email": ("E-mail", "E-mail"),
    "col.organisation": ("Organisation", "Organisation"),
    "col.days_left": ("Dage tilbage", "Days left"),
    "col.any": ("Alle", "All"),
    "col.accepted_by": ("Accepteret af", "Accepted by"),
    "col.rejection_reason": ("Begrundelse for afvisning", "Reason for rejection"),
    # --- the obligation dialog
    "form.title": ("Forpligtelse", "Obligation"),
    "form.new": ("Ny forpligtelse", "New obligation"),
    "form.due_mode": ("Frist", "Due"),
    "form.mode.fixed": ("Fast dato", "Fixed date"),
    "form.mode.rule": ("Regel: dato + antal", "Rule: date + amount"),
    "form.fixed_due": ("Fast dato", "Fixed date"),
    "form.anchor": ("Regnes fra", "Counted from"),
    "form.milestone": (
        "Milepæl (hvis reglen regnes fra en milepæl)",
        "Milestone (for a rule on a milestone)",
    ),
    "form.days": ("Antal", "Amount"),
    "form.evidence_help": (
        "Ét link eller én henvisning pr. linje.",
        "One link or reference per line.",
    ),
    "form.predecessor": ("Forudgående forpligtelse", "Predecessor"),
    "form.dependency_type": ("Type", "Type"),
    "form.lag": ("Forskydning", "Lag"),
    "form.save": ("Gem", "Save"),
    "form.cancel": ("Annullér", "Cancel"),
    # --- editing messages
    "edit.who": ("Dit navn", "Your name"),
    "edit.who_placeholder": ("Skriv dit navn for at redigere", "Type your name to edit"),
    "edit.name_needed": (
        "Skriv dit navn i sidepanelet for at redigere; det står i historikken ved dine ændringer.",
        "Type your name in the sidebar to edit; it goes into the history with your changes.",
    ),
    "edit.not_saved": ("Intet er gemt:", "Nothing was saved:"),
    "edit.saved": ("Gemt: {codes}", "Saved: {codes}"),
    "edit.conflict": (
        "{label} er ændret af en anden, siden du åbnede den. Din ændring er ikke gemt:",
        "{label} was changed by someone else since you opened it. Your change was not saved:",
    ),
    "edit.conflict_deleted": (
        "{label} er slettet af en anden. Din ændring er ikke gemt:",
        "{label} was deleted by someone else. Your change was not saved:",
    ),
    "edit.your_input": ("Din ændring: {values}", "Your change: {values}"),
    "edit.retry_mine": ("Gem min ændring alligevel", "Save my change anyway"),
    "edit.drop_mine": ("Behold deres", "Keep theirs"),
    "edit.form_kept": (
        "Dine indtastninger står stadig i formularen.",
        "Your input is still in the form.",
    ),
    "workflow.title": ("Overdragelse", "Handover"),
    "workflow.reason": ("Begrundelse (ved afvisning)", "Reason (when rejecting)"),
    "workflow.to.unassigned": ("Fjern forslag", "Withdraw"),
    "workflow.to.proposed": ("Foreslå", "Propose"),
    "workflow.to.accepted": ("Acceptér", "Accept"),
    "workflow.to.transferred": ("Markér som overdraget", "Mark transferred"),
    "workflow.to.rejected": ("Afvis", "Reject"),
    "workflow.refused": ("Ikke tilladt: {rule}", "Not allowed: {rule}"),
    "nav.history": ("Historik", "History"),
    "history.title": ("Historik", "History"),
    "history.obligation": ("Forpligtelse", "Obligation"),
    "history.person": ("Ændret af", "Changed by"),
    "history.period": ("Periode", "Period"),
    "history.count": ("{count} ændringer", "{count} changes"),
    "history.none": ("Ingen ændringer passer til filtrene.", "No changes match the filters."),
    "history.whole_plan": ("hele planen", "the whole plan"),
    "history.plan_calendar": ("planens kalender", "the plan's calendar"),
    "history.closing_days": ("Lukkedage", "Closing days"),
    "history.when": ("Tidspunkt", "When"),
    "history.who": ("Hvem", "Who"),
    "history.what": ("Hvad", "What"),
    "history.action": ("Handling", "Action"),
    "history.before": ("Før", "Before"),
    "history.after": ("Efter", "After"),
    "history.pick_hint": (
        "Vælg en ændring i tabellen for at fortryde den.",
        "Select a change in the table to undo it.",
    ),
    "history.undo": ("Fortryd denne ændring", "Undo this change"),
    "history.undo_confirm": (
        "{what} sættes tilbage: {now} → {back}. Fortrydelsen er selv en ændring i historikken.",
        "{what} is set back: {now} → {back}. The undo is itself a change in the history.",
    ),
    "history.undo_yes": ("Ja, fortryd", "Yes, undo"),
    "history.not_undoable": (
        "Denne slags ændring kan ikke fortrydes her.",
        "This kind of change cannot be undone here.",
    ),
    "field.milestones": ("Milepæle", "Milestones"),
    "field.organisations": ("Organisationer", "Organisations"),
    "field.people": ("Personer", "People"),
    "field.projects": ("Projekter", "Projects"),
    "field.risks": ("Risici", "Risks"),
    "history.already_undone": (
        "Denne ændring er allerede fortrudt.",
        "This change was already undone.",
    ),
    "checklist.unassigned": ("Endnu ikke tildelt", "Not yet assigned"),
    "checklist.unassigned_intro": (
        "Åbne forpligtelser, der vedrører dette omfang, men endnu ikke har en modtagende ejer:",
        "Open obligations that concern this scope but have no receiving owner yet:",
    ),
    "common.choose": ("Vælg …", "Choose …"),
    "common.yes": ("ja", "yes"),
    "common.no": ("nej", "no"),
    "field.accepted_at": ("Accepteret", "Accepted at"),
    "field.due_anchor": ("Frist regnet fra", "Due counted from"),
    "field.due_milestone": ("Fristens milepæl", "Due milestone"),
    "field.due_days": ("Dage efter ankeret", "Days after the anchor"),
    "field.deleted": ("Slettet", "Deleted"),
    "field.dependencies": ("Afhænger af", "Depends on"),
    "field.likelihood": ("Sandsynlighed", "Likelihood"),
    "field.impact": ("Konsekvens", "Impact"),
    "field.mitigation": ("Afbødning", "Mitigation"),
    "field.owner": ("Ejer", "Owner"),
    "field.obligations": ("Forpligtelser", "Obligations"),
    "field.current": ("Aktuelt punkt", "Current item"),
    "field.ended_at": ("Afsluttet", "Ended"),
    "field.baseline": ("Baseline", "Baseline"),
    "field.items": ("Punkter", "Items"),
    "field.item": ("Punkt", "Item"),
    "field.text": ("Tekst", "Text"),
    "field.mentions": ("Nævner", "Mentions"),
    "field.person_title": ("Rolle", "Role"),
    "history.undone": ("Ændring {id} er fortrudt.", "Change {id} was undone."),
    "history.action.create": ("oprettet", "created"),
    "history.action.update": ("ændret", "changed"),
    "history.action.delete": ("slettet", "deleted"),
    "history.action.restore": ("gendannet", "restored"),
    "history.action.handover": ("overdragelse", "handover"),
    "history.action.undo": ("fortrudt", "undone"),
    "history.action.import": ("plan importeret", "plan imported"),
    "history.action.replace": ("plan erstattet", "plan replaced"),
    # --- vocabularies
    "status.not_started": ("Ikke startet", "Not started"),
    "status.in_progress": ("I gang", "In progress"),
    "status.done": ("Færdig", "Done"),
    "status.cancelled": ("Annulleret", "Cancelled"),
    "handover_state.unassigned": ("Ikke tildelt", "Unassigned"),
    "handover_state.proposed": ("Foreslået", "Proposed"),
    "handover_state.accepted": ("Accepteret", "Accepted"),
    "handover_state.transferred": ("Overdraget", "Transferred"),
    "handover_state.rejected": ("Afvist", "Rejected"),
    "priority.critical": ("Kritisk", "Critical"),
    "priority.high": ("Høj", "High"),
    "priority.medium": ("Middel", "Medium"),
    "priority.low": ("Lav", "Low"),
    "category.reporting": ("Afrapportering", "Reporting"),
    "category.finance": ("Økonomi", "Finance"),
    "category.legal": ("Jura og aftaler", "Legal and contracts"),
    "category.governance": ("Organisering", "Governance"),
    "category.knowledge": ("Viden og resultater", "Knowledge and results"),
    "category.archive": ("Arkiv og data", "Archive and records"),
    "category.communication": ("Kommunikation", "Communication"),
    "category.operations": ("Drift", "Operations"),
    "anchor.project_start": ("projektstart", "project start"),
    "anchor.project_end": ("projektafslutning", "project end"),
    "anchor.milestone": ("milepæl", "milestone"),
    "milestone_kind.milestone": ("Milepæl", "Milestone"),
    "milestone_kind.event": ("Begivenhed", "Event"),
    "milestone_kind.deadline": ("Frist", "Deadline"),
    "milestone_kind.transition": ("Overgang", "Transition"),
    # --- plan document problems
    "plan.not_json": (
        "filen er ikke gyldig JSON (linje {line}, kolonne {column}: {why})",
        "the file is not valid JSON (line {line}, column {column}: {why})",
    ),
    "plan.not_utf8": (
        "filen er ikke UTF-8 (ugyldig byte ved position {position})",
        "the file is not UTF-8 (invalid byte at position {position})",
    ),
    "plan.not_object": (
        "dokumentet skal være et JSON-objekt med nøglerne format, version, organisations, …",
        "the document must be a JSON object with the keys format, version, organisations, …",
    ),
    "plan.wrong_format": (
        'ikke et plandokument (forventede format "{expected}")',
        'not a plan document (expected format "{expected}")',
    ),
    "plan.wrong_version": (
        "ukendt version (denne udgave læser version {supported})",
        "unknown version (this release reads version {supported})",
    ),
    "plan.newer_version": (
        "version {version} er nyere end denne udgave kan læse (version {supported}); "
        "opdatér værktøjet",
        "version {version} is newer than this release can read (version {supported}); "
        "upgrade the tool",
    ),
    "plan.too_large": (
        "dokumentet fylder {size} MB; højst {limit} MB læses",
        "the document is {size} MB; at most {limit} MB are read",
    ),
    "plan.too_deep": (
        "dokumentet er indlejret {depth} niveauer dybt (niveau {limit} overskrides i linje "
        "{line}, kolonne {column}); en plan bruger 4",
        "the document nests {depth} levels deep (level {limit} is exceeded at line {line}, "
        "column {column}); a plan uses 4",
    ),
    "plan.bad_json_value": (
        "filen er ikke gyldig JSON: {why}",
        "the file is not valid JSON: {why}",
    ),
    "plan.duplicate_link": (
        "forpligtelsen {id} er allerede koblet til risikoen i {first}",
        "obligation {id} is already linked to the risk at {first}",
    ),
    "plan.due_off_calendar": (
        "fristreglen for {code} ({days} dage fra sit anker) giver en dato uden for kalenderen",
        "the due rule of {code} ({days} days from its anchor) gives a date off the calendar",
    ),
    "plan.more_problems": ("… og {count} problemer mere", "… and {count} more problems"),
    "plan.not_list": ("skal være en liste", "must be a list"),
    "plan.missing_field": ("feltet mangler", "the field is missing"),
    "plan.unknown_field": ("ukendt felt", "unknown field"),
    "plan.bad_date": (
        "ugyldig dato {value!r} (forventede en rigtig dato som ÅÅÅÅ-MM-DD)",
        "invalid date {value!r} (expected a real date as YYYY-MM-DD)",
    ),
    "plan.bad_choice": (
        "ugyldig værdi {value!r}; tilladt: {allowed}",
        "invalid value {value!r}; allowed: {allowed}",
    ),
    "plan.wrong_type": ("forkert type: {value!r} ({why})", "wrong type: {value!r} ({why})"),
    "plan.expected_number": (
        "forkert type: {value!r} (forventede et tal)",
        "wrong type: {value!r} (expected a number)",
    ),
    "plan.expected_integer": (
        "forkert type: {value!r} (forventede et heltal)",
        "wrong type: {value!r} (expected a whole number)",
    ),
    "plan.expected_text": (
        "forkert type: {value!r} (forventede tekst)",
        "wrong type: {value!r} (expected text)",
    ),
    "plan.expected_boolean": (
        "forkert type: {value!r} (forventede true eller false)",
        "wrong type: {value!r} (expected true or false)",
    ),
    "plan.expected_list": (
        "forkert type: {value!r} (forventede en liste)",
        "wrong type: {value!r} (expected a list)",
    ),
    "plan.expected_object": (
        "forkert type: {value!r} (forventede et objekt {{…}})",
        "wrong type: {value!r} (expected an object {{…}})",
    ),
    "plan.invalid_value": ("ugyldig værdi: {why}", "invalid value: {why}"),
    "plan.outside_window": (
        "datoen {value} ligger uden for det tilladte tidsrum {first}–{last}",
        "the date {value} is outside the allowed window {first}–{last}",
    ),
    "plan.control_character": (
        "indeholder styretegnet {char}; kun linjeskift og tabulator er tilladt her",
        "contains the control character {char}; only line breaks and tabs are allowed here",
    ),
    "plan.control_one_line": (
        "indeholder styretegnet {char}; feltet er én linje uden styretegn",
        "contains the control character {char}; the field is one line without control characters",
    ),
    "plan.duplicate_id": (
        "id {id!r} findes allerede i {first}",
        "id {id!r} already used by {first}",
    ),
    "plan.duplicate_code": (
        "koden {code!r} findes allerede i {first}",
        "code {code!r} already used by {first}",
    ),
    "plan.unknown_reference": (
        "henviser til {id!r}, som ikke findes i {kind}",
        "refers to {id!r}, which does not exist in {kind}",
    ),
    "plan.own_successor": (
        "en organisation kan ikke være sin egen efterfølger",
        "an organisation cannot be its own successor",
    ),
    "plan.succession_cycle": (
        "efterfølgere danner en ring: {cycle}",
        "successors form a cycle: {cycle}",
    ),
    "plan.until_before_from": (
        "'findes til' ligger før 'findes fra'",
        "'exists until' is before 'exists from'",
    ),
    "plan.end_before_start": ("slutdato før startdato", "end date before start date"),
    "plan.second_transition": (
        "planen har allerede en overgangsdag; der må kun være én",
        "the plan already has a transition day; there can be only one",
    ),
    "plan.rule_needs_project": (
        "en fristregel på projektets start eller slut kræver et projekt",
        "a due rule on the project's start or end needs a project",
    ),
    "plan.rule_anchor_undated": (
        "projektet har ingen dato at regne fristen fra",
        "the project has no date to count the due date from",
    ),
    "plan.rule_milestone_undated": (
        "milepælen har ingen planlagt dato at regne fristen fra",
        "the milestone has no planned date to count the due date from",
    ),
    "plan.rule_outside_window": (
        "fristreglen giver en dato uden for det tilladte tidsrum {first}–{last}",
        "the due rule gives a date outside the allowed window {first}–{last}",
    ),
    "plan.due_before_start": (
        "{code}: fristen ligger før starten",
        "{code}: due before start",
    ),
    "plan.self_dependency": (
        "en forpligtelse kan ikke afhænge af sig selv",
        "an obligation cannot depend on itself",
    ),
    "plan.duplicate_dependency": (
        "afhængigheden findes allerede",
        "the dependency is already listed",
    ),
    "plan.dependency_cycle": (
        "afhængighederne danner en ring: {cycle}",
        "the dependencies form a cycle: {cycle}",
    ),
    # --- editing
    "edit.unknown_row": (
        "række {position} findes ikke i tabellen",
        "row {position} is not in the table",
    ),
    "edit.not_editable": (
        "kolonnen kan ikke redigeres her: {columns}",
        "these columns cannot be edited here: {columns}",
    ),
    "edit.bad_value": (
        "ugyldig værdi i {column}: {value!r}",
        "invalid value in {column}: {value!r}",
    ),
    "edit.outside_window": (
        "{column}: datoen {value} ligger uden for det tilladte tidsrum {first}–{last}",
        "{column}: the date {value} is outside the allowed window {first}–{last}",
    ),
    "edit.control_character": (
        "{column}: indeholder styretegnet {char}; kun linjeskift og tabulator er tilladt her",
        "{column}: contains the control character {char}; only line breaks and tabs are allowed",
    ),
    "edit.unknown_person": (
        "der er ingen person eller rolle med id {id!r}",
        "no person or role with id {id!r}",
    ),
    "edit.inactive_person": (
        "{id!r} er deaktiveret og kan ikke modtage forpligtelser",
        "{id!r} is deactivated and cannot receive obligations",
    ),
    "edit.receiver_org_gone": (
        "{code}: den modtagende ejers organisation {organisation} findes ikke på fristen {due}",
        "{code}: the receiving owner's organisation {organisation} does not exist on the due "
        "date {due}",
    ),
    "edit.code_taken": ("koden {code!r} er allerede i brug", "the code {code!r} is already in use"),
    "edit.id_taken": ("id {id!r} er allerede i brug", "the id {id!r} is already in use"),
    "edit.depends_on_deleted": (
        "{code} er slettet; gendan den eller fjern afhængigheden",
        "{code} is deleted; restore it or remove the dependency",
    ),
    "workflow.same_state": (
        "forpligtelsen har allerede den status",
        "the obligation is already there",
    ),
    "workflow.not_allowed": (
        "fra '{origin}' kan man ikke gå til '{target}'",
        "'{origin}' cannot go to '{target}'",
    ),
    "workflow.needs_receiver": (
        "kræver en modtagende ejer",
        "needs a receiving owner",
    ),
    "workflow.needs_reason": ("en afvisning kræver en begrundelse", "a rejection needs a reason"),
    "workflow.needs_criteria": (
        "overdraget kræver acceptkriterier",
        "transferred needs acceptance criteria",
    ),
    "workflow.needs_evidence": (
        "overdraget kræver dokumentation (mindst ét link)",
        "transferred needs evidence (at least one link)",
    ),
    "workflow.unassign_needs_no_receiver": (
        "fjern først den modtagende ejer",
        "remove the receiving owner first",
    ),
    "workflow.transferred_is_final": (
        "forpligtelsen er overdraget; den modtagende ejer kan ikke længere skiftes",
        "the obligation is transferred; its receiving owner can no longer change",
    ),
    "undo.unknown": ("ændring {id} findes ikke", "change {id} does not exist"),
    "undo.not_undoable": (
        "denne ændring kan ikke fortrydes her (en hel plan gendannes fra en sikkerhedskopi)",
        "this change cannot be undone here (a whole plan is restored from a backup)",
    ),
    "undo.breaks_rules": (
        "ændringen kan ikke fortrydes: planen ville bryde disse regler",
        "the change cannot be undone: the plan would break these rules",
    ),
    "undo.already_undone": ("ændringen er allerede fortrudt", "the change was already undone"),
    "undo.restored_since": (
        "planen blev gendannet {at} (UTC) efter denne ændring; den kan ikke længere fortrydes",
        "the plan was restored on {at} (UTC) after this change; it can no longer be undone",
    ),
    "undo.changed_since": (
        "{label} er ændret siden; fortryd de senere ændringer først",
        "{label} changed since; undo the later changes first",
    ),
    "proposal.successor": (
        "{organisation} ophører {ceases}; efterfølgeren overtager",
        "{organisation} ceases {ceases}; the successor takes over",
    ),
    # --- findings
    "severity.blocker": ("Blokerer", "Blocker"),
    "severity.warning": ("Advarsel", "Warning"),
    "severity.info": ("Information", "Information"),
    "finding.no-receiver": ("har ingen modtagende ejer", "has no receiving owner"),
    "fix.no-receiver": (
        "Tildel en modtagende ejer (eller lav forslag fra efterfølgere under Ejere).",
        "Assign a receiving owner (or propose from successors under Owners).",
    ),
    "finding.receiver-org-gone": (
        "den modtagende ejers organisation {organisation} findes ikke på fristen {due}",
        "the receiving owner's organisation {organisation} does not exist on the due date {due}",
    ),
    "fix.receiver-org-gone": (
        "Vælg en modtagende ejer i en organisation, der findes på fristen.",
        "Choose a receiving owner in an organisation that exists on the due date.",
    ),
    "finding.owner-org-ceases": (
        "ejerens organisation {organisation} ophører {ceases}, før fristen, og overdragelsen er "
        "ikke accepteret",
        "the owner's organisation {organisation} ceases on {ceases}, before the due date, and the "
        "handover is not accepted",
    ),
    "fix.owner-org-ceases": (
        "Få den modtagende ejer til at acceptere overdragelsen.",
        "Have the receiving owner accept the handover.",
    ),
    "finding.not-accepted-before-transition": (
        "er ikke accepteret, og der er {days} {days:plural:dag|dage} til overgangen {transition}",
        "is not accepted, with {days} {days:plural:day|days} to the transition on {transition}",
    ),
    "fix.not-accepted-before-transition": (
        "Aftal accept med den modtagende ejer nu.",
        "Agree acceptance with the receiving owner now.",
    ),
    "finding.past-due": (
        "fristen er overskredet for {days} {days:plural:dag|dage} siden",
        "overdue by {days} {days:plural:day|days}",
    ),
    "fix.past-due": (
        "Afslut forpligtelsen, eller ret fristen og notér hvorfor.",
        "Finish it, or move the due date and note why.",
    ),
    "finding.dependency-violation": (
        "fristen ligger {days} {days:plural:dag|dage} før forudsætningen tillader ({type}, "
        "forskydning {lag} {unit:label:lag_unit:lag})",
        "is due {days} {days:plural:day|days} before its predecessor allows ({type}, lag {lag} "
        "{unit:label:lag_unit:lag})",
    ),
    "fix.dependency-violation": (
        "Flyt fristen, eller ret afhængigheden.",
        "Move the due date, or correct the dependency.",
    ),
    "finding.dependency-cycle": (
        "afhængighederne danner en ring: {cycle}",
        "the dependencies form a cycle: {cycle}",
    ),
    "fix.dependency-cycle": (
        "Fjern en af afhængighederne i ringen.",
        "Remove one dependency of the cycle.",
    ),
    "finding.depends-on-unowned": (
        "afhænger af en forpligtelse uden modtagende ejer",
        "depends on an obligation without a receiving owner",
    ),
    "fix.depends-on-unowned": (
        "Tildel forudsætningen en modtagende ejer.",
        "Give the predecessor a receiving owner.",
    ),
    "finding.overloaded": (
        "{person} har {count} åbne forpligtelser med frist i uge {week} (grænse {limit})",
        "{person} has {count} open obligations due in week {week} (limit {limit})",
    ),
    "fix.overloaded": (
        "Fordel nogle af dem, eller spred fristerne.",
        "Hand some to someone else, or spread the due dates.",
    ),
    "finding.money-without-risk": (
        "har {amount} EUR på spil, men ingen tilknyttet risiko",
        "has EUR {amount} at stake but no linked risk",
    ),
    "fix.money-without-risk": (
        "Registrér risikoen og knyt den til.",
        "Record the risk and link it.",
    ),
    "finding.no-criteria-after-transition": (
        "falder efter overgangen, men har ingen acceptkriterier",
        "falls due after the transition but has no acceptance criteria",
    ),
    "fix.no-criteria-after-transition": (
        "Skriv, hvad 'færdig' betyder for modtageren.",
        "Write down what 'done' means for the receiver.",
    ),
    "finding.transferred-without-evidence": (
        "er markeret overdraget uden dokumentation",
        "is marked transferred without evidence",
    ),
    "fix.transferred-without-evidence": (
        "Tilføj et link til dokumentationen for overdragelsen.",
        "Add a link to the evidence of the transfer.",
    ),
    "check.heading": ("Overdragelsestjek pr. {date}", "Handover check as of {date}"),
    "check.readiness": (
        "Parathed: {ready} af {total} forpligtelser med frist efter overgangen er accepteret af en "
        "modtager i en organisation, der findes på overgangsdagen",
        "Readiness: {ready} of {total} obligations due after the transition are accepted by a "
        "receiver in an organisation that exists on the transition day",
    ),
    "check.none": ("Ingen fund.", "No findings."),
    "cli.bad_date": (
        "ugyldig dato {value!r}: skriv dd.mm.åååå eller åååå-mm-dd",
        "invalid date {value!r}: write dd.mm.yyyy or yyyy-mm-dd",
    ),
    # --- export page
    "nav.export": ("Eksport", "Export"),
    "export.title": ("Eksport af tjeklister", "Export checklists"),
    "export.intro": (
        "Hver modtagende ejer får sin tjekliste: hvad de overtager, fra hvem, hvornår, hvad "
        "'færdig' betyder, og hvor der skrives under.",
        "Each receiving owner gets their checklist: what they take over, from whom, by when, what "
        "'done' means, and where to sign.",
    ),
    "export.format": ("Format", "Format"),
    "export.language": ("Sprog", "Language"),
    "export.separator": ("CSV-skilletegn", "CSV separator"),
    "export.pick": (
        "Vælg hvem eller hvad tjeklisten gælder.",
        "Choose whom or what the checklist is for.",
    ),
    "export.preview": ("Forhåndsvisning", "Preview"),
    "export.summary": (
        "Forpligtelser: {count} · åbne fund: {findings} · pr. {date}",
        "Obligations: {count} · open findings: {findings} · as of {date}",
    ),
    "export.download": ("Hent tjeklisten", "Download the checklist"),
    "pdf.page": ("Side {page}", "Page {page}"),
    "calendar.due": ("Frist", "Due"),
    # --- backup and restore
    "backup.title": ("Sikkerhedskopi og gendannelse", "Backup and restore"),
    "backup.intro": (
        "Hele planen som ét plandokument (JSON). Gendannelse viser først, hvad der ændres, og "
        "erstatter derefter hele planen i én transaktion; historikken bevares, og den plan, der "
        "erstattes, gemmes først i mappen backups ved siden af databasen.",
        "The whole plan as one plan document (JSON). Restoring first shows what will change, then "
        "replaces the whole plan in one transaction; the history is kept, and the plan it "
        "replaces is first kept in the backups folder next to the database.",
    ),
    "backup.download": ("Hent sikkerhedskopi (JSON)", "Download backup (JSON)"),
    "backup.restore": ("Gendan fra en sikkerhedskopi", "Restore from a backup"),
    "backup.invalid": (
        "{name} er ikke en gyldig plan; intet er ændret:",
        "{name} is not a valid plan; nothing was changed:",
    ),
    "backup.preview": ("Hvis {name} gendannes, ændres:", "Restoring {name} would change:"),
    "backup.what": ("Hvad", "What"),
    "backup.added": ("Tilføjes", "Added"),
    "backup.removed": ("Fjernes", "Removed"),
    "backup.changed": ("Ændres", "Changed"),
    "backup.same": (
        "Sikkerhedskopien er magen til planen; intet at gendanne.",
        "The backup equals the plan; nothing to restore.",
    ),
    "backup.confirm_box": (
        "Jeg forstår, at hele planen bliver erstattet",
        "I understand that the whole plan will be replaced",
    ),
    "backup.replace": ("Erstat planen", "Replace the plan"),
    "backup.done": ("Planen er gendannet.", "The plan was restored."),
    "backup.kept": (
        "Den plan, der blev erstattet, er gemt på serveren i {path}.",
        "The plan that was replaced is kept on the server in {path}.",
    ),
    "backup.keep_failed": (
        "Den nuværende plan kan ikke gemmes som sikkerhedskopi ({path}: {why}); intet er "
        "gendannet.",
        "The current plan cannot be kept as a backup ({path}: {why}); nothing was restored.",
    ),
    "backup.collection.organisations": ("Organisationer", "Organisations"),
    "backup.collection.people": ("Personer og roller", "People and roles"),
    "backup.collection.projects": ("Projekter", "Projects"),
    "backup.collection.milestones": ("Milepæle", "Milestones"),
    "backup.collection.obligations": ("Forpligtelser", "Obligations"),
    "backup.collection.dependencies": ("Afhængigheder", "Dependencies"),
    "backup.collection.risks": ("Risici", "Risks"),
    # --- checklists
    "checklist.title": ("Overdragelsestjekliste", "Handover checklist"),
    "checklist.sheet": ("Tjekliste", "Checklist"),
    "checklist.cover": ("Forside", "Cover"),
    "checklist.signoff": ("Underskrifter", "Sign-off"),
    "checklist.scope": ("Omfang", "Scope"),
    "checklist.scope.owner": ("Modtagende ejer", "Receiving owner"),
    "checklist.scope.org": ("Modtagende organisation", "Receiving organisation"),
    "checklist.scope.project": ("Projekt", "Project"),
    "checklist.scope.all": ("Alle forpligtelser", "All obligations"),
    "checklist.made_on": ("Dato", "Date"),
    "checklist.count": ("Forpligtelser", "Obligations"),
    "checklist.findings": ("Åbne fund", "Open findings"),
    "checklist.from": ("Fra (nuværende ejer)", "From (current owner)"),
    "checklist.to": ("Til (modtagende ejer)", "To (receiving owner)"),
    "checklist.done": ("Overdraget og kontrolleret", "Handed over and checked"),
    "checklist.role": ("Rolle", "Role"),
    "checklist.date": ("Dato", "Date"),
    "checklist.signature": ("Underskrift", "Signature"),
    "signoff.outgoing": ("Afgivende ejer", "Outgoing owner"),
    "signoff.receiving": ("Modtagende ejer", "Receiving owner"),
    "signoff.assurance": ("Kvalitetssikring", "Assurance"),
    "cli.unknown_scope": ("intet hedder {name!r}", "nothing is called {name!r}"),
    "cli.ambiguous_scope": (
        "{name!r} kan betyde flere: {candidates}; brug et id",
        "{name!r} could mean several: {candidates}; use an id",
    ),
    "cli.empty_scope": (
        "ingen forpligtelser i {scope}; ingen fil er skrevet",
        "no obligations in {scope}; no file was written",
    ),
    "cli.exported_checklist": (
        "tjeklisten med {count} forpligtelser er skrevet til {path}",
        "the checklist with {count} obligations was written to {path}",
    ),
    # --- import: files
    "import.empty_file": ("filen er tom", "the file is empty"),
    "import.too_large": (
        "filen fylder {size} MB; grænsen er {limit} MB. Del den op.",
        "the file is {size} MB; the limit is {limit} MB. Split it up.",
    ),
    "import.too_many_rows": (
        "filen har mere end {limit} rækker; del den op",
        "the file has more than {limit} rows; split it up",
    ),
    "import.too_many_columns": (
        "filen har {count} kolonner; grænsen er {limit}",
        "the file has {count} columns; the limit is {limit}",
    ),
    "import.binary": (
        "filen er hverken tekst (UTF-8 eller Windows-1252) eller et Excel-ark (.xlsx)",
        "the file is neither text (UTF-8 or Windows-1252) nor an Excel workbook (.xlsx)",
    ),
    "import.bad_encoding": ("ukendt tegnsæt: {encoding}", "unknown encoding: {encoding}"),
    "import.wrong_encoding": (
        "filen kan ikke læses som {encoding}; vælg et andet tegnsæt",
        "the file cannot be read as {encoding}; choose another encoding",
    ),
    "import.bad_separator": (
        "ukendt skilletegn {separator!r}; brug ; , eller tabulator",
        "unknown separator {separator!r}; use ; , or tab",
    ),
    "import.bad_csv": (
        "CSV-filen er ødelagt i linje {line}: {why}",
        "the CSV file is broken at line {line}: {why}",
    ),
    "import.extra_cells": (
        "række {row} har {count} felter, men overskriften kun {width}: forkert skilletegn, "
        "eller et felt med skilletegn uden anførselstegn?",
        "row {row} has {count} fields but the header only {width}: the wrong separator, or a "
        "field containing the separator without quotes?",
    ),
    "import.not_a_zip": (
        "{name} hedder .xlsx/.docx, men er ikke en Office-fil (måske en omdøbt CSV-fil?)",
        "{name} is named .xlsx/.docx but is no Office file (a renamed CSV file?)",
    ),
    "import.bad_zip": (
        "filen er ikke et gyldigt Excel-ark: zip-arkivet er ødelagt eller afkortet",
        "the file is not a valid Excel workbook: the zip archive is broken or truncated",
    ),
    "import.zip_too_large": (
        "Excel-arket fylder {size} MB udpakket; grænsen er {limit} MB",
        "the workbook unpacks to {size} MB; the limit is {limit} MB",
    ),
    "import.zip_bomb": (
        "delen {member} pakker ud til {ratio} gange sin størrelse (en zip-bombe?); afvist",
        "the part {member} unpacks to {ratio} times its size (a zip bomb?); refused",
    ),
    "import.xml_dtd": (
        "delen {member} indeholder en DTD eller entitetserklæring; afvist af sikkerhedsgrunde",
        "the part {member} contains a DTD or entity declaration; refused for safety",
    ),
    "import.no_defusedxml": (
        "XLSX-import kræver defusedxml (OPENPYXL_DEFUSEDXML må ikke være False)",
        "XLSX import needs defusedxml (OPENPYXL_DEFUSEDXML must not be False)",
    ),
    "import.bad_xlsx": (
        "Excel-arket kan ikke læses ({why})",
        "the workbook cannot be read ({why})",
    ),
    "import.no_sheet": (
        "arket {sheet!r} findes ikke; arkene er: {sheets}",
        "there is no sheet {sheet!r}; the sheets are: {sheets}",
    ),
    "import.report_not_table": (
        "{name} er et Word-dokument: importér det som statusrapport",
        "{name} is a Word document: import it as a status report",
    ),
    # --- import: rows and cells
    "import.missing_key": (
        "filen mangler kolonnen {column}, som rækkerne genkendes på",
        "the file has no column {column}, by which rows are recognised",
    ),
    "import.no_rows": (
        "filen har kun en overskrift og ingen rækker",
        "the file has a header but no rows",
    ),
    "import.missing_value": ("skal udfyldes", "must be filled in"),
    "import.required": (
        "en ny række skal have {column}",
        "a new row needs {column}",
    ),
    "import.duplicate_key": (
        "står allerede i række {first}",
        "already given in row {first}",
    ),
    "import.bad_date": (
        "ikke en gyldig dato (dd.mm.åååå eller åååå-mm-dd)",
        "not a valid date (dd.mm.yyyy or yyyy-mm-dd)",
    ),
    "import.bad_amount": (
        "ikke et beløb (fx 1.234,50)",
        "not an amount (for example 1,234.50 or 1.234,50)",
    ),
    "import.negative_amount": ("et beløb kan ikke være negativt", "an amount cannot be negative"),
    "import.bad_choice": ("ikke en af: {choices}", "not one of: {choices}"),
    "import.bad_bool": ("skriv ja eller nej", "write yes or no"),
    "import.unknown_person": (
        "ingen person eller rolle i planen hedder sådan (navn, rolle, e-mail eller id)",
        "no person or role in the plan goes by that (name, role, e-mail or id)",
    ),
    "import.unknown_project": (
        "intet projekt i planen hedder sådan",
        "no project in the plan has that name",
    ),
    "import.unknown_organisation": (
        "ingen organisation i planen eller filen hedder sådan",
        "no organisation in the plan or the file has that name",
    ),
    "import.ambiguous_name": (
        "passer på flere ({matches}); brug id eller e-mail",
        "fits more than one ({matches}); use the id or e-mail",
    ),
    "import.name_or_title": (
        "en person skal have et navn eller en titel/rolle",
        "a person needs a name or a title/role",
    ),
    "import.invalid": ("ugyldig værdi: {why}", "invalid value: {why}"),
    "import.deleted_code": (
        "forpligtelsen med denne kode er slettet; gendan den før den opdateres",
        "the obligation with this code is deleted; restore it before updating it",
    ),
    "import.col_id": ("Id", "Id"),
    "import.where": ("{name}, række {row}, kolonne {column}", "{name}, row {row}, column {column}"),
    "import.where_row": ("{name}, række {row}", "{name}, row {row}"),
    "import.separator_mismatch": (
        "overskriften er kun én kolonne med skilletegnet {chosen}; filen bruger vist {likely}",
        "the header is a single column with the separator {chosen}; the file seems to use {likely}",
    ),
    "import.bad_docx": (
        "Word-filen kan ikke læses ({why})",
        "the Word file cannot be read ({why})",
    ),
    # --- import: status reports
    "report.no_projects": (
        "ingen projekter fundet: en statusrapport har et afsnit pr. projekt med fx Dato, "
        "Projektleder og Milepæle",
        "no projects found: a status report has a section per project with e.g. Dato, "
        "Projektleder and Milepæle",
    ),
    "report.bad_date": (
        "{label}: {value!r} er ikke en gyldig dato",
        "{label}: {value!r} is not a valid date",
    ),
    "report.fewer_dates": (
        "{milestones} milepæle, men kun {dates} datoer under Plan; uden dato: {missing}",
        "{milestones} milestones but only {dates} dates under Plan; without a date: {missing}",
    ),
    "report.more_dates": (
        "{dates} datoer under Plan, men kun {milestones} milepæle; ikke brugt: {extra}",
        "{dates} dates under Plan but only {milestones} milestones; not used: {extra}",
    ),
    "report.achieved_unknown": (
        "Nået: {value!r} passer ikke på nogen milepæl",
        "Nået: {value!r} matches no milestone",
    ),
    # --- import page
    "importpage.title": ("Import", "Import"),
    "importpage.intro": (
        "Hent et regneark (CSV eller XLSX) med forpligtelser, personer eller organisationer, "
        "eller en projektstatusrapport (Markdown, tekst eller Word). Alt kontrolleres og vises, "
        "før noget skrives; importen skrives samlet og kan ses i historikken.",
        "Bring a spreadsheet (CSV or XLSX) of obligations, people or organisations, or a project "
        "status report (Markdown, text or Word). Everything is checked and shown before anything "
        "is written; the import is written at once and appears in the history.",
    ),
    "importpage.file": ("Fil", "File"),
    "importpage.template": (
        "Skabelon: registret som regneark",
        "Template: the register as a spreadsheet",
    ),
    "importpage.template_help": (
        "Hent alle forpligtelser i de kolonner, importen læser; ret dem i Excel og importér "
        "filen igen. Tomme celler lader feltet være; koden afgør, hvilken forpligtelse der "
        "opdateres.",
        "Download every obligation in the columns the import reads; edit them in Excel and "
        "import the file again. Empty cells leave the field alone; the code decides which "
        "obligation is updated.",
    ),
    "importpage.register_xlsx": ("Hent som XLSX", "Download as XLSX"),
    "importpage.register_csv": ("Hent som CSV", "Download as CSV"),
    "importpage.file_help": (
        "CSV (UTF-8 eller Windows-1252; ; , eller tabulator), XLSX, Markdown/tekst, Word "
        "(.docx) eller en projektfil (MS Project .mpp/.xml/.mpx, GanttProject .gan, "
        "ProjectLibre .pod, Primavera .xer/PMXML). Højst 5 MB og 10.000 rækker.",
        "CSV (UTF-8 or Windows-1252; ; , or tab), XLSX, Markdown/text, Word (.docx) or a "
        "project file (MS Project .mpp/.xml/.mpx, GanttProject .gan, ProjectLibre .pod, "
        "Primavera .xer/PMXML). At most 5 MB and 10,000 rows.",
    ),
    "importpage.entity": ("Filen indeholder", "The file holds"),
    "importpage.encoding": ("Tegnsæt", "Encoding"),
    "importpage.separator": ("Skilletegn", "Separator"),
    "importpage.sheet": ("Ark", "Sheet"),
    "importpage.auto": ("Automatisk", "Automatic"),
    "importpage.enc.utf-8-sig": ("UTF-8", "UTF-8"),
    "importpage.enc.cp1252": ("Windows-1252", "Windows-1252"),
    "importpage.sep.59": ("semikolon ;", "semicolon ;"),
    "importpage.sep.44": ("komma ,", "comma ,"),
    "importpage.sep.9": ("tabulator", "tab"),
    "importpage.mapping": ("Kolonner", "Columns"),
    "importpage.mapping_help": (
        "Danske og engelske overskrifter genkendes; vælg et andet felt, eller ignorér kolonnen.",
        "Danish and English headings are recognised; pick another field, or ignore the column.",
    ),
    "importpage.ignore": ("(ignorér)", "(ignore)"),
    "importpage.rows": ("{count} rækker", "{count} rows"),
    "importpage.read_as": ("læst som {encoding}", "read as {encoding}"),
    "importpage.separated": ("adskilt med {separator}", "separated by {separator}"),
    "importpage.from_sheet": ("fra arket {sheet}", "from the sheet {sheet}"),
    "importpage.new": ("Nye", "New"),
    "importpage.changed": ("Ændrede", "Changed"),
    "importpage.unchanged": ("Uændrede", "Unchanged"),
    "importpage.problem_rows": ("Rækker med problemer", "Rows with problems"),
    "importpage.has_problems": (
        "Problemer i filen: {count}. Intet skrives, før de er rettet — eller vælg at importere "
        "kun rækkerne uden problemer.",
        "Problems in the file: {count}. Nothing is written until they are fixed — or choose to "
        "import only the rows without problems.",
    ),
    "importpage.row": ("Række", "Row"),
    "importpage.column": ("Kolonne", "Column"),
    "importpage.value": ("Værdi", "Value"),
    "importpage.message": ("Problem", "Problem"),
    "importpage.what_changes": ("Det ændres", "What changes"),
    "importpage.action": ("Handling", "Action"),
    "importpage.action.add": ("tilføjes", "added"),
    "importpage.action.update": ("opdateres", "updated"),
    "importpage.what": ("Hvad", "What"),
    "importpage.changes": ("Nye værdier", "New values"),
    "importpage.clean_only": (
        "Importér kun rækkerne uden problemer",
        "Import only the rows without problems",
    ),
    "importpage.nothing_written": ("Intet er skrevet.", "Nothing was written."),
    "importpage.nothing": (
        "Intet at importere: alt i filen står allerede i planen.",
        "Nothing to import: everything in the file is in the plan already.",
    ),
    "importpage.dry_run": ("Prøvekørsel", "Dry run"),
    "importpage.import": ("Importér", "Import"),
    "importpage.dry_run_result": (
        "Prøvekørsel: {added} ville blive tilføjet og {updated} ændret. Intet er skrevet.",
        "Dry run: {added} would be added and {updated} changed. Nothing was written.",
    ),
    "importpage.done": (
        "Importeret: {added} tilføjet, {updated} ændret. Se dem i historikken.",
        "Imported: {added} added, {updated} changed. See them in the history.",
    ),
    "importpage.conflict": (
        "En anden har ændret en af rækkerne, siden filen blev kontrolleret. Intet er skrevet; "
        "kontrollen er kørt igen med det nye indhold — se efter og importér igen.",
        "Someone else changed one of the rows since the file was checked. Nothing was written; "
        "the check has run again on the new content — look it over and import again.",
    ),
    "importpage.refused": (
        "Planen afviser importen; intet er skrevet:",
        "The plan refuses the import; nothing was written:",
    ),
    "importpage.report_counts": (
        "Fra rapporten: {projects} projekter, {milestones} milepæle, {organisations} "
        "organisationer, {people} personer, {risks} risici og {obligations} forpligtelser.",
        "From the report: {projects} projects, {milestones} milestones, {organisations} "
        "organisations, {people} people, {risks} risks and {obligations} obligations.",
    ),
    "importpage.kept": ("Findes allerede i planen: {names}", "Already in the plan: {names}"),
    "report.date": ("Dato", "Date"),
    "report.leader": ("Projektleder", "Project leader"),
    "report.participants": ("Deltagende organisationer", "Participating organisations"),
    "report.supplier": ("Leverandør", "Supplier"),
    "report.programme": ("Program", "Programme"),
    "report.period": ("Periode", "Period"),
    "report.milestone": ("Milepæl", "Milestone"),
    "report.planned": ("Planlagt", "Planned"),
    "report.achieved": ("Nået", "Achieved"),
    "report.risk": ("Største risiko", "Biggest risk"),
    "report.due_rule": ("projektafslutning + {days} dage", "project end + {days} days"),
    "report.home": ("Rapporten er fra", "The report is from"),
    "report.home_help": (
        "Projektlederen og nye projekter hører til denne organisation.",
        "The project leader and new projects belong to this organisation.",
    ),
    "report.unknown_org": ("Ukendt organisation", "Unknown organisation"),
    "report.candidates": ("Forslag til forpligtelser", "Proposed obligations"),
    "report.candidates_help": (
        "Hvert forslag citerer sætningen, det kommer fra. Sæt flueben ved dem, der skal med, og "
        "ret titlen om nødvendigt; resten kasseres.",
        "Each proposal quotes the sentence it came from. Tick the ones to take, and edit the "
        "title if needed; the rest are discarded.",
    ),
    "report.take": ("Tag med", "Take"),
    "report.quote": ("Citat", "Quote"),
    "report.title_needed": (
        "Et forslag, der tages med, skal have en titel.",
        "A proposal that is taken needs a title.",
    ),
    "report.no_candidates": (
        "Rapporten foreslår ingen forpligtelser.",
        "The report suggests no obligations.",
    ),
    # --- access
    "access.viewer": (
        "{name} har læseadgang og kan ikke ændre planen",
        "{name} has read access and cannot change the plan",
    ),
    "access.not_yours": (
        "{name} kan kun ændre forpligtelser, de selv ejer eller modtager{what}",
        "{name} can change only obligations they own or receive{what}",
    ),
    "access.not_receiver": (
        "kun den modtagende ejer (eller facilitatoren) kan acceptere eller afvise{what}",
        "only the receiving owner (or the facilitator) can accept or reject{what}",
    ),
    "access.facilitator_only": (
        "kun facilitatoren kan det ({action}); {name} er deltager",
        "only the facilitator can do that ({action}); {name} is a participant",
    ),
    "access.role.facilitator": ("Facilitator", "Facilitator"),
    "access.role.participant": ("Deltager", "Participant"),
    "access.role.viewer": ("Læser", "Viewer"),
    "access.role": ("Rolle", "Role"),
    "access.facilitator_edits": (
        "Facilitatoren redigerer her; du kan se og eksportere.",
        "The facilitator edits here; you can look and export.",
    ),
    "access.facilitator_restores": (
        "Kun facilitatoren kan gendanne en sikkerhedskopi.",
        "Only the facilitator can restore a backup.",
    ),
    "access.facilitator_imports": (
        "Kun facilitatoren kan importere.",
        "Only the facilitator can import.",
    ),
    "access.sign_in": ("Log ind", "Sign in"),
    "access.sign_in_oidc": ("Log ind", "Sign in"),
    "access.sign_out": ("Log ud", "Sign out"),
    "access.person": ("Hvem er du i planen?", "Who are you in the plan?"),
    "access.person_help": (
        "Som deltager kan du ændre de forpligtelser, du ejer eller modtager.",
        "As a participant you can change the obligations you own or receive.",
    ),
    "access.no_person": ("(ikke i planen)", "(not in the plan)"),
    "access.password": ("Adgangskode", "Password"),
    "access.wrong": (
        "Navn, rolle eller adgangskode passer ikke.",
        "The name, role or password does not match.",
    ),
    "access.needed": (
        "Log ind i sidepanelet for at ændre planen.",
        "Sign in in the sidebar to change the plan.",
    ),
    "access.read_only": (
        "Du har læseadgang: du kan se og eksportere, men ikke ændre.",
        "You have read access: you can look and export, but not change.",
    ),
    # --- workshop
    "nav.workshop": ("Workshop", "Workshop"),
    "workshop.title": ("Workshop", "Workshop"),
    "workshop.intro": (
        "Facilitatoren går dagsordenen igennem ét punkt ad gangen; alle skærme følger med. "
        "Beslutninger, handlinger og åbne spørgsmål skrives ind undervejs, og referatet er klar, "
        "når mødet slutter.",
        "The facilitator steps through the agenda one item at a time; every screen follows. "
        "Decisions, actions and open questions are recorded as they are made, and the minutes are "
        "ready when the meeting ends.",
    ),
    "workshop.bad_title": (
        "mødet skal have en titel (højst 200 tegn)",
        "the meeting needs a title (at most 200 characters)",
    ),
    "workshop.empty_agenda": ("dagsordenen er tom", "the agenda is empty"),
    "workshop.already_open": (
        "et møde kører allerede; afslut det først",
        "a meeting is already running; end it first",
    ),
    "workshop.no_such_item": ("punktet er ikke på dagsordenen", "the item is not on the agenda"),
    "workshop.bad_note": (
        "teksten skal udfyldes (højst {limit} tegn)",
        "the text must be filled in (at most {limit} characters)",
    ),
    "workshop.action_needs_owner": (
        "en handling skal have en ansvarlig",
        "an action needs someone responsible",
    ),
    "workshop.ended": ("mødet er afsluttet", "the meeting has ended"),
    "workshop.none": (
        "Der kører intet møde. Facilitatoren starter et her.",
        "No meeting is running. The facilitator starts one here.",
    ),
    "workshop.start": ("Start et møde", "Start a meeting"),
    "workshop.name": ("Mødets titel", "Title of the meeting"),
    "workshop.name_default": ("Overdragelsesworkshop {date}", "Handover workshop {date}"),
    "workshop.agenda": ("Dagsorden", "Agenda"),
    "workshop.agenda.standard": (
        "Standard: uden modtager, derefter ikke accepteret, derefter risici",
        "Standard: without a receiver, then not accepted, then risks",
    ),
    "workshop.agenda.picked": ("Håndplukket", "Hand-picked"),
    "workshop.pick": ("Punkter", "Items"),
    "workshop.begin": ("Start mødet", "Start the meeting"),
    "workshop.item_of": ("Punkt {number} af {count}", "Item {number} of {count}"),
    "workshop.previous": ("Forrige", "Previous"),
    "workshop.next": ("Næste", "Next"),
    "workshop.jump": ("Gå til punkt", "Go to item"),
    "workshop.following": (
        "Du følger facilitatorens skærm; siden opdateres af sig selv.",
        "You follow the facilitator's screen; the page updates by itself.",
    ),
    "workshop.record": ("Skriv ind", "Record"),
    "workshop.kind": ("Hvad", "What"),
    "workshop.note.decision": ("Beslutning", "Decision"),
    "workshop.note.action": ("Handling", "Action"),
    "workshop.note.question": ("Åbent spørgsmål", "Open question"),
    "workshop.note_text": ("Tekst", "Text"),
    "workshop.owner": ("Ansvarlig (handling)", "Responsible (action)"),
    "workshop.due": ("Frist (handling)", "Due (action)"),
    "workshop.add": ("Tilføj", "Add"),
    "workshop.recorded": ("Skrevet ind for dette punkt", "Recorded for this item"),
    "workshop.nothing_recorded": ("Intet skrevet ind endnu.", "Nothing recorded yet."),
    "workshop.end": ("Afslut mødet", "End the meeting"),
    "workshop.end_confirm": (
        "Afslut mødet, gem en baseline af planen og lav referatet",
        "End the meeting, save a baseline of the plan and make the minutes",
    ),
    "workshop.ended_ok": (
        "Mødet er afsluttet; baselinen «{name}» er gemt.",
        "The meeting has ended; the baseline “{name}” is saved.",
    ),
    "workshop.minutes": ("Referat", "Minutes"),
    "workshop.minutes_of": ("Referat af {title}", "Minutes of {title}"),
    "workshop.past": ("Tidligere møder", "Earlier meetings"),
    "workshop.download_md": ("Referat (Markdown)", "Minutes (Markdown)"),
    "workshop.download_pdf": ("Referat (PDF)", "Minutes (PDF)"),
    "workshop.comments": ("Kommentarer", "Comments"),
    "workshop.comment": ("Ny kommentar", "New comment"),
    "workshop.comment_help": (
        "Nævn en person med @ og navnet, fx @Mie Hjorth Matthiesen; de ser kommentaren under "
        "«Til dig».",
        "Mention a person with @ and the name, e.g. @Mie Hjorth Matthiesen; they see the comment "
        "under “For you”.",
    ),
    "workshop.send": ("Send", "Send"),
    "workshop.no_comments": ("Ingen kommentarer endnu.", "No comments yet."),
    "workshop.for_you": ("Til dig", "For you"),
    "workshop.mentioned": (
        "{author} nævnte dig ved {code}: {text}",
        "{author} mentioned you on {code}: {text}",
    ),
    "workshop.mentions": ("Nævner: {names}", "Mentions: {names}"),
    "workshop.risk_score": ("Sandsynlighed × konsekvens", "Likelihood × impact"),
    "minutes.agenda": ("Dagsorden", "Agenda"),
    "minutes.decisions": ("Beslutninger", "Decisions"),
    "minutes.actions": ("Handlinger", "Actions"),
    "minutes.questions": ("Åbne spørgsmål", "Open questions"),
    "minutes.changes": ("Ændringer i planen under mødet", "Changes to the plan during the meeting"),
    "minutes.none": ("Ingen.", "None."),
    "minutes.outcome.resolved": ("afgjort", "resolved"),
    "minutes.outcome.open": ("åben", "open"),
    "minutes.outcome.parked": ("parkeret", "parked"),
    "minutes.outcomes": ("Punkter og udfald", "Items and outcomes"),
    "room.title": ("Beslut i rummet", "Decide in the room"),
    "room.receiver": ("Modtagende ejer", "Receiving owner"),
    "room.receiver_help": (
        "Grupperet efter organisation. Forslaget fra efterfølgeren er valgt på forhånd.",
        "Grouped by organisation. The proposal from the successor is chosen in advance.",
    ),
    "room.suggested": (
        "Forslag: {person} ({organisation} overtager, når {ceases_org} ophører {ceases})",
        "Proposal: {person} ({organisation} takes over when {ceases_org} ceases on {ceases})",
    ),
    "room.set_receiver": ("Sæt modtagende ejer", "Set receiving owner"),
    "room.due": ("Ny frist", "New due date"),
    "room.move_due": ("Flyt fristen", "Move the due date"),
    "room.reason": ("Begrundelse for afvisning", "Reason for rejecting"),
    "room.park_text": ("Hvad står åbent?", "What is still open?"),
    "room.park": ("Parkér punktet", "Park the item"),
    "room.decided": ("Besluttet og skrevet i referatet: {text}", "Decided and minuted: {text}"),
    "room.progress": (
        "{resolved} afgjort · {open} åbne · {parked} parkeret",
        "{resolved} resolved · {open} open · {parked} parked",
    ),
    "room.said.receiver": (
        "Modtagende ejer: {before} → {after}",
        "Receiving owner: {before} → {after}",
    ),
    "room.said.proposed": (
        "Overdragelsen foreslået til {receiver}",
        "Handover proposed to {receiver}",
    ),
    "room.said.accepted": (
        "Overdragelsen accepteret ({receiver})",
        "Handover accepted ({receiver})",
    ),
    "room.said.rejected": (
        "Overdragelsen afvist ({receiver}): {reason}",
        "Handover rejected ({receiver}): {reason}",
    ),
    "room.said.due": ("Frist flyttet: {before} → {after}", "Due date moved: {before} → {after}"),
    "room.not_obligation": (
        "kun en forpligtelse på dagsordenen kan afgøres her",
        "only an obligation on the agenda can be decided here",
    ),
    "minutes.held": ("Holdt {start} – {end}, ledet af {who}", "Held {start} – {end}, led by {who}"),
    "minutes.running": ("i gang", "running"),
    "minutes.baseline": ("Baseline gemt: {name}", "Baseline saved: {name}"),
    "minutes.owner_due": ("ansvarlig: {owner}; frist: {due}", "responsible: {owner}; due: {due}"),
    "live.on": (
        "Live · ser efter ændringer hvert {seconds}. sekund",
        "Live · checks for changes every {seconds} s",
    ),
    # --- command line
    "cli.import_read": (
        "{rows} rækker læst som {kind}; kolonner: {columns}",
        "{rows} rows read as {kind}; columns: {columns}",
    ),
    "cli.import_ignored": (
        "kolonner uden felt, ikke importeret: {columns}",
        "columns without a field, not imported: {columns}",
    ),
    "cli.import_counts": (
        "nye: {add}, ændrede: {update}, uændrede: {unchanged}, rækker med problemer: "
        "{problem_rows}",
        "new: {add}, changed: {update}, unchanged: {unchanged}, rows with problems: {problem_rows}",
    ),
    "cli.import_not_clean": (
        "problemer i filen: {count}; intet er skrevet (ret filen, eller brug --clean-rows-only)",
        "problems in the file: {count}; nothing was written (fix the file, or use "
        "--clean-rows-only)",
    ),
    "cli.exported_register": (
        "registret med {count} forpligtelser er skrevet til {path}",
        "the register with {count} obligations was written to {path}",
    ),
    "cli.open_without_access": (
        "appen åbnes ikke på {address} uden adgangskontrol: sæt adgangskoder for rollerne "
        "(handover hash-password; se README, «Opening a workshop to a room»), eller brug "
        "127.0.0.1",
        "the app is not opened on {address} without access control: set role passwords "
        "(handover hash-password; see README, “Opening a workshop to a room”), or use 127.0.0.1",
    ),
    "cli.password_prompt": ("Adgangskode: ", "Password: "),
    "cli.password_again": ("Gentag adgangskoden: ", "Repeat the password: "),
    "cli.password_mismatch": ("de to adgangskoder er ikke ens", "the two passwords differ"),
    "cli.password_empty": (
        "en tom adgangskode kan ikke bruges",
        "an empty password cannot be used",
    ),
    "cli.import_done": (
        "importeret: {added} nye, {updated} ændrede",
        "imported: {added} new, {updated} changed",
    ),
    "cli.import_dry_run": (
        "prøvekørsel, intet er skrevet: {added} ville blive tilføjet, {updated} ændret",
        "dry run, nothing was written: {added} would be added, {updated} changed",
    ),
    "cli.import_conflict": (
        "en række er ændret af en anden, mens filen blev kontrolleret; intet er skrevet. Prøv "
        "igen.",
        "a row was changed by someone else while the file was checked; nothing was written. Try "
        "again.",
    ),
    "cli.import_refused": (
        "planen afviser importen; intet er skrevet:",
        "the plan refuses the import; nothing was written:",
    ),
    "cli.report_counts": (
        "fra rapporten: {projects} projekter, {milestones} milepæle, "
        "{organisations} organisationer, {people} personer, {risks} risici, "
        "{obligations} forpligtelser",
        "from the report: {projects} projects, {milestones} milestones, "
        "{organisations} organisations, {people} people, {risks} risks, "
        "{obligations} obligations",
    ),
    "cli.bad_accept": (
        "--accept: {value!r} er ikke et kandidatnummer fra 1 til {count}",
        "--accept: {value!r} is not a candidate number from 1 to {count}",
    ),
    "import.entity.obligations": ("forpligtelser", "obligations"),
    "import.entity.people": ("personer", "people"),
    "import.entity.organisations": ("organisationer", "organisations"),
    "cli.file_missing": ("filen findes ikke: {path}", "no such file: {path}"),
    "cli.file_unreadable": ("filen kan ikke læses: {path} ({why})", "cannot read {path} ({why})"),
    "cli.invalid_plan": (
        "{path} er ikke en gyldig plan; intet er skrevet:",
        "{path} is not a valid plan; nothing was written:",
    ),
    "cli.plan_not_empty": (
        "databasen {db} indeholder allerede en plan ({summary}); "
        "brug --replace for at erstatte den",
        "the database {db} already holds a plan ({summary}); use --replace to replace it",
    ),
    "cli.replace_needs_yes": (
        "databasen {db} indeholder en plan ({summary}); bekræft med --yes for at erstatte den "
        "(ingen terminal at spørge i)",
        "the database {db} holds a plan ({summary}); confirm with --yes to replace it "
        "(no terminal to ask at)",
    ),
    "cli.replace_question": (
        "Erstat planen i {db} ({summary}) med {incoming}? En kopi gemmes først. [ja/nej]",
        "Replace the plan in {db} ({summary}) with {incoming}? A backup is written first. [yes/no]",
    ),
    "cli.replace_declined": ("intet er erstattet", "nothing was replaced"),
    "cli.backup_written": (
        "sikkerhedskopi af den erstattede plan: {path}",
        "backup of the replaced plan: {path}",
    ),
    "cli.backup_failed": (
        "kan ikke skrive sikkerhedskopien {path} ({why}); intet er erstattet",
        "cannot write the backup {path} ({why}); nothing was replaced",
    ),
    "cli.imported": ("importeret til {db}: {summary}", "imported into {db}: {summary}"),
    "cli.initialised": ("{db} er klar: {summary}", "{db} is ready: {summary}"),
    "cli.seed_skipped": (
        "{db} indeholder allerede en plan ({summary}); den er ikke overskrevet",
        "{db} already holds a plan ({summary}); it was left as it is",
    ),
    "cli.exported": ("planen er skrevet til {path}", "the plan was written to {path}"),
    "cli.cannot_write": ("kan ikke skrive {path} ({why})", "cannot write {path} ({why})"),
    "cli.bad_port": (
        "ugyldig port {port}: skal være et tal mellem 1 og 65535",
        "invalid port {port}: must be a number from 1 to 65535",
    ),
    "cli.port_in_use": (
        "port {port} er optaget; vælg en anden med --port (eller PORT=… make run)",
        "port {port} is in use; choose another with --port (or PORT=… make run)",
    ),
    "cli.summary": (
        "{organisations} organisationer, {people} personer/roller, {projects} projekter, "
        "{milestones} milepæle, {obligations} forpligtelser, {dependencies} afhængigheder, "
        "{risks} risici",
        "{organisations} organisations, {people} people/roles, {projects} projects, "
        "{milestones} milestones, {obligations} obligations, {dependencies} dependencies, "
        "{risks} risks",
    ),
    "cli.error": ("fejl", "error"),
    **GRANT_TEXT,
}


from handover.domain.text_projects import PROJECT_TEXTS  # noqa: E402

CATALOGUE.update(PROJECT_TEXTS)


def _is_one(value: Any) -> bool:
    return str(value).strip().lstrip("+-−") == "1"


class _Words(string.Formatter):
    """Python's formatting plus the catalogue's `plural:` and `label:` specs (module docstring)."""

    def __init__(self, lang: str, params: dict[str, Any]) -> None:
        self.lang = lang
        self.params = params

    def format_field(self, value: Any, format_spec: str) -> str:
        kind, _, rest = format_spec.partition(":")
        if kind == "plural":
            one, _, many = rest.partition("|")
            return one if _is_one(value) else many
        if kind == "ago":
            days = int(str(value).replace(".", "").replace(",", ""))  # "10.000" when grouped
            if days == 0:
                return text("overview.day_today", self.lang)
            return text("overview.days_past", self.lang, days=days)
        if kind == "label":
            vocabulary, _, counted_by = rest.partition(":")
            if counted_by and _is_one(self.params[counted_by]):
                vocabulary += "_one"
            return label(vocabulary, str(value), self.lang)
        return str(super().format_field(value, format_spec))


GROUPED_FROM: Final = 10_000  # five digits and more are grouped ("10.000"); years stay "2027"
# Numbers that name rather than count: never grouped ("port 49095", "linje 12000").
NOT_QUANTITIES: Final = frozenset(
    {"port", "pid", "line", "column", "row", "position", "year", "week", "id", "version", "number"}
    | {"code", "char", "value"}
)


def _grouped(value: Any, lang: str) -> Any:
    """A whole number of five digits or more with its thousands grouped as the language writes
    them ("10.000" in Danish, "10,000" in English); anything else as it is."""
    if type(value) is not int or abs(value) < GROUPED_FROM:
        return value
    return f"{value:,}".replace(",", ".") if lang == "da" else f"{value:,}"


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The catalogue entry `key` in `lang` ('da' or 'en'), formatted with `params`."""
    danish, english = CATALOGUE[key]
    template = english if lang == "en" else danish
    if not params:
        return template
    if any(type(value) is int and abs(value) >= GROUPED_FROM for value in params.values()):
        params = {
            name: value if name in NOT_QUANTITIES else _grouped(value, lang)
            for name, value in params.items()
        }
    if ":plural:" in template or ":label:" in template or ":ago}" in template:
        return _Words(lang, params).format(template, **params)
    return template.format(**params)


def label(vocabulary: str, value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of a vocabulary value (`label("status", "done", "da")` -> "Færdig")."""
    return text(f"{vocabulary}.{value}", lang)
