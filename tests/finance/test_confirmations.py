"""Issue 15, confirm before the irreversible: issuing a year's invoices and starting a reminder
round show what they will do (counts, numbers, totals, the States), and act once per one-time
token: a second POST of the same token does nothing again, a POST without one does nothing.

The year of tests/finance/conftest.py: Italy, Australia and Iraq assessed on a budget of 1,000.00
and a meeting costing 1,000.00 (+ 13 % PSC), Italy and Iraq taking part in it."""

import datetime
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from directory.roles import ISU_STAFF
from finance import services
from finance.models import Invoice, JointLetter, Reminder, ReminderRound
from finance.selectors.plans import issue_plan
from outbox import once
from outbox.models import OneTimeAction
from tests.confirming import token_in
from tests.factories import user_with_role

ISSUE = reverse("finance:year-issue", args=[2017])
YEAR = reverse("finance:year-detail", args=[2017])
START = reverse("finance:reminder-round-start")

# What the fixture's year gives (by hand: 60 % of 1,000 by UN rate among the three parties, 40 %
# and the meeting's cost + 13 % among Italy and Iraq).
ISSUE_SAYS = "5 invoices, numbers 2017-0001 to 2017-0005, to 3 States, total CHF 2,130.00."
PER_STATE = [
    "Australia: ISU contribution CHF 200.00",
    "Iraq: ISU contribution CHF 200.00, UN conference services CHF 282.50",
    "Italy: ISU contribution CHF 600.00, UN conference services CHF 847.50",
]
REFUSED = "This action is done from its confirmation page"


def text(response) -> str:
    return response.content.decode()


def issued_rows() -> tuple[int, int, list[int]]:
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    return Invoice.objects.count(), JointLetter.objects.count(), numbers


# --- issuing the year's invoices -------------------------------------------------------------


def test_the_issue_page_says_how_many_invoices_their_numbers_and_total_and_changes_nothing(client, isu_staff, assessed):
    client.force_login(isu_staff)
    page = text(client.get(ISSUE))
    assert ISSUE_SAYS in page
    for line in PER_STATE:
        assert line in page
    assert "cannot be deleted or changed, only credited" in page
    assert "due on 6 June 2017" in page  # 90 days before the meeting of 4 September 2017
    assert 'name="confirm_token"' in page and "Issue 5 invoices" in page
    assert issued_rows() == (0, 0, [])


def test_the_year_page_leads_to_the_confirmation_not_to_the_action(client, isu_staff, assessed):
    client.force_login(isu_staff)
    page = text(client.get(YEAR))
    assert f'href="{ISSUE}"' in page and f'action="{ISSUE}"' not in page


def test_the_first_post_issues_and_a_second_post_of_the_same_token_does_not(client, isu_staff, assessed):
    client.force_login(isu_staff)
    token = token_in(client.get(ISSUE))
    first = client.post(ISSUE, {"confirm_token": token}, follow=True)
    assert first.redirect_chain[-1][0] == YEAR
    assert "5 invoices issued, in one joint letter per State." in text(first)
    assert issued_rows() == (5, 3, [1, 2, 3, 4, 5])  # the numbers the page announced

    again = client.post(ISSUE, {"confirm_token": token}, follow=True)  # a double click, back and resubmit
    assert again.redirect_chain[-1][0] == YEAR
    assert "Already done: 5 invoices issued, in one joint letter per State." in text(again)
    assert issued_rows() == (5, 3, [1, 2, 3, 4, 5])
    assert OneTimeAction.objects.filter(action="finance.year-issue").count() == 1

    page = text(client.get(ISSUE))  # nothing left to issue: no confirmation offered
    assert "Every State already has its invoices: there is nothing to issue." in page
    assert 'name="confirm_token"' not in page


def test_a_post_without_a_valid_token_issues_nothing(client, isu_staff, assessed):
    client.force_login(isu_staff)
    facts = issue_plan(assessed).facts()
    made_elsewhere = [
        once.token_for(user=isu_staff, action="finance.reminder-round-start", target="", facts=facts),
        once.token_for(user=isu_staff, action="finance.year-issue", target=2016, facts=facts),
    ]
    for token in ["", "forged", "x:y:z", *made_elsewhere]:
        data = {"confirm_token": token} if token else {}
        response = client.post(ISSUE, data, follow=True)
        assert response.redirect_chain[-1][0] == ISSUE, token  # back to the confirmation page
        assert REFUSED in text(response), token
    assert issued_rows() == (0, 0, [])
    assert not OneTimeAction.objects.exists()


def test_a_token_of_another_person_is_refused(client, isu_staff, assessed):
    client.force_login(isu_staff)
    token = token_in(client.get(ISSUE))
    colleague = Client()
    colleague.force_login(user_with_role("isu-colleague", ISU_STAFF))
    assert REFUSED in text(colleague.post(ISSUE, {"confirm_token": token}, follow=True))
    assert issued_rows() == (0, 0, [])


def test_the_missing_invoice_after_a_credit_note_is_announced_with_its_number(client, isu_staff, issued, iraq):
    un_invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.UN_SERVICES)
    client.force_login(isu_staff)
    services.credit_note_issue(invoice=un_invoice, reason="Wrong meeting", by=isu_staff)  # takes 2017-0006
    page = text(client.get(ISSUE))
    assert "1 invoice, number 2017-0007, to 1 State, total CHF 282.50." in page
    assert "Iraq: UN conference services CHF 282.50" in page
    client.post(ISSUE, {"confirm_token": token_in(client.get(ISSUE))})
    reissued = Invoice.objects.get(state=iraq, kind=Invoice.Kind.UN_SERVICES, number=7)
    assert reissued.amount == un_invoice.amount


