"""The minutes of a meeting (draft → circulated → approved, then corrected as a new version),
the comments on circulated minutes, and the record under each agenda item (statements and
decisions)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import Delegation, Person
from outbox import services as outbox

from ..models import AgendaItem, Decision, Meeting, Minutes, MinutesComment, MinutesItem, Statement
from ..pdfs import minutes_pdf_request
from ..tasks import send_circulation_notice
from .agenda import MEETING_LANGUAGE
from .locking import save_versioned


@transaction.atomic
def minutes_start(*, meeting: Meeting) -> Minutes:
    """Open the draft minutes of a meeting, with one text per agenda item."""
    minutes = meeting.current_minutes
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, version=1)
    for item in meeting.agenda_items.all():
        MinutesItem.objects.get_or_create(minutes=minutes, agenda_item=item)
    for approved in Minutes.objects.filter(approved_at_meeting=meeting, status=Minutes.Status.APPROVED):
        approval_record(minutes=approved)  # minutes approved here before this record was opened
    return minutes


def _check_minutes_editable(minutes: Minutes) -> None:
    if minutes.is_frozen:
        raise ValidationError(_("Approved minutes are frozen: make a correction instead."))


@transaction.atomic
def minutes_item_update(*, item: MinutesItem, text: str, expected_version: int, by: AbstractBaseUser) -> MinutesItem:
    """Save the text of one agenda item's minutes, refusing to overwrite a newer save."""
    item = MinutesItem.objects.select_related("minutes").select_for_update().get(pk=item.pk)
    _check_minutes_editable(item.minutes)
    if item.text == text:
        return item
    item.text = text
    item.updated_by = by
    item._history_user = by
    save_versioned(MinutesItem, pk=item.pk, expected_version=expected_version, text=text)
    item.lock_version = expected_version + 1
    # the history row records the new text and who wrote it
    item.save(update_fields=["updated_by", "updated_at"])
    if item.minutes.status == Minutes.Status.CIRCULATED:
        minutes_pdf_request(item.minutes)  # members' file follows the text they comment on
    return item


