"""Finance PDFs on a real worker through Redis: the joint letter with both invoices, and a
reminder round whose letters are rendered and e-mailed by the worker."""

import datetime
import subprocess

import pytest

from documents.models import GeneratedDocument
from finance import services
from finance.models import JointLetter, Reminder, ReminderRound
from finance.pdfs import joint_letter_request
from tests.finance.conftest import TREASURY_EMAIL, assessed, iraq_treasury, issued, msp, year  # noqa: F401

from .conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _pdf_text(document: GeneratedDocument) -> str:
    with document.file.open("rb") as pdf:
        data = pdf.read()
    assert data[:4] == b"%PDF"
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.mark.usefixtures("issued")
def test_the_joint_letter_is_rendered_by_a_real_worker_with_both_invoices(celery_worker_process, iraq):
    letter = JointLetter.objects.get(state=iraq)
    document = joint_letter_request(letter)
    assert document.status == GeneratedDocument.Status.QUEUED
    assert wait_for(lambda: GeneratedDocument.objects.get(pk=document.pk).is_ready, timeout=60)
    document.refresh_from_db()
    text = _pdf_text(document)
    assert letter.isu_invoice.display_number in text and letter.un_invoice.display_number in text
    assert "Republic of Iraq" in text or "Iraq" in text


@pytest.mark.usefixtures("issued", "focal_point_iraq", "iraq_treasury")
def test_a_reminder_round_is_rendered_and_mailed_by_the_worker(celery_worker_process, iraq):
    reminder_round = services.reminder_round_start(
        trigger=ReminderRound.Trigger.MANUAL,
        today=datetime.date(2017, 7, 1),  # overdue since 6 June
    )
    assert wait_for(lambda: not reminder_round.reminders.filter(emailed_at__isnull=True).exists(), timeout=90)
    reminder = Reminder.objects.get(round=reminder_round, state=iraq)
    assert reminder.recipients == TREASURY_EMAIL  # the finance contact, not the focal point
    assert "482.50" in _pdf_text(reminder.document)
    mails = [p.read_text() for p in celery_worker_process.iterdir()]
    assert any(TREASURY_EMAIL in m and "application/pdf" in m for m in mails)
