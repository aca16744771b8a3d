"""The Coordinators' PDFs: the annual progress report of an area against its plan and the ISU's
quarterly update of a term; who may read them and the requests that queue their rendering."""

from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Mandate, Term
from documents import registry
from documents.models import GeneratedDocument
from documents.services import document_in_language, document_request, reader_language, written_in

from .models import ActionPlan, Output


def build_plan_report(plan_id: int):
    plan = ActionPlan.objects.select_related("area", "term").get(pk=plan_id)
    outputs = list(Output.objects.filter(plan=plan).prefetch_related("progress_updates", "activities"))
    today = timezone.localdate()
    return "coordinators/pdf/plan_report.html", {
        "plan": plan,
        "rows": [(o, o.status(today), o.latest_progress()) for o in outputs],
        "coordinators": [
            m.state for m in Mandate.objects.filter(area=plan.area, term=plan.term).select_related("state")
        ],
        "today": today,
    }


def build_quarterly_update(term_id: int):
    """Every area's plan of the term, each output with its status: the ISU's quarterly update."""
    term = Term.objects.get(pk=term_id)
    today = timezone.localdate()
    plans = ActionPlan.objects.filter(term=term).select_related("area").prefetch_related("outputs__progress_updates")
    return "coordinators/pdf/quarterly_update.html", {
        "term": term,
        "today": today,
        "quarter": (today.month - 1) // 3 + 1,
        "plans": [(plan, [(o, o.status(today)) for o in plan.outputs.all()]) for plan in plans],
    }


def _logged_in(user, document) -> bool:
    return bool(user and user.is_authenticated)


def register_documents() -> None:
    registry.register("plan-report", build=build_plan_report, can_view=_logged_in)
    registry.register("quarterly-update", build=build_quarterly_update, can_view=_logged_in)


def quarterly_update_request(term, *, language: str = "") -> GeneratedDocument:
    """The day's quarterly update of the term, in the language (the asker's, from a page)."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    with written_in(language):
        title = _("Quarterly update %(year)d Q%(quarter)d (%(term)s)") % {
            "year": today.year,
            "quarter": quarter,
            "term": term.name,
        }
    return document_request(
        kind="quarterly-update",
        object_id=term.pk,
        title=title,
        filename=f"quarterly-update-{today.year}-q{quarter}.pdf",
        version=today.isoformat(),
        language=language,
    )


def quarterly_update_for(term, *, language: str = "") -> GeneratedDocument | None:
    """The latest quarterly update in the reader's language: asked for in it (the day's) when
    the latest was rendered in another language only."""
    return _latest_in_language(
        GeneratedDocument.objects.filter(kind="quarterly-update", object_id=term.pk),
        language,
        lambda code: quarterly_update_request(term, language=code),
    )


def _latest_in_language(documents, language: str, request) -> GeneratedDocument | None:
    latest = documents.order_by("-pk").first()
    if latest is None:
        return None
    return document_in_language(documents.filter(edition=latest.edition), language or reader_language(), request)


def plan_report_request(plan: ActionPlan, *, language: str = "") -> GeneratedDocument:
    """The day's progress report of the plan, in the language (the asker's, from a page)."""
    today = timezone.localdate()
    with written_in(language):
        title = _("Progress report %(year)d: %(area)s") % {"year": today.year, "area": plan.area}
    return document_request(
        kind="plan-report",
        object_id=plan.pk,
        title=title,
        filename=f"progress-report-{plan.area.slug}-{plan.term.name}-{today:%Y-%m-%d}.pdf",
        version=today.isoformat(),
        language=language,
    )


def plan_report_for(plan: ActionPlan, *, language: str = "") -> GeneratedDocument | None:
    """The latest progress report in the reader's language: asked for in it (the day's) when the
    latest was rendered in another language only."""
    return _latest_in_language(
        GeneratedDocument.objects.filter(kind="plan-report", object_id=plan.pk),
        language,
        lambda code: plan_report_request(plan, language=code),
    )