@transaction.atomic
def minutes_update(
    *, minutes: Minutes, documents_distributed: str, expected_version: int, by: AbstractBaseUser
) -> Minutes:
    """Save the minutes-wide fields (the documents distributed)."""
    _check_minutes_editable(minutes)
    save_versioned(
        Minutes, pk=minutes.pk, expected_version=expected_version, documents_distributed=documents_distributed
    )
    minutes.refresh_from_db()
    minutes._history_user = by
    minutes.save()
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, comment_deadline: date, by: AbstractBaseUser) -> Minutes:
    """Circulate draft minutes to the Committee for comments until the deadline."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."))
    if minutes.meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Minutes can be circulated only once the meeting has been held."))
    if comment_deadline < timezone.localdate():
        raise ValidationError(_("The comment deadline cannot be in the past."))
    if not minutes.items.exclude(text="").exists():
        raise ValidationError(_("The minutes are empty: write at least one item before circulating them."))
    minutes.status = Minutes.Status.CIRCULATED
    minutes.comment_deadline = comment_deadline
    minutes.circulated_at = timezone.now()
    minutes.circulated_by = by
    minutes._history_user = by
    minutes.save()
    minutes_pdf_request(minutes)  # the circulated text's own file; the draft's stays the ISU's
    outbox.enqueue(send_circulation_notice, minutes.pk)
    return minutes


@transaction.atomic
def minutes_comment_add(*, item: MinutesItem, author: AbstractBaseUser, text: str) -> MinutesComment:
    """A Committee member comments on one item of circulated minutes."""
    status = Minutes.objects.filter(pk=item.minutes_id).values_list("status", flat=True).get()
    if status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Comments are taken only while the minutes are circulated."))
    if not text.strip():
        raise ValidationError(_("A comment cannot be empty."))
    return MinutesComment.objects.create(item=item, author=author, text=text.strip())


@transaction.atomic
def minutes_comment_settle(
    *, comment: MinutesComment, resolution: str, reason: str = "", by: AbstractBaseUser
) -> MinutesComment:
    """The ISU takes a comment in, or declines it with a reason."""
    comment = MinutesComment.objects.select_for_update().select_related("item__minutes").get(pk=comment.pk)
    if comment.item.minutes.is_frozen:
        raise ValidationError(_("These minutes are approved; their comments are closed."))
    return comment_settled(comment, resolution=resolution, reason=reason, by=by)


def comment_settled(comment, *, resolution: str, reason: str, by: AbstractBaseUser):
    """Settle a comment on minutes or on a summary (both have the same resolutions): taken in, or
    declined with a reason. The caller has locked the comment and checked its text is open."""
    if resolution not in (MinutesComment.Resolution.TAKEN_IN, MinutesComment.Resolution.DECLINED):
        raise ValidationError(_("A comment is settled by taking it in or declining it."))
    if resolution == MinutesComment.Resolution.DECLINED and not reason.strip():
        raise ValidationError(_("Say why the comment is declined."))
    comment.resolution = resolution
    comment.resolution_reason = reason.strip()
    comment.resolved_by = by
    comment.resolved_at = timezone.now()
    comment._history_user = by
    comment.save()
    return comment


# --- approval: at which meeting -----------------------------------------------------------------
# The rule and the list of meetings it allows are kept side by side: minutes are approved at a
# Coordination Committee meeting held after the meeting they record, and not yet cancelled; a
# meeting still to come (after today, Geneva time) cannot have approved anything.


def _geneva_today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())  # settings.TIME_ZONE: Europe/Zurich


def approving_meetings(minutes_of: Meeting):
    """The meetings at which the minutes of `minutes_of` may be approved, earliest first."""
    return (
        Meeting.objects.filter(
            kind=Meeting.Kind.COORDINATION_COMMITTEE, date__gt=minutes_of.date, date__lte=_geneva_today()
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=minutes_of.pk)
        .order_by("date", "start_time", "pk")
    )


def minutes_approval_check(*, minutes_of: Meeting, at_meeting: Meeting) -> None:
    """Refuse (ValidationError, with its reason) a meeting at which these minutes cannot be approved."""
    values = {"meeting": at_meeting.title, "date": date_format(at_meeting.date), "recorded": minutes_of.title}
    if at_meeting.kind != Meeting.Kind.COORDINATION_COMMITTEE:
        values["kind"] = at_meeting.get_kind_display()
        raise ValidationError(
            _(
                "Minutes are approved only at a Coordination Committee meeting: "
                "%(meeting)s (%(date)s) is not one (%(kind)s)."
            )
            % values
        )
    if at_meeting.pk == minutes_of.pk or at_meeting.date <= minutes_of.date:
        raise ValidationError(
            _(
                "Minutes are approved at a meeting held after the one they record: "
                "%(meeting)s (%(date)s) is not after %(recorded)s."
            )
            % values
        )
    if at_meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot approve minutes."))
    if at_meeting.date > _geneva_today():
        raise ValidationError(
            _("Minutes cannot be approved at a meeting that has not taken place yet: %(meeting)s is on %(date)s.")
            % values
        )


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, by: AbstractBaseUser) -> Minutes:
    """Approve circulated minutes as a correct record at a later meeting, and freeze them."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Only circulated minutes can be approved."))
    minutes_approval_check(minutes_of=minutes.meeting, at_meeting=at_meeting)
    pending = minutes.pending_comments().count()
    if pending:
        raise ValidationError(
            ngettext(
                "%(count)d comment is not settled yet: take it in or decline it before approval.",
                "%(count)d comments are not settled yet: take each in or decline it before approval.",
                pending,
            )
            % {"count": pending}
        )
    Minutes.objects.filter(meeting=minutes.meeting, status=Minutes.Status.APPROVED).exclude(pk=minutes.pk).update(
        status=Minutes.Status.SUPERSEDED
    )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_at = timezone.now()
    minutes.approved_by = by
    minutes._history_user = by
    minutes.save()
    minutes_pdf_request(minutes)  # frozen with its hash; rendered after commit
    approval_record(minutes=minutes, by=by)
    return minutes


# --- the approval recorded in the approving meeting's own record --------------------------------
# As the Committee's minutes do by hand ("The minutes of the meeting of 7 December 2016 were
# approved as a correct record."): a decision of the approving meeting, under the agenda item that
# approves these minutes, and the same sentence in that item's text while its minutes are a draft.
# A text that already states the approval, ours or the ISU's own words, is left as it is, so
# approving again or re-running never duplicates. There is no undoing an approval: approved
# minutes are only superseded by an approved correction, whose approval is recorded in turn (the
# first approval stays in the record, as it happened).


def approval_sentence(minutes: Minutes) -> str:
    """The decision recorded at the approving meeting, in the meeting's language (English)."""
    with translation.override(MEETING_LANGUAGE):
        values = {"date": date_format(minutes.meeting.date, "j F Y"), "version": minutes.version}
        if minutes.version > 1:
            return (
                _(
                    "The corrected minutes (version %(version)d) of the meeting of %(date)s "
                    "were approved as a correct record."
                )
                % values
            )
        return _("The minutes of the meeting of %(date)s were approved as a correct record.") % values


