"""The write operations of outreach. Each runs in one transaction, checks its rule, records who
did it, and queues any task (a PDF, an e-mail) after commit.

templates.py saves a letter template; campaigns.py creates campaigns and generates, approves their
letters (with the PDFs' progress and response rate); letters.py approves, edits and records one
letter sent by hand; email.py e-mails letters through the outbox and records the outcome;
answers.py logs a State's answer and checks its file; followups.py and contacts.py plan démarches
and add contacts; reminders.py sends the no-answer digests. Callers use `services.<name>`: every
public name is re-exported here."""

from .answers import (
    RESPONSE_FILE_ACTIVE_MARKUP,
    RESPONSE_FILE_MAX_BYTES,
    RESPONSE_FILE_TYPES,
    check_response_file,
    response_log,
)
from .campaigns import (
    GenerationResult,
    area_paragraphs,
    campaign_approve_all,
    campaign_create,
    campaign_generate,
    campaign_progress,
    render_letter_text,
    response_rate,
)
from .contacts import contact_add, contact_emails
from .email import LETTER_EMAIL, campaign_send, letter_emailed, letter_send, letter_send_email, letters_send_outcome
from .followups import followup_add, followup_done
from .letters import letter_approve, letter_edit_and_approve, letter_mark_sent, letter_pdf_request
from .reminders import remind_unanswered
from .templates import template_save

__all__ = [
    "LETTER_EMAIL",
    "RESPONSE_FILE_ACTIVE_MARKUP",
    "RESPONSE_FILE_MAX_BYTES",
    "RESPONSE_FILE_TYPES",
    "GenerationResult",
    "area_paragraphs",
    "campaign_approve_all",
    "campaign_create",
    "campaign_generate",
    "campaign_progress",
    "campaign_send",
    "check_response_file",
    "contact_add",
    "contact_emails",
    "followup_add",
    "followup_done",
    "letter_approve",
    "letter_edit_and_approve",
    "letter_emailed",
    "letter_mark_sent",
    "letter_pdf_request",
    "letter_send",
    "letter_send_email",
    "letters_send_outcome",
    "remind_unanswered",
    "render_letter_text",
    "response_log",
    "response_rate",
    "template_save",
]
