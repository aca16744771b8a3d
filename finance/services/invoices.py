"""The year's invoices: numbered without gaps per year (InvoiceSequence), two per State (the ISU
contribution, the UN conference services) carried by one joint letter."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory import names

from .. import allocation
from ..models import ZERO, Assessment, FinancialYear, Invoice, InvoiceLine, InvoiceSequence, JointLetter
from ..pdfs import joint_letter_request
from .payments import credit_apply, lock_state


def invoice_create(*, financial_year, state, kind, lines, by, issue_date, credit_note_for=None, reason="") -> Invoice:
    invoice = Invoice.objects.create(
        financial_year=financial_year,
        number=InvoiceSequence.next_number(financial_year.year),
        kind=kind,
        state=state,
        amount=sum((amount for _, _, amount in lines), ZERO),
        issue_date=issue_date,
        due_date=financial_year.due_date if credit_note_for is None else issue_date,
        credit_note_for=credit_note_for,
        reason=reason,
        issued_by=by,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=n, description=d, explanation=e, amount=a)
        for n, (d, e, a) in enumerate(lines, start=1)
    )
    return invoice


def _pct(value) -> str:
    """A rate in the active language: '0.5 %' in English, '0,5 %' in French and Spanish."""
    if value is None:
        return "–"
    number = f"{value.quantize(Decimal('0.000001')).normalize():f}"
    return f"{number if names.language_of() == 'en' else number.replace('.', ',')} %"


def _meeting(financial_year: FinancialYear) -> str:
    return financial_year.meeting.title if financial_year.meeting_id else _("the Meeting of States Parties")


# The lines are written once, when the invoice is issued, in the State's language of correspondence
# (State.language), the language of the letter that carries them (finance/pdfs.py).


def isu_lines(assessment: Assessment, financial_year: FinancialYear, totals) -> list[tuple[str, str, Decimal]]:
    with translation.override(assessment.state.language):
        return _isu_lines(assessment, financial_year, totals)


def _isu_lines(assessment: Assessment, financial_year: FinancialYear, totals) -> list[tuple[str, str, Decimal]]:
    lines = []
    rate = _pct(assessment.un_rate)
    if assessment.share60:
        lines.append((
            _("Contribution to the ISU budget %(year)s: share of 60 %% (%(base)s)")
            % {"year": financial_year.year, "base": names.chf(totals["base60"])},
            _("UN rate %(rate)s, adjusted to the States Parties %(adjusted)s")
            % {"rate": rate, "adjusted": _pct(assessment.adjusted_rate60)},
            assessment.share60,
        ))  # fmt: skip
    if assessment.share40:
        lines.append((
            _(
                "Contribution to the ISU budget %(year)s: share of 40 %% (%(base)s) borne by the States taking "
                "part in %(meeting)s"
            )
            % {"year": financial_year.year, "base": names.chf(totals["base40"]), "meeting": _meeting(financial_year)},
            _("UN rate %(rate)s, adjusted to the participants %(adjusted)s")
            % {"rate": rate, "adjusted": _pct(assessment.adjusted_rate40)},
            assessment.share40,
        ))  # fmt: skip
    return lines


def un_lines(assessment: Assessment, financial_year: FinancialYear) -> list[tuple[str, str, Decimal]]:
    if not assessment.un_total:
        return []
    with translation.override(assessment.state.language):
        return [
            (
                _("UN conference services, %(meeting)s: share of the cost estimate (%(cost)s)")
                % {"meeting": _meeting(financial_year), "cost": names.chf(financial_year.meeting_cost)},
                _("UN rate %(rate)s, adjusted to the participants %(adjusted)s")
                % {"rate": _pct(assessment.un_rate), "adjusted": _pct(assessment.adjusted_rate40)},
                assessment.un_cost,
            ),
            (
                _("Programme support cost (%(rate)s) on the conference services")
                % {"rate": _pct(financial_year.psc_percent)},
                _("charged by the United Nations on its costs"),
                assessment.un_psc,
            ),
        ]


def _active_invoice(financial_year, state, kind) -> Invoice | None:
    """The State's invoice of that kind for the year that is not cancelled, if any."""
    for invoice in Invoice.objects.filter(financial_year=financial_year, state=state, kind=kind):
        if not invoice.is_cancelled:
            return invoice
    return None


def invoices_issue(*, financial_year: FinancialYear, by, issue_date: datetime.date | None = None) -> int:
    """Issue the year's two invoices to every State assessed, one State per transaction, and the
    joint letter that carries them. Running it again issues nothing twice. Returns how many."""
    issue_date = issue_date or timezone.localdate()
    if not financial_year.assessments.exists():
        raise ValidationError(_("Compute the assessments before issuing the invoices."))
    issued = 0
    totals = None
    for assessment in financial_year.assessments.select_related("state").order_by("state__name"):
        with transaction.atomic():
            # Locking the year makes two people issuing at once take turns: the second finds the
            # invoices the first made and issues nothing twice.
            year = (
                FinancialYear.objects.select_for_update(of=("self",))
                .select_related("meeting")
                .get(pk=financial_year.pk)
            )
            if totals is None:
                base60, base40 = allocation.split_budget(year.isu_budget)
                totals = {"base60": base60, "base40": base40}
            state = assessment.state
            # then the State, before its invoices are numbered: the order every ledger writer takes
            # (State, then the year's sequence), so that a credit note issued meanwhile cannot deadlock
            lock_state(state)
            made = {}
            for kind, lines in (
                (Invoice.Kind.ISU_CONTRIBUTION, isu_lines(assessment, year, totals)),
                (Invoice.Kind.UN_SERVICES, un_lines(assessment, year)),
            ):
                existing = _active_invoice(year, state, kind)
                if existing is not None:
                    made[kind] = existing
                elif lines:
                    made[kind] = invoice_create(
                        financial_year=year, state=state, kind=kind, lines=lines, by=by, issue_date=issue_date
                    )
                    issued += 1
            isu_invoice = made.get(Invoice.Kind.ISU_CONTRIBUTION)
            un_invoice = made.get(Invoice.Kind.UN_SERVICES)
            if isu_invoice is not None:
                letter = JointLetter.objects.filter(financial_year=year, state=state).order_by("-pk").first()
                if (
                    letter is None
                    or letter.isu_invoice_id != isu_invoice.pk
                    or letter.un_invoice_id != (un_invoice.pk if un_invoice else None)
                ):
                    JointLetter.objects.create(
                        financial_year=year, state=state, isu_invoice=isu_invoice, un_invoice=un_invoice
                    )
            if year.invoices_issued_at is None:
                year.invoices_issued_at = timezone.now()
                year.save(update_fields=["invoices_issued_at"])
            credit_apply(state=state)
    return issued


def joint_letters_request(*, financial_year: FinancialYear) -> int:
    """Prepare the PDF of every joint letter of the year (rendered in the background)."""
    letters = JointLetter.objects.filter(financial_year=financial_year).select_related("state", "financial_year")
    count = 0
    for letter in letters:
        joint_letter_request(letter)
        count += 1
    return count
