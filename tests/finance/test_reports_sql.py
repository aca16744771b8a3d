"""The finance dashboard's sums, worked out in SQL: three years of invoices with partial payments,
an overpaid invoice, credit notes (whole and partial), and the figures worked out by hand.

Credit notes (negative) count in what was assessed, not in the invoices, what was received or
what is owed; an overpaid invoice owes nothing (its surplus does not pay another one here)."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance.models import FinancialYear, Invoice, Payment, PaymentAllocation, ScalePeriod
from finance.selectors import reports
from tests.factories import StateFactory

ISU, UN, CREDIT = Invoice.Kind.ISU_CONTRIBUTION, Invoice.Kind.UN_SERVICES, Invoice.Kind.CREDIT_NOTE


def _year(year: int) -> FinancialYear:
    period, _ = ScalePeriod.objects.get_or_create(name="2016-2018")
    return FinancialYear.objects.create(year=year, isu_budget=D("1000.00"), scale_period=period)


def _invoice(financial_year, state, kind, amount, credit_note_for=None) -> Invoice:
    return Invoice.objects.create(
        financial_year=financial_year,
        number=Invoice.objects.filter(year=financial_year.year).count() + 1,
        kind=kind,
        state=state,
        amount=D(amount),
        issue_date=datetime.date(financial_year.year, 1, 10),
        due_date=financial_year.due_date,  # 31 March: the years have no meeting
        credit_note_for=credit_note_for,
    )


def _credit(invoice, amount) -> Invoice:
    credit_note = _invoice(invoice.financial_year, invoice.state, CREDIT, f"-{amount}", credit_note_for=invoice)
    Invoice.objects.filter(pk=invoice.pk).store_balances()  # as credit_note_issue does
    return credit_note


def _pay(invoice, *amounts) -> None:
    """Allocations written directly, so that an invoice can be overpaid (its balance stored as the
    services store it)."""
    for amount in amounts:
        payment = Payment.objects.create(state=invoice.state, date=datetime.date(invoice.year, 2, 1), amount=D(amount))
        PaymentAllocation.objects.create(payment=payment, invoice=invoice, amount=D(amount))
    Invoice.objects.filter(pk=invoice.pk).store_balances()  # as the payment services do


@pytest.fixture
def years(italy, australia, iraq):
    y2016, y2017, y2018 = _year(2016), _year(2017), _year(2018)

    _pay(_invoice(y2016, italy, ISU, "1000.00"), "1000.00")  # paid
    _pay(_invoice(y2016, italy, UN, "500.00"), "400.00", "200.00")  # overpaid by 100.00: owes 0
    _pay(_invoice(y2016, iraq, ISU, "300.00"), "100.00")  # owes 200.00
    _invoice(y2016, iraq, UN, "200.00")  # owes 200.00
    _credit(_invoice(y2016, australia, ISU, "400.00"), "400.00")  # cancelled

    _pay(_invoice(y2017, italy, ISU, "1447.50"), "1000.10", "447.40")  # paid, in two payments
    _invoice(y2017, italy, UN, "282.50")  # owes 282.50
    iraq_isu = _invoice(y2017, iraq, ISU, "200.00")
    _credit(iraq_isu, "50.00")  # a partial credit note
    _pay(iraq_isu, "100.00")  # owes 200 − 50 − 100 = 50.00
    _pay(_invoice(y2017, iraq, UN, "282.50"), "82.50")  # owes 200.00
    _invoice(y2017, australia, ISU, "120.00")  # owes 120.00

    _invoice(y2018, italy, ISU, "100.00")  # owes 100.00
    _pay(_invoice(y2018, iraq, ISU, "60.00"), "60.00")  # paid
    _credit(_invoice(y2018, australia, UN, "80.00"), "80.00")  # cancelled
    return y2016, y2017, y2018


def _figures(row: reports.YearRow) -> tuple:
    return (
        row.financial_year.year, row.assessed, row.received, row.shortfall, row.isu_shortfall, row.un_shortfall,
        row.invoices, row.states_in_arrears,
    )  # fmt: skip


def test_year_rows_sum_each_year_by_hand(years, django_assert_num_queries):
    with django_assert_num_queries(3):  # the years, their sums, their States in arrears
        rows = reports.year_rows()
    assert [_figures(row) for row in rows] == [
        # year, assessed, received, shortfall, of which ISU, of which UN, invoices, States in arrears
        (2018, D("160.00"), D("60.00"), D("100.00"), D("100.00"), D("0.00"), 3, 1),
        (2017, D("2282.50"), D("1630.00"), D("652.50"), D("170.00"), D("482.50"), 5, 3),
        (2016, D("2000.00"), D("1700.00"), D("400.00"), D("200.00"), D("200.00"), 5, 1),
    ]
    assert rows[1].percent_received == 71  # 1,630.00 of 2,282.50
    assert {value.as_tuple().exponent for row in rows for value in _figures(row)[1:6]} == {-2}  # to the centime


def test_year_rows_agree_with_the_invoices_own_balances(years):
    """The same sums as adding up each invoice's balance in Python (what the page did before)."""
    expected = {}
    for invoice in Invoice.objects.with_balance():
        row = expected.setdefault(invoice.year, {"assessed": D(0), "received": D(0), "isu": D(0), "un": D(0),
                                                 "invoices": 0, "states": set()})  # fmt: skip
        row["assessed"] += invoice.amount
        if not invoice.is_credit_note:
            row["received"] += invoice.paid
            row["isu" if invoice.kind == ISU else "un"] += max(invoice.outstanding, D(0))
            row["invoices"] += 1
            if invoice.outstanding > 0:
                row["states"].add(invoice.state_id)
    assert {
        r.financial_year.year: (
            r.assessed,
            r.received,
            r.isu_shortfall,
            r.un_shortfall,
            r.invoices,
            r.states_in_arrears,
        )
        for r in reports.year_rows()
    } == {
        year: (row["assessed"], row["received"], row["isu"], row["un"], row["invoices"], len(row["states"]))
        for year, row in expected.items()
    }


