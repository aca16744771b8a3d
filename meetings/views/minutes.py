"""The minutes pages: read, write item by item, record statements, decisions and action items,
circulate, comment, settle comments, approve and correct.

Committee members read circulated and approved minutes and comment while they are circulated;
everything else is the ISU's. Drafts are never shown outside the ISU.
"""

from __future__ import annotations

import functools
from html import escape

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles
from directory.rows import MARKER, link_maker, truncated
from documents.params import read_params
from documents.services import reader_language
from outbox import once

from .. import services
from ..forms import (
    ActionItemForm,
    ApproveForm,
    CirculateForm,
    CommentForm,
    CorrectForm,
    DecisionForm,
    MinutesItemForm,
    MinutesParams,
    SettleCommentForm,
    StatementForm,
)
from ..models import Meeting, Minutes, MinutesComment, MinutesItem, Statement
from ..pdfs import minutes_pdf_for, minutes_pdf_request
from ..selectors import item_history, meeting_for, minutes_attendance, minutes_sections, open_comments


def _minutes_url(meeting, agenda_item_id: int | None = None) -> str:
    url = reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk})
    return f"{url}#item-{agenda_item_id}" if agenda_item_id else url


def _form_page(request, meeting, form, *, title: str, submit: str, back: str, lead: str = ""):
    """One small page for a form whose embedded copy on the minutes page needs its errors shown."""
    return render(
        request,
        "meetings/form_page.html",
        {"meeting": meeting, "form": form, "title": title, "submit": submit, "back": back, "lead": lead},
    )


@functools.lru_cache(maxsize=8)
def _blank_correct_form(language: str | None) -> str:
    """The correction form's fields, blank: the same markup for every approved version, rendered
    once per language."""
    return render_crispy_form(CorrectForm())


def _statement_items(statements: list[dict], remove_form: str) -> SafeString:
    """The <li> of each statement of an item (a hundred on a long meeting's minutes), built here
    rather than in a template loop, every text escaped; remove_form is the blank "remove" form
    (editable drafts), its slot replaced by each statement's pk."""
    items = []
    for st in statements:
        note = f" ({escape(st['note'])})" if st["note"] else ""
        form = remove_form.replace(str(MARKER), str(st["pk"])) if remove_form else ""
        items.append(
            '<li class="statement d-flex gap-2"><div class="flex-grow-1">'
            f"<strong>{escape(st['speaker_label'])}</strong>{note}: {linebreaksbr(st['text'])}</div>{form}</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - the speakers, notes and texts are escaped; the form is ours


def _section_display(request, meeting, sections: list[dict], *, editable: bool, is_isu: bool) -> None:
    """Each section's links, anchor, title in the table of contents and statements' markup, each
    view's URL reversed once for the page rather than once per item, statement or comment."""
    history = link_maker("meetings:minutes-item-history", meeting.pk) if is_isu else None
    edit = link_maker("meetings:minutes-item-edit", meeting.pk)
    settle = link_maker("meetings:comment-settle", meeting.pk)
    comment_add = link_maker("meetings:comment-add", meeting.pk)
    remove_form = ""
    if editable:
        statement_add = link_maker("meetings:statement-add", meeting.pk)
        decision_add = reverse("meetings:decision-add", args=[meeting.pk])
        action_add = reverse("meetings:action-add", args=[meeting.pk])
        remove_form = render_to_string(
            "meetings/_statement_remove.html",
            {"action": link_maker("meetings:statement-delete", meeting.pk)(MARKER), "csrf_token": get_token(request)},
        )
    for section in sections:
        item_pk, agenda_pk = section["item"]["pk"], section["agenda"]["pk"]
        section["anchor"] = f"item-{agenda_pk}"  # the section's id, and its title's and form's
        section["toc_title"] = truncated(section["agenda"]["title"], 40)
        section["statements_html"] = _statement_items(section["statements"], remove_form)
        section["edit_url"] = edit(item_pk)
        section["comment_url"] = comment_add(item_pk)
        if history is not None:
            section["history_url"] = history(item_pk)
        if editable:
            section["statement_url"] = statement_add(agenda_pk)
            section["decision_url"] = f"{decision_add}?item={agenda_pk}"
            section["action_url"] = f"{action_add}?item={agenda_pk}"
        for comment in section["comments"]:
            comment["settle_url"] = settle(comment["pk"])


@login_required
def minutes_detail(request, pk):
    # the header names the meeting's term: read with the meeting
    meeting = meeting_for(request.user, pk, queryset=Meeting.objects.select_related("term"))
    is_isu = roles.is_isu_staff(request.user)
    # the meeting that approved a version is named on the page: read with the versions
    all_versions = list(meeting.minutes.select_related("approved_at_meeting").order_by("-version"))
    versions = all_versions if is_isu else [m for m in all_versions if m.status != Minutes.Status.DRAFT]
    wanted = read_params(request, MinutesParams)["version"]
    if wanted:
        minutes = next((m for m in versions if m.version == wanted), None)
        if minutes is None:
            raise Http404(_("No such version of these minutes."))
    else:
        minutes = versions[0] if versions else None
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "versions": versions,
        "is_latest": minutes is not None and minutes == all_versions[0],
        "draft_hidden": not is_isu and any(m.status == Minutes.Status.DRAFT for m in all_versions),
        "can_comment": not is_isu and minutes is not None and minutes.status == Minutes.Status.CIRCULATED,
        "editable": is_isu and minutes is not None and not minutes.is_frozen and minutes == all_versions[0],
        "attendance": minutes_attendance(meeting) if minutes is not None else [],
        "pdf": minutes_pdf_for(minutes, request.user) if minutes is not None else None,
    }
    if minutes is not None:
        context["sections"], context["loose"] = minutes_sections(meeting, minutes)
        _section_display(request, meeting, context["sections"], editable=context["editable"], is_isu=is_isu)
        comments = (c for s in context["sections"] for c in s["comments"])
        context["pending_count"] = sum(1 for c in comments if c["resolution"] == MinutesComment.Resolution.PENDING)
    if is_isu and minutes is not None and context["is_latest"]:
        if minutes.status == Minutes.Status.DRAFT:
            context["circulate_form"] = CirculateForm()
        elif minutes.status == Minutes.Status.CIRCULATED:
            context["approve_form"] = ApproveForm(meeting=meeting)
        elif minutes.status == Minutes.Status.APPROVED:
            if settings.DEBUG:  # templates edited while the server runs show at once
                _blank_correct_form.cache_clear()
            context["correct_form"] = _blank_correct_form(get_language())
    return render(request, "meetings/minutes_detail.html", context)


