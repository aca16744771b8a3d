"""Downloads and job status of generated documents, always through the kind's permission check."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import registry
from .models import GeneratedDocument


def _load(request, pk) -> GeneratedDocument:
    document = get_object_or_404(GeneratedDocument, pk=pk)
    if not registry.get(document.kind).can_view(request.user, document):
        # the same answer as for a document that does not exist: nothing is revealed
        raise Http404
    return document


@require_safe
def document_download(request, pk):
    document = _load(request, pk)
    if not document.is_ready:
        raise Http404("This document is not rendered yet.")
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
    response["X-Content-SHA256"] = document.sha256
    return response


@require_safe
def document_status(request, pk):
    """The job's state as an HTML fragment; htmx polls it until the document is ready."""
    document = _load(request, pk)
    return render(request, "documents/_status.html", {"document": document})
