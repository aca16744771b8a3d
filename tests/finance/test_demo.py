"""The finance demo: the 2017 shares add up to the budget to the centime, Iraq's joint letter is
ready for focal-iraq, a reminder round was logged, a shortfall is left, and a second load adds nothing."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from documents.models import GeneratedDocument
from finance import services
from finance.models import Assessment, FinancialYear, Invoice, JointLetter, Payment, Reminder, ReminderRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_world_rendered):  # Iraq's letters rendered, as load_demo's commit does
    return FinancialYear.objects.get(year=2017)


def test_the_60_and_40_percent_shares_add_up_to_the_budget_to_the_centime(demo):
    totals = Assessment.objects.filter(financial_year=demo).aggregate(s60=Sum("share60"), s40=Sum("share40"))
    assert totals["s60"] == demo.isu_budget * D("0.6") == D("312000.00")
    assert totals["s40"] == demo.isu_budget * D("0.4") == D("208000.00")
    un = Assessment.objects.filter(financial_year=demo).aggregate(cost=Sum("un_cost"), psc=Sum("un_psc"))
    assert un["cost"] == demo.meeting_cost and un["psc"] == D("41392.00")  # 13 % of 318,400


def test_paid_partly_paid_reminded_and_a_shortfall(demo):
    statuses = {i.status for i in Invoice.objects.with_balance().filter(financial_year=demo)}
    assert {"paid", "partly paid"} <= statuses
    assert Payment.objects.exists() and ReminderRound.objects.count() == 1
    arrears = services.states_in_arrears()
    assert arrears and sum(position.overdue for position in arrears.values()) > 0
    assert Reminder.objects.filter(round__run_on="2017-06-07").count() > 0


def test_focal_iraq_downloads_iraqs_joint_letter(client, demo):
    from django.contrib.auth import get_user_model

    letter = JointLetter.objects.get(financial_year=demo, state__iso3="IRQ")
    document = GeneratedDocument.objects.get(kind="finance-joint-letter", object_id=letter.pk)
    assert document.is_ready
    client.force_login(get_user_model().objects.get(username="focal-iraq"))
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 200
    other = JointLetter.objects.exclude(state__iso3="IRQ").first()
    assert client.post(reverse("finance:letter-pdf", args=[other.pk])).status_code == 404


def test_a_second_load_adds_nothing(demo):
    counts = (Invoice.objects.count(), Payment.objects.count(), Reminder.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Invoice.objects.count(), Payment.objects.count(), Reminder.objects.count()) == counts


def test_iraqs_reminder_totals_its_rows_to_the_centime(demo):
    """The letter once listed 2,040.87 and 1,761.09 under "Total outstanding 4,301.96": the total
    was read on the round's day, the rows when the letter was rendered, after Iraq paid 500.00."""
    from documents.services import document_render
    from tests.finance.test_positions import pdf_rows_and_total

    reminder = Reminder.objects.get(state__iso3="IRQ")
    document = document_render(document_id=reminder.document_id)
    rows, total = pdf_rows_and_total(document.file.path)
    assert rows == [D("2040.87"), D("1761.09")]
    assert total == sum(rows) == D("3801.96") == reminder.outstanding
    out = io.StringIO()
    call_command("finance_check", stdout=out)
    assert out.getvalue().startswith("0 differences")


def test_the_demo_writes_to_finance_contacts_and_lists_a_state_without_an_address(demo):
    from directory.models import State
    from finance.selectors.recipients import finance_contact, states_without_address

    iraq = State.objects.get(iso3="IRQ")
    assert services.reminder_recipients(iraq) == ["finance@mission-iraq.example"]
    assert "Finance" in finance_contact(iraq).name
    assert Reminder.objects.get(state=iraq).recipients == "finance@mission-iraq.example"
    arrears = services.states_in_arrears()
    assert [state.iso3 for state in states_without_address(arrears)] == ["ZMB"]
