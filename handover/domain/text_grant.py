"""Catalogue entries (Danish, English) of the time-escalating and EU grant close-out findings, with
each grant rule's source; merged into the one catalogue in `handover.domain.text`."""

from __future__ import annotations

from typing import Final

_F_AND_T = (
    "EU Funding & Tenders-portalen, IT How-To pageId=17597761 og pageId=7504142 (AT4 + AT11 + "
    "AT12, art. 39); ffg.at/en/europe/heu/legal-financial/amendment (svar inden 45 dage, "
    "tavshed = afslag)",
    "EU Funding & Tenders portal, IT How-To pageId=17597761 and pageId=7504142 (AT4 + AT11 + "
    "AT12, Art. 39); ffg.at/en/europe/heu/legal-financial/amendment (answer within 45 days, "
    "silence = rejection)",
)
_REPORTING = (
    'ufm.dk, Horizon Europe "Reporting": endelig rapport senest 60 dage efter projektets '
    "afslutning; koordinatoren samler",
    'ufm.dk, Horizon Europe "Reporting": final report within 60 days of the end; the '
    "coordinator compiles",
)
_RECORDS = (
    'getpolite.eu, "Key takeaways once your Horizon Europe project is over" (MGA art. 20: 5 år '
    "efter slutbetalingen, 3 år for tilskud under 60.000 EUR); ed.ac.uk record-retention-tabel",
    'getpolite.eu, "Key takeaways once your Horizon Europe project is over" (MGA Art. 20: 5 '
    "years after the balance payment, 3 years for grants under EUR 60,000); ed.ac.uk "
    "record-retention table",
)
_EXPLOITATION = (
    'KoWi, "Use of the results and exploitation"; UKRO (innovationisrael.org.il); H2020 AGA art. '
    "28 — Horizon Europe-aftalens egen ordlyd er ikke efterprøvet",
    'KoWi, "Use of the results and exploitation"; UKRO (innovationisrael.org.il); H2020 AGA Art. '
    "28 — the Horizon Europe agreement's own wording is not verified",
)

