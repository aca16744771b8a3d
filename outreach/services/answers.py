"""A State's answer to a letter: logged with its date, channel and summary, and its file (checked
by name and content); the letter becomes answered."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import uploads

from ..models import Letter, Response

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
