"""Reading States and their treaty status from a CSV (the columns of ccm-states-partial.csv).

Two steps, so that a bad file never half-loads:

- `parse_status_rows(file)` is pure: it checks every line and returns typed rows, or raises
  a `RowError` naming the first bad line. No database.
- `apply_status_rows(rows, ...)` writes States, their status under one convention and, only
  for the States named, their Article 3/4 original deadlines. The caller holds the transaction.

The Article 3 and 4 columns are the *original* deadlines counted from entry into force. They
bind only a State that declared stockpiles (Article 3) or contaminated areas (Article 4), and
the file does not say which did: a deadline is imported only for a State the ISU names.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from .models import Convention, Obligation, State, StateAlias, TreatyStatus, normalise_name
from .names import fill_blank_names

COLUMNS = (
    "name",
    "iso3",
    "status",
    "date_of_signature",
    "date_of_ratification_or_accession",
    "instrument",
    "date_entry_into_force",
    "eif_method",
    "art3_stockpile_destruction_deadline_original",
    "art4_clearance_deadline_original",
    "source",
)

# The conventions the ISU deals with: code -> (short name, name).
CONVENTIONS = {
    "ccm": ("CCM", "Convention on Cluster Munitions"),
    "apmbc": ("APMBC", "Anti-Personnel Mine Ban Convention"),
    "ccw-p5": ("CCW Protocol V", "Protocol V on Explosive Remnants of War to the CCW"),
}

# Obligation rows hold the CCM's Articles 3 and 4; other conventions number theirs differently.
DEADLINE_CONVENTION = "ccm"

ALL_STATES: Literal["all"] = "all"

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME_MAX = State._meta.get_field("name").max_length
_SOURCE_MAX = TreatyStatus._meta.get_field("source").max_length


class RowError(ValueError):
    """A line of the file that cannot be imported; the message names the line."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True)
class StatusRow:
    line: int
    name: str
    iso3: str
    status: str
    signature: datetime.date | None
    ratification: datetime.date | None
    instrument: str
    entry_into_force: datetime.date | None
    art3_deadline: datetime.date | None
    art4_deadline: datetime.date | None
    source: str

    @property
    def deadlines(self) -> dict[int, datetime.date]:
        found = {
            Obligation.Article.STOCKPILE_DESTRUCTION: self.art3_deadline,
            Obligation.Article.CLEARANCE: self.art4_deadline,
        }
        return {article: deadline for article, deadline in found.items() if deadline is not None}


@dataclass
class ImportReport:
    states_created: int = 0
    states_updated: int = 0
    statuses_created: int = 0
    statuses_updated: int = 0
    statuses_unchanged: int = 0
    obligations_created: int = 0
    obligations_updated: int = 0
    deadlines_skipped: int = 0
    notes: list[str] = field(default_factory=list)


# --- parsing (pure) ---------------------------------------------------------------------------


