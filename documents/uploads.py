"""Checks every upload goes through before the portal reads it: size, and type by content.

A Word .docx file is a zip archive. Before python-docx (or anything else) opens one, its directory
is inspected: not a zip, too many members, a member or the whole expanding beyond
DOCX_MAX_UNCOMPRESSED_BYTES, a compression ratio above DOCX_MAX_COMPRESSION_RATIO (zip bombs),
encrypted members, no word/document.xml, or an XML part beyond DOCX_MAX_XML_BYTES (python-docx
parses about a megabyte a second, so this bounds the time and memory an upload costs the request):
refused with a message for the person who uploaded it.
The sizes checked are the ones the archive declares; Python's zipfile never inflates a member
beyond its declared size (a member that lies fails its CRC check), so they bound the work.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def _read_all(upload) -> bytes:
    """The upload's bytes (an UploadedFile or bytes), leaving the file at its start."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def check_size(upload, limit: int | None = None) -> None:
    limit = limit or settings.UPLOAD_MAX_BYTES
    size = len(upload) if isinstance(upload, bytes | bytearray) else upload.size
    if size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": f"{limit / (1024 * 1024):g}"}, code="too_large"
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def check_docx(upload) -> None:
    """Refuse what is not a plausible Word document, before any XML in it is parsed."""
    data = _read_all(upload)
    if not data.startswith(ZIP_MAGIC):
        raise ValidationError(_("This Word file is damaged or is not a .docx file."), code="not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(_("This Word file is damaged or is not a .docx file."), code="bad_zip") from None
    if len(members) > settings.DOCX_MAX_MEMBERS:
        raise ValidationError(_("This Word file has an implausible number of parts and was refused."), code="bomb")
    limit = settings.DOCX_MAX_UNCOMPRESSED_BYTES
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ValidationError(_("This Word file is encrypted: save it without a password."), code="encrypted")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limit or ratio > settings.DOCX_MAX_COMPRESSION_RATIO:
            raise ValidationError(_("This Word file expands to an implausible size and was refused."), code="bomb")
        total += member.file_size
    if total > limit:
        raise ValidationError(_("This Word file expands to an implausible size and was refused."), code="bomb")
    if "word/document.xml" not in {member.filename for member in members}:
        raise ValidationError(_("This file is not a Word document."), code="not_docx")
    text_limit = settings.DOCX_MAX_XML_BYTES
    if any(member.filename.endswith((".xml", ".rels")) and member.file_size > text_limit for member in members):
        # python-docx reads about a megabyte of XML a second: this bounds the work in the request
        raise ValidationError(
            _("The text of this Word file is larger than %(mb)s MB once unpacked; split it or save it as text.")
            % {"mb": f"{text_limit / (1024 * 1024):g}"},
            code="too_much_text",
        )


def check_pdf(upload) -> None:
    head = _read_all(upload)[:1024]
    if PDF_MAGIC not in head:
        raise ValidationError(_("This is not a PDF file."), code="not_pdf")


def check_text(upload) -> None:
    if b"\x00" in _read_all(upload)[:4096]:
        raise ValidationError(_("This is not a text file."), code="not_text")
