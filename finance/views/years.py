"""The scale of assessments, the financial years (budget, assessments, issuing the invoices)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..allocation import split_budget
from ..forms import FinancialYearForm, ScaleImportForm
from ..models import FinancialYear, ScalePeriod
from ..selectors import finance_office_for, year_for
from ..selectors.letters import year_assessments
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


@login_required
def year_detail(request, year):
    financial_year = year_for(
        request.user,
        year,
        queryset=FinancialYear.objects.select_related("meeting", "scale_period").prefetch_related("participants"),
    )
    assessments = year_assessments(financial_year)
    base60, base40 = split_budget(financial_year.isu_budget)
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


@login_required
@require_POST
def year_issue(request, year):
    financial_year = year_for(request.user, year)
    try:
        count = services.invoices_issue(financial_year=financial_year, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        if count:
            messages.success(request, _("%(count)s invoices issued, in one joint letter per State.") % {"count": count})
        else:
            messages.info(request, _("Every State already has its invoices: nothing was issued twice."))
    return redirect("finance:year-detail", year=year)
