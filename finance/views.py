"""The finance pages. Everything is the ISU's, except the State portal (/finance/my/) where a
focal point reads its own State's invoices, letters and payments. Anybody else gets 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles
from directory.models import State
from documents.exports import to_csv, to_xlsx
from documents.params import read_params, report_errors

from . import reports, services
from .documents import CREDIT_NOTE, JOINT_LETTER, credit_note_request, joint_letter_request, reminder_request
from .forms import (
    BankLineForm,
    BankStatementForm,
    CreditNoteForm,
    ExportParams,
    FinancialYearForm,
    InvoiceFilterParams,
    PaymentForm,
    PaymentParams,
    ScaleImportForm,
)
from .models import (
    BankStatementImport,
    FinancialYear,
    Invoice,
    JointLetter,
    Payment,
    PaymentAllocation,
    Reminder,
    ReminderRound,
    ScalePeriod,
)
from .selectors import (
    credit_note_for,
    finance_office_for,
    invoice_for,
    joint_letter_for,
    portal_state_for,
    reminder_for,
    reminder_round_for,
    state_account_for,
    statement_for,
    year_for,
)


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _documents_for(kind: str, ids) -> dict:
    from documents.models import GeneratedDocument

    found = {}
    for document in GeneratedDocument.objects.filter(kind=kind, object_id__in=list(ids)).order_by("pk"):
        found[document.object_id] = document
    return found


# --- Dashboard and exports ----------------------------------------------------------------


@login_required
def dashboard(request):
    finance_office_for(request.user)
    rows = reports.year_rows()
    current = rows[0] if rows else None
    chart = reports.line_chart(reports.shortfall_series(current.financial_year)) if current else None
    return render(
        request,
        "finance/dashboard.html",
        {
            "rows": rows,
            "current": current,
            "chart": chart,
            "arrears": reports.arrears_by_state(),
            "payments": Payment.objects.select_related("state").order_by("-date", "-pk")[:10],
            "next_round": services.next_scheduled_round(),
            "last_round": ReminderRound.objects.first(),
        },
    )


@login_required
def export(request, fmt):
    finance_office_for(request.user)
    params = read_params(request, ExportParams)
    if params.errors:  # a file of other years than the one asked for would mislead
        return redirect("finance:dashboard")
    financial_year = params["year"]
    rows = reports.export_rows(financial_year)
    stem = f"ccm-invoices-{financial_year.year if financial_year else 'all'}-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx("Invoices", reports.EXPORT_COLUMNS, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    else:
        response = HttpResponse(to_csv(reports.EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


# --- Scale, years and assessments ---------------------------------------------------------


@login_required
def scale_list(request):
    finance_office_for(request.user)
    form = ScaleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            period = services.scale_import(
                period=form.cleaned_data["period"], text=text, source=form.cleaned_data["source"]
            )
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text (save it as CSV UTF-8)."))
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Scale %(period)s: %(count)s rates imported.") % {
                "period": period, "count": period.rates.count()})  # fmt: skip
            return redirect("finance:scale-list")
    periods = ScalePeriod.objects.prefetch_related("rates")
    return render(request, "finance/scale_list.html", {"form": form, "periods": periods})


@login_required
def year_create(request):
    finance_office_for(request.user)
    form = FinancialYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        financial_year = form.save()
        messages.success(request, _("Budget %(year)s saved.") % {"year": financial_year.year})
        return redirect("finance:year-detail", year=financial_year.year)
    return render(request, "finance/year_form.html", {"form": form})


@login_required
def year_edit(request, year):
    financial_year = year_for(request.user, year)
    if financial_year.is_frozen:
        messages.error(request, _("The invoices of %(year)s are issued: its budget is frozen.") % {"year": year})
        return redirect("finance:year-detail", year=year)
    form = FinancialYearForm(request.POST or None, instance=financial_year)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Budget saved. Compute the assessments again to apply it."))
        return redirect("finance:year-detail", year=year)
    return render(request, "finance/year_form.html", {"form": form, "financial_year": financial_year})


@login_required
def year_detail(request, year):
    financial_year = year_for(
        request.user,
        year,
        queryset=FinancialYear.objects.select_related("meeting", "scale_period").prefetch_related("participants"),
    )
    assessments = list(financial_year.assessments.select_related("state"))
    letters = list(
        JointLetter.objects.filter(financial_year=financial_year).select_related("state", "isu_invoice", "un_invoice")
    )
    documents = _documents_for(JOINT_LETTER, (letter.pk for letter in letters))
    latest_letter = {}
    for letter in letters:
        if letter.state_id not in latest_letter or letter.pk > latest_letter[letter.state_id].pk:
            latest_letter[letter.state_id] = letter
    for assessment in assessments:
        assessment.letter = latest_letter.get(assessment.state_id)
        assessment.document = documents.get(assessment.letter.pk) if assessment.letter else None
    base60, base40 = services.allocation.split_budget(financial_year.isu_budget)
    return render(
        request,
        "finance/year_detail.html",
        {
            "financial_year": financial_year,
            "assessments": assessments,
            "totals": services.year_totals(financial_year),
            "base60": base60,
            "base40": base40,
            "parties_count": sum(1 for a in assessments if a.is_party),
            "invoice_count": financial_year.invoices.count(),
        },
    )


@login_required
@require_POST
def year_assess(request, year):
    financial_year = year_for(request.user, year)
    try:
        rows = services.assessments_compute(financial_year=financial_year)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(count)s States assessed.") % {"count": len(rows)})
    return redirect("finance:year-detail", year=year)


@login_required
@require_POST
def year_issue(request, year):
    financial_year = year_for(request.user, year)
    try:
        count = services.invoices_issue(financial_year=financial_year, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        if count:
            messages.success(request, _("%(count)s invoices issued, in one joint letter per State.") % {"count": count})
        else:
            messages.info(request, _("Every State already has its invoices: nothing was issued twice."))
    return redirect("finance:year-detail", year=year)


@login_required
@require_POST
def year_letters(request, year):
    """Prepare the PDF of every joint letter of the year (rendered in the background)."""
    financial_year = year_for(request.user, year)
    letters = JointLetter.objects.filter(financial_year=financial_year).select_related("state", "financial_year")
    for letter in letters:
        joint_letter_request(letter)
    messages.success(request, _("The joint letters are being prepared."))
    return redirect("finance:year-detail", year=year)


# --- Invoices -----------------------------------------------------------------------------


@login_required
def invoice_list(request):
    finance_office_for(request.user)
    invoices = Invoice.objects.with_balance().select_related("state", "credit_note_for").order_by("-year", "number")
    invoices = InvoiceFilterParams.filter(invoices, read_params(request, InvoiceFilterParams).values)
    page = Paginator(invoices, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/invoice_list.html",
        {"page": page, "years": FinancialYear.objects.values_list("year", flat=True), "kinds": Invoice.Kind.choices},
    )


@login_required
def invoice_detail(request, pk):
    invoice = invoice_for(
        request.user,
        pk,
        queryset=Invoice.objects.with_balance().select_related(
            "state", "financial_year", "credit_note_for", "issued_by"
        ),
    )
    letter = (
        JointLetter.objects.filter(financial_year=invoice.financial_year, state=invoice.state)
        .filter(isu_invoice=invoice)
        .first()
        or JointLetter.objects.filter(un_invoice=invoice).order_by("-pk").first()
    )
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "allocations": invoice.allocations.select_related("payment"),
            "credit_notes": invoice.credit_notes.all(),
            "letter": letter,
            "document": _documents_for(JOINT_LETTER, [letter.pk]).get(letter.pk) if letter else None,
            "credit_note_document": _documents_for(CREDIT_NOTE, [invoice.pk]).get(invoice.pk),
            "credit_form": CreditNoteForm(),
            "history": invoice.history.select_related("history_user")[:20],
        },
    )


@login_required
@require_POST
def invoice_credit(request, pk):
    invoice = invoice_for(request.user, pk)
    form = CreditNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the credit note."))
        return redirect("finance:invoice-detail", pk=pk)
    try:
        credit_note = services.credit_note_issue(invoice=invoice, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("finance:invoice-detail", pk=pk)
    messages.success(
        request,
        _("Credit note %(number)s issued: invoice %(invoice)s is cancelled.")
        % {"number": credit_note.display_number, "invoice": invoice.display_number},
    )
    return redirect("finance:invoice-detail", pk=credit_note.pk)


@login_required
@require_POST
def letter_pdf(request, pk):
    """Prepare a joint letter's PDF (the ISU, or the focal point of its State)."""
    letter = joint_letter_for(request.user, pk)
    document = joint_letter_request(letter)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    messages.info(request, _("The letter is being prepared; it can be downloaded in a moment."))
    if roles.is_isu_staff(request.user):
        return redirect("finance:state-account", iso3=letter.state.iso3)
    return redirect("finance:my-account")


