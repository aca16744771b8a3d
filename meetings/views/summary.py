"""The ISU's page for a meeting's sanitised public summary: categories, generation, edits,
the leak check, circulation, publication and withdrawal. ISU staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from documents.params import report_errors
from documents.services import reader_language
from outbox import once

from ..forms import DeadlineForm, EntryForm, ReasonForm, ReasonParams, SettleCommentForm, SummaryForm
from ..models import LeakFinding, ParticipantCategory, PublicSummary, SummaryComment, SummaryEntry
from ..pdfs import summary_pdf_for, summary_pdf_request
from ..selectors import (
    meeting_for,
    meeting_participants,
    review_recipients,
    summary_comments_by_part,
    summary_findings,
    summary_sections,
)
from ..selectors.summary_review import part_key
from ..services import summaries, summary_comments

TRANSITIONS = ("circulate", "reopen", "publish", "withdraw", "preview")


def _url(meeting, anchor=""):
    return reverse("meetings:summary-detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _summary_for(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    return meeting, getattr(meeting, "public_summary", None)


def _run(request, action, success: str) -> bool:
    """Call a service; show its refusal as an error message, or the success message."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@login_required
def summary_detail(request, pk):
    meeting, summary = _summary_for(request, pk)
    context = {
        "meeting": meeting,
        "summary": summary,
        "participants": meeting_participants(meeting),
        "categories": ParticipantCategory.objects.all(),
        "deadline_form": DeadlineForm(),
        "reason_form": ReasonForm(),
    }
    if summary is not None:
        open_findings, closed_findings = summary_findings(summary)
        comments = summary_comments_by_part(summary)
        context.update(
            {
                "form": SummaryForm(instance=summary, initial={"lock_version": summary.lock_version}),
                "entries": [
                    (entry, EntryForm(instance=entry, prefix=f"e{entry.pk}"), comments.get(f"entry-{entry.pk}", []))
                    for entry in summary.entries.all()
                ],
                "introduction_comments": comments.get("introduction", []),
                "key_points_comments": comments.get("key_points", []),
                "earlier_comments": comments.get("entry-gone", []),
                "pending_comments": sum(
                    c.resolution == SummaryComment.Resolution.PENDING for part in comments.values() for c in part
                ),
                "sections": summary_sections(summary),
                "open_findings": open_findings,
                "closed_findings": closed_findings,
                "events": summary.events.select_related("by"),
                "preview_pdf": summary_pdf_for(summary, published=False),
                "public_pdf": summary_pdf_for(summary, published=True),
            }
        )
    return render(request, "meetings/summary_detail.html", context)


@login_required
@require_POST
def summary_propose(request, pk):
    meeting, _summary = _summary_for(request, pk)
    rows = summaries.participants_propose(meeting=meeting)
    messages.success(
        request, _("Categories proposed for %(count)d delegations: check and confirm them.") % {"count": len(rows)}
    )
    return redirect(_url(meeting, "categories"))


@login_required
@require_POST
def summary_categories(request, pk):
    """Confirm every delegation's category in one form."""
    meeting, _summary = _summary_for(request, pk)
    categories = {str(c.pk): c for c in ParticipantCategory.objects.all()}
    participants = list(meeting.participants.all())
    chosen = {p.pk: categories.get(request.POST.get(f"category-{p.pk}", "")) for p in participants}
    missing = [p for p in participants if chosen[p.pk] is None]
    if missing:
        messages.error(request, _("Choose a category for every delegation; nothing was saved."))
        return redirect(_url(meeting, "categories"))

    _run(
        request,
        lambda: summaries.participants_categorise(
            participants=participants,
            categories=chosen,
            named_openly=[p.pk for p in participants if request.POST.get(f"open-{p.pk}") == "on"],
            by=request.user,
        ),
        _("Categories confirmed."),
    )
    return redirect(_url(meeting, "categories"))


@login_required
@require_POST
def summary_generate(request, pk):
    meeting, _summary = _summary_for(request, pk)
    _run(
        request,
        lambda: summaries.summary_generate(meeting=meeting, by=request.user),
        _("Summary generated from the record: review it and run the leak check."),
    )
    return redirect(_url(meeting, "summary"))


