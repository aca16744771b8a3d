"""A letter's e-mail is sent with no lock held on the letter (nor any transaction open), and once
even when its task reaches two workers at the same time."""

import pytest
from django.db import connection

from outreach import services
from outreach.models import Letter
from tests.test_notify import Counting, Witness, run_at_once


@pytest.fixture
def queued(world, consolidated, isu_staff):
    """Afghanistan's letter, approved and asked to be e-mailed (its task not yet run)."""
    services.campaign_generate(campaign=consolidated)
    letter = consolidated.letters.get(state=world["afg"])
    services.letter_approve(letter=letter, by=isu_staff)
    Letter.objects.filter(pk=letter.pk).update(send_queued_at="2017-03-05T09:00:00Z")
    return letter


@pytest.mark.django_db(transaction=True)
def test_the_letter_is_emailed_outside_any_transaction(queued, settings):
    settings.EMAIL_BACKEND = "tests.test_notify.Witness"
    Witness.seen.clear()
    assert services.letter_send_email(letter_id=queued.pk) is True
    assert Witness.seen == [(False, "idle" if connection.vendor == "postgresql" else None)]
    queued.refresh_from_db()
    assert queued.status == Letter.Status.SENT and queued.sent_to == "mission@afg.invalid"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_letter_send_one_email(queued, settings):
    settings.EMAIL_BACKEND = "tests.test_notify.Counting"
    Counting.sent.clear()
    results = run_at_once(services.letter_send_email, letter_id=queued.pk)
    assert sorted(results) == [False, True]
    assert Counting.sent == ["mission@afg.invalid"]
