"""The write operations of outreach. Each runs in one transaction, checks its rule, records who
did it, and queues any task (a PDF, an e-mail) after commit."""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinators.models import TargetState
from documents import uploads
from documents.models import GeneratedDocument
from documents.services import document_render, document_request
from outbox import notify
from outbox import services as outbox

from . import merge
from .models import (
    Campaign,
    Contact,
    FollowUp,
    Language,
    Letter,
    LetterParagraph,
    LetterTemplate,
    ReferenceCounter,
    ReminderLog,
    Response,
)

logger = logging.getLogger(__name__)

RESPONSE_FILE_MAX_BYTES = 10 * 1024 * 1024
# What an answer's file may be (the form promises "PDF, Word or image"): its name's extension and
# its content must agree, checked together (documents.uploads checks a .docx archive).
RESPONSE_FILE_TYPES = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".docx": ("Word (.docx)", (b"PK\x03\x04",)),
    ".doc": ("Word (.doc)", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
}
# Markup a browser would run if it ever sniffed the file as a page: refused in the first KB.
RESPONSE_FILE_ACTIVE_MARKUP = (b"<html", b"<svg", b"<script", b"<!doctype html")


# ---------------------------------------------------------------- templates


@transaction.atomic
def template_save(*, template: LetterTemplate, by, lock_version: int | None = None) -> LetterTemplate:
    """Save a template after checking it and rendering it on trial (merge.template_errors);
    refuse if someone saved it meanwhile."""
    errors = [
        error for source in (template.subject, template.body) if source for error in merge.template_errors(source)
    ]
    if errors:
        raise ValidationError(errors)
    check = merge.check_template(template.body)
    if template.kind == LetterTemplate.Kind.PARAGRAPH and "area_paragraphs" in check.used:
        raise ValidationError(_("An area paragraph cannot include {{ area_paragraphs }}."))
    if template.pk:
        current = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        if lock_version is not None and current.lock_version != lock_version:
            raise ValidationError(_("Someone else saved this template meanwhile; reload it and apply your change."))
        template.lock_version = current.lock_version + 1
    template.updated_by = by
    template.save()
    return template


# ---------------------------------------------------------------- campaigns


@transaction.atomic
def campaign_create(*, by, recipients, **fields) -> Campaign:
    """A campaign with its recipients; its letters are created when it is generated."""
    template = fields["template"]
    if template.kind != LetterTemplate.Kind.LETTER:
        raise ValidationError(_("A campaign is written from a letter template, not an area paragraph."))
    if not recipients:
        raise ValidationError(_("Choose at least one recipient."))
    if fields.get("consolidated"):
        fields["area"] = None
    campaign = Campaign.objects.create(created_by=by, language=template.language, **fields)
    campaign.recipients.set(recipients)
    return campaign


@dataclass
class GenerationResult:
    created: int = 0
    rendered: int = 0
    unchanged: int = 0
    kept: int = 0  # approved or sent: never touched again
    errors: dict = field(default_factory=dict)  # State → message


def area_paragraphs(state, *, term, language: str, signatory: dict | None = None) -> list[tuple]:
    """[(area, text)] of every area targeting the State in the term, in the areas' order, each
    rendered from that area's paragraph in the language; MergeError names what is missing."""
    targets = TargetState.objects.filter(term=term, state=state).select_related("area").order_by("area__order")
    templates = {
        t.area_id: t
        for t in LetterTemplate.objects.filter(
            kind=LetterTemplate.Kind.PARAGRAPH, language=language, area__in=[t.area_id for t in targets]
        )
    }
    paragraphs = []
    for target in targets:
        template = templates.get(target.area_id)
        if template is None:
            raise merge.MergeError(
                _("%(area)s has no paragraph in %(language)s.")
                % {"area": target.area.name, "language": Language(language).label}
            )
        context = merge.state_context(state, language=language, term=term, area=target.area)
        if signatory:
            context["signatory"] = signatory
        paragraphs.append((target.area, merge.render(template.body, context, label=target.area.name)))
    return paragraphs


def _paragraphs_for(campaign: Campaign, state) -> list[tuple]:
    signatory = {"name": campaign.signatory_name, "title": campaign.signatory_title}
    return area_paragraphs(state, term=campaign.term, language=campaign.language, signatory=signatory)


