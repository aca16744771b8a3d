"""The participants' input on a circulated draft summary: the link e-mailed to each
participating delegation when the draft is circulated, their comments per part of the summary
(through that link, no account), and the ISU settling each comment as it settles comments on
minutes: taken in, or declined with a reason.

Recipients and the link: meetings.selectors.summary_review. One e-mail per address and
circulation (its notify key): circulating again (after a reopening) sends new links, and the
old ones no longer open the draft."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Delegation
from directory.selectors import languages_for_addresses
from outbox import notify

from ..models import PublicSummary, SummaryComment, SummaryEntry
from ..selectors.summary_review import review_closes_at, review_recipients, review_token
from .minutes import comment_settled

# Enough for a delegation's careful reading; a flood through a forwarded link stops here.
MAX_COMMENTS_PER_DELEGATION = 200
MAX_NAME = 200
MAX_TEXT = 5000


def summary_review_send(*, summary: PublicSummary) -> int:
    """E-mail each participating delegation's addresses its link to the draft (after the
    caller's transaction commits); returns how many addresses were written to. Called by
    summary_circulate once the summary is circulated under its new circulation number."""
    base = settings.PORTAL_BASE_URL
    sent = 0
    recipients = review_recipients(summary)
    spoken = languages_for_addresses(address for _delegation, addresses in recipients for address in addresses)
    for delegation, addresses in recipients:
        context = {
            "summary": summary,
            "meeting": summary.meeting,
            "delegation": delegation,
            "deadline": summary.input_deadline,
            "url": base + reverse("public:summary-review", args=[review_token(summary, delegation)]),
        }
        for address in addresses:
            notify.notify(
                key=f"summary-review:{summary.pk}:{summary.circulation}:{address.lower()}"[:255],
                to=[address],
                template="meetings/email/summary_review",
                context=context,
                language=spoken[address.strip().lower()],  # the reader's (directory.selectors)
                kind="summary-review",
                ref=summary.pk,
            )
            sent += 1
    return sent


@transaction.atomic
def summary_comment_add(
    *,
    summary: PublicSummary,
    delegation: Delegation,
    circulation: int,
    part: str,
    entry: SummaryEntry | None = None,
    author_name: str,
    text: str,
) -> SummaryComment:
    """A participating delegation comments on one part of the circulated draft (its introduction,
    its key points or one lettered paragraph), before the end of the deadline's day in Geneva."""
    summary = PublicSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.status != PublicSummary.Status.CIRCULATED or summary.circulation != circulation:
        raise ValidationError(_("This draft is no longer open for comments."))
    if summary.input_deadline is None or timezone.now() >= review_closes_at(summary.input_deadline):
        raise ValidationError(_("The deadline for comments on this draft has passed."))
    if part not in SummaryComment.Part.values:
        raise ValidationError(_("Choose the part of the summary the comment is about."))
    if part == SummaryComment.Part.ENTRY:
        if entry is None or entry.summary_id != summary.pk:
            raise ValidationError(_("That paragraph is not in this draft."))
    else:
        entry = None
    author_name, text = author_name.strip(), text.strip()
    if not author_name or not text:
        raise ValidationError(_("Give your name and your comment."))
    if len(author_name) > MAX_NAME or len(text) > MAX_TEXT:
        raise ValidationError(_("The name or the comment is too long."))
    made = SummaryComment.objects.filter(summary=summary, delegation=delegation, circulation=circulation).count()
    if made >= MAX_COMMENTS_PER_DELEGATION:
        raise ValidationError(_("Your delegation has sent the most comments this page takes: write to the ISU."))
    return SummaryComment.objects.create(
        summary=summary,
        part=part,
        entry=entry,
        letter=entry.letter if entry else "",
        circulation=circulation,
        delegation=delegation,
        author_name=author_name,
        text=text,
    )


@transaction.atomic
def summary_comment_settle(
    *, comment: SummaryComment, resolution: str, reason: str = "", by: AbstractBaseUser
) -> SummaryComment:
    """The ISU takes a participant's comment in, or declines it with a reason."""
    comment = SummaryComment.objects.select_for_update().select_related("summary").get(pk=comment.pk)
    if comment.summary.status == PublicSummary.Status.PUBLISHED:
        raise ValidationError(_("The summary is published; its comments are closed."))
    return comment_settled(comment, resolution=resolution, reason=reason, by=by)
