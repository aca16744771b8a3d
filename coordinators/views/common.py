"""What the Coordinators' pages share: the term asked for, a plan's URL, the export answer."""

from __future__ import annotations

from django.urls import reverse

from directory.models import Term
from documents.params import Params, read_params

from ..forms import TermParams


def term_params(request) -> Params:
    """?term=; a bad one is reported and read as absent, and the current term is the default."""
    params = read_params(request, TermParams)
    params.values["term"] = params["term"] or Term.objects.current()
    return params


def plan_url(plan) -> str:
    return reverse("coordinators:plan-detail", args=[plan.pk])