def render_letter_text(campaign: Campaign, state, *, reference: str = "") -> tuple[str, str, list[tuple]]:
    """(subject, body, paragraphs) of one State's letter; MergeError names what is missing."""
    paragraphs = _paragraphs_for(campaign, state) if campaign.consolidated else []
    context = merge.campaign_context(campaign, state, reference=reference or "CCM/ISU/0000/0000")
    context["area_paragraphs"] = "\n\n".join(text for _area, text in paragraphs)
    body = merge.render(campaign.template.body, context)
    if paragraphs and "area_paragraphs" not in merge.check_template(campaign.template.body).used:
        body = body + "\n\n" + context["area_paragraphs"]
    subject = merge.render(campaign.template.subject, context) if campaign.template.subject else campaign.title
    return subject, body, paragraphs


def _addressee(state) -> str:
    contact = state.outreach_contacts.order_by("-is_primary", "kind", "pk").first()
    if contact is None:
        return state.official_name or state.name
    return "\n".join(p for p in (contact.addressee, contact.name, contact.address) if p)


def letter_pdf_request(letter: Letter, *, freeze: bool = False) -> GeneratedDocument:
    return document_request(
        kind="letter",
        object_id=letter.pk,
        title=f"Letter {letter.reference} to {letter.state.name}",
        filename=letter.pdf_filename,
        freeze=freeze,
    )


@transaction.atomic
def campaign_generate(
    *, campaign: Campaign, by=None, today: datetime.date | None = None, pdfs: bool = True
) -> GenerationResult:
    """Create or refresh one letter per recipient, and queue the PDFs that changed.

    Idempotent: a State already in the campaign keeps its letter and reference number; a draft
    whose text did not change is left alone; an approved or sent letter is never touched.
    pdfs=False renders the text only (the demo loader: the ISU asks for the PDFs later)."""
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("template", "term", "area").get(pk=campaign.pk)
    )
    result = GenerationResult()
    year = (today or timezone.localdate()).year
    existing = {letter.state_id: letter for letter in campaign.letters.select_related("document")}
    for state in campaign.recipients.prefetch_related(
        "obligations", "article7_reports", "treaty_statuses__convention"
    ).order_by("name"):
        letter = existing.get(state.pk)
        if letter is None:
            letter = Letter.objects.create(
                campaign=campaign,
                state=state,
                reference=ReferenceCounter.next_reference(year),
                owner=campaign.created_by or by,
            )
            result.created += 1
        if letter.status != Letter.Status.DRAFT:
            result.kept += 1
            if pdfs and letter.document_id is None and letter.body:
                # approved or sent without a PDF yet (recorded by hand, or imported): its frozen text is rendered
                letter.document = letter_pdf_request(letter, freeze=letter.sent_at is not None)
                letter.save(update_fields=["document"])
            continue
        try:
            subject, body, paragraphs = render_letter_text(campaign, state, reference=letter.reference)
        except merge.MergeError as error:
            result.errors[state] = str(error)
            if letter.error != str(error):
                letter.error, letter.body = str(error), ""
                letter.save(update_fields=["error", "body"])
            continue
        addressee = _addressee(state)
        stored = [(p.area_id, p.text) for p in letter.paragraphs.all()]
        wanted = [(area.pk, text) for area, text in paragraphs]
        unchanged = (
            letter.body == body
            and letter.subject == subject
            and letter.addressee == addressee
            and not letter.error
            and stored == wanted
            and (
                not pdfs
                or (letter.document_id is not None and letter.document.status != GeneratedDocument.Status.FAILED)
            )
        )
        if unchanged:
            result.unchanged += 1
            continue
        letter.subject, letter.body, letter.addressee, letter.error = subject, body, addressee, ""
        letter.generated_at = timezone.now()
        if stored != wanted:
            letter.paragraphs.all().delete()
            LetterParagraph.objects.bulk_create(
                LetterParagraph(letter=letter, area=area, order=order, text=text)
                for order, (area, text) in enumerate(paragraphs, start=1)
            )
        if pdfs:
            letter.document = letter_pdf_request(letter)
        letter.save()
        result.rendered += 1
    return result


def campaign_progress(campaign: Campaign) -> dict:
    """How far the PDFs of a campaign are: done, failed, queued, and letters that could not render."""
    letters = list(campaign.letters.select_related("document"))
    with_pdf = [letter for letter in letters if letter.document_id]
    done = sum(1 for letter in with_pdf if letter.document.status == GeneratedDocument.Status.DONE)
    failed = sum(1 for letter in with_pdf if letter.document.status == GeneratedDocument.Status.FAILED)
    errors = sum(1 for letter in letters if letter.error)
    total = len(with_pdf)
    return {
        "total": total,
        "done": done,
        "failed": failed,
        "pending": total - done,
        "errors": errors,
        "percent": round(100 * done / total) if total else 0,
        "finished": total > 0 and done == total,
    }