@login_required
@require_POST
def credit_note_pdf(request, pk):
    """Prepare a credit note's PDF (the ISU, or the focal point of its State)."""
    credit_note = credit_note_for(request.user, pk)
    document = credit_note_request(credit_note)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    messages.info(request, _("The credit note is being prepared; it can be downloaded in a moment."))
    if roles.is_isu_staff(request.user):
        return redirect("finance:invoice-detail", pk=credit_note.pk)
    return redirect("finance:my-account")


@login_required
@require_POST
def reminder_pdf(request, pk):
    """Prepare a reminder letter's PDF (the ISU, or the focal point of its State)."""
    reminder = reminder_for(request.user, pk)
    document = reminder_request(reminder)
    if reminder.document_id != document.pk:
        Reminder.objects.filter(pk=reminder.pk).update(document=document)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    messages.info(request, _("The letter is being prepared; it can be downloaded in a moment."))
    if roles.is_isu_staff(request.user):
        return redirect("finance:reminder-round-detail", pk=reminder.round_id)
    return redirect("finance:my-account")


# --- Payments and bank statements ---------------------------------------------------------


@login_required
def payment_list(request):
    finance_office_for(request.user)
    payments = Payment.objects.select_related("state", "recorded_by").prefetch_related("allocations__invoice")
    page = Paginator(payments.order_by("-date", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "finance/payment_list.html", {"page": page})


@login_required
def payment_create(request):
    finance_office_for(request.user)
    initial = {"date": timezone.localdate()}
    invoice = read_params(request, PaymentParams)["invoice"]
    if invoice is not None:
        initial.update(invoice=invoice, state=invoice.state, amount=max(invoice.outstanding, 0) or None)
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_record(
                state=data["state"], date=data["date"], amount=data["amount"], reference=data["reference"],
                invoice=data["invoice"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            credit = payment.unallocated
            text = _("Payment of CHF %(amount)s from %(state)s recorded.") % {
                "amount": f"{payment.amount:,}", "state": payment.state}  # fmt: skip
            if credit:
                text += " " + _("CHF %(credit)s is carried forward as credit.") % {"credit": f"{credit:,}"}
            messages.success(request, text)
            return redirect("finance:state-account", iso3=payment.state.iso3)
    return render(request, "finance/payment_form.html", {"form": form})


@login_required
def bank_import(request):
    finance_office_for(request.user)
    form = BankStatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, text = form.cleaned_data["file"]
        try:
            statement = services.bank_statement_import(filename=filename, text=text, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Statement read: confirm or correct each proposed match."))
            return redirect("finance:bank-import-detail", pk=statement.pk)
    statements = BankStatementImport.objects.all()[:20]
    return render(request, "finance/bank_import.html", {"form": form, "statements": statements})


@login_required
def bank_import_detail(request, pk):
    statement = statement_for(request.user, pk)
    status = 200
    if request.method == "POST":
        form = BankLineForm(request.POST, statement=statement)
        if form.is_valid():
            line, state = form.cleaned_data["line"], form.cleaned_data["state"]
            try:
                if form.cleaned_data["action"] == "ignore":
                    services.bank_line_ignore(line=line)
                    messages.info(request, _("Line %(row)s ignored.") % {"row": line.row})
                else:
                    services.bank_line_confirm(
                        line=line, state=state, invoice=form.cleaned_data["invoice"], by=request.user
                    )
                    messages.success(request, _("Line %(row)s recorded as a payment of %(state)s.") % {
                        "row": line.row, "state": state})  # fmt: skip
            except ValidationError as error:
                _error(request, error)
            return redirect("finance:bank-import-detail", pk=pk)
        report_errors(request, form)
        status = 400  # the page again, with what was refused
    lines = statement.lines.select_related("proposed_state", "proposed_invoice", "payment")
    states = State.objects.filter(invoices__isnull=False).distinct()
    open_invoices = list(Invoice.objects.outstanding().select_related("state").order_by("state__name", "number"))
    return render(
        request,
        "finance/bank_import_detail.html",
        {"statement": statement, "lines": lines, "states": states, "open_invoices": open_invoices},
        status=status,
    )


# --- Reminders ----------------------------------------------------------------------------


@login_required
def reminder_list(request):
    finance_office_for(request.user)
    if request.method == "POST":
        reminder_round = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, by=request.user)
        if reminder_round is None:
            messages.info(request, _("No State is in arrears: no reminder to send."))
            return redirect("finance:reminder-list")
        messages.success(request, _("Reminder round started: one letter per State in arrears."))
        return redirect("finance:reminder-round-detail", pk=reminder_round.pk)
    rounds = ReminderRound.objects.select_related("started_by").prefetch_related("reminders")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/reminder_list.html",
        {
            "page": page,
            "arrears_count": reports.states_in_arrears_count(),
            "next_round": services.next_scheduled_round(),
            "interval": settings.FINANCE_REMINDER_INTERVAL_MONTHS,
        },
    )


def _round_progress(reminder_round) -> dict:
    reminders = list(reminder_round.reminders.select_related("state", "document"))
    done = sum(1 for r in reminders if r.emailed_at is not None)  # sent once its letter is rendered
    total = len(reminders)
    return {
        "round": reminder_round,
        "reminders": reminders,
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 100,
    }


@login_required
def reminder_round_detail(request, pk):
    reminder_round = reminder_round_for(request.user, pk, queryset=ReminderRound.objects.select_related("started_by"))
    return render(request, "finance/reminder_round_detail.html", _round_progress(reminder_round))


@login_required
def reminder_round_progress(request, pk):
    reminder_round = reminder_round_for(request.user, pk)
    return render(request, "finance/_round_progress.html", _round_progress(reminder_round))


# --- Accounts: a State's (ISU) and my State's (focal point) -------------------------------


def _account_context(state: State) -> dict:
    balance = services.state_balance(state)
    letters = list(
        JointLetter.objects.filter(state=state).select_related("financial_year", "isu_invoice", "un_invoice")
    )
    letter_documents = _documents_for(JOINT_LETTER, (letter.pk for letter in letters))
    for letter in letters:
        letter.document = letter_documents.get(letter.pk)
    balance_documents = _documents_for(CREDIT_NOTE, (i.pk for i in balance.invoices if i.is_credit_note))
    for invoice in balance.invoices:
        invoice.document = balance_documents.get(invoice.pk)
    reminders = Reminder.objects.filter(state=state).select_related("round", "document").order_by("-round__run_on")
    payments = (
        Payment.objects.filter(state=state)
        .prefetch_related(Prefetch("allocations", queryset=PaymentAllocation.objects.select_related("invoice")))
        .order_by("-date", "-pk")
    )
    by_year: dict[int, dict] = {}
    for invoice in balance.invoices:
        row = by_year.setdefault(invoice.year, {"year": invoice.year, "invoiced": 0, "paid": 0, "outstanding": 0})
        row["invoiced"] += invoice.amount
        if not invoice.is_credit_note:
            row["paid"] += invoice.paid
            row["outstanding"] += max(invoice.outstanding, 0)
    totals_by_year = sorted(by_year.values(), key=lambda r: -r["year"])
    return {
        "state": state,
        "balance": balance,
        "letters": letters,
        "reminders": list(reminders),
        "payments": payments,
        "totals_by_year": totals_by_year,
    }


@login_required
def state_account(request, iso3):
    state = state_account_for(request.user, iso3)
    return render(request, "finance/state_account.html", _account_context(state))


@login_required
def my_account(request):
    """The State portal: a focal point's own State's invoices, letters and payments."""
    state = portal_state_for(request.user)
    return render(request, "finance/my_account.html", {**_account_context(state), "portal": True})
