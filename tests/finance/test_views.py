"""The finance pages: who may reach them (a URL × role matrix), the State portal's isolation,
and each page doing its work."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import GeneratedDocument
from finance import services
from finance.models import BankStatementImport, FinancialYear, Invoice, JointLetter, Payment, ReminderRound
from finance.pdfs import joint_letter_request
from tests.confirming import confirm

ROLES = ["isu_staff", "coordinator_va", "coordinator_ica", "focal_point_iraq", "anonymous"]


@pytest.fixture
def objects(issued, iraq, isu_staff):
    statement = services.bank_statement_import(
        filename="s.csv", text="date,amount,reference\n2017-03-01,10.00,Iraq\n", by=isu_staff
    )
    reminder_round = ReminderRound.objects.create(
        trigger=ReminderRound.Trigger.MANUAL, run_on=datetime.date(2017, 3, 1)
    )
    return {
        "invoice": Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION),
        "letter": JointLetter.objects.get(state=iraq),
        "statement": statement,
        "round": reminder_round,
    }


def pages(o):
    return {
        "finance:dashboard": reverse("finance:dashboard"),
        "finance:export": reverse("finance:export", args=["csv"]),
        "finance:scale-list": reverse("finance:scale-list"),
        "finance:year-create": reverse("finance:year-create"),
        "finance:year-detail": reverse("finance:year-detail", args=[2017]),
        "finance:year-edit": reverse("finance:year-edit", args=[2017]),
        "finance:invoice-list": reverse("finance:invoice-list"),
        "finance:invoice-detail": reverse("finance:invoice-detail", args=[o["invoice"].pk]),
        "finance:payment-list": reverse("finance:payment-list"),
        "finance:payment-create": reverse("finance:payment-create"),
        "finance:bank-import": reverse("finance:bank-import"),
        "finance:bank-import-detail": reverse("finance:bank-import-detail", args=[o["statement"].pk]),
        "finance:reminder-list": reverse("finance:reminder-list"),
        "finance:reminder-round-start": reverse("finance:reminder-round-start"),
        "finance:year-issue": reverse("finance:year-issue", args=[2017]),  # its confirmation page
        "finance:reminder-round-detail": reverse("finance:reminder-round-detail", args=[o["round"].pk]),
        "finance:reminder-round-progress": reverse("finance:reminder-round-progress", args=[o["round"].pk]),
        "finance:state-account": reverse("finance:state-account", args=["IRQ"]),
    }


def posts(o):
    return {
        "finance:year-assess": reverse("finance:year-assess", args=[2017]),
        "finance:year-issue": reverse("finance:year-issue", args=[2017]),
        "finance:year-letters": reverse("finance:year-letters", args=[2017]),
        "finance:invoice-credit": reverse("finance:invoice-credit", args=[o["invoice"].pk]),
        "finance:letter-pdf": reverse("finance:letter-pdf", args=[o["letter"].pk]),
    }


def _client(client, request, role):
    user = request.getfixturevalue(role)
    if role != "anonymous":
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_the_isu_reaches_the_finance_pages(client, request, role, objects):
    client = _client(client, request, role)
    for name, url in pages(objects).items():
        response = client.get(url)
        if role == "isu_staff":
            frozen_year = name == "finance:year-edit"  # issued: its budget page sends back to the year
            assert response.status_code == (302 if frozen_year else 200), name
        elif role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], name
        else:
            assert response.status_code == 404, (name, role)  # finance is not revealed to them


@pytest.mark.parametrize("role", ["coordinator_va", "coordinator_ica", "anonymous"])
def test_others_cannot_post_to_finance(client, request, role, objects):
    client = _client(client, request, role)
    for name, url in posts(objects).items():
        response = client.post(url, {"reason": "forged"})
        assert response.status_code in (302, 404), name
        if role != "anonymous":
            assert response.status_code == 404, name
    assert not Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).exists()
    assert not GeneratedDocument.objects.exists()


def test_a_focal_point_cannot_post_the_isu_actions(client, focal_point_iraq, objects):
    client.force_login(focal_point_iraq)
    for name, url in posts(objects).items():
        if name == "finance:letter-pdf":
            continue  # Iraq's own letter: see the portal tests
        assert client.post(url, {"reason": "forged"}).status_code == 404, name
    assert not Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).exists()


@pytest.mark.parametrize("role", ["isu_staff", "coordinator_va", "coordinator_ica", "anonymous"])
def test_the_state_portal_is_for_focal_points(client, request, role, objects):
    client = _client(client, request, role)
    response = client.get(reverse("finance:my-account"))
    assert response.status_code == (302 if role == "anonymous" else 404)


# --- The State portal: focal-iraq sees Iraq's only -----------------------------------------


def test_focal_iraq_sees_iraqs_invoices_letters_and_payments_only(client, focal_point_iraq, issued, iraq, italy):
    services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("50.00"), reference="IQ-TR-1")
    services.payment_record(state=italy, date=datetime.date(2017, 2, 1), amount=D("70.00"), reference="IT-TR-9")
    client.force_login(focal_point_iraq)
    page = client.get(reverse("finance:my-account")).content.decode()
    for invoice in Invoice.objects.filter(state=iraq):
        assert invoice.display_number in page
    for invoice in Invoice.objects.exclude(state=iraq):
        assert invoice.display_number not in page
    assert "IQ-TR-1" in page and "IT-TR-9" not in page and "Italy" not in page
    assert "432.50" in page  # 482.50 outstanding less 50.00 paid


def test_focal_iraq_downloads_iraqs_joint_letter_with_both_invoices(
    client, focal_point_iraq, issued, iraq, django_capture_on_commit_callbacks
):
    import subprocess

    letter = JointLetter.objects.get(state=iraq)
    client.force_login(focal_point_iraq)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("finance:letter-pdf", args=[letter.pk]))
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind="finance-joint-letter", object_id=letter.pk)
    assert document.is_ready and document.frozen
    page = client.get(reverse("finance:my-account")).content.decode()
    assert reverse("documents:document-download", args=[document.pk]) in page
    download = client.get(reverse("documents:document-download", args=[document.pk]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert data[:4] == b"%PDF"
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert letter.isu_invoice.display_number in text and letter.un_invoice.display_number in text
    assert "Programme support cost" in text and "Iraq" in text


def test_forged_urls_of_another_states_letter_give_404(
    client, focal_point_iraq, issued, italy, django_capture_on_commit_callbacks
):
    letter = JointLetter.objects.get(state=italy)
    with django_capture_on_commit_callbacks(execute=True):
        document = joint_letter_request(letter)
    client.force_login(focal_point_iraq)
    assert client.post(reverse("finance:letter-pdf", args=[letter.pk])).status_code == 404
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:document-status", args=[document.pk])).status_code == 404
    invoice = Invoice.objects.filter(state=italy).first()
    assert client.get(reverse("finance:invoice-detail", args=[invoice.pk])).status_code == 404
    assert client.get(reverse("finance:state-account", args=["ITA"])).status_code == 404


def test_reminder_letters_are_prepared_for_the_isu_and_the_states_focal_point_only(
    client, isu_staff, focal_point_iraq, coordinator_va, issued, iraq, italy, django_capture_on_commit_callbacks
):
    from finance.models import Reminder

    reminder_round = ReminderRound.objects.create(
        trigger=ReminderRound.Trigger.MANUAL, run_on=datetime.date(2017, 3, 1)
    )
    mine = Reminder.objects.create(round=reminder_round, state=iraq, outstanding=D("482.50"))
    theirs = Reminder.objects.create(round=reminder_round, state=italy, outstanding=D("1447.50"))
    for user in (coordinator_va, focal_point_iraq):
        client.force_login(user)
        assert client.post(reverse("finance:reminder-pdf", args=[theirs.pk])).status_code == 404
    client.logout()
    assert client.post(reverse("finance:reminder-pdf", args=[mine.pk])).status_code == 302  # to the login
    client.force_login(focal_point_iraq)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("finance:reminder-pdf", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.document.is_ready
    assert client.get(reverse("documents:document-download", args=[mine.document.pk])).status_code == 200
    client.force_login(isu_staff)
    assert client.post(reverse("finance:reminder-pdf", args=[theirs.pk])).status_code == 302
    client.force_login(focal_point_iraq)
    theirs.refresh_from_db()
    assert client.get(reverse("documents:document-download", args=[theirs.document.pk])).status_code == 404


def test_a_credit_note_pdf_for_the_isu_and_the_states_focal_point_only(
    client, isu_staff, focal_point_iraq, coordinator_va, issued, iraq, italy, django_capture_on_commit_callbacks
):
    import subprocess

    cancelled = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    mine = services.credit_note_issue(invoice=cancelled, reason="Wrong scale period", by=isu_staff)
    theirs = services.credit_note_issue(invoice=Invoice.objects.filter(state=italy).first(), reason="x", by=isu_staff)
    for user in (coordinator_va, focal_point_iraq):
        client.force_login(user)
        assert client.post(reverse("finance:credit-note-pdf", args=[theirs.pk])).status_code == 404
    client.force_login(focal_point_iraq)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("finance:credit-note-pdf", args=[mine.pk])).status_code == 302
    document = GeneratedDocument.objects.get(kind="finance-credit-note", object_id=mine.pk)
    assert (
        reverse("documents:document-download", args=[document.pk])
        in client.get(reverse("finance:my-account")).content.decode()
    )
    data = b"".join(client.get(reverse("documents:document-download", args=[document.pk])).streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert mine.display_number in text and cancelled.display_number in text and "Wrong scale period" in text
    client.force_login(isu_staff)
    assert client.post(reverse("finance:credit-note-pdf", args=[cancelled.pk])).status_code == 404  # not a credit note


def test_a_coordinator_cannot_download_a_joint_letter(
    client, coordinator_va, issued, iraq, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = joint_letter_request(JointLetter.objects.get(state=iraq))
    client.force_login(coordinator_va)
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404


def test_a_focal_point_of_no_state_gets_404(client, db):
    from tests.factories import user_with_role

    client.force_login(user_with_role("stateless", "Focal points"))
    assert client.get(reverse("finance:my-account")).status_code == 404


# --- The ISU's pages at work -------------------------------------------------------------


def test_the_isu_enters_a_year_assesses_and_issues(client, isu_staff, year):
    FinancialYear.objects.filter(pk=year.pk).update(year=2016)  # leave 2017 free for the form
    client.force_login(isu_staff)
    participants = [s.pk for s in year.participants.all()]
    response = client.post(reverse("finance:year-create"), {
        "year": 2017, "isu_budget": "1000.00", "scale_period": year.scale_period.pk, "floor_percent": "0.001",
        "ceiling_percent": "", "meeting": year.meeting.pk, "meeting_cost": "1000.00", "psc_percent": "13",
        "participants": participants,
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(reverse("finance:year-assess", args=[2017]))
    page = client.get(reverse("finance:year-detail", args=[2017])).content.decode()
    assert "600.00" in page and "400.00" in page and "16.6667" in page
    response = confirm(client, reverse("finance:year-issue", args=[2017]), follow=True)
    assert "5 invoices issued" in response.content.decode()
    page = client.get(reverse("finance:year-issue", args=[2017])).content.decode()
    assert "Every State already has its invoices: there is nothing to issue." in page


def test_the_year_form_refuses_a_bad_budget(client, isu_staff, year):
    client.force_login(isu_staff)
    assert client.get(reverse("finance:year-edit", args=[2017])).status_code == 200
    response = client.post(reverse("finance:year-edit", args=[2017]), {
        "isu_budget": "-5", "scale_period": year.scale_period.pk, "floor_percent": "5", "ceiling_percent": "1",
        "meeting_cost": "0", "psc_percent": "13",
    })  # fmt: skip
    assert response.status_code == 200
    assert "positive amount" in response.content.decode() and "below the floor" in response.content.decode()


def test_a_frozen_year_cannot_be_edited(client, isu_staff, issued):
    client.force_login(isu_staff)
    response = client.get(reverse("finance:year-edit", args=[2017]))
    assert response.status_code == 302
    response = client.post(reverse("finance:year-assess", args=[2017]), follow=True)
    assert "frozen" in response.content.decode()


def test_the_isu_records_a_payment_and_the_shortfall_falls(client, isu_staff, issued, iraq):
    client.force_login(isu_staff)
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.UN_SERVICES)
    before = client.get(reverse("finance:dashboard")).context["current"].shortfall
    form = client.get(reverse("finance:payment-create") + f"?invoice={invoice.pk}").context["form"]
    assert form.initial["amount"] == D("282.50")
    response = client.post(reverse("finance:payment-create"), {
        "state": iraq.pk, "invoice": invoice.pk, "date": "2017-03-01", "amount": "300.00", "reference": "TR 5",
    }, follow=True)  # fmt: skip
    assert "Payment of CHF 300.00 from Iraq recorded" in response.content.decode()
    after = client.get(reverse("finance:dashboard")).context["current"].shortfall
    assert before - after == D("300.00")  # 282.50 on the UN invoice, 17.50 on the ISU one


def test_the_payment_form_refuses_another_states_invoice(client, isu_staff, issued, iraq, italy):
    client.force_login(isu_staff)
    invoice = Invoice.objects.filter(state=italy).first()
    response = client.post(reverse("finance:payment-create"), {
        "state": iraq.pk, "invoice": invoice.pk, "date": "2017-03-01", "amount": "1.00",
    })  # fmt: skip
    assert response.status_code == 200 and "addressed to Italy" in response.content.decode()
    assert not Payment.objects.exists()


def test_the_isu_cancels_an_invoice_with_a_credit_note(client, isu_staff, issued, iraq):
    client.force_login(isu_staff)
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    response = client.post(reverse("finance:invoice-credit", args=[invoice.pk]), {"reason": "Wrong year"}, follow=True)
    assert "is cancelled" in response.content.decode()
    credit_note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert credit_note.credit_note_for == invoice and credit_note.reason == "Wrong year"
    response = client.post(reverse("finance:invoice-credit", args=[invoice.pk]), {"reason": "Again"}, follow=True)
    assert "already cancelled" in response.content.decode()
    response = client.post(reverse("finance:invoice-credit", args=[invoice.pk]), {"reason": ""}, follow=True)
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1


def test_bank_statement_upload_and_confirmation(client, isu_staff, issued, iraq):
    client.force_login(isu_staff)
    upload = SimpleUploadedFile("march.csv", b"date,amount,reference\n2017-03-02,200.00,Invoice 2017-0002\n")
    response = client.post(reverse("finance:bank-import"), {"file": upload})
    statement = BankStatementImport.objects.get()
    assert response.status_code == 302
    line = statement.lines.get()
    assert line.proposed_invoice.display_number == "2017-0002"
    response = client.post(reverse("finance:bank-import-detail", args=[statement.pk]), {
        "line": line.pk, "state": line.proposed_state.pk, "invoice": line.proposed_invoice.pk, "action": "confirm",
    }, follow=True)  # fmt: skip
    assert "recorded as a payment" in response.content.decode()
    assert Payment.objects.get().amount == D("200.00")


def test_a_bad_bank_statement_is_explained(client, isu_staff, issued):
    client.force_login(isu_staff)
    upload = SimpleUploadedFile("bad.csv", b"date,amount,reference\nsoon,abc,x\n")
    response = client.post(reverse("finance:bank-import"), {"file": upload})
    assert response.status_code == 200 and "line 2" in response.content.decode()
    assert not BankStatementImport.objects.exists()


def test_scale_upload_page(client, isu_staff, db):
    client.force_login(isu_staff)
    upload = SimpleUploadedFile("scale.csv", b"iso3,rate_percent\nDEU,6.389\nFRA,oops\n")
    response = client.post(reverse("finance:scale-list"), {"period": "2016-2018", "file": upload})
    assert response.status_code == 200 and "line 3" in response.content.decode()
    upload = SimpleUploadedFile("scale.csv", b"iso3,rate_percent\nDEU,6.389\nFRA,4.859\n")
    response = client.post(reverse("finance:scale-list"), {"period": "2016-2018", "file": upload}, follow=True)
    assert "2 rates imported" in response.content.decode()


def test_a_reminder_round_by_hand_shows_its_progress(client, isu_staff, issued, django_capture_on_commit_callbacks):
    client.force_login(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, reverse("finance:reminder-round-start"))
    reminder_round = ReminderRound.objects.get()
    assert response["Location"] == reverse("finance:reminder-round-detail", args=[reminder_round.pk])
    progress = client.get(reverse("finance:reminder-round-progress", args=[reminder_round.pk]))
    assert progress.context["done"] == progress.context["total"] == 3
    assert "hx-trigger" not in progress.content.decode()  # finished: the polling stops


def test_exports_hold_every_invoice(client, isu_staff, issued):
    from openpyxl import load_workbook

    client.force_login(isu_staff)
    csv_text = client.get(reverse("finance:export", args=["csv"]) + "?year=2017").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("year,number,kind") and len(csv_text.splitlines()) == 6
    workbook = load_workbook(io.BytesIO(client.get(reverse("finance:export", args=["xlsx"])).content))
    assert workbook.active.max_row == 6


def test_the_dashboard_shows_the_year_and_the_chart(client, isu_staff, issued, iraq):
    services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("100.00"))
    client.force_login(isu_staff)
    response = client.get(reverse("finance:dashboard"))
    assert response.context["current"].assessed == D("2130.00")
    assert response.context["current"].shortfall == D("2030.00")
    assert "<polyline" in response.content.decode() and "Iraq" in response.content.decode()


def test_the_dashboard_panel_lists_the_largest_arrears(issued, italy):
    from django.template.loader import render_to_string

    from finance.selectors.reports import dashboard_panel

    panel = dashboard_panel(rows=1)
    assert panel["arrears_total"] == 3 and panel["arrears"] == [(italy, D("1447.50"))]
    html = render_to_string("finance/_dashboard_panel.html", {"finance": panel})
    assert "CHF 2,130.00" in html and "Italy" in html


def test_the_state_account_shows_the_balance_per_year(client, isu_staff, issued, iraq, italy):
    from finance.models import FinancialYear

    services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("82.50"))
    later = FinancialYear.objects.create(
        year=2018, isu_budget=D("100.00"), scale_period=issued.scale_period, ceiling_percent=None
    )
    later.participants.set([iraq, italy])
    services.assessments_compute(financial_year=later)
    services.invoices_issue(financial_year=later, by=isu_staff, issue_date=datetime.date(2018, 1, 8))
    client.force_login(isu_staff)
    rows = client.get(reverse("finance:state-account", args=["IRQ"])).context["totals_by_year"]
    assert [(r["year"], r["invoiced"], r["paid"], r["outstanding"]) for r in rows] == [
        (2018, D("20.00"), D("0.00"), D("20.00")),  # 60 over Italy 3, Australia 2, Iraq 1; 40 over Italy 3, Iraq 1
        (2017, D("482.50"), D("82.50"), D("400.00")),
    ]