@login_required
@require_POST
def minutes_pdf(request, pk):
    """Queue the rendering of this version's PDF (the approved version's PDF is frozen)."""
    meeting = meeting_for(request.user, pk, write=True)
    params = read_params(request, MinutesParams)
    if params.errors:
        return redirect(_minutes_url(meeting))
    minutes = get_object_or_404(meeting.minutes, version=params["version"] or 0)
    document = minutes_pdf_request(minutes, language=reader_language())  # in the asker's language
    if document.frozen and document.is_ready:
        messages.info(request, _("The PDF of approved minutes is frozen; it is not rendered again."))
    else:
        messages.success(request, _("The PDF is being rendered; this page shows when it is ready."))
    return redirect(f"{_minutes_url(meeting)}?version={minutes.version}")


@login_required
@require_POST
def minutes_start(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    try:
        services.minutes_start(meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Draft minutes opened, one section per agenda item."))
    return redirect(_minutes_url(meeting))


def _minutes_item_for(request, pk, item_pk) -> MinutesItem:
    meeting = meeting_for(request.user, pk, write=True)
    return get_object_or_404(
        MinutesItem.objects.select_related("minutes__meeting", "agenda_item"), pk=item_pk, minutes__meeting=meeting
    )


@login_required
def minutes_item_edit(request, pk, item_pk):
    item = _minutes_item_for(request, pk, item_pk)
    meeting = item.minutes.meeting
    comments = open_comments(item)  # shown beside the text; ?comment= the one being settled
    wanted = read_params(request, MinutesParams)["comment"]
    settling = next((c for c in comments if c.pk == wanted), None)
    form = MinutesItemForm(request.POST or None, initial={"text": item.text, "lock_version": item.lock_version})
    saved_now = None
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_item_update(
                item=item,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["lock_version"],
                by=request.user,
            )
        except services.EditConflict as error:
            # Nothing is lost: the user's text stays in the box, the saved text is shown beside
            # it, and saving again (now against the latest version) is a deliberate choice.
            item.refresh_from_db()
            saved_now = item
            data = request.POST.copy()
            data["lock_version"] = item.lock_version
            form = MinutesItemForm(data)
            form.is_valid()
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Minutes of item %(number)s saved.") % {"number": item.agenda_item.number})
            if settling is not None:  # back to the comment, to take it in or decline it
                return redirect(f"{_minutes_url(meeting)}#comment-{settling.pk}")
            return redirect(_minutes_url(meeting, item.agenda_item_id))
    context = {"meeting": meeting, "item": item, "form": form, "saved_now": saved_now}
    return render(request, "meetings/minutes_item_edit.html", context | {"comments": comments, "settling": settling})


@login_required
def minutes_item_history(request, pk, item_pk):
    item = _minutes_item_for(request, pk, item_pk)
    history = item_history(item)  # each edit with what it changed from the one before
    return render(
        request,
        "meetings/minutes_item_history.html",
        {"meeting": item.minutes.meeting, "item": item, "history": history},
    )


# --- statements, decisions, action items ---------------------------------------------------


@login_required
def statement_add(request, pk, item_pk):
    meeting = meeting_for(request.user, pk, write=True)
    agenda_item = get_object_or_404(meeting.agenda_items.select_related("meeting"), pk=item_pk)
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_add(agenda_item=agenda_item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Statement recorded under item %(number)s.") % {"number": agenda_item.number})
            return redirect(_minutes_url(meeting, agenda_item.pk))
    return _form_page(
        request,
        meeting,
        form,
        title=_("Add a statement"),
        submit=_("Record the statement"),
        back=_minutes_url(meeting, agenda_item.pk),
        lead=str(agenda_item),
    )


@login_required
@require_POST
def statement_delete(request, pk, statement_pk):
    meeting = meeting_for(request.user, pk, write=True)
    statement = get_object_or_404(
        Statement.objects.select_related("agenda_item__meeting"), pk=statement_pk, agenda_item__meeting=meeting
    )
    try:
        services.statement_delete(statement=statement)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Statement removed."))
    return redirect(_minutes_url(meeting, statement.agenda_item_id))


def _initial_item(request) -> dict:
    item = read_params(request, MinutesParams)["item"]
    return {"agenda_item": item} if item else {}


@login_required
def decision_add(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    form = DecisionForm(request.POST or None, meeting=meeting, initial=_initial_item(request))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(_minutes_url(meeting, decision.agenda_item_id))
    return _form_page(
        request,
        meeting,
        form,
        title=_("Record a decision"),
        submit=_("Record the decision"),
        back=_minutes_url(meeting),
    )


@login_required
def action_add(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    form = ActionItemForm(request.POST or None, meeting=meeting, initial=_initial_item(request))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_item_create(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action item recorded for %(owner)s.") % {"owner": action.owner_label})
            return redirect(_minutes_url(meeting, action.agenda_item_id))
    return _form_page(
        request,
        meeting,
        form,
        title=_("Add an action item"),
        submit=_("Record the action item"),
        back=_minutes_url(meeting),
    )


# --- circulation, comments, approval, correction -------------------------------------------


def _current_minutes_for(request, pk) -> Minutes:
    meeting = meeting_for(request.user, pk, write=True)
    minutes = meeting.current_minutes
    if minutes is None:
        raise Http404(_("This meeting has no minutes yet."))
    return minutes


@login_required
def minutes_circulate(request, pk):
    minutes = _current_minutes_for(request, pk)
    form = CirculateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_circulate(minutes=minutes, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Minutes circulated to the Committee for comments."))
            return redirect(_minutes_url(minutes.meeting))
    return _form_page(
        request,
        minutes.meeting,
        form,
        title=_("Circulate the draft minutes"),
        submit=_("Circulate"),
        back=_minutes_url(minutes.meeting),
        lead=_("The Committee is told by e-mail and can comment on each item until the deadline."),
    )


@login_required
def comment_add(request, pk, item_pk):
    meeting = meeting_for(request.user, pk)
    item = get_object_or_404(
        MinutesItem.objects.select_related("minutes", "agenda_item").exclude(minutes__status=Minutes.Status.DRAFT),
        pk=item_pk,
        minutes__meeting=meeting,
    )
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_comment_add(item=item, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your comment was sent to the ISU."))
            return redirect(_minutes_url(meeting, item.agenda_item_id))
    return _form_page(
        request,
        meeting,
        form,
        title=_("Comment on the minutes"),
        submit=_("Send the comment"),
        back=_minutes_url(meeting, item.agenda_item_id),
        lead=str(item.agenda_item),
    )


@login_required
def comment_settle(request, pk, comment_pk):
    meeting = meeting_for(request.user, pk, write=True)
    comment = get_object_or_404(
        MinutesComment.objects.select_related("item__agenda_item", "item__minutes"),
        pk=comment_pk,
        item__minutes__meeting=meeting,
    )
    form = SettleCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_comment_settle(
                comment=comment,
                resolution=form.cleaned_data["resolution"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Comment settled."))
            return redirect(_minutes_url(meeting, comment.item.agenda_item_id))
    return _form_page(
        request,
        meeting,
        form,
        title=_("Settle a comment"),
        submit=_("Settle"),
        back=_minutes_url(meeting, comment.item.agenda_item_id),
        lead=f"{comment.item.agenda_item}: “{comment.text}”",
    )


APPROVE = "meetings.minutes-approve"  # the one-time action (outbox.once)


def _approving_meeting_refusal(minutes, form, chosen: str) -> str:
    """Why the meeting chosen to approve the minutes at cannot approve them ("" if it can)."""
    if not form.has_choices:
        return _(
            "No Coordination Committee meeting held after this one has taken place yet: the minutes are "
            "approved at the next one, once it has been held."
        )
    at_meeting = Meeting.objects.filter(pk=chosen).first() if chosen.isdigit() and len(chosen) < 10 else None
    if at_meeting is None:
        return ""
    try:
        services.minutes_approval_check(minutes_of=minutes.meeting, at_meeting=at_meeting)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _approve_page(minutes, form, refusal: str = "") -> once.Confirmation:
    meeting = minutes.meeting
    back = _minutes_url(meeting)
    page = once.Confirmation(
        title=_("Approve the minutes"),
        lead=_("Approve the minutes of %(meeting)s: the approved PDF is frozen and can no longer be edited.")
        % {"meeting": meeting.title},
        details=[
            _("Version %(version)d, approved as a correct record at the meeting chosen below.")
            % {"version": minutes.version}
        ],
        submit=_("Approve and freeze"),
        cancel_url=back,
        crumbs=[
            (_("Meetings"), reverse("meetings:meeting-list")),
            (meeting.title, reverse("meetings:meeting-detail", args=[meeting.pk])),
            (_("Minutes"), back),
        ],
        irreversible=_(
            "Approved minutes are never edited again: a mistake found later is put right in a corrected "
            "version, opened with its reason."
        ),
        form=form,
    )
    pending = minutes.pending_comments().count()
    if minutes.status != Minutes.Status.CIRCULATED:
        page.blocked = _("Only circulated minutes can be approved.")
    elif pending:
        page.blocked = ngettext(
            "%(count)d comment is not settled yet: take it in or decline it before approval.",
            "%(count)d comments are not settled yet: take each in or decline it before approval.",
            pending,
        ) % {"count": pending}
    elif refusal:
        page.blocked = refusal
    return page


@login_required
def minutes_approve(request, pk):
    """GET: what approving does (the confirmation page, with the meeting it is approved at); POST
    with its token: approve and freeze, once."""
    minutes = _current_minutes_for(request, pk)
    facts = {"minutes": minutes.pk, "version": minutes.version, "status": minutes.status, "lock": minutes.lock_version}
    chosen = (request.POST if request.method == "POST" else request.GET).get("at_meeting", "")
    initial = {"at_meeting": chosen} if chosen.isdigit() else None
    form = ApproveForm(request.POST or None, meeting=minutes.meeting, initial=initial)
    refusal = _approving_meeting_refusal(minutes, form, chosen)  # shown instead of the button
    if request.method == "POST" and form.is_valid():

        def approve() -> once.Result:
            approved = services.minutes_approve(minutes=minutes, by=request.user, **form.cleaned_data)
            message = _("Minutes of %(meeting)s approved at %(at)s; they are frozen.") % {
                "meeting": minutes.meeting.title,
                "at": approved.approved_at_meeting.title,
            }
            return once.Result(url=_minutes_url(minutes.meeting), message=message)

        try:
            outcome = once.perform(
                token=request.POST.get(once.FIELD, ""), user=request.user, action=APPROVE, target=minutes.pk,
                facts=facts, run=approve,
            )  # fmt: skip
        except once.Refused as refusal:
            messages.error(request, str(refusal))
            return redirect(request.get_full_path())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not outcome.done:
                return once.already_done(request, outcome)
            messages.success(request, _("Minutes approved as a correct record; they are now frozen."))
            return redirect(outcome.url)
    page = _approve_page(minutes, form, refusal)
    return once.confirmation(request, page, action=APPROVE, target=minutes.pk, facts=facts)


@login_required
def minutes_correct(request, pk):
    minutes = _current_minutes_for(request, pk)
    form = CorrectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_correct(minutes=minutes, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("A corrected version was opened as a draft."))
            return redirect(_minutes_url(minutes.meeting))
    return _form_page(
        request,
        minutes.meeting,
        form,
        title=_("Correct the approved minutes"),
        submit=_("Open a corrected version"),
        back=_minutes_url(minutes.meeting),
    )