def test_a_confirmation_whose_figures_changed_is_refused(client, isu_staff, issued, iraq):
    un_invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.UN_SERVICES)
    services.credit_note_issue(invoice=un_invoice, reason="Wrong meeting", by=isu_staff)
    client.force_login(isu_staff)
    token = token_in(client.get(ISSUE))  # "number 2017-0007"
    italy_un = Invoice.objects.get(state__iso3="ITA", kind=Invoice.Kind.UN_SERVICES)
    services.credit_note_issue(invoice=italy_un, reason="Wrong meeting", by=isu_staff)  # 2017-0007: now two, from 0008
    before = issued_rows()
    response = client.post(ISSUE, {"confirm_token": token}, follow=True)
    assert "has changed since its confirmation page was shown" in text(response)
    assert issued_rows() == before
    assert "2 invoices, numbers 2017-0008 to 2017-0009, to 2 States, total CHF 1,130.00." in text(response)


# --- starting a reminder round ---------------------------------------------------------------


def on(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+02:00"), tick=False)


def test_the_round_page_names_the_states_in_arrears_and_those_without_an_address(
    client, isu_staff, issued, iraq_treasury
):
    client.force_login(isu_staff)
    with on("2017-07-01"):
        page = text(client.get(START))
    assert "Reminders to 3 States in arrears as of 1 July 2017: Australia, Iraq, Italy." in page
    assert "CHF 2,130.00 overdue in all" in page
    assert (
        "2 States have no e-mail address on record and will not be e-mailed: Australia, Italy." in page
    )  # Iraq has its treasury's address
    assert "Iraq: CHF 482.50" in page and "Italy: CHF 1,447.50" in page
    assert 'name="confirm_token"' in page and "Send 3 reminders" in page
    assert not ReminderRound.objects.exists()


def test_the_reminders_list_leads_to_the_confirmation(client, isu_staff, issued):
    client.force_login(isu_staff)
    with on("2017-07-01"):
        page = text(client.get(reverse("finance:reminder-list")))
    assert f'href="{START}"' in page and '<form method="post">' not in page


def test_the_first_post_starts_the_round_and_a_second_post_of_the_same_token_does_not(
    client, isu_staff, issued, iraq_treasury, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    mail.outbox.clear()
    with on("2017-07-01"):
        token = token_in(client.get(START))
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(START, {"confirm_token": token})
        reminder_round = ReminderRound.objects.get()
        assert first["Location"] == reverse("finance:reminder-round-detail", args=[reminder_round.pk])
        assert Reminder.objects.filter(round=reminder_round).count() == 3
        assert [m.to for m in mail.outbox] == [[iraq_treasury.email]]

        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(START, {"confirm_token": token}, follow=True)
        assert again.redirect_chain[-1][0] == first["Location"]
        assert "Already done: Reminder round of 1 July 2017 started: 3 letters." in text(again)
        assert ReminderRound.objects.count() == 1 and Reminder.objects.count() == 3
        assert len(mail.outbox) == 1


def test_a_round_post_without_a_token_starts_nothing(client, isu_staff, issued, django_capture_on_commit_callbacks):
    client.force_login(isu_staff)
    mail.outbox.clear()
    with on("2017-07-01"), django_capture_on_commit_callbacks(execute=True):
        for url in (START, reverse("finance:reminder-list")):  # the list's old POST is refused the same
            response = client.post(url, {}, follow=True)
            assert REFUSED in text(response)
    assert not ReminderRound.objects.exists() and not Reminder.objects.exists()
    assert mail.outbox == []


def at(moment: str):
    return time_machine.travel(datetime.datetime.fromisoformat(moment), tick=False)


def test_a_round_reviewed_before_midnight_and_confirmed_after_is_reviewed_again(client, isu_staff, issued):
    client.force_login(isu_staff)
    with at("2017-07-01T23:50:00+02:00"):
        token = token_in(client.get(START))
    with at("2017-07-02T00:10:00+02:00"):
        response = client.post(START, {"confirm_token": token}, follow=True)
    assert "has changed since its confirmation page was shown" in text(response)
    assert "as of 2 July 2017" in text(response)
    assert not ReminderRound.objects.exists()


def test_a_confirmation_page_left_open_half_a_day_has_expired(client, isu_staff, issued):
    client.force_login(isu_staff)
    with at("2017-07-01T08:00:00+02:00"):
        token = token_in(client.get(START))
    with at("2017-07-01T20:30:00+02:00"):
        response = client.post(START, {"confirm_token": token}, follow=True)
    assert "This confirmation page has expired" in text(response)
    assert not ReminderRound.objects.exists()


# --- two POSTs of one token at the same moment (real PostgreSQL, real row locks) -------------


@pytest.mark.postgres
def test_two_concurrent_posts_of_one_token_issue_the_invoices_once(transactional_db, isu_staff, assessed, monkeypatch):
    calls = []
    issue = services.invoices_issue

    def slow_issue(**kwargs):  # the first POST holds its claim a while: the second meets it uncommitted
        calls.append(threading.get_ident())
        time.sleep(0.5)
        return issue(**kwargs)

    monkeypatch.setattr(services, "invoices_issue", slow_issue)
    client = Client()
    client.force_login(isu_staff)
    token = token_in(client.get(ISSUE))
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def post():
        try:
            tab = Client()
            tab.force_login(isu_staff)
            barrier.wait(timeout=30)
            statuses.append(tab.post(ISSUE, {"confirm_token": token}))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert [response["Location"] for response in statuses] == [YEAR, YEAR]
    assert len(calls) == 1  # one POST acted, the other was shown its result
    assert issued_rows() == (5, 3, [1, 2, 3, 4, 5])
    assert OneTimeAction.objects.count() == 1
