"""The catalogue entries of project-file import and export and of reminders (Danish, English),
kept beside the main catalogue in `text.py`, which takes them in."""

from __future__ import annotations

from typing import Final

PROJECT_TEXTS: Final[dict[str, tuple[str, str]]] = {
    # --- project files: refusals
    "project.no_mpxj": (
        "projektfiler kræver Python-pakken mpxj (installeres af `make run`/`make test`)",
        "project files need the Python package mpxj (installed by `make run`/`make test`)",
    ),
    "project.no_java": (
        "projektfiler læses med Java, men der er ingen fuld Java på maskinen: installér Debians "
        "default-jre-headless (`apt-get install default-jre-headless`; `make run` gør det som "
        "root) eller peg HANDOVER_JAVA på en java med modulet jdk.charsets",
        "project files are read with Java, but this machine has no full Java: install Debian's "
        "default-jre-headless (`apt-get install default-jre-headless`; `make run` does it as "
        "root) or point HANDOVER_JAVA at a java with the module jdk.charsets",
    ),
    "project.not_project": (
        "{name} er ikke en projektfil (MS Project, GanttProject, ProjectLibre eller Primavera)",
        "{name} is not a project file (MS Project, GanttProject, ProjectLibre or Primavera)",
    ),
    "project.timeout": (
        "filen kunne ikke læses på {seconds} sekunder og er opgivet; intet er skrevet",
        "the file could not be read within {seconds} seconds and was given up; nothing was written",
    ),
    "project.too_big": (
        "filen fylder for meget, når den pakkes ud (mere end {heap} hukommelse); intet er skrevet",
        "the file takes too much memory to unpack (more than {heap}); nothing was written",
    ),
    "project.unreadable": (
        "{name} kan ikke læses som projektfil ({why}); er den beskadiget eller afkortet?",
        "{name} cannot be read as a project file ({why}); is it damaged or truncated?",
    ),
    "project.too_many_tasks": (
        "filen har {count} opgaver; højst {limit} kan importeres",
        "the file has {count} tasks; at most {limit} can be imported",
    ),
    "project.no_tasks": (
        "filen har ingen opgaver (kun sammenfatningsopgaver eller ingen)",
        "the file has no tasks (only summary tasks, or none)",
    ),
    "project.no_organisation": (
        "ressourcen «{name}» skal oprettes som person, men planen har ingen organisation at "
        "placere den i; opret en organisation først",
        "the resource «{name}» would become a person, but the plan has no organisation to put "
        "it in; add an organisation first",
    ),
    "project.deleted": (
        "{code} er slettet i planen; gendan den, før filen importeres igen",
        "{code} is deleted in the plan; restore it before importing the file again",
    ),
    # --- project files: the preview
    "project.read": (
        "{name}: {format}-fil «{title}»: {tasks} opgaver, {milestones} milepæle, {links} "
        "forbindelser, {resources} ressourcer",
        "{name}: {format} file «{title}»: {tasks} tasks, {milestones} milestones, {links} links, "
        "{resources} resources",
    ),
    "project.counts": (
        "{kind}: {add} nye, {update} ændrede, {unchanged} uændrede",
        "{kind}: {add} new, {update} changed, {unchanged} unchanged",
    ),
    "project.kind.project": ("projekt", "project"),
    "project.kind.people": ("personer", "people"),
    "project.kind.milestones": ("milepæle", "milestones"),
    "project.kind.obligations": ("forpligtelser", "obligations"),
    "project.kind.dependencies": ("afhængigheder", "dependencies"),
    "project.kind.closing_days": ("lukkedage", "closing days"),
    "project.closing_days_written": (
        "Nye lukkedage i planens kalender: {count}",
        "New closing days in the plan's calendar: {count}",
    ),
    "project.closing_days": (
        "Nye lukkedage fra filens kalendere ({count}): {days}",
        "New closing days from the file's calendars ({count}): {days}",
    ),
    "project.losses": (
        "Det, filen har, men planen ikke gemmer (tabsrapport):",
        "What the file holds that the plan does not keep (loss report):",
    ),
    "project.no_losses": ("Intet går tabt.", "Nothing is lost."),
    "project.loss_line": ("{count} × {what}", "{count} × {what}"),
    "project.category": (
        "Kategori til nye forpligtelser (filen har ingen)",
        "Category for new obligations (the file has none)",
    ),
    "project.organisation": (
        "Organisation til nye personer (ressourcer, planen ikke kender)",
        "Organisation for new people (resources the plan does not know)",
    ),
    "project.reading": ("Læser projektfilen …", "Reading the project file …"),
    "project.write": ("Importér projektfilen", "Import the project file"),
    "project.written": (
        "Importeret: {added} nye, {updated} ændrede",
        "Imported: {added} new, {updated} changed",
    ),
    "project.nothing": ("Planen har allerede alt fra filen.", "The plan already has all of it."),
    "export.download_mspdi": ("Hent som MS Project XML", "Download as MS Project XML"),
    "export.download_mspdi_help": (
        "Samme forpligtelser som projektplan (MSPDI), som MS Project, ProjectLibre og "
        "GanttProject åbner: milepæle, afhængigheder med forsinkelse, personer som ressourcer, "
        "modtager og overdragelsesstatus i navngivne brugerfelter.",
        "The same obligations as a project plan (MSPDI) that MS Project, ProjectLibre and "
        "GanttProject open: milestones, dependencies with lags, people as resources, receiver "
        "and handover state in named custom fields.",
    ),
    "col.language": ("Sprog", "Language"),
    "import.bad_language": ("skriv da eller en", "write da or en"),
    # --- reminders
    "remind.subject": (
        "Overdragelsesplan: {count} forpligtelser med frist senest {until}",
        "Handover plan: {count} obligations due by {until}",
    ),
    "remind.greeting": ("Kære {name}", "Dear {name}"),
    "remind.intro": (
        "Pr. {as_of} har du disse åbne forpligtelser med frist senest {until}:",
        "As of {as_of} you have these open obligations due by {until}:",
    ),
    "remind.overdue": (" – OVERSKREDET", " – OVERDUE"),
    "remind.role.current": ("nuværende ejer", "current owner"),
    "remind.role.receiving": ("modtagende ejer", "receiving owner"),
    "remind.findings": (
        "Fund, der vedrører dine forpligtelser:",
        "Findings about your obligations:",
    ),
    "remind.footer": (
        "Sendt af overdragelsesplanen. Svar ikke på denne mail; ret planen i appen.",
        "Sent by the handover planner. Do not reply to this e-mail; change the plan in the app.",
    ),
    "remind.feed": ("Overdragelsesplan", "Handover plan"),
    "remind.feed_name": ("Overdragelser – {name}", "Handovers – {name}"),
    "remind.no_email": ("(ingen e-mailadresse: sendes ikke)", "(no e-mail address: not sent)"),
    "remind.to": ("Til", "To"),
    "remind.subject_label": ("Emne", "Subject"),
    "remind.none": (
        "Ingen ejere har åbne forpligtelser med frist senest {until}.",
        "No owner has open obligations due by {until}.",
    ),
    "remind.sent": (
        "{sent} påmindelser sendt, {skipped} uden e-mailadresse, {failed} fejlede",
        "{sent} reminders sent, {skipped} without an e-mail address, {failed} failed",
    ),
    "remind.feeds_written": (
        "{count} kalenderfeeds skrevet i {folder}",
        "{count} calendar feeds written to {folder}",
    ),
    "remind.no_smtp": (
        "ingen SMTP-server sat op: angiv [smtp] host (og sender) i .streamlit/secrets.toml eller "
        "HANDOVER_SMTP_HOST og HANDOVER_SMTP_FROM; brug --dry-run for at se påmindelserne",
        "no SMTP server configured: set [smtp] host (and sender) in .streamlit/secrets.toml or "
        "HANDOVER_SMTP_HOST and HANDOVER_SMTP_FROM; use --dry-run to see the reminders",
    ),
    "remind.bad_smtp": (
        "SMTP-opsætningen er ugyldig: {why}",
        "the SMTP settings are invalid: {why}",
    ),
    "remind.failed": ("kunne ikke sende til {to}: {why}", "could not send to {to}: {why}"),
    # --- spreadsheets as people keep them
    "import.unknown_person_offer": (
        "ingen person eller rolle i planen hedder sådan; vælg «Opret nye personer» for at "
        "oprette den",
        "no person or role in the plan goes by that; choose «Create new people» to add them",
    ),
    "import.ambiguous_title": (
        "flere forpligtelser har denne titel ({codes}); tilføj en kolonne med Kode",
        "several obligations have this title ({codes}); add a Code column",
    ),
    "importpage.defaults": (
        "Standardværdier for nye forpligtelser (når filen ikke har kolonnen)",
        "Defaults for new obligations (when the file has no such column)",
    ),
    "importpage.defaulted": (
        "{count} nye rækker får standardværdien for {field}",
        "{count} new rows get the default for {field}",
    ),
    "importpage.unknown_people": (
        "Ejere, planen ikke kender: {names}",
        "Owners the plan does not know: {names}",
    ),
    "importpage.create_people": ("Opret nye personer", "Create new people"),
    "importpage.create_people_in": (
        "… i organisationen",
        "… in the organisation",
    ),
    "cli.import_unknown_people": (
        "ejere, planen ikke kender: {names} (opret dem med --create-people)",
        "owners the plan does not know: {names} (create them with --create-people)",
    ),
    "cli.import_defaulted": (
        "standardværdier: {fields}",
        "defaults used: {fields}",
    ),
    "project.loss.tasks_without_id": ("opgaver uden entydigt id", "tasks without a unique id"),
    "project.loss.lag_percent": (
        "forsinkelser i procent (sat til 0)",
        "lags in percent (set to 0)",
    ),
    "project.loss.resource_rates": ("ressourcesatser", "resource rates"),
    "project.loss.resource_costs": ("ressourceomkostninger", "resource costs"),
    "project.loss.resource_details": (
        "ressourcer med telefon eller noter",
        "resources with a phone or notes",
    ),
    "project.loss.custom_fields": (
        "opgaver/ressourcer med brugerdefinerede felter",
        "tasks/resources with custom fields",
    ),
    "project.loss.custom_field_definitions": (
        "definitioner af brugerdefinerede felter",
        "custom field definitions",
    ),
    "project.loss.assignment_costs": ("tildelinger med omkostninger", "assignments with costs"),
    "project.loss.assignment_work": (
        "tildelinger med arbejdstimer",
        "assignments with work (hours)",
    ),
    "project.loss.recurring_exceptions": (
        "tilbagevendende kalenderundtagelser",
        "recurring calendar exceptions",
    ),
    "project.loss.working_exceptions": (
        "kalenderundtagelser med ændret arbejdstid",
        "calendar exceptions with changed working hours",
    ),
    "project.loss.calendar_exceptions": (
        "kalenderundtagelser uden brugbare datoer",
        "calendar exceptions without usable dates",
    ),
    "project.loss.task_costs": ("opgaver med omkostninger", "tasks with costs"),
    "project.loss.baselines": ("opgaver med basisplaner", "tasks with baselines"),
    "project.loss.constraints": ("opgaver med begrænsninger", "tasks with constraints"),
    "project.loss.deadlines": ("opgaver med deadline-felt", "tasks with a deadline field"),
    "project.loss.task_work": ("opgaver med arbejdstimer", "tasks with work (hours)"),
    "project.loss.actual_dates": ("opgaver med faktiske datoer", "tasks with actual dates"),
    "project.loss.task_calendars": ("opgaver med egen kalender", "tasks with their own calendar"),
    "project.loss.hyperlinks": ("opgaver med hyperlinks", "tasks with hyperlinks"),
    "project.loss.summary_tasks": (
        "sammenfatningsopgaver (bliver til stien i kildehenvisningen)",
        "summary tasks (kept as the path in the source reference)",
    ),
    "project.loss.titles_shortened": (
        "navne afkortet til 300 tegn",
        "names shortened to 300 characters",
    ),
    "project.loss.notes_shortened": (
        "noter afkortet til 20.000 tegn",
        "notes shortened to 20,000 characters",
    ),
    "project.loss.extra_assignments": (
        "ekstra tildelinger (kun den første bliver nuværende ejer)",
        "extra assignments (only the first becomes the current owner)",
    ),
    "project.loss.links_to_milestones_or_summaries": (
        "forbindelser til milepæle eller sammenfatningsopgaver",
        "links to milestones or summary tasks",
    ),
    "project.loss.links_unknown_type": ("forbindelser af ukendt type", "links of an unknown type"),
    "project.loss.lag_rounded": (
        "forsinkelser afrundet til hele dage",
        "lags rounded to whole days",
    ),
    "project.loss.lags_out_of_range": (
        "forsinkelser over grænsen for deres enhed (3650 dage, 2600 arbejdsdage; beskåret)",
        "lags beyond their unit's limit (3650 days, 2600 working days; clipped)",
    ),
    "project.loss.duplicate_links": (
        "dobbelte forbindelser mellem de samme to opgaver",
        "duplicate links between the same two tasks",
    ),
}