def _date(value: str, column: str, line: int, name: str) -> datetime.date | None:
    if not value:
        return None
    if not _ISO_DATE.match(value):
        raise RowError(line, f"{name}: {column} {value!r} is not a date in the form YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RowError(line, f"{name}: {column} {value!r} is not a valid date") from None


def _row(record: dict, line: int) -> StatusRow:
    values = {key: (value or "").strip() for key, value in record.items() if key is not None}
    name = values["name"]
    if not name:
        raise RowError(line, "the name is empty")
    if len(name) > _NAME_MAX:
        raise RowError(line, f"{name}: the name is longer than {_NAME_MAX} characters")
    iso3 = values["iso3"].upper()
    if not _ISO3.match(iso3):
        raise RowError(line, f"{name}: iso3 {values['iso3']!r} is not a three-letter code")
    status = values["status"].lower()
    if status not in TreatyStatus.Status.values:
        expected = " or ".join(TreatyStatus.Status.values)
        raise RowError(line, f"{name}: unknown status {values['status']!r} (expected {expected})")
    instrument = values["instrument"].lower()
    if instrument and instrument not in TreatyStatus.Instrument.values:
        raise RowError(line, f"{name}: unknown instrument {values['instrument']!r}")
    if len(values["source"]) > _SOURCE_MAX:
        raise RowError(line, f"{name}: the source is longer than {_SOURCE_MAX} characters")
    dates = {
        column: _date(values[column], column, line, name)
        for column in (
            "date_of_signature",
            "date_of_ratification_or_accession",
            "date_entry_into_force",
            "art3_stockpile_destruction_deadline_original",
            "art4_clearance_deadline_original",
        )
    }
    row = StatusRow(
        line=line,
        name=name,
        iso3=iso3,
        status=status,
        signature=dates["date_of_signature"],
        ratification=dates["date_of_ratification_or_accession"],
        instrument=instrument,
        entry_into_force=dates["date_entry_into_force"],
        art3_deadline=dates["art3_stockpile_destruction_deadline_original"],
        art4_deadline=dates["art4_clearance_deadline_original"],
        source=values["source"],
    )
    if status == TreatyStatus.Status.SIGNATORY and (row.ratification or row.entry_into_force or row.deadlines):
        raise RowError(line, f"{name}: a signatory has no ratification, entry into force or deadlines")
    if row.signature and row.ratification and row.ratification < row.signature:
        raise RowError(line, f"{name}: ratified before it signed")
    if row.ratification and row.entry_into_force and row.entry_into_force < row.ratification:
        raise RowError(line, f"{name}: entry into force before ratification or accession")
    return row


def parse_status_rows(file: Iterable[str]) -> list[StatusRow]:
    """Check every line of the CSV and return its rows; raise RowError at the first bad line."""
    reader = csv.DictReader(file)
    header = reader.fieldnames
    if not header:
        raise RowError(1, "the file is empty; expected a header line")
    missing = [column for column in COLUMNS if column not in {h.strip() for h in header}]
    if missing:
        raise RowError(1, f"missing column(s): {', '.join(missing)}")
    reader.fieldnames = [h.strip() for h in header]
    rows: list[StatusRow] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if None in record or None in record.values():
            raise RowError(line, f"expected {len(header)} fields, as in the header")
        row = _row(record, line)
        for seen, key, what in ((seen_codes, row.iso3, "iso3"), (seen_names, normalise_name(row.name), "name")):
            if key in seen:
                raise RowError(line, f"{row.name}: the same {what} as line {seen[key]}")
            seen[key] = line
        rows.append(row)
    return rows


def unknown_codes(rows: Iterable[StatusRow], codes: Iterable[str]) -> list[str]:
    """The ISO3 codes named (e.g. for --with-deadlines) that no row of the file carries."""
    present = {row.iso3 for row in rows}
    return sorted({code.strip().upper() for code in codes if code.strip()} - present)


# --- writing ---------------------------------------------------------------------------------


def ensure_conventions() -> dict[str, Convention]:
    """The CCM, APMBC and CCW Protocol V rows, created when missing (names the ISU edited are kept)."""
    return {
        code: Convention.objects.get_or_create(code=code, defaults={"short_name": short, "name": name})[0]
        for code, (short, name) in CONVENTIONS.items()
    }


def _changed(obj, values: dict) -> bool:
    changed = False
    for attribute, value in values.items():
        if getattr(obj, attribute) != value:
            setattr(obj, attribute, value)
            changed = True
    return changed


def _state(row: StatusRow, report: ImportReport) -> State:
    clash = State.objects.filter(name=row.name).exclude(iso3=row.iso3).first()
    if clash is not None:
        raise RowError(row.line, f"{row.name}: the register already has this name for {clash.iso3}")
    state = State.objects.filter(iso3=row.iso3).first()
    if state is None:
        report.states_created += 1
        state = State(iso3=row.iso3, name=row.name)
        fill_blank_names(state)  # its French and Spanish names and articles, from the UN's lists
        state.save()
        return state
    if state.name != row.name:
        old_name = state.name
        state.name = row.name
        state.save()
        report.states_updated += 1
        # Documents written before the change still use the old name: keep it for matching.
        folded = normalise_name(old_name)
        if folded != normalise_name(row.name) and not StateAlias.objects.filter(normalised=folded).exists():
            StateAlias.objects.create(state=state, alias=old_name)
    return state


def _status(state: State, row: StatusRow, convention: Convention, report: ImportReport) -> None:
    values = {
        "status": row.status,
        "signature": row.signature,
        "ratification": row.ratification,
        "instrument": row.instrument,
        "entry_into_force": row.entry_into_force,
        "source": row.source,
    }
    status = TreatyStatus.objects.filter(state=state, convention=convention).first()
    if status is None:
        TreatyStatus.objects.create(state=state, convention=convention, **values)
        report.statuses_created += 1
    elif _changed(status, values):
        status.save()
        report.statuses_updated += 1
    else:
        report.statuses_unchanged += 1


def _obligations(state: State, row: StatusRow, report: ImportReport) -> None:
    if not row.deadlines:
        report.notes.append(f"{row.iso3}: no Article 3 or 4 deadline in the file")
    for article, deadline in row.deadlines.items():
        obligation = Obligation.objects.filter(state=state, article=article).first()
        if obligation is None:
            Obligation.objects.create(state=state, article=article, original_deadline=deadline)
            report.obligations_created += 1
        elif obligation.original_deadline != deadline:
            # Only the original deadline comes from the file; an extension the ISU recorded stays.
            obligation.original_deadline = deadline
            obligation.save(update_fields=["original_deadline"])
            report.obligations_updated += 1


def apply_status_rows(
    rows: Iterable[StatusRow],
    *,
    convention: Convention,
    deadlines_for: Collection[str] | Literal["all"] = (),
) -> ImportReport:
    """Create or update each row's State and its status under `convention`; record the original
    Article 3/4 deadlines of the States in `deadlines_for` (ISO3 codes, or ALL_STATES) only.
    Idempotent: a second run with the same rows changes nothing. Run it inside a transaction."""
    if deadlines_for and convention.code != DEADLINE_CONVENTION:
        raise ValueError(f"deadlines are the CCM's Articles 3 and 4; they cannot be imported for {convention.code}")
    codes = deadlines_for if deadlines_for == ALL_STATES else {c.strip().upper() for c in deadlines_for}
    report = ImportReport()
    for row in rows:
        state = _state(row, report)
        _status(state, row, convention, report)
        if codes == ALL_STATES or row.iso3 in codes:
            _obligations(state, row, report)
        elif row.deadlines:
            report.deadlines_skipped += 1
    return report
