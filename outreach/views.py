"""Outreach pages: campaigns and their letters, templates with live preview, each State's
outreach history, the démarches calendar. Committee members read; managing follows outreach.rules;
everyone else gets a 404 (nothing is revealed)."""

from __future__ import annotations

import calendar as calendar_module
import datetime
import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordinators.models import TargetState
from coordinators.rules import coordinated_area_ids
from directory.models import State, Term, ThematicArea
from directory.roles import is_isu_staff
from documents.params import SearchParams, read_params
from meetings.models import Attendance, Meeting

from . import merge, services
from .forms import (
    CalendarParams,
    CampaignForm,
    ContactForm,
    FollowUpDoneForm,
    FollowUpForm,
    FollowUpLetterForm,
    LetterTextForm,
    MarkSentForm,
    PreviewForm,
    ResponseForm,
    TemplateForm,
)
from .models import Campaign, FollowUp, Letter, LetterParagraph, LetterTemplate
from .recipients import CATEGORIES, letters_in_period, select_recipients
from .selectors import (
    campaign_for,
    followup_for,
    letter_for,
    outreach_section_for,
    outreach_state_for,
    response_for,
    template_for,
)


def _my_areas(user):
    return ThematicArea.objects.filter(pk__in=coordinated_area_ids(user))


# ---------------------------------------------------------------- campaigns