def _states_approval(text: str, minutes: Minutes) -> bool:
    """Whether a text already records this approval: it speaks of minutes approved and names the
    date of the meeting they record (and the version of a correction)."""
    text = " ".join(text.split()).lower()
    with translation.override(MEETING_LANGUAGE):
        day = date_format(minutes.meeting.date, "j F Y").lower()
    version = minutes.version == 1 or f"version {minutes.version}" in text
    return "minutes" in text and "approved" in text and day in text and version


def approval_record(*, minutes: Minutes, by: AbstractBaseUser | None = None) -> Decision | None:
    """Record at the approving meeting that these minutes were approved there (see above).
    Nothing is written into a record already frozen; returns the decision that states it."""
    at_meeting = minutes.approved_at_meeting
    if at_meeting is None or minutes.status != Minutes.Status.APPROVED:
        return None
    own = at_meeting.current_minutes
    if own is not None and own.is_frozen:
        return None
    item = at_meeting.agenda_items.filter(approves_minutes_of=minutes.meeting_id).first()
    sentence = approval_sentence(minutes)
    decision = next((d for d in at_meeting.decisions.all() if _states_approval(d.text, minutes)), None)
    if decision is None:
        decision = Decision.objects.create(meeting=at_meeting, agenda_item=item, text=sentence)
    if own is None or own.status != Minutes.Status.DRAFT or item is None:
        return decision
    entry, _new = MinutesItem.objects.get_or_create(minutes=own, agenda_item=item)
    entry = MinutesItem.objects.select_for_update().get(pk=entry.pk)
    if not _states_approval(entry.text, minutes):
        text = f"{entry.text.rstrip()}\n\n{sentence}" if entry.text.strip() else sentence
        save_versioned(MinutesItem, pk=entry.pk, expected_version=entry.lock_version, text=text)
        entry.text, entry.lock_version = text, entry.lock_version + 1
        entry.updated_by = by
        entry._history_user = by
        entry.save(update_fields=["updated_by", "updated_at"])  # the history row holds the new text
    return decision


@transaction.atomic
def minutes_correct(*, minutes: Minutes, reason: str, by: AbstractBaseUser) -> Minutes:
    """Open a corrected version of approved minutes: a new draft, with its reason."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected; edit a draft directly."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    if Minutes.objects.filter(meeting=minutes.meeting, version__gt=minutes.version).exists():
        raise ValidationError(_("A correction of these minutes is already open."))
    new = Minutes.objects.create(
        meeting=minutes.meeting,
        version=minutes.version + 1,
        correction_reason=reason.strip(),
        documents_distributed=minutes.documents_distributed,
    )
    MinutesItem.objects.bulk_create(
        MinutesItem(minutes=new, agenda_item_id=item.agenda_item_id, text=item.text, updated_by=by)
        for item in minutes.items.all()
    )
    return new


# --- statements and decisions ---------------------------------------------------------------


def _check_record_open(meeting: Meeting) -> None:
    minutes = meeting.current_minutes
    if minutes is not None and minutes.is_frozen:
        raise ValidationError(_("The minutes of this meeting are approved: the record is frozen."))


@transaction.atomic
def statement_add(
    *,
    agenda_item: AgendaItem,
    text: str,
    delegation: Delegation | None = None,
    speaker: Person | None = None,
    on_behalf_of: str = "",
    anonymous_category: str = "",
) -> Statement:
    """Record what a delegation said (or an anonymised speaker's category) under an item."""
    _check_record_open(agenda_item.meeting)
    if not text.strip():
        raise ValidationError(_("A statement needs its text."))
    if delegation is None and not anonymous_category.strip():
        raise ValidationError(_("Say which delegation spoke, or the category of an anonymised speaker."))
    order = agenda_item.statements.count() + 1
    return Statement.objects.create(
        agenda_item=agenda_item,
        text=text.strip(),
        delegation=delegation,
        speaker=speaker,
        on_behalf_of=on_behalf_of.strip(),
        anonymous_category=anonymous_category.strip(),
        order=order,
    )


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    _check_record_open(statement.agenda_item.meeting)
    statement.delete()


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    _check_record_open(meeting)
    if not text.strip():
        raise ValidationError(_("A decision needs its text."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("That agenda item belongs to another meeting."))
    return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text.strip())
