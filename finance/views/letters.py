"""The joint letters (cover letter and the year's two invoices of a State, in one PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles

from .. import services
from ..pdfs import joint_letter_request
from ..selectors import joint_letter_for, year_for


@login_required
@require_POST
def year_letters(request, year):
    """Prepare the PDF of every joint letter of the year (rendered in the background)."""
    financial_year = year_for(request.user, year)
    services.joint_letters_request(financial_year=financial_year)
    messages.success(request, _("The joint letters are being prepared."))
    return redirect("finance:year-detail", year=year)


@login_required
@require_POST
def letter_pdf(request, pk):
    """Prepare a joint letter's PDF (the ISU, or the focal point of its State)."""
    letter = joint_letter_for(request.user, pk)
    document = joint_letter_request(letter)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    messages.info(request, _("The letter is being prepared; it can be downloaded in a moment."))
    if roles.is_isu_staff(request.user):
        return redirect("finance:state-account", iso3=letter.state.iso3)
    return redirect("finance:my-account")
