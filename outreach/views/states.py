"""The States' outreach: the list at a glance, one State's history (letters, answers, follow-ups,
meetings attended, target lists) and adding a contact to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coordinators.models import TargetState
from directory.models import State
from directory.rows import day_label
from documents.params import SearchParams, read_params

from .. import services
from ..forms import ContactForm
from ..selectors import outreach_section_for, outreach_state_for
from ..selectors.history import (
    HISTORY_DONE_FOLLOWUPS,
    HISTORY_LETTERS_PER_PAGE,
    history_followups,
    history_letters,
    history_meetings,
)


@login_required
def state_history(request, pk):
    """Everything outreach did with one State: letters (a page of the latest at a time), answers,
    follow-ups, démarches, and the latest meetings its delegation attended. The queries are the
    same in number and bounded in size however many years of history the State has."""
    state = outreach_state_for(request.user, pk)
    all_followups = request.GET.get("followups") == "all"
    followups, older_followups = history_followups(state, everything=all_followups)
    meetings, older_meetings = history_meetings(state)
    letters = Paginator(history_letters(state), HISTORY_LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    letters.object_list = _labelled(letters.object_list, "status")
    _labelled([answer for letter in letters.object_list for answer in letter.answers], "channel")
    for letter in letters.object_list:  # links and dates made here, once, not by a template tag per row
        letter.url = reverse("outreach:letter-detail", args=[letter.pk])
        letter.sent = day_label(letter.sent_at)
    for meeting in meetings:
        meeting.url = reverse("meetings:meeting-detail", args=[meeting.pk])
        meeting.day = day_label(meeting.date, "DATE_FORMAT")
        meeting.names = ", ".join(str(attendance.person) for attendance in meeting.delegates)
    return render(
        request,
        "outreach/state_history.html",
        {
            "state": state,
            "letters": letters,
            "contacts": _labelled(state.contacts.order_by("-is_primary", "kind", "pk"), "kind"),
            "followups": _labelled(followups, "kind"),
            "older_followups": older_followups,
            "followups_done_shown": HISTORY_DONE_FOLLOWUPS,
            "all_followups": all_followups,
            "meetings": meetings,
            "older_meetings": older_meetings,
            "targets": _labelled(TargetState.objects.filter(state=state).select_related("area", "term"), "reason"),
            "can_contacts": request.user.has_perm("outreach.manage_contacts"),
            "can_plan": request.user.has_perm("outreach.plan_followup"),
            # the blank contact and follow-up forms are not drawn here: the page loads each when it is
            # opened (htmx), or links to the page holding it (state_form, below)
            "today": timezone.localdate(),
        },
    )


def _labelled(rows, field: str) -> list:
    """The rows, each with `<field>_label`: its choice's label, as get_<field>_display gives it,
    the labels translated once (get_<field>_display hashes, so translates, every label each time)."""
    rows = list(rows)
    if rows:
        labels = {value: str(label) for value, label in type(rows[0])._meta.get_field(field).flatchoices}
        for row in rows:
            value = getattr(row, field)
            setattr(row, f"{field}_label", labels.get(value, value))
    return rows


@login_required
def state_list(request):
    """The States with their outreach at a glance: letters sent and answered, démarches planned."""
    outreach_section_for(request.user)
    states = State.objects.annotate(
        sent=Count("outreach_letters", filter=Q(outreach_letters__sent_at__isnull=False), distinct=True),
        answered=Count("outreach_letters", filter=Q(outreach_letters__status="answered"), distinct=True),
        planned=Count("outreach_followups", filter=Q(outreach_followups__done_on__isnull=True), distinct=True),
        contact_count=Count("contacts", distinct=True),
    )
    query = read_params(request, SearchParams).get("q", "")
    if query:
        states = states.filter(name__icontains=query)
    page = Paginator(states.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(request, "outreach/state_list.html", {"page_obj": page, "query": query})


def state_form(request, state: State, form, *, action: str, title: str, submit: str):
    """The page holding a blank form about a State (a contact, a follow-up); the State's history
    loads its form alone into itself when the form is opened (#embedded-form)."""
    return render(
        request,
        "outreach/state_form.html",
        {"state": state, "form": form, "action": action, "title": title, "submit": submit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk):
    state = outreach_state_for(request.user, pk, perm="outreach.manage_contacts")
    if request.method == "GET":
        action = reverse("outreach:contact-add", args=[state.pk])
        return state_form(
            request, state, ContactForm(), action=action, title=_("Add a contact"), submit=_("Add the contact")
        )
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_add(state=state, by=request.user, **form.cleaned_data)
        messages.success(request, _("Contact added."))
    else:
        messages.error(
            request,
            _(
                "The contact needs a kind, a name and a purpose (correspondence, finance or both), "
                "and a valid e-mail address, if any."
            ),
        )
    return redirect("outreach:state-history", pk=state.pk)
