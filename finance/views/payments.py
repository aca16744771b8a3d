"""Payments: recorded by hand, or read from a bank statement and matched line by line."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import State
from directory.names import chf_number
from documents.params import read_params, report_errors

from .. import services
from ..forms import BankLineForm, BankStatementForm, PaymentForm, PaymentParams
from ..models import BankStatementImport, BankStatementLine, Invoice, Payment
from ..selectors import finance_office_for, statement_for
from .common import error_messages


@login_required
def payment_list(request):
    finance_office_for(request.user)
    payments = Payment.objects.select_related("state", "recorded_by").prefetch_related("allocations__invoice")
    page = Paginator(payments.order_by("-date", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "finance/payment_list.html", {"page": page})


@login_required
def payment_create(request):
    """Record a payment. ?invoice= fills it in for that invoice; ?state= chooses the State, and with
    htmx (the State select changed) only the invoice field is answered, listing its open invoices."""
    finance_office_for(request.user)
    initial = {"date": timezone.localdate()}
    params = read_params(request, PaymentParams)
    invoice, state = params["invoice"], params["state"]
    if invoice is not None and state in (None, invoice.state):
        initial.update(invoice=invoice, state=invoice.state, amount=max(invoice.outstanding, 0) or None)
    elif state is not None:
        initial["state"] = state
    if request.htmx and request.method == "GET":
        return render(request, "finance/_payment_invoice_field.html", {"form": PaymentForm(initial=initial)})
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
                "amount": chf_number(payment.amount), "state": payment.state}  # fmt: skip
            if credit:
                text += " " + _("CHF %(credit)s is carried forward as credit.") % {"credit": chf_number(credit)}
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
    # The suspense list: money received that is not (yet) a payment, to confirm or ignored with a reason.
    unsettled = BankStatementLine.objects.exclude(status=BankStatementLine.Status.CONFIRMED)
    suspense = Paginator(unsettled.select_related("statement").order_by("-date", "-pk"), 50)
    return render(
        request,
        "finance/bank_import.html",
        {
            "form": form,
            "statements": statements,
            "suspense": suspense.get_page(request.GET.get("page")),
            "suspense_total": unsettled.aggregate(total=Sum("amount"))["total"],
        },
    )


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
                    services.bank_line_ignore(line=line, reason=form.cleaned_data["reason"])
                    messages.info(
                        request, _("Line %(row)s ignored; it stays in the suspense list.") % {"row": line.row}
                    )
                else:
                    services.bank_line_confirm(
                        line=line, state=state, invoice=form.cleaned_data["invoice"], by=request.user
                    )
                    messages.success(request, _("Line %(row)s recorded as a payment of %(state)s.") % {
                        "row": line.row, "state": state})  # fmt: skip
            except ValidationError as error:
                error_messages(request, error)
            return redirect("finance:bank-import-detail", pk=pk)
        report_errors(request, form)
        status = 400  # the page again, with what was refused
    lines = statement.lines.select_related(
        "proposed_state", "proposed_invoice", "payment", "candidate_a_state", "candidate_a_invoice",
        "candidate_b_state", "candidate_b_invoice",
    )  # fmt: skip
    states = State.objects.filter(invoices__isnull=False).distinct()
    open_invoices = list(Invoice.objects.outstanding().select_related("state").order_by("state__name", "number"))
    return render(
        request,
        "finance/bank_import_detail.html",
        {"statement": statement, "lines": lines, "states": states, "open_invoices": open_invoices},
        status=status,
    )
