from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=5)
def render_document(self, document_id: int) -> str:
    """Render one stored document; retried with back-off when rendering fails."""
    try:
        document = services.document_render(document_id=document_id)
    except Exception as error:
        services.document_mark_failed(document_id=document_id, error=repr(error))
        if self.request.is_eager:
            raise
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
    return document.sha256 if document else ""
