"""What the Coordinators' pages share: the term asked for, a plan's URL, the export answer."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from directory.models import Term
from documents.exports import to_csv, to_xlsx
from documents.params import Params, read_params

from ..forms import TermParams

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def term_params(request) -> Params:
    """?term=; a bad one is reported and read as absent, and the current term is the default."""
    params = read_params(request, TermParams)
    params.values["term"] = params["term"] or Term.objects.current()
    return params


def plan_url(plan) -> str:
    return reverse("coordinators:plan-detail", args=[plan.pk])


def export_response(fmt: str, *, sheet: str, columns: list[str], rows: list[list], filename: str) -> HttpResponse:
    """The rows as a CSV or Excel attachment (fmt: "csv" or "xlsx")."""
    if fmt == "xlsx":
        body, content_type = to_xlsx(sheet, columns, rows), XLSX
    else:
        body, content_type = to_csv(columns, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
