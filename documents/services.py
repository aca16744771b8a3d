"""Asking for a document and rendering it."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from outbox import services as outbox

from . import registry
from .models import GeneratedDocument
from .rendering import render_pdf, sha256_of


def document_key(kind: str, object_id: int, version: str = "") -> str:
    return f"{kind}:{object_id}:{version}" if version else f"{kind}:{object_id}"


@transaction.atomic
def document_request(
    *, kind: str, object_id: int, title: str, filename: str, version: str = "", freeze: bool = False
) -> GeneratedDocument:
    """Queue the rendering of a document, once: asking again returns the same row and,
    unless it is frozen, renders it afresh (the record changed)."""
    registry.get(kind)  # fail early on an unknown kind
    document, created = GeneratedDocument.objects.select_for_update().get_or_create(
        key=document_key(kind, object_id, version),
        defaults={
            "kind": kind,
            "object_id": object_id,
            "edition": version,
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
    template_name, context = registry.get(document.kind).build(document.object_id)
    data = render_pdf(template_name, context)
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