GRANT_TEXT: Final[dict[str, tuple[str, str]]] = {
    "finding.source": ("Kilde: {source}", "Source: {source}"),
    # --- the projects-and-milestones page
    "nav.projects": ("Projekter og milepæle", "Projects and milestones"),
    "projects.title": ("Projekter og milepæle", "Projects and milestones"),
    "projects.projects": ("Projekter", "Projects"),
    "projects.none": ("Planen har ingen projekter.", "The plan has no projects."),
    "projects.programme": ("Program og call", "Programme and call"),
    "projects.end": ("Slut", "End"),
    "projects.coordinator": ("Koordinator", "Coordinator"),
    "projects.grant_agreement": ("Tilskudsaftale nr.", "Grant agreement no."),
    "col.date_basis": ("Datogrundlag", "Basis of the dates"),
    "field.due_unit": ("Fristens enhed", "Unit of the due rule"),
    "form.unit": ("Enhed", "Unit"),
    "form.preview": ("Beregn frist", "Work out the due date"),
    "form.preview_due": ("Frist efter reglen: {due}", "Due by the rule: {due}"),
    "form.preview_unknown": (
        "Reglens anker har ingen dato endnu, så fristen kendes ikke.",
        "The rule's anchor has no date yet, so the due date is not known.",
    ),
    "unit.days": ("kalenderdage", "calendar days"),
    "unit.working_days": ("arbejdsdage", "working days"),
    "unit.months": ("måneder", "months"),
    "unit.years": ("år", "years"),
    # A lag's unit after a number: singular for ±1 (the finding and the register's links).
    "lag_unit.days": ("dage", "days"),
    "lag_unit.working_days": ("arbejdsdage", "working days"),
    "lag_unit.months": ("måneder", "months"),
    "lag_unit.years": ("år", "years"),
    "lag_unit_one.days": ("dag", "day"),
    "lag_unit_one.working_days": ("arbejdsdag", "working day"),
    "lag_unit_one.months": ("måned", "month"),
    "lag_unit_one.years": ("år", "year"),
    "register.link_lag": ("{lag} {unit:label:lag_unit:lag}", "{lag} {unit:label:lag_unit:lag}"),
    "form.lag_unit": ("Forskydningens enhed", "Unit of the lag"),
    "plan.lag_out_of_range.days": (
        "forskydningen må højst være ±{limit} kalenderdage",
        "a lag can be at most ±{limit} calendar days",
    ),
    "plan.lag_out_of_range.working_days": (
        "forskydningen må højst være ±{limit} arbejdsdage",
        "a lag can be at most ±{limit} working days",
    ),
    "plan.lag_out_of_range.months": (
        "forskydningen må højst være ±{limit} måneder",
        "a lag can be at most ±{limit} months",
    ),
    "plan.lag_out_of_range.years": (
        "forskydningen må højst være ±{limit} år",
        "a lag can be at most ±{limit} years",
    ),
    "form.date_basis_help": (
        'Hvad datoerne bygger på: en kilde citeret, en regel, eller "antagelse: …" med grunden.',
        'What the dates rest on: a source quoted, a rule, or "assumption: …" with the reason.',
    ),
    "field.grant_duty": ("EU-afslutningspligt", "EU close-out duty"),
    "field.ends_period": ("Slutter en periode", "Ends a period"),
    "field.beneficiaries": ("Beneficiaries", "Beneficiaries"),
    "field.reporting_periods": ("Rapporteringsperioder", "Reporting periods"),
    "projects.grant_profile": ("Tilskudsprofil: {name}", "Grant profile: {name}"),
    "projects.close_out_dates": (
        "Endelig rapport {report} · seneste amendment {amendment} · slutbetaling senest "
        "{balance} · dokumentation opbevares til {records}",
        "Final report {report} · latest amendment {amendment} · balance by {balance} · records "
        "kept until {records}",
    ),
    "projects.basis": ("Datogrundlag: {basis}", "Basis of the dates: {basis}"),
    "projects.beneficiary": ("Beneficiary", "Beneficiary"),
    "projects.requested_eur": ("Anmodet EU-bidrag (EUR)", "Requested EU contribution (EUR)"),
    "projects.save_beneficiaries": ("Gem beneficiaries", "Save beneficiaries"),
    "projects.conflict": (
        "Projektet er ændret af en anden siden siden blev vist; intet er gemt. Indlæs siden igen.",
        "Someone else changed the project since the page was shown; nothing was saved. Reload "
        "the page.",
    ),
    "projects.unknown": ("ukendt", "unknown"),
    "projects.milestones": ("Milepæle", "Milestones"),
    "projects.milestones_help": (
        "Markér en milepæl nået ved at skrive datoen under Nået. Pr. {date} giver en planlagt "
        "milepæl uden dato et fund.",
        "Mark a milestone reached by entering its date under Reached. As of {date}, a planned "
        "milestone past its day without one is a finding.",
    ),
    "projects.kind": ("Slags", "Kind"),
    "projects.planned": ("Planlagt", "Planned"),
    "projects.achieved": ("Nået", "Reached"),
    "projects.reached_on": ("nået {date}", "reached on {date}"),
    "projects.not_reached": ("ikke nået", "not reached"),
    "project.duplicate_beneficiary": (
        "{id} står som beneficiary mere end én gang",
        "{id} is listed as a beneficiary more than once",
    ),
    "close_out.prefix": ("Kodepræfiks", "Code prefix"),
    "close_out.prefix_help": (
        "Forpligtelserne får koderne <præfiks>-CO-01, <præfiks>-CO-02 …",
        "The obligations get the codes <prefix>-CO-01, <prefix>-CO-02 …",
    ),
    "close_out.preview": (
        "Ny plan fra skabelon: vis EU-afslutningsforpligtelserne",
        "New plan from template: show the EU close-out obligations",
    ),
    "close_out.preview_caption": (
        "Skabelonen tilføjer {count} forpligtelser og {roles} roller uden navngiven person. "
        "Intet er gemt endnu.",
        "The template adds {count} obligations and {roles} roles without a named person. "
        "Nothing is saved yet.",
    ),
    "close_out.rule": ("Regel", "Rule"),
    "close_out.rule_text": ("{anchor} + {days} {unit}", "{anchor} + {days} {unit}"),
    "close_out.confirm": ("Tilføj de {count} forpligtelser", "Add the {count} obligations"),
    "close_out.added": (
        "{count} afslutningsforpligtelser tilføjet: {codes}",
        "{count} close-out obligations added: {codes}",
    ),
    "template.unknown_project": (
        "projektet {project!r} findes ikke i plandokumentet",
        "the project {project!r} is not in the plan document",
    ),
    "template.no_end": (
        "projektet {project} har ingen slutdato; skabelonens frister regnes fra den",
        "the project {project} has no end date; the template's due dates count from it",
    ),
    "template.conflict": (
        "skabelonen passer ikke ind i planen: {why}",
        "the template does not fit the plan: {why}",
    ),
    "cli.template_written": (
        "{count} afslutningsforpligtelser tilføjet; planen er skrevet til {path} (indlæs med "
        "import-json)",
        "{count} close-out obligations added; the plan was written to {path} (load it with "
        "import-json)",
    ),
    # --- escalating with time
    "finding.due-soon": (
        "har frist {due}, om {days} {days:plural:dag|dage} (inden for {level} "
        "{level:plural:dag|dage})",
        "falls due on {due}, in {days} {days:plural:day|days} (within {level} "
        "{level:plural:day|days})",
    ),
    "fix.due-soon": (
        "Tjek, at ejeren og modtageren ved det, og at arbejdet er i gang.",
        "Check that the owner and the receiver know and that the work is under way.",
    ),
    "finding.due-very-soon": (
        "har frist {due}, om {days} {days:plural:dag|dage} (inden for {level} "
        "{level:plural:dag|dage})",
        "falls due on {due}, in {days} {days:plural:day|days} (within {level} "
        "{level:plural:day|days})",
    ),
    "fix.due-very-soon": (
        "Afslut den nu, eller aftal en ny frist og notér hvorfor.",
        "Finish it now, or agree a new due date and note why.",
    ),
    "finding.period-ended": (
        "perioden sluttede {ended} (opbevaring/forpligtelse ophørt, ikke overskredet)",
        "the period ended on {ended} (retention/duty ended, not overdue)",
    ),
    "fix.period-ended": (
        "Markér den færdig, når perioden er afsluttet korrekt (fx sletning eller arkivering).",
        "Mark it done once the period is properly closed (deletion or archiving, say).",
    ),
    "finding.due-on-non-working-day": (
        "fristen {due} falder på en lukkedag ({reason}); næste arbejdsdag er {next}",
        "the due date {due} is not a working day ({reason}); the next working day is {next}",
    ),
    "fix.due-on-non-working-day": (
        "Flyt fristen til en arbejdsdag, eller lad planen rykke frister til næste arbejdsdag "
        "(indstillingen roll_deadlines).",
        "Move the due date to a working day, or let the plan roll deadlines to the next working "
        "day (the roll_deadlines setting).",
    ),
    "source.due-on-non-working-day": (
        "Forordning 1182/71 art. 3, stk. 4 (frister, der slutter på en helligdag, lørdag eller "
        "søndag, slutter næste arbejdsdag) — om det gælder tilskudsaftalens frister, er ikke "
        "efterprøvet",
        "Regulation 1182/71 Art. 3(4) (periods ending on a public holiday, Saturday or Sunday end "
        "on the next working day) — whether it applies to grant-agreement deadlines is not "
        "verified",
    ),
    "finding.milestone-not-reached": (
        "milepælen »{milestone}« var planlagt {planned} ({days:ago}) og er ikke markeret nået",
        'the milestone "{milestone}" was planned for {planned} ({days:ago}) and is not marked '
        "reached",
    ),
    "fix.milestone-not-reached": (
        "Markér den nået med dato på siden Projekter og milepæle, eller flyt den planlagte dato.",
        "Mark it reached with its date on the Projects and milestones page, or move its planned "
        "date.",
    ),
    "finding.orphaned": (
        "er forældreløs: ejerens organisation {organisation} ophørte {ceased}, og ingen modtager "
        "i en eksisterende organisation har accepteret den",
        "is orphaned: the owner's organisation {organisation} ceased on {ceased}, and no receiver "
        "in an existing organisation has accepted it",
    ),
    "fix.orphaned": (
        "Find en ny ejer i en organisation, der findes nu, og få den accepteret.",
        "Find a new owner in an organisation that exists now and have it accepted.",
    ),
    "finding.transition-passed-not-accepted": (
        "blev ikke accepteret før overgangen {transition} ({days:ago})",
        "was not accepted before the transition on {transition} ({days:ago})",
    ),
    "fix.transition-passed-not-accepted": (
        "Få den modtagende ejer til at acceptere nu, og notér hvem der har haft den siden.",
        "Have the receiving owner accept it now, and note who has held it since.",
    ),
    # --- EU grant close-out
    "finding.coordinator-ceases": (
        "koordinatoren {organisation} ophører {ceases}, før den endelige rapport ({report}) og "
        "slutbetalingen ({balance}); der kræves en amendment (AT4 ophør + AT11 ny koordinator + "
        "AT12 bankkonto), indsendt senest {latest}",
        "the coordinator {organisation} ceases on {ceases}, before the final report ({report}) "
        "and the balance payment ({balance}); an amendment (AT4 termination + AT11 new "
        "coordinator + AT12 bank account) is needed, filed by {latest}",
    ),
    "finding.coordinator-ceased": (
        "koordinatoren {organisation} ophørte {ceases}, før den endelige rapport ({report}) og "
        "slutbetalingen ({balance}), og ingen amendment (AT4 + AT11 + AT12) er registreret; "
        "seneste indsendelsesdag var {latest}",
        "the coordinator {organisation} ceased on {ceases}, before the final report ({report}) "
        "and the balance payment ({balance}), and no amendment (AT4 + AT11 + AT12) is recorded; "
        "the latest filing day was {latest}",
    ),
    "fix.coordinator-ceases": (
        "Opret en forpligtelse for amendmenten (grant_duty coordinator_amendment) med frist "
        "senest den angivne dag — eller en LEAR-opdatering, hvis efterfølgeren kun er et nyt navn "
        "eller en ny selskabsform.",
        "Create an obligation for the amendment (grant_duty coordinator_amendment) due by the "
        "day given — or a LEAR update if the successor is only a new name or legal form.",
    ),
    "fix.coordinator-ceased": (
        "Kontakt Project Officer straks, og indsend amendmenten (AT4 + AT11 + AT12).",
        "Contact the Project Officer at once and file the amendment (AT4 + AT11 + AT12).",
    ),
    "source.coordinator-ceases": _F_AND_T,
    "source.coordinator-ceased": _F_AND_T,
    "finding.amendment-late": (
        "amendmenten har frist {due}, efter seneste indsendelsesdag {latest}: Kommissionens 45 "
        "dages svarfrist når ikke at løbe ud før den endelige rapport {report}",
        "the amendment is due on {due}, after the latest filing day {latest}: the Commission's "
        "45-day answer period cannot end before the final report on {report}",
    ),
    "fix.amendment-late": (
        "Ryk amendmentens frist frem til seneste indsendelsesdag.",
        "Bring the amendment's due date forward to the latest filing day.",
    ),
    "source.amendment-late": _F_AND_T,
    "finding.succession-unclear": (
        "om koordinatorens efterfølger blot er {organisation} med nyt navn eller ny selskabsform "
        "(LEAR-dataopdatering, ingen amendment) eller en ny juridisk enhed (amendment), er ikke "
        "afklaret i planen",
        "whether the coordinator's successor is merely {organisation} under a new name or legal "
        "form (a LEAR data update, no amendment) or a new legal entity (an amendment) is not "
        "settled in the plan",
    ),
    "fix.succession-unclear": (
        "Få det afklaret skriftligt; markér LEAR-opdateringen (grant_duty lear_update) eller "
        "amendmenten færdig, når svaret foreligger.",
        "Get it settled in writing; mark the LEAR update (grant_duty lear_update) or the "
        "amendment done when the answer is in.",
    ),
    "source.succession-unclear": (
        "ffg.at amendment-vejledning (navn, selskabsform, adresse = LEAR-opdatering); F&T "
        "pageId=7504130 (delvis overtagelse). Ingen officiel tekst om universalsuccession for en "
        "koordinator er fundet — ikke efterprøvet",
        "ffg.at amendment guide (name, legal form, address = LEAR update); F&T pageId=7504130 "
        "(partial takeover). No official text on universal succession for a coordinator was "
        "found — not verified",
    ),
    "finding.final-report-missing": (
        "projektet {project} har ingen forpligtelse for den endelige rapport (frist {due})",
        "the project {project} has no obligation for the final report (due {due})",
    ),
    "fix.final-report-missing": (
        "Opret den fra skabelonen (handover new-from-template) eller med grant_duty final_report.",
        "Create it from the template (handover new-from-template) or with grant_duty final_report.",
    ),
    "source.final-report-missing": _REPORTING,
    "finding.final-report-unowned": (
        "ingen ejer eller modtager af den endelige rapport er i en organisation, der findes på "
        "fristen {due}",
        "neither owner nor receiver of the final report is in an organisation that exists on the "
        "due date {due}",
    ),
    "fix.final-report-unowned": (
        "Udpeg en modtager i en organisation, der findes på fristen.",
        "Name a receiver in an organisation that exists on the due date.",
    ),
    "source.final-report-unowned": _REPORTING,
    "finding.final-report-due-differs": (
        "den endelige rapport har frist {due}, men reglen giver {expected} (projektslut + 60 dage)",
        "the final report is due on {due}, but the rule gives {expected} (project end + 60 days)",
    ),
    "fix.final-report-due-differs": (
        "Gør fristen til en regel: projektslut + 60 dage.",
        "Make the due date a rule: project end + 60 days.",
    ),
    "source.final-report-due-differs": _REPORTING,
    "finding.statement-signer-missing": (
        "ingen er udpeget til at underskrive {organisation}s finansielle opgørelse til den "
        "endelige rapport ({due}); {organisation}s sidste dag: {ceases}",
        "no one is named to sign {organisation}'s financial statement for the final report "
        "({due}); {organisation}'s last day: {ceases}",
    ),
    "fix.statement-signer-missing": (
        "Opret eller ret organisationens forpligtelse med tilskudspligten «finansiel opgørelse» "
        "(ejer i organisationen), og giv den en modtager i efterfølgeren.",
        "Create or correct the organisation's obligation with the grant duty «financial "
        "statement» (owner in the organisation), and give it a receiver in the successor.",
    ),
    "source.statement-signer-missing": (
        'ufm.dk, Horizon Europe "Project implementation and reporting": hver partner udfylder '
        "og underskriver sin egen finansielle opgørelse",
        'ufm.dk, Horizon Europe "Project implementation and reporting": every partner completes '
        "and signs its own financial statement",
    ),
    "finding.cfs-required": (
        "{organisation} har anmodet om {amount} EUR (mindst 430.000): en revisorerklæring (CFS) "
        "kræves med den endelige rapport",
        "{organisation} requested EUR {amount} (at least 430,000): a certificate on the "
        "financial statements (CFS) is required with the final report",
    ),
    "fix.cfs-required": (
        "Opret en forpligtelse for CFS (grant_duty cfs) med frist som den endelige rapport.",
        "Create an obligation for the CFS (grant_duty cfs) due with the final report.",
    ),
    "source.cfs-required": (
        "ffg.at/en/europe/heu/legal-financial/cfs (430.000 EUR pr. beneficiary og pr. tilknyttet "
        "enhed; indsendes én gang med den endelige rapport)",
        "ffg.at/en/europe/heu/legal-financial/cfs (EUR 430,000 per beneficiary and per affiliated "
        "entity; submitted once with the final report)",
    ),
    "finding.cfs-unknown": (
        "{organisation}s anmodede EU-bidrag er ukendt: om en CFS kræves, kan ikke afgøres",
        "{organisation}'s requested EU contribution is unknown: whether a CFS is required cannot "
        "be decided",
    ),
    "fix.cfs-unknown": (
        "Indtast det anmodede EU-bidrag i projektets tilskudsprofil.",
        "Enter the requested EU contribution in the project's grant profile.",
    ),
    "source.cfs-unknown": (
        "ffg.at/en/europe/heu/legal-financial/cfs",
        "ffg.at/en/europe/heu/legal-financial/cfs",
    ),
    "finding.balance-missing": (
        "projektet {project} har ingen forpligtelse for slutbetalingen (senest {due}, 90 dage "
        "efter den endelige rapport)",
        "the project {project} has no obligation for the balance payment (by {due}, 90 days after "
        "the final report)",
    ),
    "fix.balance-missing": (
        "Opret den (grant_duty balance_payment) med en modtager, der har en valideret bankkonto.",
        "Create it (grant_duty balance_payment) with a receiver that has a validated bank account.",
    ),
    "source.balance-missing": (
        "Grant Agreement Data Sheet pkt. 4.2 via ffg.at/en/europe/heu/legal-financial/"
        "theme_grant-payments (slutbetaling inden 90 dage efter Kommissionens modtagelse af den "
        "endelige rapport, til koordinatorens konto; regnet fra rapportens frist, så datoen er den "
        "seneste; en suspenderet betalingsfrist er ikke medregnet)",
        "Grant Agreement Data Sheet point 4.2 via ffg.at/en/europe/heu/legal-financial/"
        "theme_grant-payments (balance within 90 days of the Commission receiving the final "
        "report, to the coordinator's account; counted from the report's deadline, so the date is "
        "the latest; a suspended payment deadline is not counted)",
    ),
    "finding.distribution-missing": (
        "projektet {project} har ingen forpligtelse for koordinatorens fordeling af "
        "slutbetalingen til partnerne",
        "the project {project} has no obligation for the coordinator's distribution of the "
        "balance to the partners",
    ),
    "fix.distribution-missing": (
        "Opret den (grant_duty distribution) efter slutbetalingen.",
        "Create it (grant_duty distribution) after the balance payment.",
    ),
    "source.distribution-missing": (
        'ffg.at grant payments; linq-consulting.com "grant financing in Horizon Europe" '
        "(koordinatoren fordeler uden unødig forsinkelse)",
        'ffg.at grant payments; linq-consulting.com "grant financing in Horizon Europe" (the '
        "coordinator distributes without unjustified delay)",
    ),
    "finding.records-missing": (
        "projektet {project} har ingen forpligtelse for at opbevare dokumentationen til {until}",
        "the project {project} has no obligation to keep its records until {until}",
    ),
    "fix.records-missing": (
        "Opret den (grant_duty records, periode) med en ejer, der findes hele perioden.",
        "Create it (grant_duty records, a period) with an owner who exists for the whole period.",
    ),
    "source.records-missing": _RECORDS,
    "finding.records-too-short": (
        "opbevaringen slutter {due}, før {until} (slutbetaling + 5 år, 3 år under 60.000 EUR)",
        "record keeping ends on {due}, before {until} (balance + 5 years, 3 years under "
        "EUR 60,000)",
    ),
    "fix.records-too-short": (
        "Gør fristen til en regel i år fra slutbetalingen.",
        "Make the end a rule in years from the balance payment.",
    ),
    "source.records-too-short": _RECORDS,
    "finding.records-keeper-gone": (
        "ingen ejer eller modtager af opbevaringen findes hele perioden til {until}",
        "neither owner nor receiver of the record keeping exists for the whole period to {until}",
    ),
    "fix.records-keeper-gone": (
        "Udpeg en modtager i en organisation, der findes hele perioden.",
        "Name a receiver in an organisation that exists for the whole period.",
    ),
    "source.records-keeper-gone": _RECORDS,
    "finding.audit-contact-missing": (
        "projektet {project} har ingen navngiven kontakt for kontrol og revision efter "
        "afslutningen",
        "the project {project} has no named contact for checks and audits after the end",
    ),
    "fix.audit-contact-missing": (
        "Opret den (grant_duty audit_contact) for hele opbevaringsperioden.",
        "Create it (grant_duty audit_contact) for the whole retention period.",
    ),
    "source.audit-contact-missing": (
        "getpolite.eu (MGA art. 25: kontrol, review og revision, også efter afslutningen); "
        "ufm.dk Reporting",
        "getpolite.eu (MGA Art. 25: checks, reviews and audits, also after the end); ufm.dk "
        "Reporting",
    ),
    "finding.exploitation-missing": (
        "projektet {project} har ingen forpligtelse for udnyttelse af resultaterne efter "
        "afslutningen (op til 4 år, til {until})",
        "the project {project} has no obligation to exploit its results after the end (up to 4 "
        "years, to {until})",
    ),
    "fix.exploitation-missing": (
        "Opret den (grant_duty exploitation, periode) med en ejer, der findes så længe.",
        "Create it (grant_duty exploitation, a period) with an owner who exists that long.",
    ),
    "source.exploitation-missing": _EXPLOITATION,
    "finding.results-platform-missing": (
        "projektet {project} har ingen forpligtelse for Horizon Results Platform, hvis "
        "resultaterne ikke er udnyttet efter 1 år ({due})",
        "the project {project} has no obligation for the Horizon Results Platform if the results "
        "are not exploited after 1 year ({due})",
    ),
    "fix.results-platform-missing": (
        "Opret den (grant_duty results_platform).",
        "Create it (grant_duty results_platform).",
    ),
    "source.results-platform-missing": _EXPLOITATION,
    "finding.dissemination-missing": (
        "projektet {project} har ingen forpligtelse for formidling af resultaterne efter "
        "afslutningen",
        "the project {project} has no obligation to disseminate its results after the end",
    ),
    "fix.dissemination-missing": (
        "Opret den (grant_duty dissemination).",
        "Create it (grant_duty dissemination).",
    ),
    "source.dissemination-missing": _EXPLOITATION,
}