@login_required
def summary_edit(request, pk):
    meeting, summary = _summary_for(request, pk)
    if summary is None:
        return redirect(_url(meeting))
    form = SummaryForm(request.POST or None, instance=summary, initial={"lock_version": summary.lock_version})
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ("title", "heading", "introduction", "key_points")}
        if _run(
            request,
            lambda: summaries.summary_update(
                summary=summary, expected_version=form.cleaned_data["lock_version"], by=request.user, **data
            ),
            _("Summary saved."),
        ):
            return redirect(_url(meeting, "summary"))
    return render(request, "meetings/summary_edit.html", {"meeting": meeting, "form": form, "summary": summary})


@login_required
@require_POST
def summary_entry_edit(request, pk, entry_pk):
    meeting, summary = _summary_for(request, pk)
    entry = get_object_or_404(SummaryEntry, pk=entry_pk, summary__meeting=meeting)
    form = EntryForm(request.POST, instance=SummaryEntry.objects.get(pk=entry.pk), prefix=f"e{entry.pk}")
    if form.is_valid():
        _run(
            request,
            lambda: summaries.summary_entry_update(
                entry=entry, text=form.cleaned_data["text"], speaker=form.cleaned_data["speaker"], by=request.user
            ),
            _("Entry %(letter)s) saved.") % {"letter": entry.letter},
        )
    else:
        messages.error(request, _("An entry needs its speaker category and its text; nothing was saved."))
    return redirect(_url(meeting, f"entry-{entry.pk}"))


@login_required
@require_POST
def summary_check(request, pk):
    meeting, summary = _summary_for(request, pk)
    if summary is not None:
        found = summaries.summary_check(summary=summary, by=request.user)
        if found:
            messages.warning(
                request,
                ngettext("%(count)d finding to fix or waive.", "%(count)d findings to fix or waive.", len(found))
                % {"count": len(found)},
            )
        else:
            messages.success(request, _("The leak check found nothing that identifies a participant."))
    return redirect(_url(meeting, "leaks"))


@login_required
@require_POST
def finding_waive(request, pk, finding_pk):
    meeting, _summary = _summary_for(request, pk)
    finding = get_object_or_404(LeakFinding, pk=finding_pk, summary__meeting=meeting)
    form = ReasonParams(request.POST)
    if not form.is_valid():
        report_errors(request, form)
        return redirect(_url(meeting, "leaks"))
    _run(
        request,
        lambda: summaries.finding_waive(finding=finding, reason=form.cleaned_data["reason"], by=request.user),
        _("Finding waived."),
    )
    return redirect(_url(meeting, "leaks"))


