"""The no-answer reminder: one digest per owner after the configured weeks, never twice in the interval."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from outreach import services, tasks
from outreach.models import Letter, ReminderLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_letters(consolidated, isu_staff, world):
    with time_machine.travel(datetime.datetime(2017, 1, 10, 9, tzinfo=datetime.UTC), tick=False):
        services.campaign_generate(campaign=consolidated)
        for letter in consolidated.letters.all():
            services.letter_approve(letter=letter, by=isu_staff)
            services.letter_mark_sent(letter=letter, channel="hand", by=isu_staff)
    return list(consolidated.letters.order_by("state__name"))


def test_owner_gets_one_digest_of_unanswered_letters_once(sent_letters, isu_staff, settings):
    settings.OUTREACH_NO_ANSWER_WEEKS = 6
    afghanistan = sent_letters[0]
    services.response_log(letter=afghanistan, date=datetime.date(2017, 1, 20), channel="email", summary="Yes",
                          by=isu_staff)  # fmt: skip
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2017, 2, 1, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.remind_unanswered() == 0  # three weeks only
    with time_machine.travel(datetime.datetime(2017, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.remind_unanswered() == 1
        assert tasks.remind_unanswered() == 0  # the same day: nothing new
    (digest,) = mail.outbox
    assert digest.to == [isu_staff.email]
    assert "Benin" in digest.body and "Lebanon" in digest.body and "Afghanistan" not in digest.body
    assert ReminderLog.objects.count() == 2
    assert set(Letter.objects.filter(status="no_answer").values_list("state__name", flat=True)) == {"Benin", "Lebanon"}
    # six weeks later, still no answer: reminded again
    with time_machine.travel(datetime.datetime(2017, 4, 15, 9, tzinfo=datetime.UTC), tick=False):
        call_command("outreach_reminders")
    assert len(mail.outbox) == 2


def test_an_answer_after_no_answer_stops_the_reminders(sent_letters, isu_staff):
    with time_machine.travel(datetime.datetime(2017, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        tasks.remind_unanswered()
    for letter in sent_letters:
        services.response_log(letter=letter, date=datetime.date(2017, 3, 2), channel="email", summary="x",
                              by=isu_staff)  # fmt: skip
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2017, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.remind_unanswered() == 0
    assert Letter.objects.filter(status="answered").count() == 3


def test_the_beat_schedule_names_the_task():
    from django.conf import settings

    from ccm_portal.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "outreach.tasks.remind_unanswered" in names
    assert tasks.remind_unanswered.name == "outreach.tasks.remind_unanswered"
