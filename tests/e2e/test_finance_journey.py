"""The ISU issues the year's invoices, records a payment, and the dashboard's shortfall falls by
exactly that amount; the focal point of Iraq then finds the payment in the State portal."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.roles import FOCAL_POINTS
from finance.models import Invoice
from tests.factories import user_with_role
from tests.finance.conftest import assessed, msp, year  # noqa: F401  (fixtures)

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shortfall(page) -> Decimal:
    return Decimal(page.locator("#shortfall-current").get_attribute("data-amount"))


@pytest.mark.usefixtures("assessed")
def test_the_isu_issues_invoices_records_a_payment_and_the_shortfall_falls(page, isu_staff, iraq):
    log_in(page, "isu")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Finance", exact=True).click()
    page.get_by_role("link", name="Budgets and assessments").click()
    expect(page.get_by_role("heading", name="Contributions 2017")).to_be_visible()
    page.get_by_role("link", name="Issue the invoices…").click()
    # the confirmation page says what will happen, and fits a phone's width
    expect(page.locator("#confirm-what")).to_have_text(
        "5 invoices, numbers 2017-0001 to 2017-0005, to 3 States, total CHF 2,130.00."
    )
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    form = {name: page.locator(f"#confirm-form input[name={name}]").get_attribute("value")
            for name in ("csrfmiddlewaretoken", "confirm_token")}  # fmt: skip
    confirm_url = page.url
    page.get_by_role("button", name="Issue 5 invoices").click()
    expect(page.get_by_text("5 invoices issued, in one joint letter per State.")).to_be_visible()
    # the same form posted again (back and resubmit): nothing is issued twice
    again = page.request.post(confirm_url, form=form)
    assert "Already done: 5 invoices issued" in again.text()
    assert Invoice.objects.count() == 5

    page.get_by_role("link", name="Overview").click()
    before = shortfall(page)
    assert before == Decimal("2130.00")  # the whole budget (1,000) and the meeting with its PSC (1,130)

    page.get_by_role("link", name="Record a payment").first.click()
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    page.wait_for_load_state("load")  # htmx set up: the State's change reloads the invoice list
    page.locator("#id_state").select_option(label="Iraq")
    page.get_by_label("Invoice paid").select_option(value=str(invoice.pk))
    # the invoices were issued today: a payment cannot be dated before them
    page.locator("#id_date").fill(timezone.localdate().isoformat())
    page.locator("#id_amount").fill("150.00")
    page.get_by_label("Reference").fill("IQ transfer 17/03")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Payment of CHF 150.00 from Iraq recorded.")).to_be_visible()
    expect(page.locator("#account-outstanding")).to_have_text("CHF 332.50")  # 200 + 282.50 − 150

    page.get_by_role("link", name="Overview").click()
    assert before - shortfall(page) == Decimal("150.00")


@pytest.mark.usefixtures("assessed")
def test_the_focal_point_sees_its_states_invoices_only(page, isu_staff, iraq, italy):
    from finance import services
    from finance.models import FinancialYear

    services.invoices_issue(financial_year=FinancialYear.objects.get(year=2017), by=isu_staff)
    user_with_role("focal-iraq", FOCAL_POINTS, state=iraq)
    log_in(page, "focal-iraq")
    expect(page).to_have_url(re.compile(r"/states/IRQ/$"))  # lands on the State's page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices and payments").click()
    expect(
        page.get_by_role("heading", name="Iraq: contributions to the Convention on Cluster Munitions")
    ).to_be_visible()
    for invoice in Invoice.objects.filter(state=iraq):
        expect(page.get_by_text(invoice.display_number).first).to_be_visible()
    assert page.get_by_text("Italy").count() == 0
    page.get_by_role("button", name="Prepare the PDF").click()
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=30_000)
