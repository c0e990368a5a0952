"""The reusable EU close-out template: from a project's grant profile, the obligations every EU
grant must close (final report, statements, CFS, amendment, balance, records, exploitation …).

Each carries its `grant_duty` and a due rule on the project's end, so the grant rules find them and
an extension moves them; roles without a named person are added for owners nobody has named yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from handover.domain.grant_rules import (
    AMENDMENT_ANSWER_DAYS,
    BALANCE_DAYS,
    CFS_THRESHOLD_EUR,
    EXPLOITATION_YEARS,
    FINAL_REPORT_DAYS,
    RESULTS_PLATFORM_YEARS,
    RETENTION_YEARS,
)
from handover.domain.model import (
    Category,
    DueAnchor,
    DueRule,
    GrantDuty,
    Obligation,
    Person,
    Priority,
    Project,
)
from handover.domain.plan import Plan, check_references
from handover.domain.workdays import DurationUnit

STATEMENT_DAYS = 45  # assumption: statements reach the coordinator 15 days before the report
DISTRIBUTION_DAYS = 30  # assumption: the source says "without unjustified delay"
# Records: balance (end + 60 + 90 days ≈ 5 months) + 5 years, as one rule on the end: 65 months.
RECORDS_MONTHS = 12 * RETENTION_YEARS + 5


class TemplateError(ValueError):
    """The plan cannot take the template (unknown project, no end, codes already used)."""

    def __init__(self, key: str, **params: str) -> None:
        self.key, self.params = key, params
        super().__init__(key)


@dataclass(frozen=True)
class _Duty:
    duty: GrantDuty
    title: str
    category: Category
    days: int
    unit: DurationUnit = DurationUnit.DAYS
    ends_period: bool = False
    priority: Priority = Priority.HIGH
    basis: str = ""


def _duties(project: Project) -> list[_Duty]:
    report = FINAL_REPORT_DAYS
    return [
        _Duty(
            GrantDuty.FINAL_REPORT,
            "Endelig rapport til bevillingsgiveren (teknisk og finansiel)",
            Category.REPORTING,
            report,
            priority=Priority.CRITICAL,
            basis='regel: projektslut + 60 dage (ufm.dk Horizon Europe "Reporting")',
        ),
        _Duty(
            GrantDuty.COORDINATOR_AMENDMENT,
            "Afklar koordinatorens efterfølger: amendment (AT4 + AT11 + AT12) "
            "eller LEAR-opdatering",
            Category.LEGAL,
            report - AMENDMENT_ANSWER_DAYS,
            priority=Priority.CRITICAL,
            basis="regel: endelig rapport − 45 dages svarfrist (ffg.at amendment; F&T)",
        ),
        _Duty(
            GrantDuty.BALANCE_PAYMENT,
            "Modtag slutbetalingen",
            Category.FINANCE,
            report + BALANCE_DAYS,
            basis="regel: endelig rapport + 90 dage (ffg.at grant payments)",
        ),
        _Duty(
            GrantDuty.DISTRIBUTION,
            "Fordel slutbetalingen til partnerne",
            Category.FINANCE,
            report + BALANCE_DAYS + DISTRIBUTION_DAYS,
            basis='regel: slutbetaling + 30 dage — antagelse (kilden: "uden unødig forsinkelse")',
        ),
        _Duty(
            GrantDuty.RECORDS,
            "Opbevar projektets dokumentation",
            Category.ARCHIVE,
            RECORDS_MONTHS,
            DurationUnit.MONTHS,
            ends_period=True,
            priority=Priority.MEDIUM,
            basis="regel: projektslut + 65 måneder ≈ slutbetaling + 5 år (MGA art. 20; "
            "3 år under 60.000 EUR)",
        ),
        _Duty(
            GrantDuty.AUDIT_CONTACT,
            "Kontaktpunkt for kontrol og revision",
            Category.LEGAL,
            RECORDS_MONTHS,
            DurationUnit.MONTHS,
            ends_period=True,
            priority=Priority.MEDIUM,
            basis="regel: som opbevaringen (MGA art. 25)",
        ),
        _Duty(
            GrantDuty.EXPLOITATION,
            "Udnyt resultaterne efter projektets afslutning",
            Category.KNOWLEDGE,
            EXPLOITATION_YEARS,
            DurationUnit.YEARS,
            ends_period=True,
            priority=Priority.MEDIUM,
            basis="regel: projektslut + 4 år (KoWi; H2020 AGA art. 28 — "
            "HE-ordlyd ikke efterprøvet)",
        ),
        _Duty(
            GrantDuty.RESULTS_PLATFORM,
            "Uudnyttede resultater på Horizon Results Platform",
            Category.KNOWLEDGE,
            RESULTS_PLATFORM_YEARS,
            DurationUnit.YEARS,
            priority=Priority.MEDIUM,
            basis="regel: projektslut + 1 år (KoWi; UKRO)",
        ),
        _Duty(
            GrantDuty.DISSEMINATION,
            "Formidl resultaterne efter projektets afslutning",
            Category.COMMUNICATION,
            0,
            priority=Priority.MEDIUM,
            basis="regel: projektslut — antagelse (formidlingen fortsætter derefter)",
        ),
    ]


def add_close_out(plan: Plan, project_id: str, prefix: str) -> Plan:
    """`plan` with the close-out obligations of the project `project_id` added (codes
    `<prefix>-CO-01` …), plus a role per beneficiary for its financial statement; raises
    TemplateError when the project is unknown or undated, or a code or id is taken."""
    project = next((p for p in plan.projects if p.id == project_id), None)
    if project is None:
        raise TemplateError("template.unknown_project", project=project_id)
    if project.end is None:
        raise TemplateError("template.no_end", project=project.name)
    coordinator_role = None
    people = list(plan.people)
    if project.coordinator is not None:
        coordinator_role = _role(project.coordinator, project, "koordinatorkontakt")
        people.append(coordinator_role)

    def rule(days: int, unit: DurationUnit = DurationUnit.DAYS) -> DueRule:
        return DueRule(anchor=DueAnchor.PROJECT_END, days=days, unit=unit)

    made: list[Obligation] = []

    def add(
        duty: GrantDuty, title: str, category: Category, due_rule: DueRule, **extra: object
    ) -> None:
        number = len(made) + 1
        made.append(
            Obligation.model_validate(
                {
                    "id": f"{project.id}-close-out-{number:02d}",
                    "code": f"{prefix}-CO-{number:02d}",
                    "project": project.id,
                    "title": title,
                    "category": category,
                    "due_rule": due_rule,
                    "grant_duty": duty,
                    "current_owner": None if coordinator_role is None else coordinator_role.id,
                    **extra,
                }
            )
        )

    for duty in _duties(project):
        if duty.duty is GrantDuty.COORDINATOR_AMENDMENT and not _coordinator_leaves(plan, project):
            continue
        add(
            duty.duty,
            duty.title,
            duty.category,
            rule(duty.days, duty.unit),
            ends_period=duty.ends_period,
            priority=duty.priority,
            date_basis=duty.basis,
        )
    for beneficiary in project.beneficiaries:
        signer = _role(beneficiary.organisation, project, "økonomikontakt")
        people.append(signer)
        made.append(
            Obligation(
                id=f"{project.id}-statement-{beneficiary.organisation}",
                code=f"{prefix}-CO-{len(made) + 1:02d}",
                project=project.id,
                title=f"Finansiel opgørelse fra {_name(plan, beneficiary.organisation)}",
                category=Category.FINANCE,
                due_rule=rule(STATEMENT_DAYS),
                grant_duty=GrantDuty.FINANCIAL_STATEMENT,
                current_owner=signer.id,
                priority=Priority.HIGH,
                date_basis="regel: projektslut + 45 dage — antagelse (opgørelsen skal nå "
                "koordinatoren før den endelige rapport)",
            )
        )
        if beneficiary.requested_eur is not None and beneficiary.requested_eur >= CFS_THRESHOLD_EUR:
            made.append(
                Obligation(
                    id=f"{project.id}-cfs-{beneficiary.organisation}",
                    code=f"{prefix}-CO-{len(made) + 1:02d}",
                    project=project.id,
                    title=f"Revisorerklæring (CFS) for {_name(plan, beneficiary.organisation)}",
                    category=Category.FINANCE,
                    due_rule=rule(FINAL_REPORT_DAYS),
                    grant_duty=GrantDuty.CFS,
                    current_owner=signer.id,
                    priority=Priority.HIGH,
                    date_basis="regel: med den endelige rapport (ffg.at CFS: ≥ 430.000 EUR)",
                )
            )
    result = replace(plan, people=tuple(people), obligations=(*plan.obligations, *made))
    problems = check_references(result)
    if problems:
        raise TemplateError("template.conflict", why=problems[0].render("en"))
    return result


def additions(
    plan: Plan, project_id: str, prefix: str
) -> tuple[tuple[Person, ...], tuple[Obligation, ...]]:
    """What `add_close_out` adds to `plan`: the roles it names and the obligations (same errors)."""
    result = add_close_out(plan, project_id, prefix)
    return result.people[len(plan.people) :], result.obligations[len(plan.obligations) :]


def _coordinator_leaves(plan: Plan, project: Project) -> bool:
    """The coordinator ceases before the balance payment (the amendment rule's condition)."""
    assert project.end is not None
    balance = project.end + timedelta(days=FINAL_REPORT_DAYS + BALANCE_DAYS)
    coordinator = next((o for o in plan.organisations if o.id == project.coordinator), None)
    return (
        coordinator is not None
        and coordinator.exists_until is not None
        and (coordinator.exists_until < balance)
    )


def _role(organisation: str, project: Project, what: str) -> Person:
    return Person(
        id=f"{project.id}-{organisation}-{what.replace('ø', 'oe')}",
        title=f"{what.capitalize()} for {project.name}",
        organisation=organisation,
    )


def _name(plan: Plan, organisation: str) -> str:
    return next((o.name for o in plan.organisations if o.id == organisation), organisation)
