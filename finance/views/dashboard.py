"""The finance dashboard (assessed, received and shortfall per year, arrears) and the invoice exports."""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from directory.names import NARROW_NBSP, language_of, state_name
from directory.rows import day_label, html_row, link_maker
from documents.exports import export_response
from documents.params import read_params

from ..forms import ExportParams
from ..selectors import finance_office_for, reports

ARREARS_SHOWN = 25  # the largest arrears; "All … States in arrears" (?arrears=all) lists every one
PAYMENTS_SHOWN = 10
YEAR_LINK = '<a href="{}">{}</a>'
YEAR_CELLS = (
    '<td class="num">{}</td><td class="num">{}</td><td class="num fw-semibold">{}</td><td class="num">{}</td>'
    '<td class="num">{}</td>'
)
STATE_LINK = '<a href="{}">{}</a>'
PAYMENT_ROW = '<tr><td>{}</td><td><a href="{}">{}</a></td><td class="num">{}</td></tr>'
CIRCLE = '<circle cx="{}" cy="{}" r="3.5" fill="#b35c00"><title>{}: CHF {}</title></circle>'
FIGURE_ROW = '<tr><td>{}</td><td class="num">{}</td></tr>'
YEAR_FIGURES = ("assessed", "received", "shortfall", "isu_shortfall", "un_shortfall")


CENT = Decimal("0.01")
# chf_number's separators, swapped in Python's own "1,234.56" (one str.translate, not a regex per amount)
SEPARATORS = {"en": None, "fr": str.maketrans({",": NARROW_NBSP, ".": ","}), "es": str.maketrans({",": ".", ".": ","})}


def _money_writer():
    """What floatformat:"2g" writes of an amount in the active language, as
    directory.names.chf_number does (two decimals rounded half up, the language's separators), for
    the many amounts of one page: the language looked up once, not once per amount."""
    separators = SEPARATORS[language_of()]

    def money(value) -> str:
        amount = Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)
        number = f"{abs(amount):,.2f}"
        if separators:
            number = number.translate(separators)
        return f"-{number}" if amount < 0 else number

    return money


def _state_account_link():
    """What {% url 'finance:state-account' iso3 %} gives, reversed once for a list (an ISO code
    is three letters: nothing in it is quoted)."""
    head, tail = reverse("finance:state-account", args=["ISO"]).rsplit("ISO", 1)
    return lambda iso3: f"{head}{iso3}{tail}"


@login_required
def dashboard(request):
    finance_office_for(request.user)
    money, year_link, account_link = _money_writer(), link_maker("finance:year-detail"), _state_account_link()
    rows = reports.year_rows()
    for row in rows:  # the row's link and amounts made here (a template lookup per cell costs more)
        row.money = {name: money(getattr(row, name)) for name in YEAR_FIGURES}  # the cards read current.money
        year = row.financial_year.year
        row.link = html_row(YEAR_LINK, year_link(year), year)
        row.cells = html_row(YEAR_CELLS, *row.money.values())
        row.frozen = row.financial_year.is_frozen
    current = rows[0] if rows else None
    chart = reports.line_chart(reports.shortfall_series(current.financial_year)) if current else None
    if chart:  # each point's date and amount formatted once (the template shows them twice), and its
        # coordinates as SVG reads them ("65.3", not the language's "65,3" of {{ x }})
        chart["rows"] = [(str(x), str(y), day_label(date), money(value)) for x, y, date, value in chart["points"]]
        # a point's circle and its row of figures, each text escaped (a template loop per point, or
        # format_html per point, costs more than the rest of the chart)
        escaped = [tuple(html.escape(text) for text in row) for row in chart["rows"]]
        chart["circles"] = mark_safe("".join(CIRCLE.format(*row) for row in escaped))
        chart["figures"] = mark_safe("".join(FIGURE_ROW.format(date, value) for _, _, date, value in escaped))
    # the largest arrears (or all), a State built only for those shown
    shown, arrears_total = reports.largest_arrears(None if request.GET.get("arrears") == "all" else ARREARS_SHOWN)
    for row in shown:
        row.link = html_row(STATE_LINK, account_link(row.state.iso3), state_name(row.state, article=False))
        row.due, row.amount = day_label(row.oldest_due_date), money(row.outstanding)
    payments = [  # each payment's row
        html_row(PAYMENT_ROW, day_label(day), account_link(state.iso3), state_name(state, article=False), money(amount))
        for day, amount, state in reports.recent_payments(PAYMENTS_SHOWN)
    ]
    last_round_on, next_round = reports.reminder_days()  # as services.next_scheduled_round, in one query
    not_due = reports.outstanding_not_due()
    not_due["money"] = money(not_due["total"])
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
            "next_round": next_round,
            "last_round_on": last_round_on,
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
