"""Bank matching with judgement (issue 15): a statement line is read for its reference (an invoice
number), its payer (a State's name) and its amount together. When they agree the match is proposed;
when they disagree nothing is picked silently: the line says what disagrees, the page offers both
candidates and confirming needs an explicit choice. An ignored line keeps the reason given, and the
lines not recorded as payments form the suspense list of the bank statements page.

The amounts are invented."""

import datetime
import html
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance import services
from finance.models import BankStatementImport, BankStatementLine, FinancialYear, Invoice, Payment, ScalePeriod
from tests.factories import StateFactory

ISSUED = datetime.date(2017, 1, 5)
CHILE_OWES, CROATIA_OWES = D("3210.40"), D("4875.25")
CONFLICT = f"2017-03-02,{CROATIA_OWES},CROATIA MFA CCM 2017 REF 2017-0007\n"


@pytest.fixture
def book(db):
    """Chile's invoices 2017-0007 and 2017-0009 and Croatia's 2017-0008 unpaid; Chile's 2017-0006 paid."""
    chile = StateFactory(iso3="CHL", iso2="CL", name="Chile", official_name="Republic of Chile")
    croatia = StateFactory(iso3="HRV", iso2="HR", name="Croatia", official_name="Republic of Croatia")
    period = ScalePeriod.objects.create(name="2016-2018")
    year = FinancialYear.objects.create(year=2017, isu_budget=D("100000.00"), scale_period=period)

    def invoice(number, state, amount):
        return Invoice.objects.create(
            financial_year=year, number=number, kind=Invoice.Kind.ISU_CONTRIBUTION, state=state, amount=amount,
            issue_date=ISSUED, due_date=datetime.date(2017, 3, 31),
        )  # fmt: skip

    paid = invoice(6, chile, D("150.00"))
    services.payment_record(state=chile, date=ISSUED, amount=D("150.00"), invoice=paid)
    return {
        "chile": chile,
        "croatia": croatia,
        "chile_invoice": invoice(7, chile, CHILE_OWES),
        "croatia_invoice": invoice(8, croatia, CROATIA_OWES),
        "chile_other": invoice(9, chile, D("500.00")),
    }


def read(text: str, by=None) -> BankStatementImport:
    return services.bank_statement_import(filename="march.csv", text="date,amount,reference\n" + text, by=by)


