"""One letter: its addressee and PDF, approving it (as rendered or edited by hand), recording it
delivered another way (by hand, note verbale, pouch) and freezing its PDF."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import names
from directory.models import Contact
from directory.selectors import postal_contact
from documents.models import GeneratedDocument
from documents.services import document_request

from ..models import Letter


def _addressee(state, language: str) -> str:
    """The contact's addressee, name and address as the register holds them; with no contact,
    the State's official name in the letter's language."""
    contact = postal_contact(state, Contact.Role.MISSION)
    if contact is None:
        return names.official_state_name(state, language, article=False)
    return "\n".join(p for p in (contact.addressee, contact.name, contact.address) if p)


def letter_pdf_request(letter: Letter, *, freeze: bool = False) -> GeneratedDocument:
    return document_request(
        kind="letter",
        object_id=letter.pk,
        title=f"Letter {letter.reference} to {letter.state.name}",
        filename=letter.pdf_filename,
        freeze=freeze,
        language=letter.campaign.language,  # the language its text was merged in (services.email)
    )


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
        letter.addressee = _addressee(letter.state, letter.campaign.language)
    letter.status = Letter.Status.APPROVED
    letter.approved_at = timezone.now()
    letter.document = letter_pdf_request(letter)
    letter.save()
    return letter


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