def response_rate(campaign: Campaign) -> dict:
    sent = campaign.letters.filter(sent_at__isnull=False)
    total = sent.count()
    answered = sent.filter(status=Letter.Status.ANSWERED).count()
    return {
        "sent": total,
        "answered": answered,
        "unanswered": total - answered,
        "percent": round(100 * answered / total) if total else 0,
    }


# ---------------------------------------------------------------- approving and sending


@transaction.atomic
def letter_approve(*, letter: Letter, by) -> Letter:
    """Approve a rendered draft: its text is frozen from here on."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(_("Only a draft can be approved."))
    if letter.error or not letter.body:
        raise ValidationError(_("This letter could not be rendered: %(error)s") % {"error": letter.error or "–"})
    letter.status = Letter.Status.APPROVED
    letter.approved_at = timezone.now()
    letter.save(update_fields=["status", "approved_at"])
    return letter


@transaction.atomic
def letter_edit_and_approve(*, letter: Letter, subject: str, body: str, by) -> Letter:
    """Approve a draft with its text adjusted by hand (or written by hand where a value was
    missing). Approved, it is never re-rendered from the template; its PDF is rendered afresh."""
    letter = Letter.objects.select_for_update().select_related("state").get(pk=letter.pk)
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be edited; this letter is %(status)s.") % {"status": letter.get_status_display()}
        )
    if not body.strip():
        raise ValidationError(_("The letter has no text."))
    letter.subject, letter.body, letter.error = subject, body.strip(), ""
    if not letter.addressee:
        letter.addressee = _addressee(letter.state)
    letter.status = Letter.Status.APPROVED
    letter.approved_at = timezone.now()
    letter.document = letter_pdf_request(letter)
    letter.save()
    return letter


@transaction.atomic
def campaign_approve_all(*, campaign: Campaign, by) -> int:
    approved = 0
    for letter in campaign.letters.filter(status=Letter.Status.DRAFT, error="").exclude(body=""):
        letter_approve(letter=letter, by=by)
        approved += 1
    return approved


def contact_emails(state) -> list[str]:
    return sorted({c.email for c in state.outreach_contacts.all() if c.email})


@transaction.atomic
def campaign_send(*, campaign: Campaign, by) -> tuple[int, list]:
    """Queue the e-mail of every approved letter to its State's contacts; returns (queued,
    States without an e-mail address, whose letters go by hand)."""
    from .tasks import send_letter

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
    from .tasks import send_letter

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
    shows with an offer to try again."""
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


@transaction.atomic
def letter_mark_sent(*, letter: Letter, channel: str, by, on: datetime.date | None = None) -> Letter:
    """Record a letter delivered another way (by hand, note verbale, pouch): States without a
    Geneva mission or an e-mail address are reached so."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.APPROVED or letter.sent_at:
        raise ValidationError(_("Only an approved letter not yet sent can be marked as sent."))
    when = timezone.now()
    if on is not None and on != timezone.localdate():
        when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    letter.status, letter.sent_at, letter.sent_channel = Letter.Status.SENT, when, channel
    letter.save(update_fields=["status", "sent_at", "sent_channel"])
    transaction.on_commit(lambda: _freeze_pdf(letter.pk))
    return letter


def _freeze_pdf(letter_id: int) -> None:
    letter = Letter.objects.select_related("document").get(pk=letter_id)
    if letter.document_id and letter.document.is_ready:
        GeneratedDocument.objects.filter(pk=letter.document_id).update(frozen=True)
    else:
        letter_pdf_request(letter, freeze=True)


# ---------------------------------------------------------------- answers and follow-ups


def check_response_file(upload) -> None:
    """Refuse an answer's file unless its name and its content agree on a type the form promises,
    and its first KB holds no HTML, SVG or script (a page disguised behind a %PDF- line)."""
    if upload is None:
        return
    uploads.check_size(upload, RESPONSE_FILE_MAX_BYTES)
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in RESPONSE_FILE_TYPES:
        raise ValidationError(
            _("Only PDF, Word (.docx, .doc) or image (.jpg, .png) files are accepted: %(name)s is not one.")
            % {"name": name or _("the file")},
            code="type",
        )
    label, signatures = RESPONSE_FILE_TYPES[extension]
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(signatures):
        raise ValidationError(
            _("%(name)s is not a %(type)s file (checked by its content).") % {"name": name, "type": label},
            code="content",
        )
    if any(marker in head.lower() for marker in RESPONSE_FILE_ACTIVE_MARKUP):
        raise ValidationError(
            _("%(name)s contains HTML, SVG or script markup and was refused (checked by its content).")
            % {"name": name},
            code="markup",
        )
    if extension == ".docx":
        uploads.check_docx(upload)


@transaction.atomic
def response_log(*, letter: Letter, date, channel: str, summary: str, file=None, by) -> Response:
    """Log a State's answer; the letter becomes answered."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.sent_at is None:
        raise ValidationError(_("A letter that was not sent cannot have an answer."))
    if date < timezone.localtime(letter.sent_at).date():
        raise ValidationError(_("The answer cannot be dated before the letter was sent."))
    if date > timezone.localdate():
        raise ValidationError(_("The answer cannot be dated in the future."))
    check_response_file(file)
    response = Response(letter=letter, date=date, channel=channel, summary=summary, logged_by=by)
    if file is not None:
        response.file = file
    response.save()
    letter.status = Letter.Status.ANSWERED
    letter.save(update_fields=["status"])
    return response


