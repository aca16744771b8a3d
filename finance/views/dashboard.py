"""The finance dashboard (assessed, received and shortfall per year, arrears) and the invoice exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from directory.models import State
from directory.names import chf_number
from directory.rows import day_label
from documents.exports import export_response
from documents.params import read_params

from .. import services
from ..forms import ExportParams
from ..models import Payment, ReminderRound
from ..selectors import finance_office_for, reports

ARREARS_SHOWN = 25  # the largest arrears; "All … States in arrears" (?arrears=all) lists every one
CIRCLE = '<circle cx="{}" cy="{}" r="3.5" fill="#b35c00"><title>{}: CHF {}</title></circle>'
FIGURE_ROW = '<tr><td>{}</td><td class="num">{}</td></tr>'
YEAR_FIGURES = ("assessed", "received", "shortfall", "isu_shortfall", "un_shortfall")


def _money(value) -> str:
    """As floatformat:"2g" writes an amount in the active language (directory.names.chf_number)."""
    return chf_number(value or 0)


@login_required
def dashboard(request):
    finance_office_for(request.user)
    rows = reports.year_rows()
    for row in rows:  # the template reads row.url, row.money.assessed...
        row.url = reverse("finance:year-detail", args=[row.financial_year.year])
        row.money = {name: _money(getattr(row, name)) for name in YEAR_FIGURES}
    current = rows[0] if rows else None
    chart = reports.line_chart(reports.shortfall_series(current.financial_year)) if current else None
    if chart:  # each point's date and amount formatted once (the template shows them twice), and its
        # coordinates as SVG reads them ("65.3", not the language's "65,3" of {{ x }})
        chart["rows"] = [(str(x), str(y), day_label(date), _money(value)) for x, y, date, value in chart["points"]]
        # a point's circle and its row of figures, escaped by format_html (a template loop per point
        # costs more than the rest of the chart)
        chart["circles"] = format_html_join("", CIRCLE, chart["rows"])
        chart["figures"] = format_html_join("", FIGURE_ROW, ((date, value) for _, _, date, value in chart["rows"]))
    # the largest arrears (or all), a State built only for those shown
    shown, arrears_total = reports.largest_arrears(None if request.GET.get("arrears") == "all" else ARREARS_SHOWN)
    for row in shown:
        row.url = reverse("finance:state-account", args=[row.state.iso3])
        row.due, row.amount = day_label(row.oldest_due_date), _money(row.outstanding)
    payments = list(
        Payment.objects.select_related("state")
        .only("date", "amount", "state__iso3", *(f"state__{name}" for name in State.NAME_FIELDS))
        .order_by("-date", "-pk")[:10]
    )
    for payment in payments:
        payment.url = reverse("finance:state-account", args=[payment.state.iso3])
        payment.day, payment.money = day_label(payment.date), _money(payment.amount)
    not_due = reports.outstanding_not_due()
    not_due["money"] = _money(not_due["total"])
    return render(
        request,
        "finance/dashboard.html",
        {
            "rows": rows,
            "current": current,
            "chart": chart,
            "arrears": shown,
            "arrears_total": arrears_total,
            "arrears_hidden": arrears_total - len(shown),
            "not_due": not_due,
            "payments": payments,
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
