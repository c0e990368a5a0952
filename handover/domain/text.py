"""The one catalogue of everything the planner says, in Danish (first) and English.

`text(key, lang, **params)` formats an entry; a missing key is a KeyError, so a test finds it.
Vocabulary labels (states, categories, ...) live here too, under `<vocabulary>.<value>`.
"""

from __future__ import annotations

from typing import Any, Final

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
    "nav.obligations": ("Forpligtelser", "Obligations"),
    "nav.organisations": ("Organisationer", "Organisations"),
    # --- overview
    "overview.title": ("Oversigt", "Overview"),
    "overview.intro": (
        "Forpligtelser, der skal have en modtagende ejer, før {transition_org} ophører.",
        "Obligations that need a receiving owner before {transition_org} ceases.",
    ),
    "overview.days_to": ("Dage til {title}", "Days to {title}"),
    "overview.days_value": ("{days} dage", "{days} days"),
    "overview.days_past": ("for {days} dage siden", "{days} days ago"),
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
    "organisations.lifecycle": ("Status pr. {date}", "Status as of {date}"),
    "lifecycle.starts": ("Oprettes om {days} dage", "Established in {days} days"),
    "lifecycle.ceases": ("Ophører om {days} dage", "Ceases in {days} days"),
    "lifecycle.ceased": ("Ophørt", "Ceased"),
    "lifecycle.exists": ("Findes", "Exists"),
    "organisations.role_unfilled": (
        "(rolle uden navngiven person)",
        "(role without a named person)",
    ),
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
    "undo.already_undone": ("ændringen er allerede fortrudt", "the change was already undone"),
    "undo.changed_since": (
        "{label} er ændret siden; fortryd de senere ændringer først",
        "{label} changed since; undo the later changes first",
    ),
    "proposal.successor": (
        "{organisation} ophører {ceases}; efterfølgeren overtager",
        "{organisation} ceases {ceases}; the successor takes over",
    ),
    # --- command line
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
}


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The catalogue entry `key` in `lang` ('da' or 'en'), formatted with `params`."""
    danish, english = CATALOGUE[key]
    template = english if lang == "en" else danish
    return template.format(**params) if params else template


def label(vocabulary: str, value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of a vocabulary value (`label("status", "done", "da")` -> "Færdig")."""
    return text(f"{vocabulary}.{value}", lang)