@transaction.atomic
def followup_add(*, state, kind: str, planned_on, by, letter=None, **fields) -> FollowUp:
    if letter is not None and letter.state_id != state.pk:
        raise ValidationError(_("The letter was written to another State."))
    return FollowUp.objects.create(state=state, kind=kind, planned_on=planned_on, letter=letter, owner=by, **fields)


@transaction.atomic
def followup_done(*, followup: FollowUp, on, notes: str = "", by) -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    followup.done_on = on
    if notes:
        followup.notes = (followup.notes + "\n\n" + notes).strip()
    followup.save(update_fields=["done_on", "notes"])
    return followup


@transaction.atomic
def contact_add(*, state, by, **fields) -> Contact:
    """A channel to the State; a primary contact replaces the previous primary one."""
    if fields.get("is_primary"):
        state.outreach_contacts.filter(is_primary=True).update(is_primary=False)
    elif not state.outreach_contacts.exists():
        fields["is_primary"] = True
    return Contact.objects.create(state=state, **fields)


# ---------------------------------------------------------------- reminders


def remind_unanswered(*, now: datetime.datetime | None = None) -> int:
    """E-mail each owner one digest of their letters without an answer after the configured number
    of weeks; such letters become 'no answer'. A letter is reminded again only after as many weeks,
    so running this twice the same day (or on two workers at once) sends nothing new. The digests
    are recorded under the letters' lock and sent after it is released. Returns the number of
    e-mails sent."""
    now = now or timezone.now()
    interval = datetime.timedelta(weeks=settings.OUTREACH_NO_ANSWER_WEEKS)
    digests: dict[str, list[Letter]] = {}
    notices = []
    with transaction.atomic():
        letters = (
            Letter.objects.unanswered_since(now - interval)
            .select_for_update(of=("self",))
            .select_related("state", "campaign", "owner", "campaign__created_by")
            .order_by("sent_at")
        )
        for letter in letters:
            if letter.reminders.filter(sent_at__gt=now - interval).exists():
                continue
            owner = letter.owner or letter.campaign.created_by
            if owner is None or not owner.email:
                continue
            digests.setdefault(owner.email, []).append(letter)
        for address, owned in digests.items():
            about = hashlib.sha256(f"{address}:{[letter.pk for letter in owned]}".encode()).hexdigest()[:32]
            notices.append(
                notify.notify(
                    key=f"outreach-no-answer:{now:%Y-%m-%d}:{about}",
                    to=[address],
                    template="outreach/email/no_answer_digest",
                    context={
                        "letters": owned,
                        "weeks": settings.OUTREACH_NO_ANSWER_WEEKS,
                        "base_url": settings.PORTAL_BASE_URL,
                    },
                    language=settings.LANGUAGE_CODE,  # the portal keeps no language per member
                )
            )
            for letter in owned:
                ReminderLog.objects.create(letter=letter, sent_at=now, to=address)
                if letter.status == Letter.Status.SENT:
                    letter.status = Letter.Status.NO_ANSWER
                    letter.save(update_fields=["status"])
    return notify.deliver_now(notices)
