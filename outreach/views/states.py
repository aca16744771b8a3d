"""The States' outreach: the list at a glance, one State's history (letters, answers, follow-ups,
meetings attended, target lists) and adding a contact to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coordinators.models import TargetState
from directory import sql
from directory.models import State, Term, ThematicArea
from directory.rows import day_label, html_join, html_row, link_maker
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
    with_answers,
)

# the rows of a State's history, as the template drew them (a letter's status badge is still
# outreach/_status_badge.html, rendered once per status and label)
LETTER_ROW = (
    '<tr><td><a href="{}">{}</a></td>\n<td class="small">{}</td>\n<td class="small">{}</td>\n'
    '<td>{}</td>\n<td class="small">{}</td></tr>'
)
CAMPAIGN_WITH_AREA = '{} <span class="text-body-secondary">({})</span>'
ANSWER = "<div>{} ({}): {}</div>"
MEETING_ROW = '<li><a href="{}">{}</a>, {}{}</li>'
FOLLOWUP_HEAD = "<strong>{}</strong> · {}"
LINKED = ' · <a href="{}">{}</a>'
NOTES = '<div class="small text-body-secondary">{}</div>'


@login_required
def state_history(request, pk):
    """Everything outreach did with one State: letters (a page of the latest at a time), answers,
    follow-ups, démarches, and the latest meetings its delegation attended. The queries are the
    same in number and bounded in size however many years of history the State has."""
    state = outreach_state_for(request.user, pk)
    all_followups = request.GET.get("followups") == "all"
    followups, older_followups = history_followups(state, everything=all_followups)
    meetings, older_meetings = history_meetings(state)
    paginator = Paginator(history_letters(state), HISTORY_LETTERS_PER_PAGE)
    paginator.count = state.outreach_letters.count()  # counted without the joins to the letters' campaigns
    letters = paginator.get_page(request.GET.get("page"))
    letters.object_list = _labelled(with_answers(list(letters.object_list)), "status")
    _labelled([answer for letter in letters.object_list for answer in letter.answers], "channel")
    # each row's HTML made here, once, with links reversed once per list: a template loop with an
    # include, filters and {% url %} per row cost most of the page
    letter_link, meeting_link = link_maker("outreach:letter-detail"), link_maker("meetings:meeting-detail")
    badges: dict = {}
    for letter in letters.object_list:
        letter.row = _letter_row(letter, letter_link(letter.pk), badges)
    for meeting in meetings:
        names = ", ".join(meeting.delegates)
        meeting.row = html_row(
            MEETING_ROW, meeting_link(meeting.pk), meeting.title, day_label(meeting.date, "DATE_FORMAT"),
            html_row(": {}", names) if names else "",
        )  # fmt: skip
    followups, done_link = _labelled(followups, "kind"), link_maker("outreach:followup-done")
    for followup in followups:
        followup.summary = _followup_summary(followup, letter_link, meeting_link)
        followup.done_day = day_label(followup.done_on)
        followup.done_url = done_link(followup.pk)
    today = timezone.localdate()
    return render(
        request,
        "outreach/state_history.html",
        {
            "state": state,
            "letters": letters,
            "contacts": _labelled(state.contacts.order_by("-is_primary", "kind", "pk"), "kind"),
            "followups": followups,
            "older_followups": older_followups,
            "followups_done_shown": HISTORY_DONE_FOLLOWUPS,
            "all_followups": all_followups,
            "meetings": meetings,
            "older_meetings": older_meetings,
            "targets": _targets(state),
            "can_contacts": request.user.has_perm("outreach.manage_contacts"),
            "can_plan": request.user.has_perm("outreach.plan_followup"),
            # the blank contact and follow-up forms are not drawn here: the page loads each when it is
            # opened (htmx), or links to the page holding it (state_form, below)
            "today": today,
            "today_value": today.isoformat(),  # as {{ today|date:"Y-m-d" }}, for the form of each follow-up
        },
    )


def _status_badge(letter, badges: dict) -> str:
    """outreach/_status_badge.html for the letter's status, rendered once per status and label."""
    label = letter.status_label or letter.get_status_display()
    if (letter.status, label) not in badges:
        shown = {"status": letter.status, "status_label": label}
        badge = render_to_string("outreach/_status_badge.html", {"letter": shown}).strip()
        badges[letter.status, label] = mark_safe(badge)  # noqa: S308 (a template's output, escaped there)
    return badges[letter.status, label]


def _letter_row(letter, url: str, badges: dict):
    """A letter's row of the history: what the template drew with outreach/_status_badge.html and
    a filter per answer (|date:"SHORT_DATE_FORMAT", |truncatewords:20), every text escaped."""
    if letter.campaign_area is not None:  # a campaign of an area (a name is required)
        campaign_cell = html_row(CAMPAIGN_WITH_AREA, letter.campaign_title, letter.campaign_area)
    else:
        campaign_cell = letter.campaign_title
    answers = html_join(
        "",
        ANSWER,
        (
            (day_label(answer.date), answer.channel_label, Truncator(answer.summary).words(20, truncate=" …"))
            for answer in letter.answers
        ),
    )
    return html_row(
        LETTER_ROW,
        url,
        letter.reference,
        campaign_cell,
        day_label(letter.sent_at) or "–",
        _status_badge(letter, badges),
        answers or "–",
    )


def _followup_summary(followup, letter_link, meeting_link):
    """What a follow-up's row says of it (kind, day, place, who, its letter and meeting, notes),
    as the template wrote it, every text escaped."""
    head = [html_row(FOLLOWUP_HEAD, followup.kind_label, day_label(followup.planned_on, "DATE_FORMAT"))]
    head += [html_row(" · {}", value) for value in (followup.place, followup.who) if value]
    letter, meeting = followup.letter, followup.meeting
    lines = [
        "".join(head),
        html_row(LINKED, letter_link(followup.letter_id), letter.reference) if letter else "",
        html_row(LINKED, meeting_link(followup.meeting_id), str(meeting)) if meeting else "",
        html_row(NOTES, linebreaksbr(followup.notes, autoescape=True)) if followup.notes else "",
    ]
    return html_row("<div>{}</div>", mark_safe("\n".join(lines)))  # each line escaped above


def _targets(state: State):
    """The target lists naming the State, as its history writes them ("Area (term, reason); …"),
    in the areas' order: one query for plain rows, in SQL as the history's reads (building
    TargetStates with their area and term, or the ORM's query, cost more than the query)."""
    reasons = {value: str(label) for value, label in TargetState._meta.get_field("reason").flatchoices}
    rows = sql.rows(
        f"SELECT a.name, t.name, ts.reason FROM {TargetState._meta.db_table} ts"
        f" JOIN {ThematicArea._meta.db_table} a ON a.id = ts.area_id JOIN {Term._meta.db_table} t ON t.id = ts.term_id"
        ' WHERE ts.state_id = %s ORDER BY a."order", ts.id',
        state.pk,
    )
    shown = ((area, term, reasons.get(reason, reason)) for area, term, reason in rows)
    return html_join("; ", "{} ({}, {})", shown)


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
