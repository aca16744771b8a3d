"""The scale of assessments, the financial years (budget, assessments, issuing the invoices)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from directory.names import chf_number
from outbox import once

from .. import services
from ..allocation import split_budget
from ..forms import FinancialYearForm, ScaleImportForm
from ..models import FinancialYear, Invoice, ScalePeriod
from ..selectors import finance_office_for, year_for
from ..selectors.letters import year_assessments
from ..selectors.plans import issue_plan
from .common import error_messages


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
        financial_year = services.financial_year_create(
            participants=form.cleaned_data["participants"], **form.year_fields()
        )
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
        try:
            services.financial_year_update(
                financial_year=financial_year, participants=form.cleaned_data["participants"], **form.year_fields()
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Budget saved. Compute the assessments again to apply it."))
        return redirect("finance:year-detail", year=year)
    return render(request, "finance/year_form.html", {"form": form, "financial_year": financial_year})


def _formatted(assessments, base60, base40) -> None:
    """Each assessment's cells formatted once, in Python, as the template's filters would (a row
    per State: some 200 rows of nine figures each); set as `.shown`."""
    of_base = _("%(rate)s %% of CHF %(base)s")  # the msgid of the template's blocktranslate
    for a in assessments:
        a.shown = {
            "url": reverse("finance:state-account", args=[a.state.iso3]),
            "un_rate": floatformat(a.un_rate, "-6"),
            "adjusted60": floatformat(a.adjusted_rate60, "4") or "–",
            "title60": of_base % {"rate": localize(a.adjusted_rate60), "base": localize(base60)},
            "adjusted40": floatformat(a.adjusted_rate40, "4") if a.is_participant else "–",
            "title40": of_base % {"rate": localize(a.adjusted_rate40), "base": localize(base40)},
            **{
                name: chf_number(getattr(a, name))  # as floatformat:"2g" in each language, faster
                for name in ("share60", "share40", "isu_total", "un_cost", "un_psc")
            },
        }


@login_required
def year_detail(request, year):
    financial_year = year_for(
        request.user,
        year,
        queryset=FinancialYear.objects.select_related("meeting", "scale_period").prefetch_related("participants"),
    )
    assessments = year_assessments(financial_year)
    base60, base40 = split_budget(financial_year.isu_budget)
    _formatted(assessments, base60, base40)
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
        error_messages(request, error)
    else:
        messages.success(request, _("%(count)s States assessed.") % {"count": len(rows)})
    return redirect("finance:year-detail", year=year)


ISSUE = "finance.year-issue"  # the one-time action (outbox.once)


def _issue_page(financial_year, plan) -> once.Confirmation:
    year = financial_year.year
    back = reverse("finance:year-detail", args=[year])
    page = once.Confirmation(
        title=_("Issue the invoices of %(year)s") % {"year": year},
        lead="",
        submit=ngettext("Issue %(count)d invoice", "Issue %(count)d invoices", plan.count) % {"count": plan.count},
        cancel_url=back,
        crumbs=[(_("Contributions %(year)s") % {"year": year}, back)],
        irreversible=_("Issued invoices cannot be deleted or changed, only credited by a credit note."),
        items_label=_("Invoices by State"),
    )
    if not financial_year.assessments.exists():
        page.lead = page.blocked = _("Compute the assessments before issuing the invoices.")
        return page
    if not plan.count:
        page.lead = page.blocked = _("Every State already has its invoices: there is nothing to issue.")
        return page
    states = plan.states
    page.lead = _("%(invoices)s, %(numbers)s, %(states)s, total CHF %(total)s.") % {
        "invoices": ngettext("%(count)d invoice", "%(count)d invoices", plan.count) % {"count": plan.count},
        "numbers": ngettext("number %(first)s", "numbers %(first)s to %(last)s", plan.count)
        % {"first": plan.first, "last": plan.last},
        "states": ngettext("to %(count)d State", "to %(count)d States", len(states)) % {"count": len(states)},
        "total": chf_number(plan.total),
    }
    page.details = [
        _("Each State receives one joint letter carrying its invoices; they are due on %(date)s.")
        % {"date": date_format(financial_year.due_date, "j F Y")}
    ]
    by_state: dict = {}
    for invoice in plan.invoices:
        by_state.setdefault(invoice.state, []).append(
            f"{Invoice.Kind(invoice.kind).label} CHF {chf_number(invoice.amount)}"
        )
    page.items = [f"{state.name}: {', '.join(parts)}" for state, parts in by_state.items()]
    return page


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def year_issue(request, year):
    """GET: what issuing will do (the confirmation page); POST with its token: issue, once."""
    financial_year = year_for(request.user, year, queryset=FinancialYear.objects.select_related("meeting"))
    plan = issue_plan(financial_year)
    if request.method != "POST":
        return once.confirmation(request, _issue_page(financial_year, plan), action=ISSUE, target=year,
                                 facts=plan.facts())  # fmt: skip

    def issue() -> once.Result:
        count = services.invoices_issue(financial_year=financial_year, by=request.user)
        message = ngettext(
            "%(count)s invoice issued, in one joint letter per State.",
            "%(count)s invoices issued, in one joint letter per State.",
            count,
        ) % {"count": count}
        return once.Result(url=reverse("finance:year-detail", args=[year]), message=message, value=count)

    try:
        outcome = once.perform(
            token=request.POST.get(once.FIELD, ""), user=request.user, action=ISSUE, target=year,
            facts=plan.facts(), run=issue,
        )  # fmt: skip
    except once.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("finance:year-issue", year=year)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("finance:year-detail", year=year)
    if not outcome.done:
        return once.already_done(request, outcome)
    if outcome.value:
        messages.success(request, outcome.message)
    else:
        messages.info(request, _("Every State already has its invoices: nothing was issued twice."))
    return redirect(outcome.url)
