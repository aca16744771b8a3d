"""The reminder schedule (time frozen): a first round the day after the invoices fall due, then one
every two months; one personalised letter per State in arrears (overdue), e-mailed and logged;
never twice the same day."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail

from finance import services, tasks
from finance.models import Reminder, ReminderRound
from finance.services import reminders
from meetings.models import Meeting  # noqa: F401  (the MSP fixture)

from .conftest import TREASURY_EMAIL


@pytest.fixture(autouse=True)
def _commit(monkeypatch, django_capture_on_commit_callbacks):
    """The letters are rendered and e-mailed after the round's transaction commits: run those
    callbacks as each round's service returns (the test's own transaction never commits)."""
    start = services.reminder_round_start

    def start_and_commit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return start(**kwargs)

    monkeypatch.setattr(services, "reminder_round_start", start_and_commit)  # the pages' door
    monkeypatch.setattr(reminders, "reminder_round_start", start_and_commit)  # the schedule's


def at(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T06:00:00+01:00"), tick=False)


def test_no_round_before_two_months_then_one_letter_per_state_in_arrears(issued, australia, iraq, italy,
                                                                         focal_point_iraq, iraq_treasury):  # fmt: skip
    services.payment_record(state=australia, date=datetime.date(2017, 2, 1), amount=D("200.00"))  # paid in full
    services.payment_record(state=italy, date=datetime.date(2017, 2, 1), amount=D("100.00"))  # partly
    with at("2017-03-05"):  # two months after the invoices went out, but none is due before 6 June
        assert tasks.scheduled_reminder_round.delay().get() == 0
    with at("2017-06-06"):  # due today: not overdue yet
        assert tasks.scheduled_reminder_round.delay().get() == 0
    assert not ReminderRound.objects.exists()
    with at("2017-06-07"):
        assert tasks.scheduled_reminder_round.delay().get() == 2
        assert tasks.scheduled_reminder_round.delay().get() == 0  # the beat fires again the same day
    reminder_round = ReminderRound.objects.get()
    assert reminder_round.trigger == ReminderRound.Trigger.SCHEDULED
    assert reminder_round.run_on.isoformat() == "2017-06-07"
    reminders = {r.state: r for r in reminder_round.reminders.all()}
    assert set(reminders) == {iraq, italy}
    assert reminders[italy].outstanding == D("1347.50") and reminders[iraq].outstanding == D("482.50")
    assert reminders[iraq].invoices.count() == 2
    iraq_reminder = reminders[iraq]
    assert iraq_reminder.document.is_ready and iraq_reminder.document.kind == "finance-reminder"
    # to the State's finance contact, not to its focal point's portal account
    assert iraq_reminder.recipients == TREASURY_EMAIL and iraq_reminder.emailed_at is not None
    [message] = [m for m in mail.outbox if "Iraq" in m.subject]
    assert message.to == [TREASURY_EMAIL] and message.attachments[0][2] == "application/pdf"
    assert reminders[italy].recipients == ""  # nobody on record: the letter waits in the portal
    with at("2017-08-06"):
        assert tasks.scheduled_reminder_round.delay().get() == 0
    with at("2017-08-07"):
        assert tasks.scheduled_reminder_round.delay().get() == 2
    assert ReminderRound.objects.count() == 2


def test_the_interval_is_a_setting(issued, settings):
    settings.FINANCE_REMINDER_INTERVAL_MONTHS = 1
    with at("2017-06-07"):
        assert services.scheduled_reminder_round() is not None
    with at("2017-07-06"):
        assert services.scheduled_reminder_round() is None
    with at("2017-07-07"):
        assert services.scheduled_reminder_round() is not None


def test_nothing_unpaid_means_no_round(issued, australia, iraq, italy):
    for state, amount in ((australia, "200.00"), (iraq, "482.50"), (italy, "1447.50")):
        services.payment_record(state=state, date=datetime.date(2017, 2, 1), amount=D(amount))
    with at("2017-06-01"):
        assert services.scheduled_reminder_round() is None
    assert services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL) is None


def test_the_isu_runs_a_round_by_hand_any_day(issued, isu_staff):
    reminder_round = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, by=isu_staff)
    assert reminder_round.started_by == isu_staff and reminder_round.reminders.count() == 3
    again = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, by=isu_staff)
    assert again is not None  # by hand, the ISU decides
    assert Reminder.objects.filter(document__isnull=False).count() == 6


def test_the_reminder_letter_names_the_state_and_its_invoices(issued, iraq, isu_staff):
    import subprocess

    services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, by=isu_staff)
    document = Reminder.objects.get(state=iraq).document
    text = subprocess.run(["pdftotext", document.file.path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Iraq" in text and "2017-0002" in text and "2017-0003" in text and "482.50" in text
