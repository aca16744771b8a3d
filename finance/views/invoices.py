"""The invoices: the list, an invoice with its lines, payments and letter, its credit note."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles
from documents.params import read_params

from .. import services
from ..forms import CreditNoteForm, InvoiceFilterParams
from ..models import FinancialYear, Invoice
from ..pdfs import CREDIT_NOTE, JOINT_LETTER, credit_note_request
from ..selectors import credit_note_for, finance_office_for, invoice_for
from ..selectors.letters import invoice_letter, pdfs_by_object
from .common import error_messages


@login_required
def invoice_list(request):
    finance_office_for(request.user)
    invoices = Invoice.objects.select_related("state", "credit_note_for").order_by("-year", "number")
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
        queryset=Invoice.objects.select_related("state", "financial_year", "credit_note_for", "issued_by"),
    )
    letter = invoice_letter(invoice)
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "allocations": invoice.allocations.select_related("payment"),
            "credit_notes": invoice.credit_notes.all(),
            "letter": letter,
            "document": pdfs_by_object(JOINT_LETTER, [letter.pk]).get(letter.pk) if letter else None,
            "credit_note_document": pdfs_by_object(CREDIT_NOTE, [invoice.pk]).get(invoice.pk),
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
        error_messages(request, error)
        return redirect("finance:invoice-detail", pk=pk)
    messages.success(
        request,
        _("Credit note %(number)s issued: invoice %(invoice)s is cancelled.")
        % {"number": credit_note.display_number, "invoice": invoice.display_number},
    )
    return redirect("finance:invoice-detail", pk=credit_note.pk)


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
