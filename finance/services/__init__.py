"""The finance write operations: scale import, budgets and assessments, invoices and credit notes,
payments, bank statements and reminder rounds. Each runs in a transaction and checks its rules.

One module per family; the names callers use (`from finance import services; services.x(...)`)
are re-exported here."""

from .bank import (
    INVOICE_NUMBER,
    LARGEST_AMOUNT,
    bank_line_confirm,
    bank_line_ignore,
    bank_statement_import,
    parse_bank_csv,
    propose_match,
)
from .credit_notes import credit_note_issue
from .invoices import invoice_create, invoices_issue, isu_lines, joint_letters_request, un_lines
from .payments import Balance, credit_apply, payment_record, state_balance, state_open_invoices
from .reminders import (
    REMINDER_EMAIL,
    next_scheduled_round,
    reminder_emailed,
    reminder_letter_prepare,
    reminder_recipients,
    reminder_round_start,
    reminder_send,
    scheduled_reminder_round,
    states_in_arrears,
)
from .years import (
    assessments_compute,
    financial_year_create,
    financial_year_update,
    parse_scale_csv,
    scale_import,
    states_parties,
    year_totals,
)

__all__ = [
    "INVOICE_NUMBER",
    "LARGEST_AMOUNT",
    "REMINDER_EMAIL",
    "Balance",
    "assessments_compute",
    "bank_line_confirm",
    "bank_line_ignore",
    "bank_statement_import",
    "credit_apply",
    "credit_note_issue",
    "financial_year_create",
    "financial_year_update",
    "invoice_create",
    "invoices_issue",
    "isu_lines",
    "joint_letters_request",
    "next_scheduled_round",
    "parse_bank_csv",
    "parse_scale_csv",
    "payment_record",
    "propose_match",
    "reminder_emailed",
    "reminder_letter_prepare",
    "reminder_recipients",
    "reminder_round_start",
    "reminder_send",
    "scale_import",
    "scheduled_reminder_round",
    "state_balance",
    "state_open_invoices",
    "states_in_arrears",
    "states_parties",
    "un_lines",
    "year_totals",
]