@login_required
def campaign_list(request):
    outreach_section_for(request.user)
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .with_counts()
        .select_related("area", "term", "created_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
    for campaign in page:
        campaign.rate = round(100 * campaign.letters_answered / campaign.letters_sent) if campaign.letters_sent else 0
    return render(
        request,
        "outreach/campaign_list.html",
        {
            "page_obj": page,
            "can_create": request.user.has_perm("outreach.create_campaign"),
            "can_remind": request.user.has_perm("outreach.run_reminders"),
        },
    )


def _describe_selection(data) -> str:
    parts = [str(CATEGORIES[c]) for c in data.get("categories") or []]
    if data.get("target_areas"):
        parts.append(_("target lists of %(areas)s") % {"areas": ", ".join(a.name for a in data["target_areas"])})
    if data.get("states"):
        parts.append(_("%(n)d States chosen by hand") % {"n": len(data["states"])})
    return "; ".join(parts)[:500]


@login_required
def campaign_create(request):
    outreach_section_for(request.user, perm="outreach.create_campaign")
    isu = is_isu_staff(request.user)
    term = Term.objects.current()
    form = CampaignForm(request.POST or None, isu=isu, areas=_my_areas(request.user))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("consolidated") and not isu:
            raise PermissionDenied
        recipients = select_recipients(
            categories=data["categories"],
            target_areas=data["target_areas"],
            term=term,
            states=data["states"],
            deadline_years=data.get("deadline_years") or 3,
        )
        if "confirm" in request.POST and recipients and term is not None:
            try:
                campaign = services.campaign_create(
                    by=request.user,
                    recipients=recipients,
                    title=data["title"],
                    term=term,
                    area=data.get("area"),
                    consolidated=bool(data.get("consolidated")),
                    template=data["template"],
                    signatory_name=data["signatory_name"],
                    signatory_title=data["signatory_title"],
                    reply_by=data["reply_by"],
                    period_start=data["period_start"],
                    selection=_describe_selection(data),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Campaign created with %(n)d recipients. Generate its letters.") % {"n": len(recipients)}
                )
                return redirect("outreach:campaign-detail", pk=campaign.pk)
        if term is None:
            form.add_error(None, _("No term has begun: record the Presidency first."))
        prior = letters_in_period(recipients, start=data["period_start"])
        preview = [(state, prior.get(state.pk, [])) for state in recipients]
    return render(request, "outreach/campaign_form.html", {"form": form, "preview": preview, "term": term})


def _rate_chart(rate: dict) -> dict:
    """Geometry of the response-rate donut (inline SVG drawn by the template)."""
    circumference = 2 * 3.14159265 * 40
    answered = circumference * rate["answered"] / rate["sent"] if rate["sent"] else 0
    return {**rate, "circumference": f"{circumference:.2f}", "arc": f"{answered:.2f}"}


@login_required
def campaign_detail(request, pk):
    campaign = campaign_for(request.user, pk)
    letters = list(
        campaign.letters.select_related("state", "document").prefetch_related(
            Prefetch("paragraphs", queryset=LetterParagraph.objects.select_related("area"))
        )
    )
    recipients = list(campaign.recipients.order_by("name"))
    with_letter = {letter.state_id for letter in letters}
    prior = letters_in_period(
        recipients, start=campaign.period_start, end=campaign.period_end, exclude_campaign=campaign
    )
    for letter in letters:
        letter.prior = prior.get(letter.state_id, [])
    rate = services.response_rate(campaign)
    counts = {status: 0 for status in Letter.Status.values}
    for letter in letters:
        counts[letter.status] += 1
    summary = [(label, counts[status]) for status, label in Letter.Status.choices if counts[status]]
    return render(
        request,
        "outreach/campaign_detail.html",
        {
            "campaign": campaign,
            "letters": letters,
            "waiting": [(s, prior.get(s.pk, [])) for s in recipients if s.pk not in with_letter],
            "rate": _rate_chart(rate),
            "counts": counts,
            "summary": summary,
            "progress": services.campaign_progress(campaign),
            "can_manage": request.user.has_perm("outreach.manage_campaign", campaign),
            "flagged": sum(1 for letter in letters if letter.prior),
        },
    )


@login_required
@require_POST
def campaign_generate(request, pk):
    campaign = campaign_for(request.user, pk, write=True)
    result = services.campaign_generate(campaign=campaign, by=request.user)
    messages.success(
        request,
        _("%(created)d letters created, %(rendered)d rendered, %(unchanged)d unchanged, %(kept)d kept.")
        % {"created": result.created, "rendered": result.rendered, "unchanged": result.unchanged, "kept": result.kept},
    )
    for state, error in list(result.errors.items())[:10]:
        messages.error(request, f"{state.name}: {error}")
    if len(result.errors) > 10:
        messages.error(request, _("…and %(n)d more States could not be rendered.") % {"n": len(result.errors) - 10})
    return redirect("outreach:campaign-detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_approve(request, pk):
    campaign = campaign_for(request.user, pk, write=True)
    approved = services.campaign_approve_all(campaign=campaign, by=request.user)
    messages.success(request, _("%(n)d letters approved.") % {"n": approved})
    return redirect("outreach:campaign-detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_send(request, pk):
    campaign = campaign_for(request.user, pk, write=True)
    started = timezone.now()
    queued, without_email = services.campaign_send(campaign=campaign, by=request.user)
    outcome = services.letters_send_outcome(letters=campaign.letters.select_related("state"), since=started)
    if outcome["sent"] or not queued:
        messages.success(request, _("%(n)d letters e-mailed with their PDF.") % {"n": len(outcome["sent"])})
    if outcome["waiting"]:
        messages.info(request, _("%(n)d letters are queued to be e-mailed.") % {"n": len(outcome["waiting"])})
    if outcome["failed"]:
        messages.error(
            request,
            _("%(n)d could not be e-mailed (%(states)s): each letter's page says why and offers to try again.")
            % {"n": len(outcome["failed"]), "states": ", ".join(letter.state.name for letter in outcome["failed"])},
        )
    if without_email:
        messages.warning(
            request,
            _("No e-mail address for %(states)s: deliver by hand and mark them as sent.")
            % {"states": ", ".join(s.name for s in without_email)},
        )
    return redirect("outreach:campaign-detail", pk=campaign.pk)


@login_required
def campaign_progress(request, pk):
    """The PDFs' progress as an HTML fragment; htmx polls it every 2 s until all are ready."""
    campaign = campaign_for(request.user, pk)
    return render(
        request,
        "outreach/_progress.html",
        {"campaign": campaign, "progress": services.campaign_progress(campaign)},
    )


@login_required
def campaign_zip(request, pk):
    """The campaign's ready PDFs in one zip, read from storage."""
    campaign = campaign_for(request.user, pk)
    buffer = io.BytesIO()
    names = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in campaign.letters.select_related("document", "state"):
            if letter.document_id and letter.document.is_ready:
                with letter.document.file.open("rb") as pdf:
                    archive.writestr(letter.pdf_filename, pdf.read())
                names += 1
    if not names:
        messages.warning(request, _("No PDF is ready yet."))
        return redirect("outreach:campaign-detail", pk=campaign.pk)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"campaign-{campaign.pk}-letters.zip")


# ---------------------------------------------------------------- letters


@login_required
def letter_detail(request, pk):
    letter = letter_for(request.user, pk)
    can_manage = request.user.has_perm("outreach.manage_campaign", letter.campaign)
    return render(
        request,
        "outreach/letter_detail.html",
        {
            "letter": letter,
            "paragraphs": letter.paragraphs.select_related("area"),
            "responses": letter.responses.select_related("logged_by"),
            "followups": letter.followups.select_related("meeting"),
            "reminders": letter.reminders.all()[:5],
            "can_manage": can_manage,
            "can_plan": request.user.has_perm("outreach.plan_followup"),
            "response_form": ResponseForm(initial={"date": timezone.localdate()}),
            "sent_form": MarkSentForm(initial={"on": timezone.localdate()}),
            "emails": services.contact_emails(letter.state),
            "followup_form": FollowUpForm(),
            "prior": letters_in_period(
                [letter.state], start=letter.campaign.period_start, exclude_campaign=letter.campaign
            ).get(letter.state_id, []),
        },
    )


@login_required
@require_POST
def letter_approve(request, pk):
    letter = letter_for(request.user, pk, write=True)
    try:
        services.letter_approve(letter=letter, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Letter approved."))
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
def letter_edit(request, pk):
    """Adjust one draft's text by hand and approve it (the template is left as it is)."""
    letter = letter_for(request.user, pk, write=True)
    if letter.status != Letter.Status.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect("outreach:letter-detail", pk=letter.pk)
    form = LetterTextForm(request.POST or None, initial={"subject": letter.subject, "body": letter.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_edit_and_approve(letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Letter edited and approved."))
            return redirect("outreach:letter-detail", pk=letter.pk)
    return render(request, "outreach/letter_form.html", {"letter": letter, "form": form})


@login_required
@require_POST
def letter_send(request, pk):
    letter = letter_for(request.user, pk, write=True)
    try:
        services.letter_send(letter=letter, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:  # the e-mail may already have gone (or failed) when the task ran at once: say which
        letter.refresh_from_db()
        if letter.sent_at is not None:
            messages.success(request, _("The letter was e-mailed to %(to)s with its PDF.") % {"to": letter.sent_to})
        elif letter.email_error:
            messages.error(request, _("E-mail failed: %(reason)s") % {"reason": letter.email_error})
        else:
            messages.info(
                request, _("The letter is queued to be e-mailed with its PDF: this page shows when it has gone.")
            )
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
@require_POST
def letter_mark_sent(request, pk):
    letter = letter_for(request.user, pk, write=True)
    form = MarkSentForm(request.POST)
    if form.is_valid():
        try:
            services.letter_mark_sent(
                letter=letter, channel=form.cleaned_data["channel"], on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Letter recorded as sent."))
    else:
        messages.error(request, _("Give the channel and the date."))
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
@require_POST
def response_add(request, pk):
    letter = letter_for(request.user, pk, write=True)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.response_log(letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Answer logged: the letter is answered."))
            return redirect("outreach:letter-detail", pk=letter.pk)
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {errors[0]}")
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
def response_file(request, pk):
    response = response_for(request.user, pk)
    if not response.file:
        raise Http404
    return FileResponse(response.file.open("rb"), as_attachment=True, filename=response.file.name.rsplit("/", 1)[-1])


# ---------------------------------------------------------------- follow-ups, contacts, history


@login_required
@require_POST
def followup_add(request, pk):
    """Plan a follow-up, bilateral meeting or démarche with a State (optionally about a letter)."""
    state = outreach_state_for(request.user, pk, perm="outreach.plan_followup")
    chosen = FollowUpLetterForm(request.POST, state=state)
    if not chosen.is_valid():
        raise Http404  # not one of this State's letters
    letter = chosen.cleaned_data["letter"]
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.followup_add(state=state, letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Planned."))
    else:
        messages.error(request, _("Give the kind and the planned date."))
    if letter is not None:
        return redirect("outreach:letter-detail", pk=letter.pk)
    return redirect("outreach:state-history", pk=state.pk)


@login_required
@require_POST
def followup_done(request, pk):
    followup = followup_for(request.user, pk, write=True)
    form = FollowUpDoneForm(request.POST)
    if form.is_valid():
        services.followup_done(followup=followup, by=request.user, **form.cleaned_data)
        messages.success(request, _("Recorded as done."))
    else:
        messages.error(request, _("Give the date it was done."))
    return redirect("outreach:state-history", pk=followup.state_id)


@login_required
@require_POST
def contact_add(request, pk):
    state = outreach_state_for(request.user, pk, perm="outreach.manage_contacts")
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_add(state=state, by=request.user, **form.cleaned_data)
        messages.success(request, _("Contact added."))
    else:
        messages.error(request, _("The contact needs a kind and a name (and a valid e-mail address, if any)."))
    return redirect("outreach:state-history", pk=state.pk)


# The history grows with the years: these bound what one page loads, whatever the State's past.
HISTORY_LETTERS_PER_PAGE = 25
HISTORY_MEETINGS = 30
HISTORY_DONE_FOLLOWUPS = 10


def _history_followups(state: State, *, everything: bool) -> tuple[list[FollowUp], bool]:
    """The State's follow-ups, latest first, in one query: every planned one and the latest done
    ones (or all with `everything`); True when older done ones were left out."""
    followups = state.outreach_followups.select_related("letter", "meeting", "owner").order_by("-planned_on", "-pk")
    if everything:
        return list(followups), False
    # One more than shown, to know whether older ones exist without counting them.
    latest_done = followups.filter(done_on__isnull=False).values("pk")[: HISTORY_DONE_FOLLOWUPS + 1]
    rows = list(followups.filter(Q(done_on__isnull=True) | Q(pk__in=latest_done)))
    done = [followup for followup in rows if followup.done_on is not None]
    if len(done) <= HISTORY_DONE_FOLLOWUPS:
        return rows, False
    rows.remove(done[-1])  # same order as the subquery: the extra one is the oldest done
    return rows, True


def _history_meetings(state: State) -> tuple[list[Meeting], bool]:
    """The latest meetings the State's delegation attended (present or remote), each with its
    named delegates in `delegates`, in two queries; True when older ones were left out."""
    attended = Attendance.objects.filter(
        delegation__state=state, status__in=[Attendance.Status.PRESENT, Attendance.Status.REMOTE]
    )
    meetings = list(
        Meeting.objects.filter(Exists(attended.filter(meeting=OuterRef("pk"))))
        .order_by("-date", "-pk")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=attended.filter(person__isnull=False).select_related("person"),
                to_attr="delegates",
            )
        )[: HISTORY_MEETINGS + 1]
    )
    return meetings[:HISTORY_MEETINGS], len(meetings) > HISTORY_MEETINGS


@login_required
def state_history(request, pk):
    """Everything outreach did with one State: letters (a page of the latest at a time), answers,
    follow-ups, démarches, and the latest meetings its delegation attended. The queries are the
    same in number and bounded in size however many years of history the State has."""
    state = outreach_state_for(request.user, pk)
    letters = (
        Letter.objects.filter(state=state)
        .select_related("campaign", "campaign__area", "document")
        .prefetch_related("responses")
        .order_by(F("sent_at").desc(nulls_first=True), "-pk")  # letters not sent yet first, on every database
    )
    all_followups = request.GET.get("followups") == "all"
    followups, older_followups = _history_followups(state, everything=all_followups)
    meetings, older_meetings = _history_meetings(state)
    return render(
        request,
        "outreach/state_history.html",
        {
            "state": state,
            "letters": Paginator(letters, HISTORY_LETTERS_PER_PAGE).get_page(request.GET.get("page")),
            "contacts": state.outreach_contacts.all(),
            "followups": followups,
            "older_followups": older_followups,
            "followups_done_shown": HISTORY_DONE_FOLLOWUPS,
            "all_followups": all_followups,
            "meetings": meetings,
            "older_meetings": older_meetings,
            "targets": TargetState.objects.filter(state=state).select_related("area", "term"),
            "can_contacts": request.user.has_perm("outreach.manage_contacts"),
            "can_plan": request.user.has_perm("outreach.plan_followup"),
            "contact_form": ContactForm(),
            "followup_form": FollowUpForm(),
            "done_form": FollowUpDoneForm(initial={"on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@login_required
def state_list(request):
    """The States with their outreach at a glance: letters sent and answered, démarches planned."""
    outreach_section_for(request.user)
    states = State.objects.annotate(
        sent=Count("outreach_letters", filter=Q(outreach_letters__sent_at__isnull=False), distinct=True),
        answered=Count("outreach_letters", filter=Q(outreach_letters__status="answered"), distinct=True),
        planned=Count("outreach_followups", filter=Q(outreach_followups__done_on__isnull=True), distinct=True),
        contacts=Count("outreach_contacts", distinct=True),
    )
    query = read_params(request, SearchParams).get("q", "")
    if query:
        states = states.filter(name__icontains=query)
    page = Paginator(states.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(request, "outreach/state_list.html", {"page_obj": page, "query": query})


# ---------------------------------------------------------------- calendar


def _month(request) -> datetime.date:
    """?month=YYYY-MM; a bad or far-off one is reported, and this month is shown."""
    return read_params(request, CalendarParams)["month"] or timezone.localdate().replace(day=1)


@login_required
def demarche_calendar(request):
    outreach_section_for(request.user)
    month = _month(request)
    last = month.replace(day=calendar_module.monthrange(month.year, month.month)[1])
    followups = FollowUp.objects.filter(planned_on__range=(month, last)).select_related("state", "letter", "meeting")
    days: dict[datetime.date, list] = {}
    for followup in followups:
        days.setdefault(followup.planned_on, []).append(followup)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return render(
        request,
        "outreach/calendar.html",
        {
            "month": month,
            "days": sorted(days.items()),
            "previous": previous,
            "following": following,
            "upcoming": FollowUp.objects.planned()
            .filter(planned_on__gte=timezone.localdate())
            .select_related("state")[:10],
        },
    )


@login_required
def demarche_calendar_ics(request):
    """The planned démarches, bilateral meetings and follow-ups as an iCalendar feed (Committee only)."""
    outreach_section_for(request.user)
    from icalendar import Calendar, Event

    feed = Calendar()
    feed.add("prodid", "-//ISU-CCM//CCM Portal outreach//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", "CCM outreach: démarches and follow-ups")
    since = timezone.localdate() - datetime.timedelta(days=365)
    for followup in FollowUp.objects.filter(planned_on__gte=since).select_related("state"):
        event = Event()
        event.add("uid", f"outreach-followup-{followup.pk}@ccm-portal")
        event.add("summary", f"{followup.get_kind_display()}: {followup.state.name}")
        event.add("dtstart", followup.planned_on)
        event.add("dtend", followup.planned_on + datetime.timedelta(days=1))
        event.add("dtstamp", followup.created_at)
        if followup.place:
            event.add("location", followup.place)
        event.add("description", followup.notes or "")
        feed.add_component(event)
    return HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")


# ---------------------------------------------------------------- templates


@login_required
def template_list(request):
    outreach_section_for(request.user)
    templates = LetterTemplate.objects.select_related("area", "updated_by")
    mine = coordinated_area_ids(request.user)
    return render(
        request,
        "outreach/template_list.html",
        {
            "templates": templates,
            "editable": {t.pk for t in templates if is_isu_staff(request.user) or t.area_id in mine},
            "can_create": request.user.has_perm("outreach.create_template"),
        },
    )


def _template_form_page(request, template: LetterTemplate | None):
    isu = is_isu_staff(request.user)
    areas = None if isu else _my_areas(request.user)
    instance = template or LetterTemplate(kind=LetterTemplate.Kind.PARAGRAPH if not isu else LetterTemplate.Kind.LETTER)
    form = TemplateForm(request.POST or None, instance=instance, areas=areas)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        try:
            services.template_save(
                template=candidate, by=request.user, lock_version=form.cleaned_data.get("lock_version")
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Template saved."))
            return redirect("outreach:template-edit", pk=candidate.pk)
    return render(
        request,
        "outreach/template_form.html",
        {
            "form": form,
            "template": template,
            "fields": merge.FIELDS,
            "preview_form": PreviewForm(initial={"state": State.objects.filter(iso3="LBN").first()}),
            "history": template.history.select_related("history_user")[:10] if template else [],
        },
    )


@login_required
def template_create(request):
    outreach_section_for(request.user, perm="outreach.create_template")
    return _template_form_page(request, None)


@login_required
def template_edit(request, pk):
    template = template_for(request.user, pk, write=True)
    return _template_form_page(request, template)


@login_required
@require_POST
def template_preview(request):
    """The template being edited, rendered for a chosen State (htmx posts the whole form here)."""
    outreach_section_for(request.user)
    form = PreviewForm(request.POST)
    form.is_valid()  # a bad choice is left out of the preview
    chosen = form.cleaned_data
    state = chosen.get("state") or State.objects.order_by("name").first()
    subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
    area = chosen.get("area")
    language = chosen.get("language") or "en"
    error, text = "", ""
    if state is None:
        error = _("There is no State in the register to preview with.")
    else:
        term = Term.objects.current()
        context = merge.state_context(state, language=language, term=term, area=area)
        signatory = {"name": _("[Signatory]"), "title": _("[Title]")}
        context.update(
            signatory=signatory,
            reply_by=merge.format_date(timezone.localdate() + datetime.timedelta(weeks=6), language),
            reference="CCM/ISU/0000/0000",
        )
        try:
            if "area_paragraphs" in merge.check_template(body).used:
                paragraphs = services.area_paragraphs(state, term=term, language=language, signatory=signatory)
                context["area_paragraphs"] = "\n\n".join(text for _area, text in paragraphs) or _(
                    "[No area targets %(state)s: no paragraph]"
                ) % {"state": state.name}
            text = merge.render(subject + "\n\n" + body if subject else body, context, label=state.name)
        except merge.MergeError as exc:
            error = str(exc)
    return render(request, "outreach/_preview.html", {"state": state, "text": text, "error": error})


# ---------------------------------------------------------------- reminders


@login_required
@require_POST
def reminders_run(request):
    outreach_section_for(request.user, perm="outreach.run_reminders")
    sent = services.remind_unanswered()
    messages.success(request, _("%(n)d reminder e-mail(s) sent.") % {"n": sent})
    return redirect(reverse("outreach:campaign-list"))
