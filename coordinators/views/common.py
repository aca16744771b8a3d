"""What the Coordinators' pages share: the term asked for, a plan's URL, the export answer, the
outputs as a plan's page shows them."""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from directory.models import Term
from directory.rows import day_label, link_maker
from documents.params import Params, read_params

from ..forms import TermParams
from ..models import Activity


def term_params(request) -> Params:
    """?term=; a bad one is reported and read as absent, and the current term is the default."""
    params = read_params(request, TermParams)
    params.values["term"] = params["term"] or Term.objects.current()
    return params


def plan_url(plan) -> str:
    return reverse("coordinators:plan-detail", args=[plan.pk])


def _width(value, target) -> str:
    """{% widthratio value target 100 %}: the share of the target reached, in percent."""
    try:
        return str(round(float(value) / float(target) * 100))
    except ZeroDivisionError:
        return "0"
    except (ValueError, TypeError, OverflowError):
        return ""


def _updates_html(updates: list[dict]) -> SafeString:
    """The <li> of each progress update (date, value, narrative, evidence), every text escaped
    (html.escape is what django.utils.html.escape calls)."""
    items = []
    for update in updates:
        narrative = f" – {escape(update['narrative'])}" if update["narrative"] else ""
        evidence = (
            f' <span class="text-body-secondary">({escape(update["evidence"])})</span>' if update["evidence"] else ""
        )
        value = floatformat(update["value"], "-2")
        items.append(f"<li>{day_label(update['date'])}: <strong>{value}</strong>{narrative}{evidence}</li>")
    return mark_safe("".join(items))  # noqa: S308 - the narratives and evidence are escaped


def output_rows(outputs: list[dict], *, progress_fields: dict | None = None) -> list[dict]:
    """coordinators/_output.html's rows for selectors.plan_outputs: each output with its figures,
    dates and links written once here (what |floatformat, |date and {% url %} gave in the
    template, per output and per update) and its progress form's fields (progress_fields, by
    prefix "p<pk>", for those who edit the plan)."""
    history, edit = link_maker("coordinators:output-history"), link_maker("coordinators:output-edit")
    progress_add, activity_add = link_maker("coordinators:progress-add"), link_maker("coordinators:activity-add")
    statuses = dict(Activity.Status.choices)
    progress_fields = progress_fields or {}
    rows = []
    for output in outputs:
        pk, latest = output["pk"], output["latest"]
        rows.append(
            {
                "output": output,
                "status": output["status"],
                "target": floatformat(output["target_value"], "-2"),
                "baseline": floatformat(output["baseline"], "-2"),
                "current": floatformat(output["current_value"], "-2"),
                "deadline": day_label(output["deadline"], "DATE_FORMAT"),
                "latest_date": day_label(latest["date"], "DATE_FORMAT") if latest else "",
                # the progress bar's figures: |floatformat:0 and {% widthratio current target 100 %}
                "bar_now": floatformat(output["current_value"], 0),
                "bar_min": floatformat(output["baseline"], 0),
                "bar_max": floatformat(output["target_value"], 0),
                "bar_width": _width(output["current_value"], output["target_value"]),
                "updates_html": _updates_html(output["updates"]),
                "activities": [
                    {
                        "what": activity["what"],
                        "who": activity["who"],
                        "end": day_label(activity["end"]),
                        "status_label": statuses.get(activity["status"], activity["status"]),
                    }
                    for activity in output["activities"]
                ],
                "history_url": history(pk),
                "edit_url": edit(pk),
                "progress_url": progress_add(pk),
                "activity_url": activity_add(pk),
                "progress_fields": progress_fields.get(f"p{pk}"),
            }
        )
    return rows
