"""E-mailing letters through the outbox (outbox.notify): queueing one letter or a campaign's
approved letters, the worker's sending (once per request, with the frozen PDF), and the outcome
receiver that records on the letter that its e-mail went or failed (registered in apps.py)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import GeneratedDocument
from documents.services import document_render
from outbox import notify
from outbox import services as outbox

from ..models import Campaign, Letter
from .contacts import contact_emails
from .letters import letter_pdf_request


@transaction.atomic
def campaign_send(*, campaign: Campaign, by) -> tuple[int, list]:
    """Queue the e-mail of every approved letter to its State's contacts; returns (queued,
    States without an e-mail address, whose letters go by hand)."""
    from ..tasks import send_letter

    queued, without_email = 0, []
    for letter in (
        campaign.letters.select_for_update(of=("self",))
        .filter(status=Letter.Status.APPROVED, sent_at__isnull=True)
        .select_related("state")
    ):
        if not contact_emails(letter.state):
            without_email.append(letter.state)
            continue
        letter.send_queued_at, letter.email_error, letter.email_failed_at = timezone.now(), "", None
        letter.save(update_fields=["send_queued_at", "email_error", "email_failed_at"])
        outbox.enqueue(send_letter, letter.pk)
        queued += 1
    return queued, without_email


@transaction.atomic
def letter_send(*, letter: Letter, by) -> None:
    """Queue the e-mail of one approved letter to its State's contacts."""
    from ..tasks import send_letter

    letter = Letter.objects.select_for_update().select_related("state").get(pk=letter.pk)
    if letter.status != Letter.Status.APPROVED or letter.sent_at is not None:
        raise ValidationError(_("Only an approved letter not yet sent can be e-mailed."))
    if not contact_emails(letter.state):
        raise ValidationError(
            _("%(state)s has no e-mail contact: deliver the letter another way.") % {"state": letter.state.name}
        )
    letter.send_queued_at, letter.email_error, letter.email_failed_at = timezone.now(), "", None
    letter.save(update_fields=["send_queued_at", "email_error", "email_failed_at"])
    outbox.enqueue(send_letter, letter.pk)


def _ready_pdf(letter: Letter) -> GeneratedDocument:
    """The letter's PDF, rendered now if the worker has not done it yet, and frozen: it was sent."""
    document = letter.document or letter_pdf_request(letter)
    if not document.is_ready:
        document = document_render(document_id=document.pk)
    GeneratedDocument.objects.filter(pk=document.pk).update(frozen=True)
    return document


LETTER_EMAIL = "outreach-letter"  # the kind of a letter's notification (outbox.notify.on_outcome)


def letter_send_email(*, letter_id: int) -> bool:
    """E-mail one approved letter with its PDF to the State's contacts; True when it went.

    Never twice: each request to send (letter_send, campaign_send: send_queued_at) is one
    notification keyed "letter:<id>:<request>", sent once, outside any lock, by whichever worker
    claims it first; a newer request cancels an older one not sent. The outcome reaches the
    letter through letter_emailed: sent, or failed with its reason (email_error), which its page
    shows with an offer to try again.

    Language: the campaign's (Campaign.language), for the e-mail and its PDF alike, whatever the
    State's language of correspondence (State.language): the letter's text was merged from the
    campaign's template and paragraphs in that language, so the covering e-mail says in the same
    language what it carries. A campaign to French- or Spanish-speaking States is made in their
    language by choosing a template in it."""
    letter = Letter.objects.select_related("state", "campaign", "document").filter(pk=letter_id).first()
    if letter is None or letter.sent_at is not None or letter.status != Letter.Status.APPROVED:
        return False
    if letter.send_queued_at is None:  # not asked for, or its last request failed and was recorded
        return False
    recipients = contact_emails(letter.state)
    if not recipients:
        return False
    document = _ready_pdf(letter)
    key = f"letter:{letter.pk}:{letter.send_queued_at:%Y%m%dT%H%M%S%f}"
    with transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(document=document)
        notify.cancel(kind=LETTER_EMAIL, ref=letter.pk, keep=key)
        notification = notify.notify(
            key=key,
            kind=LETTER_EMAIL,
            ref=letter.pk,
            to=recipients,
            template="outreach/email/letter",
            context={
                "subject": letter.subject,
                "reference": letter.reference,
                "body": letter.body,
                "signatory_name": letter.campaign.signatory_name,
                "signatory_title": letter.campaign.signatory_title,
            },
            language=letter.campaign.language,
            attachments=[(letter.pdf_filename, document.file, "application/pdf")],
        )
    return notify.deliver_now([notification]) == 1


def letter_emailed(notification) -> None:
    """A letter's e-mail went, or failed: the letter records it (outbox.notify.on_outcome)."""
    if notification.status not in (notification.Status.SENT, notification.Status.FAILED):
        return
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(pk=int(notification.ref)).first()
        if letter is None or letter.sent_at is not None:
            return
        if notification.status == notification.Status.SENT:
            letter.status = Letter.Status.SENT
            letter.sent_at = notification.sent_at
            letter.sent_channel = Letter.Channel.EMAIL
            letter.sent_to = ", ".join(notification.to)[:500]
            letter.email_error, letter.email_failed_at = "", None
            letter.save(
                update_fields=["status", "sent_at", "sent_channel", "sent_to", "email_error", "email_failed_at"]
            )
        else:
            letter.email_error = notification.error
            letter.email_failed_at = timezone.now()
            letter.send_queued_at = None
            letter.save(update_fields=["email_error", "email_failed_at", "send_queued_at"])


def letters_send_outcome(*, letters, since: datetime.datetime) -> dict:
    """What became of letters queued for e-mail at `since`: sent, failed (with the States), waiting."""
    rows = list(letters.filter(Q(send_queued_at__gte=since) | Q(email_failed_at__gte=since) | Q(sent_at__gte=since)))
    sent = [letter for letter in rows if letter.sent_at is not None and letter.sent_channel == Letter.Channel.EMAIL]
    failed = [letter for letter in rows if letter.sent_at is None and letter.email_error]
    waiting = [letter for letter in rows if letter.sent_at is None and not letter.email_error]
    return {"sent": sent, "failed": failed, "waiting": waiting}
