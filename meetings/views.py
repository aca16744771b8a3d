"""Pages of the meetings app: meetings, agenda, attendance and action items.

Each view reads top to bottom: load the object, check the role, validate the form, call the
service, redirect with a message. The minutes pages are in views_minutes.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles
from directory.models import Person

from . import services
from .documents import participants_pdf_for, participants_pdf_request
from .forms import (
    ActionFilterForm,
    ActionItemEditForm,
    AddDelegationForm,
    AgendaItemForm,
    AttendanceChoices,
    AttendanceFormSet,
    MeetingFilterForm,
    MeetingForm,
)
from .models import ActionItem, AgendaItem, Attendance, Meeting, Minutes, attendance_by_delegation
from .selectors import action_for, meeting_for, meetings_section_for

# --- helpers -----------------------------------------------------------------------------------


def paginate(request, queryset):
    return Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))


def agenda_tree(items) -> list[tuple[AgendaItem, list[AgendaItem]]]:
    """[(item, [sub-items])] in agenda order, from a flat list of one meeting's items."""
    children: dict[int, list[AgendaItem]] = {}
    top = []
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
        else:
            top.append(item)
    order = lambda i: (i.position, i.pk)  # noqa: E731
    return [(item, sorted(children.get(item.pk, []), key=order)) for item in sorted(top, key=order)]


def _minutes_status_subquery():
    latest = Minutes.objects.filter(meeting=OuterRef("pk")).order_by("-version")
    return Subquery(latest.values("status")[:1])


# --- meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    meetings_section_for(request.user)
    filters = MeetingFilterForm(request.GET or None)
    meetings = filters.filter(
        Meeting.objects.visible_to(request.user)
        .select_related("term")
        .annotate(minutes_status=_minutes_status_subquery())
    )
    page = paginate(request, meetings)
    labels = dict(Minutes.Status.choices)
    for meeting in page:
        meeting.minutes_status_label = labels.get(meeting.minutes_status, "")
    return render(request, "meetings/meeting_list.html", {"filters": filters, "page": page})


@login_required
def meeting_create(request):
    meetings_section_for(request.user, write=True)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                meeting = form.save(commit=False)
                meeting.created_by = request.user
                meeting.save()
                form.save_m2m()
                if form.cleaned_data.get("propose_agenda"):
                    services.agenda_propose(meeting=meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meeting created."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@login_required
def meeting_edit(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Meeting saved."))
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for(
        request.user,
        pk,
        queryset=Meeting.objects.select_related("term__presidency", "chair__delegation").prefetch_related(
            "conventions", "hosts"
        ),
    )
    items = meeting.agenda_items.select_related("thematic_area").prefetch_related("presenters")
    groups = attendance_by_delegation(meeting)
    attended = [(d, [a for a in rows if a.attended]) for d, rows in groups]
    attended = [(d, rows) for d, rows in attended if rows]
    apologies = [a for _d, rows in groups for a in rows if a.status == Attendance.Status.APOLOGIES]
    versions = list(meeting.minutes.order_by("-version"))
    if not roles.is_isu_staff(request.user):
        versions = [m for m in versions if m.status != Minutes.Status.DRAFT]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda_tree(items),
            "attended": attended,
            "apologies": apologies,
            "counts": {
                "delegations": len(attended),
                "people": sum(1 for _d, rows in attended for a in rows if a.person_id),
                "apologies": len(apologies),
            },
            "minutes_versions": versions,
            "decisions": meeting.decisions.select_related("agenda_item"),
            "actions": meeting.action_items.with_related(),
            "participants_pdf": participants_pdf_for(meeting),
        },
    )


@login_required
@require_POST
def participants_pdf(request, pk):
    """Queue the list of participants as PDF (restricted to the Committee)."""
    meeting = meeting_for(request.user, pk, write=True)
    participants_pdf_request(meeting)
    messages.success(request, _("The list of participants is being rendered; it appears below when ready."))
    return redirect("meetings:meeting-detail", pk=meeting.pk)


# --- agenda ---------------------------------------------------------------------------------


def _agenda_context(meeting: Meeting) -> dict:
    items = meeting.agenda_items.select_related("thematic_area").prefetch_related("presenters")
    minutes = meeting.current_minutes
    return {"meeting": meeting, "agenda": agenda_tree(items), "frozen": bool(minutes and minutes.is_frozen)}


def _agenda_response(request, meeting: Meeting):
    """htmx swaps the agenda in place; a plain POST goes back to the page."""
    if request.htmx:
        return render(request, "meetings/_agenda_items.html", _agenda_context(meeting))
    return redirect("meetings:agenda-edit", pk=meeting.pk)


