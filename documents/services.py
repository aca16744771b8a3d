"""Asking for a document and rendering it."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from outbox import services as outbox

from . import registry
from .models import GeneratedDocument
from .rendering import render_pdf, sha256_of


def document_key(kind: str, object_id: int, version: str = "", language: str = "") -> str:
    """The document's identity: its kind, object and edition, and its language unless it is the
    portal's default (the keys of English documents are those they always had)."""
    key = f"{kind}:{object_id}:{version}" if version else f"{kind}:{object_id}"
    language = _language(language)
    return key if language == _language("") else f"{key}@{language}"


def _language(language: str) -> str:
    return (language or settings.LANGUAGE_CODE)[:2]


def reader_language() -> str:
    """The language of the request being answered (the page's active language), one the portal
    speaks; else the portal's default. A download asked from a page is written in it."""
    code = (translation.get_language() or "")[:2]
    return code if code in {code for code, _name in settings.LANGUAGES} else _language("")


def written_in(language: str):
    """`with written_in(language):` the strings made inside (a document's title) are in that
    language, the portal's default when none is given."""
    return translation.override(_language(language))


def document_in_language(documents, language: str, request):
    """The reader's file among `documents` (the files of one edition, in whatever language): the
    one in their language; else, when the edition was asked for in another language, the same
    edition asked for in theirs (`request(language)`), so that a French reader never gets the
    English file; None when the edition was never asked for."""
    language = _language(language)
    # One query whatever is found: the edition's files in every language (three at most); or
    # those files already read, as a list, newest first.
    files = documents if isinstance(documents, list) else list(documents.order_by("-pk"))
    mine = next((document for document in files if document.language == language), None)
    if mine is not None or not files:
        return mine
    return request(language)


def document_languages(kind: str, object_id: int, version: str = "") -> list[str]:
    """The languages an edition of a document has files in, the portal's default first (and
    always): when the record changes, each is rendered afresh."""
    found = GeneratedDocument.objects.filter(kind=kind, object_id=object_id, edition=version)
    default = _language("")
    return [default, *sorted(set(found.values_list("language", flat=True)) - {default})]


@transaction.atomic
def document_request(
    *,
    kind: str,
    object_id: int,
    title: str,
    filename: str,
    version: str = "",
    freeze: bool = False,
    language: str = "",
) -> GeneratedDocument:
    """Queue the rendering of a document, once: asking again returns the same row and,
    unless it is frozen, renders it afresh (the record changed). `language`: the language it is
    written in (the addressee's; the portal's default when not given), rendered under it whoever
    asks; each language is its own document."""
    registry.get(kind)  # fail early on an unknown kind
    language = _language(language)
    document, created = GeneratedDocument.objects.select_for_update().get_or_create(
        key=document_key(kind, object_id, version, language),
        defaults={
            "kind": kind,
            "object_id": object_id,
            "edition": version,
            "language": language,
            "title": title,
            "filename": filename,
            "frozen": freeze,
        },
    )
    if not created:
        if document.frozen and document.is_ready:
            return document
        document.status = GeneratedDocument.Status.QUEUED
        document.title, document.filename, document.frozen = title, filename, freeze
        document.save(update_fields=["status", "title", "filename", "frozen"])
    from .tasks import render_document

    outbox.enqueue(render_document, document.pk)
    return document


def document_render(*, document_id: int) -> GeneratedDocument | None:
    """Render and store one document. Safe to run twice: a finished frozen document is kept."""
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or (document.frozen and document.is_ready):
            return document
        document.status = GeneratedDocument.Status.RUNNING
        document.attempts += 1
        document.save(update_fields=["status", "attempts"])
    # in its own language, whatever the language of the request or the worker that renders it
    with translation.override(document.language or settings.LANGUAGE_CODE):
        template_name, context = registry.get(document.kind).build(document.object_id)
        data = render_pdf(template_name, {"LANGUAGE_CODE": translation.get_language(), **context})
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
        if document.frozen and document.is_ready:
            # another worker rendered it while this one did: its file is the one already handed
            # out (attached to an e-mail, linked from a page), so it stays and this render is dropped
            return document
        old_name = document.file.name if document.file else ""
        document.file.save(document.filename, ContentFile(data), save=False)
        document.sha256 = sha256_of(data)
        document.size = len(data)
        document.status = GeneratedDocument.Status.DONE
        document.error = ""
        document.rendered_at = timezone.now()
        document.save()
    if old_name and old_name != document.file.name:
        document.file.storage.delete(old_name)
    return document


def document_mark_failed(*, document_id: int, error: str) -> None:
    GeneratedDocument.objects.filter(pk=document_id).update(status=GeneratedDocument.Status.FAILED, error=error[:2000])
