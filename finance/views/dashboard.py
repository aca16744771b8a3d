"""The finance dashboard (assessed, received and shortfall per year, arrears) and the invoice exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from documents.exports import export_response
from documents.params import read_params

from .. import services
from ..forms import ExportParams
from ..models import Payment, ReminderRound
from ..selectors import finance_office_for, reports


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
            "not_due": reports.outstanding_not_due(),
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
    return export_response(
        fmt,
        sheet="Invoices",
        columns=reports.EXPORT_COLUMNS,
        rows=rows,
        filename=stem,
        money=["amount_chf", "paid_chf", "outstanding_chf"],
    )
