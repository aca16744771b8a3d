"""The portal's URLs plus two views only the benchmark has (production has neither):

- /bench/hello/: the limit of the stack (same gunicorn, same middleware);
- /bench/write/?page=<name> (POST): one real change to what that key page shows, made by the
  load's writer (bench/mixed.lua) every 20 reads, so the page's cache is invalidated as in use.
"""

from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from ccm_portal.urls import handler500  # noqa: F401
from ccm_portal.urls import urlpatterns as portal_urlpatterns

MARK = " ·"


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


def _toggle(obj, field: str) -> None:
    """Add or take off a mark at the end of a text field, saved as the portal saves (signals,
    history, triggers): a change the page shows, undone by the next write."""
    value = getattr(obj, field)
    setattr(obj, field, value[: -len(MARK)] if value.endswith(MARK) else value + MARK)
    obj.save(update_fields=[field])


def _target(page: str):
    from coordinators.models import ActionPlan, Output
    from directory.models import Term
    from finance.models import Payment
    from meetings.models import ActionItem
    from outreach.models import Letter

    from .world import MINUTES_MEETING_TITLE

    if page == "ISU dashboard":
        return ActionItem.objects.filter(status=ActionItem.Status.OPEN).order_by("pk").first(), "text"
    if page == "meeting minutes":
        return ActionItem.objects.filter(meeting__title=MINUTES_MEETING_TITLE).order_by("pk").first(), "text"
    if page == "action plan":
        plan = ActionPlan.objects.get(term=Term.objects.current(), area__slug="victim-assistance")
        return Output.objects.filter(plan=plan).order_by("pk").first(), "text"
    if page == "finance dashboard":
        return Payment.objects.order_by("-pk").first(), "reference"
    if page == "State's outreach history":
        return Letter.objects.filter(state__iso3="IRQ").order_by("-pk").first(), "subject"
    raise ValueError(page)


@csrf_exempt
def write(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj, field = _target(request.GET["page"])
    _toggle(obj, field)
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    path("bench/write/", write, name="bench-write"),
    *portal_urlpatterns,
]
