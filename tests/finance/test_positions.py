"""Outstanding is not overdue, and every figure reconciles (issue 15).

The small year of conftest: invoices issued on 5 January 2017, due on 6 June 2017 (90 days before
the meeting of 4 September). Iraq owes 482.50 (two invoices), Italy 1,447.50, Australia 200.00."""

import datetime
import re
import subprocess
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance import services
from finance.models import Payment, Reminder, ReminderRound

ISSUE_DAY = datetime.date(2017, 1, 5)
AFTER_DUE = datetime.date(2017, 7, 1)
AMOUNT = re.compile(r"-?\d{1,3}(?:[,'’ ]\d{3})*\.\d{2}")


def at(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00:00+01:00"), tick=False)


def money(text: str) -> D:
    return D(re.sub(r"[,'’ ]", "", text))


def pdf_rows_and_total(path) -> tuple[list[D], D]:
    """The outstanding column of each invoice row of a reminder letter, and its total."""
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    rows, total = [], None
    for line in text.splitlines():
        if re.search(r"\b\d{4}-\d{4}\b", line):
            rows.append(money(AMOUNT.findall(line)[-1]))
        elif "Total outstanding" in line:
            total = money(AMOUNT.findall(line)[-1])
    return rows, total


# --- 1. due and overdue ---------------------------------------------------------------------


def test_a_round_on_the_day_of_issue_sends_nothing(issued):
    assert services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, today=ISSUE_DAY) is None
    assert not Reminder.objects.exists()


def test_the_page_says_why_no_reminder_was_sent(client, issued, isu_staff):
    client.force_login(isu_staff)
    with at("2017-01-05"):
        response = client.get(reverse("finance:reminder-round-start"))
    assert "No invoice is overdue on 5 January 2017" in response.content.decode()
    assert not Reminder.objects.exists()


def test_the_dashboard_on_the_day_of_issue_shows_outstanding_not_in_arrears(client, issued, isu_staff):
    client.force_login(isu_staff)
    with at("2017-01-05"):
        page = client.get(reverse("finance:dashboard")).content.decode()
    assert "Nobody is in arrears." in page
    assert "0 States in arrears" in page
    assert 'id="outstanding-not-due"' in page and "CHF 2,130.00" in page  # 1,447.50 + 200.00 + 482.50


def test_after_the_due_date_the_dashboard_lists_the_arrears(client, issued, isu_staff):
    client.force_login(isu_staff)
    with at("2017-07-01"):
        page = client.get(reverse("finance:dashboard")).content.decode()
    assert "3 States in arrears" in page and "Nobody is in arrears." not in page


def test_the_state_portal_shows_outstanding_and_overdue(client, issued, focal_point_iraq):
    client.force_login(focal_point_iraq)
    with at("2017-01-05"):
        page = client.get(reverse("finance:my-account")).content.decode()
    assert re.search(r'id="account-outstanding">CHF 482.50<', page)
    assert re.search(r'id="account-overdue">CHF 0.00<', page)
    with at("2017-07-01"):
        page = client.get(reverse("finance:my-account")).content.decode()
    assert re.search(r'id="account-overdue">CHF 482.50<', page)


# --- 2. the reminder's total is the sum of its rows ---------------------------------------


def test_the_reminder_total_is_the_sum_of_its_rows_even_after_a_later_payment(issued, iraq, iraq_treasury, mailoutbox):
    """Iraq's letter listed rows summing to less than its total: the rows were read on the day the
    letter was rendered, the total on the day of the round. A payment came in between."""
    services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, today=AFTER_DUE)
    reminder = Reminder.objects.get(state=iraq)
    services.payment_record(state=iraq, date=datetime.date(2017, 7, 3), amount=D("100.00"))
    services.reminder_send(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    rows, total = pdf_rows_and_total(reminder.document.file.path)
    assert rows == [D("200.00"), D("282.50")]  # as of 1 July 2017, the date of the letter
    assert total == sum(rows) == D("482.50")
    assert reminder.outstanding == total
    [message] = mailoutbox
    assert "CHF 482.50." in message.body.replace("\xa0", " ")  # the e-mail says the letter's total


def test_a_partly_paid_state_is_reminded_of_what_it_owes(issued, italy):
    services.payment_record(state=italy, date=datetime.date(2017, 2, 1), amount=D("100.00"))
    services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, today=AFTER_DUE)
    reminder = Reminder.objects.get(state=italy)
    services.reminder_send(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    rows, total = pdf_rows_and_total(reminder.document.file.path)
    assert total == sum(rows) == D("1347.50")


# --- 5. absurd payments are refused --------------------------------------------------------


def test_a_payment_dated_before_its_invoice_is_refused(issued, iraq):
    invoice = iraq.invoices.order_by("number").first()
    with pytest.raises(ValidationError, match="before invoice"):
        services.payment_record(state=iraq, date=datetime.date(2016, 12, 31), amount=D("10.00"), invoice=invoice)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount", ["0.00", "-5.00", "48250.01"])
def test_an_absurd_amount_is_refused(issued, iraq, amount):
    with pytest.raises(ValidationError):
        services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D(amount))
    assert not Payment.objects.exists()


def test_a_hundred_times_what_is_outstanding_is_still_accepted(issued, iraq):
    services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("48250.00"))
    assert Payment.objects.count() == 1


def test_the_form_says_why_a_payment_is_refused(client, issued, iraq, isu_staff):
    client.force_login(isu_staff)
    invoice = iraq.invoices.order_by("number").first()
    response = client.post(
        reverse("finance:payment-create"),
        {"state": iraq.pk, "invoice": invoice.pk, "date": "2016-12-01", "amount": "10.00", "reference": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "before invoice 2017-0002 was issued" in page
    response = client.post(
        reverse("finance:payment-create"),
        {"state": iraq.pk, "invoice": "", "date": "2017-02-01", "amount": "1000000.00", "reference": ""},
    )
    assert "more than 100 times" in response.content.decode()
    assert not Payment.objects.exists()
