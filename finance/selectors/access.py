"""The loaders every finance view uses: one per object kind.

Two doors. The back office (dashboard, budgets, scales, invoices, payments, bank statements,
reminder rounds, the State accounts) is the ISU's: to anybody else each of its pages answers
404, whether the object exists or not, a focal point's own State's records included (a focal
point reads those on the State portal). The State portal's objects (joint letters, credit
notes, reminder letters) are seen by the ISU and by the focal point of their State, through
`visible_to(user)` on their querysets; anybody else gets 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from directory import roles
from directory.models import State

from ..models import BankStatementImport, FinancialYear, Invoice, JointLetter, Reminder, ReminderRound


def finance_office_for(user) -> None:
    """For the back-office pages: 404 for anybody but the ISU (finance is not revealed to them)."""
    if not roles.is_isu_staff(user):
        raise Http404


def _office(user, queryset, **lookup):
    finance_office_for(user)
    return get_object_or_404(queryset, **lookup)


def year_for(user, year, *, queryset=None) -> FinancialYear:
    return _office(user, queryset if queryset is not None else FinancialYear.objects.all(), year=year)


def invoice_for(user, pk, *, queryset=None) -> Invoice:
    queryset = queryset if queryset is not None else Invoice.objects.all()
    return _office(user, queryset.visible_to(user), pk=pk)


def statement_for(user, pk) -> BankStatementImport:
    return _office(user, BankStatementImport.objects.all(), pk=pk)


def reminder_round_for(user, pk, *, queryset=None) -> ReminderRound:
    return _office(user, queryset if queryset is not None else ReminderRound.objects.all(), pk=pk)


def state_account_for(user, iso3: str) -> State:
    return _office(user, State.objects.all(), iso3=str(iso3).upper())


# --- the State portal: the ISU and the State's own focal point ------------------------------


def portal_state_for(user) -> State:
    """The State whose portal this user reads: a focal point's own State; 404 for anybody else."""
    state = roles.state_of(user) if roles.is_focal_point(user) else None
    if state is None:
        raise Http404
    return state


def joint_letter_for(user, pk) -> JointLetter:
    return get_object_or_404(JointLetter.objects.visible_to(user).select_related("state", "financial_year"), pk=pk)


def credit_note_for(user, pk) -> Invoice:
    return get_object_or_404(
        Invoice.objects.visible_to(user).select_related("state"), pk=pk, kind=Invoice.Kind.CREDIT_NOTE
    )


def reminder_for(user, pk) -> Reminder:
    return get_object_or_404(Reminder.objects.visible_to(user).select_related("state", "round"), pk=pk)