@login_required
def agenda_edit(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item %(number)s added.") % {"number": item.number})
            return redirect("meetings:agenda-edit", pk=meeting.pk)
    return render(request, "meetings/agenda_edit.html", {**_agenda_context(meeting), "form": form})


@login_required
@require_POST
def agenda_propose(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    try:
        services.agenda_propose(meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The standard agenda was proposed; adjust it as needed."))
    return redirect("meetings:agenda-edit", pk=meeting.pk)


def _agenda_item_for(request, pk, item_pk) -> AgendaItem:
    meeting = meeting_for(request.user, pk, write=True)
    return get_object_or_404(meeting.agenda_items.select_related("meeting"), pk=item_pk)


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    item = _agenda_item_for(request, pk, item_pk)
    try:
        services.agenda_item_move(item=item, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _agenda_response(request, item.meeting)


@login_required
@require_POST
def agenda_item_delete(request, pk, item_pk):
    item = _agenda_item_for(request, pk, item_pk)
    meeting, label = item.meeting, str(item)
    try:
        services.agenda_item_delete(item=item)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Removed “%(item)s”.") % {"item": label})
    return _agenda_response(request, meeting)


# --- attendance -----------------------------------------------------------------------------


def _attendance_roster(meeting: Meeting) -> list[dict]:
    """Initial rows: the attendance recorded so far, each delegation followed by its other people
    (unticked). A meeting with no attendance yet starts from the previous meeting's delegations."""
    rows: dict[int, list[dict]] = {}
    for a in meeting.attendances.order_by("order", "pk"):
        rows.setdefault(a.delegation_id, []).append(
            {
                "delegation": a.delegation_id,
                "person": a.person_id,
                "status": a.status,
                "capacity": a.capacity,
                "on_behalf_of": a.on_behalf_of,
                "is_guest": a.is_guest,
            }
        )
    if not rows:
        previous = meeting.previous()
        if previous is not None:
            for delegation_id in previous.attendances.order_by("order", "pk").values_list("delegation", flat=True):
                rows.setdefault(delegation_id, [])
    listed = {r["person"] for group in rows.values() for r in group if r["person"]}
    for person in Person.objects.filter(delegation__in=rows.keys()).exclude(pk__in=listed):
        rows[person.delegation_id].append({"delegation": person.delegation_id, "person": person.pk, "status": ""})
    return [row for group in rows.values() for row in group]


def _with_people_of(delegation, rows: list[dict]) -> list[dict]:
    """The rows, plus every person of this delegation not on them yet, marked present."""
    listed = {r.get("person") for r in rows}
    added = [
        {"delegation": delegation.pk, "person": p.pk, "status": Attendance.Status.PRESENT}
        for p in delegation.people.all()
        if p.pk not in listed
    ]
    if not added and not any(r.get("delegation") == delegation.pk for r in rows):
        added = [{"delegation": delegation.pk, "person": None, "status": Attendance.Status.PRESENT}]
    return rows + added


def _row_initial(form) -> dict:
    data = dict(form.cleaned_data)
    data["delegation"] = data["delegation"].pk if data.get("delegation") else None
    data["person"] = data["person"].pk if data.get("person") else None
    return data


@login_required
def attendance_edit(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    choices = AttendanceChoices()
    helper = AddDelegationForm(request.POST or None)
    if request.method != "POST":
        formset = AttendanceFormSet(initial=_attendance_roster(meeting), form_kwargs={"choices": choices})
    else:
        formset = AttendanceFormSet(request.POST, form_kwargs={"choices": choices})
        if formset.is_valid() and "add_people" in request.POST:
            rows = [_row_initial(f) for f in formset.forms if f.cleaned_data]
            if helper.is_valid() and helper.cleaned_data["add_delegation"]:
                rows = _with_people_of(helper.cleaned_data["add_delegation"], rows)
            # Not saved yet: the page comes back with the extra lines to tick.
            formset = AttendanceFormSet(initial=rows, form_kwargs={"choices": choices})
            helper = AddDelegationForm()
        elif formset.is_valid():
            rows = [
                services.AttendanceRow(
                    delegation=f.cleaned_data["delegation"],
                    person=f.cleaned_data["person"],
                    status=f.cleaned_data["status"],
                    capacity=f.cleaned_data["capacity"],
                    on_behalf_of=f.cleaned_data["on_behalf_of"],
                    is_guest=f.cleaned_data["is_guest"],
                )
                for f in formset.forms
                if f.is_listed
            ]
            try:
                services.attendance_record(meeting=meeting, rows=rows)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Attendance saved: %(count)d line(s).") % {"count": len(rows)})
                return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request, "meetings/attendance_edit.html", {"meeting": meeting, "formset": formset, "helper_form": helper}
    )


# --- action items ---------------------------------------------------------------------------


@login_required
def action_list(request):
    meetings_section_for(request.user)
    filters = ActionFilterForm(request.GET or None)
    actions = filters.filter(ActionItem.objects.visible_to(request.user).with_related()).order_by(
        "status", "due_date", "pk"
    )
    return render(request, "meetings/action_list.html", {"filters": filters, "page": paginate(request, actions)})


@login_required
def action_edit(request, pk):
    action = action_for(request.user, pk, write=True)
    form = ActionItemEditForm(request.POST or None, instance=action)
    current = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "lock_version"}
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect("meetings:action-list")
        try:
            services.action_item_update(
                action=action, expected_version=form.cleaned_data["lock_version"], by=request.user, **changes
            )
        except services.EditConflict as error:
            # Keep what this user typed; show what is saved now; the next save is deliberate.
            current = ActionItem.objects.with_related().get(pk=pk)
            data = request.POST.copy()
            data["lock_version"] = current.lock_version
            form = ActionItemEditForm(data, instance=ActionItem.objects.with_related().get(pk=pk))
            form.is_valid()
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action item saved."))
            return redirect("meetings:action-list")
    return render(request, "meetings/action_form.html", {"form": form, "action": action, "current": current})