def test_a_year_without_invoices_has_a_row_of_zeros(years):
    _year(2019)
    latest = reports.year_rows()[0]
    assert _figures(latest) == (2019, D("0.00"), D("0.00"), D("0.00"), D("0.00"), D("0.00"), 0, 0)
    assert latest.percent_received == 0
    assert reports.dashboard_panel()["year"].shortfall == D("0.00")


def test_arrears_by_state_over_all_years_by_hand(years, iraq, italy, australia, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = reports.arrears_by_state()
    assert [(r.state, r.outstanding, r.invoices, r.oldest_due_date) for r in rows] == [
        (iraq, D("650.00"), 4, datetime.date(2016, 3, 31)),  # 200 + 200 (2016), 50 + 200 (2017)
        (italy, D("382.50"), 2, datetime.date(2017, 3, 31)),  # 282.50 (2017), 100 (2018)
        (australia, D("120.00"), 1, datetime.date(2017, 3, 31)),
    ]
    with django_assert_num_queries(1):
        assert reports.states_in_arrears_count() == 3


def test_equal_arrears_are_listed_by_name(years, iraq, italy):
    _invoice(FinancialYear.objects.get(year=2018), italy, UN, "267.50")  # Italy owes 650.00 too
    assert [(r.state, r.outstanding) for r in reports.arrears_by_state()[:2]] == [
        (iraq, D("650.00")),
        (italy, D("650.00")),
    ]


def test_an_invoice_paid_to_the_centime_is_not_in_arrears(years, australia):
    """0.80 − (0.10 + 0.70) is 1.1e-16, not 0, in SQLite's floating point."""
    _pay(_invoice(FinancialYear.objects.get(year=2018), australia, ISU, "0.80"), "0.10", "0.70")
    assert _figures(reports.year_rows()[0])[1:] == (D("160.80"), D("60.80"), D("100.00"), D("100.00"), D("0.00"), 4, 1)
    assert reports.dashboard_panel()["year"].states_in_arrears == 1
    assert [r.outstanding for r in reports.arrears_by_state()] == [D("650.00"), D("382.50"), D("120.00")]
    assert not Invoice.objects.outstanding().filter(year=2018, state=australia).exists()


def test_the_dashboard_panel_by_hand(years, iraq, italy, django_assert_num_queries):
    with django_assert_num_queries(2):  # the latest year with its sums, the arrears
        panel = reports.dashboard_panel(rows=2)
    assert _figures(panel["year"]) == (2018, D("160.00"), D("60.00"), D("100.00"), D("100.00"), D("0.00"), 3, 1)
    assert panel["arrears"] == [(iraq, D("650.00")), (italy, D("382.50"))]
    assert panel["arrears_total"] == 3
    assert panel["arrears"][0][0].capital == "Baghdad"  # the rest of the State is loaded when asked for


def test_the_queries_do_not_grow_with_the_years(years, italy, iraq, django_assert_num_queries):
    for year in range(2019, 2025):
        financial_year = _year(year)
        _pay(_invoice(financial_year, italy, ISU, "10.00"), "4.00")
        _credit(_invoice(financial_year, iraq, UN, "5.00"), "5.00")
    with django_assert_num_queries(3):
        assert len(reports.year_rows()) == 9
    with django_assert_num_queries(2):
        assert reports.dashboard_panel()["arrears_total"] == 3
    with django_assert_num_queries(1):
        assert reports.arrears_by_state()[1].outstanding == D("382.50") + 6 * D("6.00")


def test_nothing_issued_yet(db):
    assert reports.year_rows() == [] and reports.arrears_by_state() == []
    assert reports.dashboard_panel() == {"year": None, "arrears": [], "arrears_total": 0}
    assert reports.states_in_arrears_count() == 0


def test_the_finance_pages_show_the_sums(client, isu_staff, years, iraq):
    client.force_login(isu_staff)
    response = client.get(reverse("finance:dashboard"))
    assert response.context["current"].shortfall == D("100.00")
    assert response.context["arrears"][0].state == iraq
    html = response.content.decode()
    assert "1 State in arrears" in html and "4 invoices, first due 31 Mar 2016" in html
    response = client.get(reverse("finance:reminder-list"))
    assert "Send reminders to the 3 States in arrears" in response.content.decode()


def _text(html: str) -> str:
    """The page's text, tags dropped and blanks collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_pages_show_the_figures_worked_out_by_hand(client, isu_staff, years, iraq):
    """The figures the pages showed when each balance was summed on each request (issue 19: they
    now read the invoices' stored balances), written out from the fixture's comments."""
    client.force_login(isu_staff)
    page = _text(client.get(reverse("finance:dashboard")).content.decode())
    # year, assessed, received, shortfall, of which ISU, of which UN
    assert "2018 not issued 160.00 60.00 100.00 100.00 0.00" in page
    assert "2017 not issued 2,282.50 1,630.00 652.50 170.00 482.50" in page
    assert "2016 not issued 2,000.00 1,700.00 400.00 200.00 200.00" in page
    assert "Assessed 2018 CHF 160.00" in page and "Received CHF 60.00" in page and "Shortfall CHF 100.00" in page
    assert (
        "Iraq 4 invoices, first due 31 Mar 2016 650.00 Italy 2 invoices, first due 31 Mar 2017 382.50 "
        "Australia 1 invoice, due 31 Mar 2017 120.00"
    ) in page
    assert "The figures 10 Jan 2018 160.00 1 Feb 2018 100.00" in page  # the shortfall over time, 2018
    assert "All 3 States in arrears" not in page  # three are all shown

    page = _text(client.get(reverse("dashboard")).content.decode())  # the ISU's dashboard, its finance panel
    assert "Shortfall 2018: CHF 100.00 · 3 States in arrears" in page
    assert "Iraq CHF 650.00 Italy CHF 382.50 Australia CHF 120.00" in page

    page = _text(client.get(reverse("finance:state-account", args=["IRQ"])).content.decode())
    # per year: invoiced (net of credit notes), paid, outstanding
    assert "2018 60.00 60.00 0.00 2017 432.50 182.50 250.00 2016 500.00 100.00 400.00" in page
    # each invoice: amount, paid, outstanding, status (2017-0003: 200.00, credited 50.00, paid 100.00)
    assert (
        "2018-0002 ISU contribution 10 Jan 2018 31 Mar 2018 60.00 60.00 0.00 paid "
        "2017-0003 ISU contribution 10 Jan 2017 31 Mar 2017 200.00 100.00 50.00 partly paid "
        "2017-0004 Credit note (2017-0003) 10 Jan 2017 31 Mar 2017 -50.00 credit note"
    ) in page
    assert (
        "2017-0005 UN conference services 10 Jan 2017 31 Mar 2017 282.50 82.50 200.00 partly paid "
        "2016-0003 ISU contribution 10 Jan 2016 31 Mar 2016 300.00 100.00 200.00 partly paid "
        "2016-0004 UN conference services 10 Jan 2016 31 Mar 2016 200.00 0.00 200.00 overdue"
    ) in page


def test_a_long_list_of_arrears_is_cut_with_a_link_to_all(client, isu_staff, years):
    year = FinancialYear.objects.get(year=2018)
    for n in range(25):  # 25 more States owing 10.00 to 34.00: 28 in arrears
        _invoice(year, StateFactory(name=f"Arrearsland {n:02d}"), ISU, f"{10 + n}.00")
    client.force_login(isu_staff)
    page = _text(client.get(reverse("finance:dashboard")).content.decode())
    # the 25 largest: Iraq, Italy, Australia and 22 Arrearslands; the three owing 10.00 to 12.00 left out
    assert "Iraq 4 invoices" in page and "Arrearsland 03 1 invoice" in page and "Arrearsland 02" not in page
    assert "All 28 States in arrears" in page
    page = _text(client.get(reverse("finance:dashboard"), {"arrears": "all"}).content.decode())
    assert "Arrearsland 00 1 invoice, due" in page and "All 28 States in arrears" not in page


def test_the_reminder_days_are_the_services_own(years, django_assert_num_queries):
    """The dashboard reads the last and the next reminder round in one query: the same days as
    ReminderRound's own order and services.next_scheduled_round, before and after rounds."""
    from finance import services
    from finance.models import ReminderRound

    def expected():
        last = ReminderRound.objects.first()
        return (last.run_on if last else None), services.next_scheduled_round()

    with django_assert_num_queries(1):
        days = reports.reminder_days()
    assert days == expected() and days[0] is None and days[1] is not None
    ReminderRound.objects.create(trigger="manual", run_on=datetime.date(2017, 9, 1))  # after the first overdue
    assert reports.reminder_days() == expected()
    ReminderRound.objects.create(trigger="scheduled", run_on=datetime.date(2016, 1, 5))  # started later, older day
    assert reports.reminder_days() == expected() == (datetime.date(2016, 1, 5), reports.reminder_days()[1])
    Invoice.objects.update(outstanding=D("0.00"))  # nothing unpaid: no round is scheduled
    assert reports.reminder_days() == expected() == (datetime.date(2016, 1, 5), None)
