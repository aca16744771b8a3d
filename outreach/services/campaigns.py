"""Campaigns: creating one with its recipients, generating (and refreshing) its letters from the
template and the areas' paragraphs, approving them all; its PDFs' progress and response rate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinators.models import TargetState
from documents.models import GeneratedDocument

from .. import merge
from ..models import Campaign, Language, Letter, LetterParagraph, LetterTemplate, ReferenceCounter
from .letters import _addressee, letter_approve, letter_pdf_request


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
        addressee = _addressee(state, campaign.language)
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


@transaction.atomic
def campaign_approve_all(*, campaign: Campaign, by) -> int:
    approved = 0
    for letter in campaign.letters.filter(status=Letter.Status.DRAFT, error="").exclude(body=""):
        letter_approve(letter=letter, by=by)
        approved += 1
    return approved