def page_text(response) -> str:
    """The page as read: HTML entities decoded, white space collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())


# --- The proposal ------------------------------------------------------------------------------


def test_reference_payer_and_amount_that_disagree_are_not_matched_silently(book):
    line = read(CONFLICT).lines.get()
    assert (line.proposed_state, line.proposed_invoice) == (None, None)  # no silent pick of Chile
    assert line.needs_choice
    assert [(key, s, i) for key, s, i in line.candidates] == [
        ("a", book["chile"], book["chile_invoice"]),
        ("b", book["croatia"], book["croatia_invoice"]),
    ]
    warning = line.match_warning
    assert "The reference names Chile's invoice 2017-0007" in warning
    assert "the payer looks like Croatia" in warning
    assert "the amount equals Croatia's outstanding CHF 4,875.25" in warning


def test_a_line_whose_reference_payer_and_amount_agree_is_proposed_cleanly(book):
    line = read(f"2017-03-02,{CHILE_OWES},REPUBLIC OF CHILE CCM REF 2017-0007\n").lines.get()
    assert (line.proposed_state, line.proposed_invoice) == (book["chile"], book["chile_invoice"])
    assert not line.needs_choice and line.candidates == [] and line.match_warning == ""
    assert "2017-0007" in line.match_reason and "Chile" in line.match_reason


def test_a_reference_alone_with_another_states_exact_amount_asks_too(book):
    line = read(f"2017-03-02,{CROATIA_OWES},CCM CONTRIBUTION REF 2017-0007\n").lines.get()
    assert line.proposed_state is None and line.needs_choice
    assert "equals Croatia's outstanding CHF 4,875.25" in line.match_warning
    assert [s for _, s, _ in line.candidates] == [book["chile"], book["croatia"]]


def test_a_partial_payment_of_the_named_state_is_proposed_with_a_note(book):
    line = read("2017-03-02,1000.00,Chile partial payment 2017-0007\n").lines.get()
    assert (line.proposed_state, line.proposed_invoice) == (book["chile"], book["chile_invoice"])
    assert not line.needs_choice and "partial payment" in line.match_warning


def test_an_amount_that_pays_another_invoice_of_the_state_is_pointed_out(book):
    line = read("2017-03-02,500.00,CHILE REF 2017-0007\n").lines.get()
    assert (line.proposed_state, line.proposed_invoice) == (book["chile"], book["chile_invoice"])
    assert "what invoice 2017-0009 still owes, not invoice 2017-0007" in line.match_warning


def test_a_reference_to_a_paid_invoice_is_flagged(book):
    line = read("2017-03-02,150.00,Chile 2017-0006\n").lines.get()
    assert line.proposed_state == book["chile"] and "already paid" in line.match_warning


def test_two_states_named_without_a_telling_amount_ask_for_a_choice(book):
    line = read("2017-03-02,99.00,Chile and Croatia joint transfer\n").lines.get()
    assert line.proposed_state is None and line.needs_choice
    assert [s for _, s, _ in line.candidates] == [book["chile"], book["croatia"]]


def test_a_name_inside_a_longer_name_is_not_a_second_payer(book):
    guinea = StateFactory(iso3="GIN", name="Guinea")
    equatorial = StateFactory(iso3="GNQ", name="Equatorial Guinea")
    line = read("2017-03-02,10.00,MINISTRY EQUATORIAL GUINEA\n").lines.get()
    assert line.proposed_state == equatorial != guinea and not line.needs_choice


# --- The statement page: the warning, both candidates, an explicit choice --------------------


@pytest.fixture
def conflict(client, isu_staff, book):
    client.force_login(isu_staff)
    client.post(reverse("finance:bank-import"), {"file": SimpleUploadedFile("march.csv", b"date,amount,reference\n" +
                                                                            CONFLICT.encode())})  # fmt: skip
    return BankStatementImport.objects.get()


def test_the_page_shows_the_warning_and_both_candidates_and_preselects_neither(client, book, conflict):
    response = client.get(reverse("finance:bank-import-detail", args=[conflict.pk]))
    text = page_text(response)
    assert "The reference names Chile's invoice 2017-0007 but the payer looks like Croatia" in text
    assert "Choose which State paid." in text
    assert "Record as Chile's payment of invoice 2017-0007" in text
    assert "Record as Croatia's payment of invoice 2017-0008" in text
    selected = re.findall(r'<option value="(\d+)" selected>', response.content.decode())
    assert selected == []  # neither State nor invoice is chosen for the ISU


def test_confirming_a_disagreeing_line_needs_an_explicit_choice(client, book, conflict):
    line = conflict.lines.get()
    url = reverse("finance:bank-import-detail", args=[conflict.pk])
    response = client.post(url, {"line": line.pk, "action": "confirm"})
    assert response.status_code == 400
    assert "disagree: choose which State paid" in page_text(response)
    assert not Payment.objects.filter(state__in=[book["chile"], book["croatia"]]).exclude(amount=D("150.00")).exists()
    response = client.post(url, {"line": line.pk, "choice": "b"}, follow=True)
    assert "recorded as a payment of Croatia" in page_text(response)
    payment = Payment.objects.get(state=book["croatia"])
    assert payment.amount == CROATIA_OWES
    assert Invoice.objects.with_balance().get(pk=book["croatia_invoice"].pk).outstanding == 0
    assert Invoice.objects.with_balance().get(pk=book["chile_invoice"].pk).outstanding == CHILE_OWES
    line.refresh_from_db()
    assert (line.status, line.proposed_state) == (BankStatementLine.Status.CONFIRMED, book["croatia"])


def test_a_choice_the_line_does_not_offer_is_refused(client, book, isu_staff):
    client.force_login(isu_staff)
    statement = read(f"2017-03-02,{CHILE_OWES},REPUBLIC OF CHILE CCM REF 2017-0007\n")
    line = statement.lines.get()
    response = client.post(reverse("finance:bank-import-detail", args=[statement.pk]), {"line": line.pk, "choice": "b"})
    assert response.status_code == 400 and "no such candidate" in page_text(response)
    assert BankStatementLine.objects.get(pk=line.pk).status == BankStatementLine.Status.PROPOSED


# --- Ignoring needs a reason; the suspense list -------------------------------------------------


def test_ignoring_without_a_reason_is_refused_and_changes_nothing(client, book, conflict):
    line = conflict.lines.get()
    url = reverse("finance:bank-import-detail", args=[conflict.pk])
    for reason in ("", "   "):
        response = client.post(url, {"line": line.pk, "action": "ignore", "reason": reason})
        assert response.status_code == 400
        assert f"Say why line {line.row} is ignored" in page_text(response)
        line.refresh_from_db()
        assert (line.status, line.ignore_reason) == (BankStatementLine.Status.PROPOSED, "")
    with pytest.raises(ValidationError):
        services.bank_line_ignore(line=line, reason=" ")
    line.refresh_from_db()
    assert line.status == BankStatementLine.Status.PROPOSED


def test_the_suspense_list_shows_unmatched_and_ignored_lines_with_the_reason(client, book, isu_staff):
    client.force_login(isu_staff)
    statement = read(
        f"2017-03-02,{CHILE_OWES},REPUBLIC OF CHILE CCM REF 2017-0007\n"
        "2017-03-03,25.50,BANK CHARGES REFUND 77881\n"
        "2017-03-04,640.00,UNKNOWN ORDERING PARTY\n"
    )
    recorded, refund, unknown = statement.lines.all()
    url = reverse("finance:bank-import-detail", args=[statement.pk])
    client.post(url, {"line": refund.pk, "action": "ignore", "reason": "Refund of bank charges, not a contribution"})
    client.post(url, {"line": recorded.pk, "state": book["chile"].pk, "invoice": book["chile_invoice"].pk})
    refund.refresh_from_db()
    assert (refund.status, refund.ignore_reason) == (
        BankStatementLine.Status.IGNORED, "Refund of bank charges, not a contribution",
    )  # fmt: skip
    response = client.get(reverse("finance:bank-import"))
    suspense = page_text(response).split('id="suspense"', 1)[1]
    assert "BANK CHARGES REFUND 77881" in suspense and "25.50" in suspense and "3 Mar 2017" in suspense
    assert "Refund of bank charges, not a contribution" in suspense
    assert "UNKNOWN ORDERING PARTY" in suspense and "640.00" in suspense
    assert "REPUBLIC OF CHILE" not in suspense  # recorded as a payment: out of suspense
    assert f"#line-{refund.pk}" in suspense
