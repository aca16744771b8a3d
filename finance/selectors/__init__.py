"""What the finance pages read: `access` loads each object for a user (404 for anybody who may
not see it), `reports` sums the dashboard's figures in SQL, `letters` finds the joint letters
and their PDFs. The access loaders are re-exported here (`from finance.selectors import year_for`)."""

from .access import (
    credit_note_for,
    finance_office_for,
    invoice_for,
    joint_letter_for,
    portal_state_for,
    reminder_for,
    reminder_round_for,
    state_account_for,
    statement_for,
    year_for,
)

__all__ = [
    "credit_note_for",
    "finance_office_for",
    "invoice_for",
    "joint_letter_for",
    "portal_state_for",
    "reminder_for",
    "reminder_round_for",
    "state_account_for",
    "statement_for",
    "year_for",
]
