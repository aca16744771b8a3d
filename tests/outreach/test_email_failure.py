"""A letter whose e-mail fails says so: the letter page shows "E-mail failed: <reason>" and offers
to try again, and the message after sending says what happened rather than "being e-mailed"."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from directory.models import Contact
from outreach import services
from tests.confirming import confirm

# Committed transactions: the e-mail task runs when the view's change commits, as in production
# (eager Celery), so the message after sending can say what became of it.
pytestmark = pytest.mark.django_db(transaction=True)

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Mail server temporarily rejected message")


@pytest.fixture
def approved(objects, isu_staff):
    letter = objects["consolidated_letter"]  # to Afghanistan, whose mission has an e-mail address
    services.letter_approve(letter=letter, by=isu_staff)
    return letter


def send(client, letter):
    return client.post(reverse("outreach:letter-send", args=[letter.pk]), follow=True)


def test_a_recipient_address_with_a_newline_fails_with_its_reason(client, isu_staff, world, approved, settings):
    settings.EMAIL_BACKEND = LOCMEM
    Contact.objects.filter(state=world["afg"]).update(email="mission@afg.invalid\nBcc: spy@elsewhere.invalid")
    client.force_login(isu_staff)
    mail.outbox.clear()
    response = send(client, approved)
    html = response.content.decode()
    assert mail.outbox == []
    assert "being e-mailed" not in html
    assert "E-mail failed:" in html and "newline" in html
    page = client.get(reverse("outreach:letter-detail", args=[approved.pk])).content.decode()
    assert "E-mail failed:" in page and "newline" in page
    assert "Try the e-mail again" in page


def test_a_refusing_mail_server_is_shown_then_a_retry_sends(client, isu_staff, approved, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    client.force_login(isu_staff)
    response = send(client, approved)
    assert "E-mail failed:" in response.content.decode()
    page = client.get(reverse("outreach:letter-detail", args=[approved.pk])).content.decode()
    assert "E-mail failed:" in page and "451" in page and "temporarily rejected" in page

    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox.clear()
    response = send(client, approved)
    html = response.content.decode()
    assert "e-mailed to mission@afg.invalid" in html
    assert "E-mail failed:" not in html
    assert len(mail.outbox) == 1


def test_a_campaign_send_counts_the_failures(client, isu_staff, objects, world, settings):
    settings.EMAIL_BACKEND = LOCMEM
    Contact.objects.filter(state=world["ben"]).update(email="mission@ben.invalid\r\nX-Injected: 1")
    client.force_login(isu_staff)
    client.post(reverse("outreach:campaign-approve", args=[objects["consolidated"].pk]))
    mail.outbox.clear()
    response = confirm(client, reverse("outreach:campaign-send", args=[objects["consolidated"].pk]), follow=True)
    html = response.content.decode()
    assert len(mail.outbox) == 2
    assert "2 letters e-mailed" in html
    assert "1 could not be e-mailed" in html and "Benin" in html
