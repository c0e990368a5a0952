"""EU grant close-out rules (Horizon Europe and the other centrally managed programmes' corporate
grant agreement) over a project's grant profile; each rule names its source (`source.<rule>`).

A project is a grant when it has a grant agreement number or beneficiaries. Dates count from the
project's end: final report +60 days, balance payment +90 days after it, records 5 (3) years.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from handover.domain.findings import (
    Finding,
    ObligationFacts,
    OrganisationFacts,
    ProjectFacts,
    Severity,
    Snapshot,
    org_of,
)
from handover.domain.workdays import add_months

FINAL_REPORT_DAYS = 60  # ufm.dk Horizon Europe "Reporting"
BALANCE_DAYS = 90  # ffg.at grant payments: within 90 days of receiving the final report
AMENDMENT_ANSWER_DAYS = 45  # ffg.at amendment guide: no answer in 45 days is a rejection
CFS_THRESHOLD_EUR = 430_000.0  # ffg.at CFS: per beneficiary, requested EU contribution
RETENTION_YEARS = 5  # getpolite.eu (MGA Art. 20): 5 years after the balance payment
SMALL_GRANT_RETENTION_YEARS = 3  # the same article: 3 years for grants under EUR 60,000
SMALL_GRANT_EUR = 60_000.0
EXPLOITATION_YEARS = 4  # KoWi; H2020 AGA Art. 28 (Horizon Europe wording not verified)
RESULTS_PLATFORM_YEARS = 1

GRANT_RULES: dict[str, Severity] = {
    "coordinator-ceases": Severity.BLOCKER,
    "coordinator-ceased": Severity.BLOCKER,
    "amendment-late": Severity.WARNING,
    "succession-unclear": Severity.INFO,
    "final-report-missing": Severity.BLOCKER,
    "final-report-unowned": Severity.BLOCKER,
    "final-report-due-differs": Severity.WARNING,
    "statement-signer-missing": Severity.BLOCKER,
    "cfs-required": Severity.WARNING,
    "cfs-unknown": Severity.INFO,
    "balance-missing": Severity.WARNING,
    "distribution-missing": Severity.WARNING,
    "records-missing": Severity.WARNING,
    "records-too-short": Severity.WARNING,
    "records-keeper-gone": Severity.BLOCKER,
    "audit-contact-missing": Severity.INFO,
    "exploitation-missing": Severity.WARNING,
    "results-platform-missing": Severity.INFO,
    "dissemination-missing": Severity.INFO,
}


def finding(rule: str, codes: Iterable[str], **params: str) -> Finding:
    return Finding(rule=rule, severity=GRANT_RULES[rule], obligations=tuple(codes), params=params)


def is_grant(project: ProjectFacts) -> bool:
    return bool(project.grant_agreement or project.beneficiaries)


def key_dates(project_end: date, total_requested_eur: float | None) -> dict[str, date]:
    """The close-out dates that follow from a project's end (one definition for the rules and the
    close-out template): final report, latest amendment filing, balance, end of record keeping."""
    report = project_end + timedelta(days=FINAL_REPORT_DAYS)
    balance = report + timedelta(days=BALANCE_DAYS)
    small = total_requested_eur is not None and total_requested_eur < SMALL_GRANT_EUR
    years = SMALL_GRANT_RETENTION_YEARS if small else RETENTION_YEARS
    return {
        "final_report": report,
        "latest_amendment_filing": report - timedelta(days=AMENDMENT_ANSWER_DAYS),
        "balance": balance,
        "records_until": add_months(balance, 12 * years),
        "exploitation_until": add_months(project_end, 12 * EXPLOITATION_YEARS),
        "results_platform": add_months(project_end, 12 * RESULTS_PLATFORM_YEARS),
    }


def total_requested(project: ProjectFacts) -> float | None:
    """The grant's requested EU contribution, or None when any beneficiary's is unknown."""
    amounts = [b.requested_eur for b in project.beneficiaries]
    if not amounts or any(amount is None for amount in amounts):
        return None
    return sum(amount for amount in amounts if amount is not None)


def evaluate(snapshot: Snapshot, as_of: date) -> list[Finding]:
    found: list[Finding] = []
    for project in snapshot.projects:
        if is_grant(project) and project.end is not None:
            found.extend(_project_findings(snapshot, project, project.end, as_of))
    return found


def _day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")


def _lives_on(snapshot: Snapshot, o: ObligationFacts, day: date) -> bool:
    """Someone who holds the obligation on `day`: its owner or receiver in an existing
    organisation."""
    for person in (o.current_owner, o.receiving_owner):
        organisation = org_of(person, snapshot)
        if organisation is not None and organisation.exists_on(day):
            return True
    return False


def _project_findings(
    snapshot: Snapshot, project: ProjectFacts, end: date, as_of: date
) -> list[Finding]:
    found: list[Finding] = []
    duties: dict[str, list[ObligationFacts]] = {}
    for o in snapshot.obligations:
        if o.project == project.id and o.grant_duty and o.status != "cancelled":
            duties.setdefault(o.grant_duty, []).append(o)
    dates = key_dates(end, total_requested(project))
    report_due, balance = dates["final_report"], dates["balance"]
    reports = duties.get("final_report", [])
    report_codes = [o.code for o in reports]

    coordinator = snapshot.organisations.get(project.coordinator or "")
    found.extend(_coordinator(snapshot, coordinator, duties, dates, report_codes, as_of))

    if not reports:
        found.append(
            finding("final-report-missing", [], project=project.name, due=_day(report_due))
        )
    for o in reports:
        if o.open and not _lives_on(snapshot, o, report_due):
            found.append(finding("final-report-unowned", [o.code], due=_day(report_due)))
        if o.due is not None and o.due != report_due:
            found.append(
                finding(
                    "final-report-due-differs", [o.code], due=_day(o.due), expected=_day(report_due)
                )
            )

    statements = duties.get("financial_statement", [])
    for beneficiary in project.beneficiaries:
        organisation = snapshot.organisations.get(beneficiary.organisation)
        if organisation is None:
            continue
        if organisation.exists_until is not None and organisation.exists_until < report_due:
            its_own = [o for o in statements if org_of(o.current_owner, snapshot) is organisation]
            if not any(_lives_on(snapshot, o, report_due) for o in its_own):
                found.append(
                    finding(
                        "statement-signer-missing",
                        [o.code for o in its_own],
                        organisation=organisation.name,
                        ceases=_day(organisation.exists_until),
                        due=_day(report_due),
                    )
                )
        if beneficiary.requested_eur is None:
            found.append(finding("cfs-unknown", [], organisation=organisation.name))
        elif beneficiary.requested_eur >= CFS_THRESHOLD_EUR and not duties.get("cfs"):
            found.append(
                finding(
                    "cfs-required",
                    [],
                    organisation=organisation.name,
                    amount=f"{beneficiary.requested_eur:,.0f}",
                )
            )

    if not duties.get("balance_payment"):
        found.append(finding("balance-missing", [], project=project.name, due=_day(balance)))
    if not duties.get("distribution"):
        found.append(finding("distribution-missing", [], project=project.name))
    found.extend(_records(snapshot, project, duties, dates))
    if not duties.get("exploitation"):
        found.append(
            finding(
                "exploitation-missing",
                [],
                project=project.name,
                until=_day(dates["exploitation_until"]),
            )
        )
    if not duties.get("results_platform"):
        found.append(
            finding(
                "results-platform-missing",
                [],
                project=project.name,
                due=_day(dates["results_platform"]),
            )
        )
    if not duties.get("dissemination"):
        found.append(finding("dissemination-missing", [], project=project.name))
    return found


def _coordinator(
    snapshot: Snapshot,
    coordinator: OrganisationFacts | None,
    duties: dict[str, list[ObligationFacts]],
    dates: dict[str, date],
    report_codes: Sequence[str],
    as_of: date,
) -> list[Finding]:
    """E1-E3: a coordinator that ceases before the balance is paid needs an amendment (AT4 + AT11
    + AT12), filed early enough for the 45-day answer, unless a LEAR data update is enough."""
    if (
        coordinator is None
        or coordinator.exists_until is None
        or coordinator.exists_until >= dates["balance"]
    ):
        return []
    lear_done = any(o.status == "done" for o in duties.get("lear_update", []))
    amendments = duties.get("coordinator_amendment", [])
    found: list[Finding] = []
    params = {
        "organisation": coordinator.name,
        "ceases": _day(coordinator.exists_until),
        "report": _day(dates["final_report"]),
        "balance": _day(dates["balance"]),
        "latest": _day(dates["latest_amendment_filing"]),
    }
    if not amendments and not lear_done:
        rule = "coordinator-ceased" if as_of > coordinator.exists_until else "coordinator-ceases"
        found.append(finding(rule, report_codes, **params))
    for o in amendments:
        if o.open and o.due is not None and o.due > dates["latest_amendment_filing"]:
            found.append(
                finding(
                    "amendment-late",
                    [o.code],
                    due=_day(o.due),
                    latest=params["latest"],
                    report=params["report"],
                )
            )
    if not lear_done and not any(o.status == "done" for o in amendments):
        found.append(finding("succession-unclear", [], organisation=coordinator.name))
    return found


def _records(
    snapshot: Snapshot,
    project: ProjectFacts,
    duties: dict[str, list[ObligationFacts]],
    dates: dict[str, date],
) -> list[Finding]:
    """E7-E8: records kept until balance + 5 (3) years by someone who exists that long; an audit
    contact for the same window."""
    found: list[Finding] = []
    until = dates["records_until"]
    records = duties.get("records", [])
    if not records:
        found.append(finding("records-missing", [], project=project.name, until=_day(until)))
    for o in records:
        if o.due is not None and o.due < until:
            found.append(finding("records-too-short", [o.code], due=_day(o.due), until=_day(until)))
        if o.open and not _lives_on(snapshot, o, min(until, o.due or until)):
            found.append(finding("records-keeper-gone", [o.code], until=_day(until)))
    if not duties.get("audit_contact"):
        found.append(finding("audit-contact-missing", [], project=project.name))
    return found
