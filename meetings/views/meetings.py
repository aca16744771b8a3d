"""Pages of the meetings app: meetings, agenda and action items (the attendance page is in
attendance.py).

Each view reads top to bottom: load the object, check the role, validate the form, call the
service, redirect with a message. The minutes pages are in views/minutes.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles
from documents.services import reader_language

from .. import services
from ..forms import (
    ActionDoneForm,
    ActionFilterForm,
    ActionItemEditForm,
    AgendaItemForm,
    MeetingFilterForm,
    MeetingForm,
)
from ..models import ActionItem, AgendaItem, Attendance, Meeting, Minutes
from ..pdfs import participants_pdf_for, participants_pdf_request
from ..selectors import (
    action_for,
    action_list_for,
    attendance_by_delegation,
    meeting_agenda,
    meeting_for,
    meeting_list_for,
    meetings_section_for,
    my_action_for,
    my_actions_for,
)
from .invitations import invitation_panel

# --- helpers -----------------------------------------------------------------------------------


def paginate(request, queryset):
    return Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))


# --- meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    meetings_section_for(request.user)
    filters = MeetingFilterForm(request.GET or None)
    meetings = filters.filter(meeting_list_for(request.user))
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
            meeting = services.meeting_create(by=request.user, **form.cleaned_data)
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
        try:
            services.meeting_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
            "agenda": meeting_agenda(meeting),
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
            # in the reader's language (asked for in it when only another's exists): the Committee's only
            "participants_pdf": participants_pdf_for(meeting) if roles.is_committee_member(request.user) else None,
            **invitation_panel(request.user, meeting),
        },
    )


@login_required
@require_POST
def participants_pdf(request, pk):
    """Queue the list of participants as PDF (restricted to the Committee)."""
    meeting = meeting_for(request.user, pk, write=True)
    participants_pdf_request(meeting, language=reader_language())
    messages.success(request, _("The list of participants is being rendered; it appears below when ready."))
    return redirect("meetings:meeting-detail", pk=meeting.pk)


# --- agenda ---------------------------------------------------------------------------------


def _agenda_context(meeting: Meeting) -> dict:
    minutes = meeting.current_minutes
    return {
        "meeting": meeting,
        "agenda": meeting_agenda(meeting),
        "frozen": bool(minutes and minutes.is_frozen),
        "agenda_template": services.agenda_template_for(meeting),
    }


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
        template = services.agenda_template_for(meeting)
        messages.success(request, _("%(template)s was proposed; adjust it as needed.") % {"template": template.name})
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


@login_required
@require_POST
def agenda_item_rename(request, pk, item_pk):
    item = _agenda_item_for(request, pk, item_pk)
    try:
        services.agenda_item_rename(item=item, title=request.POST.get("title", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Item %(number)s renamed.") % {"number": item.number})
    return _agenda_response(request, item.meeting)


# --- action items ---------------------------------------------------------------------------


@login_required
def action_list(request):
    meetings_section_for(request.user)
    filters = ActionFilterForm(request.GET or None)
    actions = filters.filter(action_list_for(request.user)).order_by("status", "due_date", "pk")
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


# --- my action items ------------------------------------------------------------------------


@login_required
def my_actions(request):
    """The open action items of the logged-in person and of their delegation, overdue first."""
    actions = list(my_actions_for(request.user))
    has_person = getattr(request.user, "person", None) is not None
    return render(request, "meetings/my_actions.html", {"actions": actions, "has_person": has_person})


@login_required
@require_POST
def my_action_done(request, pk):
    """Mark one's own (or one's delegation's) action item done: the row comes back in its done
    state to htmx; without JavaScript, back to the list with a message."""
    action = my_action_for(request.user, pk)
    form = ActionDoneForm(request.POST)
    error = None
    if not form.is_valid():
        error = form.errors["comment"][0]
    else:
        try:
            action = services.action_item_complete(item=action, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as refusal:
            error = refusal.messages[0]
    if request.htmx:
        return render(request, "meetings/_my_action_row.html", {"action": action, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Action item marked done."))
    return redirect("meetings:my-actions")
