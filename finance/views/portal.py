"""A State's account: the ISU's view of it (/finance/states/<iso3>/) and the State portal
(/finance/my/), where a focal point reads its own State's invoices, letters and payments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from directory.models import State

from .. import services
from ..models import JointLetter, Payment, PaymentAllocation, Reminder
from ..pdfs import CREDIT_NOTE, JOINT_LETTER
from ..selectors import portal_state_for, state_account_for
from ..selectors.letters import pdfs_by_object
from ..selectors.positions import state_position


def _account_context(state: State) -> dict:
    balance = services.state_balance(state)
    position = state_position(state=state, as_of=timezone.localdate())  # the figures at the top
    letters = list(
        JointLetter.objects.filter(state=state).select_related("financial_year", "isu_invoice", "un_invoice")
    )
    letter_documents = pdfs_by_object(JOINT_LETTER, (letter.pk for letter in letters))
    for letter in letters:
        letter.document = letter_documents.get(letter.pk)
    balance_documents = pdfs_by_object(CREDIT_NOTE, (i.pk for i in balance.invoices if i.is_credit_note))
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
        "position": position,
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
