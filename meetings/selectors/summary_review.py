"""The link a participating delegation gets to comment on a circulated draft summary, who
receives it, and the comments grouped by the part of the summary they are about.

The link carries a signed token (django.core.signing, its own salt) naming the summary, the
delegation and the circulation: no account is needed and nothing is stored. It is honoured only
while the summary stays circulated in that same circulation (reopening, publishing or
withdrawing the summary, or circulating it again, retires every link sent before) and until the
end of the input deadline's day in Geneva. A link that is not one of ours is refused (403), one
that no longer opens the draft is gone (410); neither shows anything of the draft."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import Delegation, Organisation

from ..models import Attendance, PublicSummary, SummaryComment
from .invitations import delegation_addresses

SALT = "meetings.summary-review"
GENEVA = ZoneInfo("Europe/Zurich")


class ReviewRefused(Exception):
    """The link does not open the draft: the message says why, `status` is the page's status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Review:
    """What a valid link opens: the draft, for one delegation, until `closes_at`."""

    summary: PublicSummary
    delegation: Delegation
    closes_at: datetime.datetime


def review_token(summary: PublicSummary, delegation: Delegation) -> str:
    """The token of a delegation's link for the summary's current circulation."""
    return signing.dumps({"s": summary.pk, "d": delegation.pk, "c": summary.circulation}, salt=SALT)


def review_closes_at(deadline: datetime.date) -> datetime.datetime:
    """The end of the deadline's day, Geneva time."""
    return datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time.min, tzinfo=GENEVA)


def review_for(token: str) -> Review:
    """The draft and the delegation a link opens, or ReviewRefused."""
    try:
        payload = signing.loads(token, salt=SALT)
        summary_id, delegation_id, circulation = int(payload["s"]), int(payload["d"]), int(payload["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ReviewRefused(
            _("This link is not valid. Use the link of the most recent e-mail from the ISU, as it was sent."), 403
        ) from None
    summary = PublicSummary.objects.select_related("meeting").filter(pk=summary_id).first()
    delegation = Delegation.objects.filter(pk=delegation_id).first()
    if (
        summary is None
        or delegation is None
        or summary.status != PublicSummary.Status.CIRCULATED
        or summary.circulation != circulation
        or summary.input_deadline is None
    ):
        raise ReviewRefused(
            _(
                "This draft is no longer open for comments through this link: the ISU has taken it back, "
                "finalised it or sent a newer link. Contact the ISU if you still wish to comment."
            ),
            410,
        )
    closes_at = review_closes_at(summary.input_deadline)
    if timezone.now() >= closes_at:
        raise ReviewRefused(
            _("The deadline for comments on this draft (%(date)s, Geneva time) has passed.")
            % {"date": date_format(summary.input_deadline, "j F Y")},
            410,
        )
    return Review(summary=summary, delegation=delegation, closes_at=closes_at)


def review_delegations(summary: PublicSummary):
    """The delegations that took part in the meeting (categorised for the summary, or present
    or remote), the ISU's own excepted: it writes the summary."""
    meeting = summary.meeting
    present = meeting.attendances.filter(status__in=[Attendance.Status.PRESENT, Attendance.Status.REMOTE])
    took_part = Q(pk__in=meeting.participants.values("delegation")) | Q(pk__in=present.values("delegation"))
    return Delegation.objects.filter(took_part).exclude(organisation__kind=Organisation.Kind.ISU).order_by("name")


def review_recipients(summary: PublicSummary) -> list[tuple[Delegation, list[str]]]:
    """Each participating delegation with the addresses its link goes to: the correspondence
    (for_mission) contacts of its State, and the active portal users of the delegation. An
    address is given to one delegation only (the first by name); delegations without an address
    are left out."""
    delegations = list(review_delegations(summary))
    found = delegation_addresses(delegations)
    taken: set[str] = set()
    recipients = []
    for delegation in delegations:
        addresses = [address for address in found.get(delegation.pk, []) if address.lower() not in taken]
        taken.update(address.lower() for address in addresses)
        if addresses:
            recipients.append((delegation, addresses))
    return recipients


def part_key(comment_or_part, entry_id: int | None = None) -> str:
    """The key of a part of the summary: "introduction", "key_points" or "entry-<pk>"."""
    if isinstance(comment_or_part, SummaryComment):
        comment_or_part, entry_id = comment_or_part.part, comment_or_part.entry_id
    if comment_or_part == SummaryComment.Part.ENTRY:
        return f"entry-{entry_id}" if entry_id else "entry-gone"
    return comment_or_part


def summary_comments_by_part(summary: PublicSummary, *, delegation: Delegation | None = None) -> dict[str, list]:
    """The comments on the summary (one delegation's only, when given) by part key; those on a
    paragraph that no longer exists (the summary was generated again) under "entry-gone"."""
    comments = summary.comments.select_related("delegation", "resolved_by")
    if delegation is not None:
        comments = comments.filter(delegation=delegation)
    by_part: dict[str, list] = defaultdict(list)
    for comment in comments:
        by_part[part_key(comment)].append(comment)
    return dict(by_part)
