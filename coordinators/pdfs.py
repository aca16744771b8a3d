"""The Coordinators' PDFs: the annual progress report of an area against its plan and the ISU's
quarterly update of a term; who may read them and the requests that queue their rendering."""

from django.utils import timezone

from directory.models import Mandate, Term
from documents import registry
from documents.models import GeneratedDocument
from documents.services import document_request

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


def quarterly_update_request(term) -> GeneratedDocument:
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return document_request(
        kind="quarterly-update",
        object_id=term.pk,
        title=f"Quarterly update {today.year} Q{quarter} ({term.name})",
        filename=f"quarterly-update-{today.year}-q{quarter}.pdf",
        version=today.isoformat(),
    )


def quarterly_update_for(term) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(kind="quarterly-update", object_id=term.pk).order_by("-pk").first()


def plan_report_request(plan: ActionPlan) -> GeneratedDocument:
    today = timezone.localdate()
    return document_request(
        kind="plan-report",
        object_id=plan.pk,
        title=f"Progress report {today.year}: {plan.area}",
        filename=f"progress-report-{plan.area.slug}-{plan.term.name}-{today:%Y-%m-%d}.pdf",
        version=today.isoformat(),
    )


def plan_report_for(plan: ActionPlan) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(kind="plan-report", object_id=plan.pk).order_by("-pk").first()
