"""An obligation's fields, declared once: kind, label (a text-catalogue key, Danish and English),
import headings, register export, history label, who may edit, and where each is editable. The
store's columns and write maps, the table's inline fields, the import headings, the register
export and the history labels are derived from this table (see README, "Adding a field")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handover.domain.access import Action


class Kind(StrEnum):
    """How a field is stored and written in sets (the store maps each to an Arrow type)."""

    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    NUMBER = "number"
    TEXTS = "texts"  # a list of texts
    MOMENT = "moment"  # a timestamp
    FLAG = "flag"


@dataclass(frozen=True)
class ObligationField:
    name: str  # the attribute of domain.model.Obligation
    kind: Kind
    label: str  # its catalogue key: column heading, form label, history label
    column: str = ""  # the obligations table's column ("" = the same as name)
    headings: tuple[str, ...] = ()  # other headings a spreadsheet may use, either language
    exported: bool = True  # a column of the register export (and of its import template)
    width: int = 14  # that column's width in XLSX
    inline: bool = False  # editable in the register table
    imported: bool = True  # a spreadsheet row may set it
    required: bool = False  # needed to add a row from a spreadsheet
    form: bool = True  # written by the form (the whole obligation)
    edit: Action = Action.EDIT_OBLIGATION  # who may change it
    key: bool = False  # identifies a spreadsheet row (never changed by an import)
    vocabulary: str = ""  # its values are a vocabulary's (labels in the catalogue)
    refers_to: str = ""  # its value is the id of a record in this collection

    @property
    def stored_as(self) -> str:
        return self.column or self.name


F, K = ObligationField, Kind
# In the order of the register export and the spreadsheet template.
OBLIGATION_FIELDS: tuple[ObligationField, ...] = (
    F(
        "code",
        K.TEXT,
        "col.code",
        headings=("kode", "id", "nr", "nummer", "key"),
        width=9,
        key=True,
    ),
    F(
        "title",
        K.TEXT,
        "col.title",
        headings=("overskrift", "opgave", "forpligtelse", "task", "name", "navn"),
        width=40,
        required=True,
    ),
    F(
        "description",
        K.TEXT,
        "col.description",
        headings=("beskrivelse", "details", "detaljer"),
        width=50,
    ),
    F(
        "category",
        K.TEXT,
        "col.category",
        headings=("kategori", "type"),
        width=16,
        required=True,
        vocabulary="category",
    ),
    F("project", K.TEXT, "col.project", headings=("projekt",), refers_to="projects"),
    F(
        "current_owner",
        K.TEXT,
        "col.current_owner",
        headings=("ejer", "ansvarlig", "owner", "from", "fra", "afgiver", "checklist.from"),
        width=34,
        refers_to="people",
    ),
    F(
        "receiving_owner",
        K.TEXT,
        "col.receiving_owner",
        headings=("modtager", "ny ejer", "receiver", "to", "til", "checklist.to"),
        width=34,
        inline=True,
        refers_to="people",
    ),
    F(
        "start",
        K.DATE,
        "col.start",
        column="start_date",
        headings=("startdato", "start date", "begin"),
        width=11,
    ),
    F(
        "due",
        K.DATE,
        "col.due",
        column="due_date",
        headings=(
            "frist",
            "forfaldsdato",
            "slutdato",
            "deadline",
            "due date",
            "end",
            "dato",
            "date",
        ),
        width=11,
        inline=True,
    ),
    F("status", K.TEXT, "col.status", width=13, inline=True, vocabulary="status"),
    F(
        "priority",
        K.TEXT,
        "col.priority",
        headings=("prio",),
        width=11,
        inline=True,
        vocabulary="priority",
    ),
    F(
        "amount_eur",
        K.NUMBER,
        "col.amount",
        headings=("beløb", "beløb eur", "amount", "amount eur", "eur", "amount at stake"),
        width=13,
    ),
    F(
        "acceptance_criteria",
        K.TEXT,
        "col.acceptance_criteria",
        headings=("acceptkriterie", "done", "definition of done"),
        width=45,
    ),
    F(
        "evidence",
        K.TEXTS,
        "col.evidence",
        headings=("evidens", "bilag", "links", "documentation"),
        width=35,
    ),
    F(
        "notes",
        K.TEXT,
        "col.notes",
        headings=("note", "bemærkninger", "kommentar", "comments", "remarks"),
        width=35,
        inline=True,
    ),
    F("source_quote", K.TEXT, "col.source_quote", headings=("citat", "quote"), width=45),
    F(
        "source_ref",
        K.TEXT,
        "col.source_ref",
        headings=("kildehenvisning", "source reference", "reference"),
        width=25,
    ),
    F("legal_basis", K.TEXT, "col.legal_basis", headings=("retsgrundlag", "lovgrundlag"), width=25),
    # Moved by the workflow, not typed: in the history, never exported or imported.
    F(
        "handover_state",
        K.TEXT,
        "col.handover_state",
        exported=False,
        imported=False,
        vocabulary="handover_state",
    ),
    F("accepted_by", K.TEXT, "col.accepted_by", exported=False, imported=False),
    F("accepted_at", K.MOMENT, "field.accepted_at", exported=False, imported=False),
    F(
        "rejection_reason",
        K.TEXT,
        "col.rejection_reason",
        exported=False,
        imported=False,
        form=False,
    ),
    F(
        "deleted",
        K.FLAG,
        "field.deleted",
        exported=False,
        imported=False,
        form=False,
        edit=Action.DELETE_OBLIGATION,
    ),
    # What the dates rest on: a source quoted, or "antagelse: …" with the reason.
    F(
        "date_basis",
        K.TEXT,
        "col.date_basis",
        headings=("datogrundlag", "grundlag", "date basis", "basis"),
        width=35,
    ),
    # Set by the plan document and the close-out template, not by the form or a spreadsheet.
    F("grant_duty", K.TEXT, "field.grant_duty", exported=False, imported=False, form=False),
    F("ends_period", K.FLAG, "field.ends_period", exported=False, imported=False, form=False),
)
# The due rule is stored in four columns beside `due`; the store writes them with the fields.
DUE_RULE_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("due_anchor", Kind.TEXT),
    ("due_milestone", Kind.TEXT),
    ("due_days", Kind.INTEGER),
    ("due_unit", Kind.TEXT),  # a DurationUnit: days, working_days, months, years
)

BY_NAME = {field.name: field for field in OBLIGATION_FIELDS}
INLINE_FIELDS: frozenset[str] = frozenset(f.name for f in OBLIGATION_FIELDS if f.inline)
IMPORTED_FIELDS: tuple[ObligationField, ...] = tuple(f for f in OBLIGATION_FIELDS if f.imported)
EXPORTED_FIELDS: tuple[ObligationField, ...] = tuple(f for f in OBLIGATION_FIELDS if f.exported)
LABELS: dict[str, str] = {field.name: field.label for field in OBLIGATION_FIELDS}
# What a spreadsheet row may change on an existing obligation (its key excepted).
IMPORT_FIELDS: frozenset[str] = frozenset(f.name for f in IMPORTED_FIELDS if not f.key)
# Imported as the text given (no vocabulary, no reference, no date or number to parse).
PLAIN_TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in IMPORTED_FIELDS
    if f.kind is Kind.TEXT and not (f.key or f.vocabulary or f.refers_to)
)