@login_required
@require_POST
def summary_comment_settle(request, pk, comment_pk):
    """Take a participant's comment in, or decline it with a reason (as comments on minutes)."""
    meeting, _summary = _summary_for(request, pk)
    comment = get_object_or_404(SummaryComment, pk=comment_pk, summary__meeting=meeting)
    anchor = "summary" if part_key(comment) in ("introduction", "key_points", "entry-gone") else part_key(comment)
    form = SettleCommentForm(request.POST)
    if not form.is_valid():
        report_errors(request, form)
        return redirect(_url(meeting, anchor))
    _run(
        request,
        lambda: summary_comments.summary_comment_settle(
            comment=comment,
            resolution=form.cleaned_data["resolution"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        _("Comment settled."),
    )
    return redirect(_url(meeting, anchor))


PUBLISH = "meetings.summary-publish"  # the one-time action (outbox.once)


def _publish_page(request, meeting, summary) -> once.Confirmation:
    back = _url(meeting, "workflow")
    public_url = request.build_absolute_uri(reverse("public:summary-detail", args=[summary.pk]))
    entries = summary.entries.count()
    page = once.Confirmation(
        title=_("Publish the summary"),
        lead=_("Publish the summary of %(meeting)s: it becomes public at %(url)s.")
        % {"meeting": meeting.title, "url": public_url},
        details=[
            ngettext(
                "Its key points and %(count)d entry are shown to anyone, under the title “%(title)s”.",
                "Its key points and %(count)d entries are shown to anyone, under the title “%(title)s”.",
                entries,
            )
            % {"count": entries, "title": summary.title},
            _("The leak check runs once more first: publication is refused while a finding is open."),
        ],
        submit=_("Publish"),
        cancel_url=back,
        crumbs=[
            (_("Meetings"), reverse("meetings:meeting-list")),
            (meeting.title, reverse("meetings:meeting-detail", args=[meeting.pk])),
            (_("Public summary"), back),
        ],
        irreversible=_(
            "Once public, it can be read and its PDF downloaded by anyone: withdrawing it later does not "
            "undo what was read."
        ),
    )
    open_findings = summary_findings(summary)[0].count()
    pending = summary.pending_comments().count()
    if pending:
        page.warnings.append(
            ngettext(
                "%(count)d comment of the participants is not settled: take it in or decline it first, "
                "or it stays unanswered.",
                "%(count)d comments of the participants are not settled: take each in or decline it first, "
                "or they stay unanswered.",
                pending,
            )
            % {"count": pending}
        )
    if open_findings:
        page.warnings += [
            ngettext(
                "%(count)d finding of the leak check is open: fix it or waive it, or publication is refused.",
                "%(count)d findings of the leak check are open: fix or waive each, or publication is refused.",
                open_findings,
            )
            % {"count": open_findings}
        ]
    if summary.status not in (PublicSummary.Status.DRAFT, PublicSummary.Status.CIRCULATED):
        page.blocked = _("Only a draft or circulated summary can be published.")
    return page


def _publish(request, meeting, summary):
    """GET: what publishing does (the confirmation page); POST with its token: publish, once."""
    facts = {
        "summary": summary.pk,
        "status": summary.status,
        "lock": summary.lock_version,
        "comments": summary.pending_comments().count(),  # a comment arriving meanwhile is shown first
    }
    if request.method != "POST":
        page = _publish_page(request, meeting, summary)
        return once.confirmation(request, page, action=PUBLISH, target=summary.pk, facts=facts)

    def publish() -> once.Result:
        summaries.summary_publish(summary=summary, by=request.user)
        public_url = request.build_absolute_uri(reverse("public:summary-detail", args=[summary.pk]))
        message = _("Summary of %(meeting)s published at %(url)s.") % {"meeting": meeting.title, "url": public_url}
        return once.Result(url=_url(meeting, "workflow"), message=message)

    try:
        outcome = once.perform(
            token=request.POST.get(once.FIELD, ""), user=request.user, action=PUBLISH, target=summary.pk,
            facts=facts, run=publish,
        )  # fmt: skip
    except once.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("meetings:summary-transition", pk=meeting.pk, action="publish")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_url(meeting, "workflow"))
    if not outcome.done:
        return once.already_done(request, outcome)
    messages.success(request, _("Summary published on the public pages; its PDF is being rendered."))
    return redirect(outcome.url)


def _circulated_to(request, summary) -> None:
    recipients = review_recipients(summary)
    addresses = sum(len(a) for _d, a in recipients)
    if addresses:
        messages.info(
            request,
            ngettext(
                "The link to the draft was e-mailed to %(count)d address of %(delegations)d delegation(s).",
                "The link to the draft was e-mailed to %(count)d addresses of %(delegations)d delegation(s).",
                addresses,
            )
            % {"count": addresses, "delegations": len(recipients)},
        )
    else:
        messages.warning(
            request,
            _(
                "No participating delegation has an e-mail address in the register or a portal account: "
                "nobody was e-mailed. Add their contacts, take the summary back to draft and circulate it again."
            ),
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def summary_transition(request, pk, action):
    """Circulate, reopen, publish or withdraw (POST); publishing is confirmed on its own page (GET)."""
    if action not in TRANSITIONS:
        raise Http404
    if request.method != "POST" and action != "publish":  # only publishing has a page: its confirmation
        return HttpResponseNotAllowed(["POST"])
    meeting, summary = _summary_for(request, pk)
    if summary is None:
        return redirect(_url(meeting))
    if action == "publish":
        return _publish(request, meeting, summary)
    if action == "circulate":
        form = DeadlineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date until which participants may send input."))
            return redirect(_url(meeting, "workflow"))
        if _run(
            request,
            lambda: summaries.summary_circulate(
                summary=summary, deadline=form.cleaned_data["deadline"], by=request.user
            ),
            _("Summary circulated to the participants for input."),
        ):
            _circulated_to(request, summary)
    elif action == "reopen":
        _run(request, lambda: summaries.summary_reopen(summary=summary, by=request.user), _("Summary back to draft."))
    elif action == "withdraw":
        form = ReasonParams(request.POST)
        if not form.is_valid():
            report_errors(request, form)
            return redirect(_url(meeting, "workflow"))
        _run(
            request,
            lambda: summaries.summary_withdraw(summary=summary, reason=form.cleaned_data["reason"], by=request.user),
            _("Summary withdrawn from the public pages."),
        )
    elif action == "preview":
        summary_pdf_request(summary, language=reader_language())
        messages.success(request, _("The preview PDF is being rendered."))
    return redirect(_url(meeting, "workflow"))
