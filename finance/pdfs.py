"""The finance PDFs: the joint letter (cover letter, ISU contribution invoice, UN conference
services invoice, in one file), the credit notes and the personalised reminder letters; who may
read each (the documents registry's can_view) and the requests that queue their rendering.

Each is written in the State's language of correspondence (State.language): its wording, the
State's name (directory/names.py), its dates ("9 juin 2017", "9 de junio de 2017") and its
amounts ("1 234,56 CHF"). The language is part of the document's key, so a State whose language
changed gets a new file next to the one it was sent before."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from documents import registry
from documents.models import GeneratedDocument
from documents.services import document_request

from .models import Invoice, JointLetter, Reminder
from .selectors.recipients import finance_contact

JOINT_LETTER = "finance-joint-letter"
CREDIT_NOTE = "finance-credit-note"
REMINDER = "finance-reminder"

# Where the money goes. These defaults are MADE UP for the demo and the tests; a deployment sets
# FINANCE_BANK_DETAILS in its settings (one dict per invoice kind).
DEFAULT_BANK_DETAILS = {
    Invoice.Kind.ISU_CONTRIBUTION: {
        "beneficiary": "ISU-CCM Trust Fund (demo account)",
        "bank": "Example Bank SA, Geneva (made up)",
        "iban": "CH00 0000 0000 0000 0000 0",
        "swift": "EXAMPLECHXXX",
    },
    Invoice.Kind.UN_SERVICES: {
        "beneficiary": "United Nations Office at Geneva (demo account)",
        "bank": "Example Bank SA, Geneva (made up)",
        "iban": "CH00 0000 0000 0000 0001 1",
        "swift": "EXAMPLECHXXX",
    },
}


def bank_details(kind: str) -> dict:
    return getattr(settings, "FINANCE_BANK_DETAILS", DEFAULT_BANK_DETAILS).get(kind, {})


def _invoice_context(invoice: Invoice | None) -> dict | None:
    if invoice is None:
        return None
    return {"invoice": invoice, "lines": list(invoice.lines.all()), "bank": bank_details(invoice.kind)}


def build_joint_letter(letter_id: int):
    letter = JointLetter.objects.select_related("state", "financial_year__meeting", "isu_invoice", "un_invoice").get(
        pk=letter_id
    )
    return "finance/pdf/joint_letter.html", {
        "letter": letter,
        "year": letter.financial_year,
        "state": letter.state,
        "contact": finance_contact(letter.state),  # its finance contact, else its mission
        "invoices": [_invoice_context(i) for i in letter.invoices],
        "total": sum(i.amount for i in letter.invoices),
        "due_days": settings.FINANCE_DUE_DAYS_BEFORE_MEETING,
    }


def reminder_position(reminder: Reminder):
    """The State's position on the round's date: the letter's rows and its total, both from it."""
    from .selectors.positions import state_position

    return state_position(state=reminder.state, as_of=reminder.round.run_on)


def build_reminder(reminder_id: int):
    reminder = Reminder.objects.select_related("state", "round").get(pk=reminder_id)
    position = reminder_position(reminder)
    rows = position.overdue_rows
    return "finance/pdf/reminder.html", {
        "reminder": reminder,
        "state": reminder.state,
        "contact": finance_contact(reminder.state),
        "rows": rows,
        "total": sum((row.outstanding for row in rows), Decimal("0.00")),  # = position.overdue
        "banks": {kind: bank_details(kind) for kind in {row.invoice.kind for row in rows}},
    }


def build_credit_note(invoice_id: int):
    credit_note = Invoice.objects.select_related("state", "credit_note_for", "financial_year").get(
        pk=invoice_id, kind=Invoice.Kind.CREDIT_NOTE
    )
    return "finance/pdf/credit_note.html", {
        "state": credit_note.state,
        "credit_note": credit_note,
        "lines": list(credit_note.lines.all()),
    }


def credit_note_request(credit_note: Invoice) -> GeneratedDocument:
    return document_request(
        kind=CREDIT_NOTE,
        object_id=credit_note.pk,
        title=f"Credit note {credit_note.display_number}, {credit_note.state.name}",
        filename=f"ccm-credit-note-{credit_note.display_number}-{credit_note.state.iso3.lower()}.pdf",
        freeze=True,
        language=credit_note.state.language,  # the State's language of correspondence
    )


def register_documents() -> None:
    registry.register(CREDIT_NOTE, build=build_credit_note, can_view=registry.readers_of(Invoice))
    registry.register(JOINT_LETTER, build=build_joint_letter, can_view=registry.readers_of(JointLetter))
    registry.register(REMINDER, build=build_reminder, can_view=registry.readers_of(Reminder))


def joint_letter_request(letter: JointLetter) -> GeneratedDocument:
    """The joint letter's PDF, rendered once and frozen: what was sent is what stays."""
    return document_request(
        kind=JOINT_LETTER,
        object_id=letter.pk,
        title=f"Joint letter {letter.financial_year.year}, {letter.state.name}",
        filename=f"ccm-contributions-{letter.financial_year.year}-{letter.state.iso3.lower()}-{letter.pk}.pdf",
        freeze=True,
        language=letter.state.language,  # the State's language of correspondence
    )


def joint_letter_pdf_for(letter: JointLetter) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(kind=JOINT_LETTER, object_id=letter.pk).first()


def reminder_request(reminder: Reminder) -> GeneratedDocument:
    return document_request(
        kind=REMINDER,
        object_id=reminder.pk,
        title=f"Reminder of {reminder.round.run_on:%d %B %Y}, {reminder.state.name}",
        filename=f"ccm-reminder-{reminder.round.run_on:%Y-%m-%d}-{reminder.state.iso3.lower()}.pdf",
        freeze=True,
        language=reminder.state.language,  # the State's language of correspondence
    )
