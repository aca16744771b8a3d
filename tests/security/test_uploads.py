"""Uploads: size limits, type by content, and .docx zip bombs refused with a clear form message."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordinators.forms import ConceptNoteForm
from meetings.forms import UploadForm

pytestmark = pytest.mark.django_db

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def make_zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(uncompressed_mb: int = 60) -> bytes:
    """A tiny .docx-looking zip whose document.xml expands to tens of MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                member.write(chunk)
    return buffer.getvalue()


def ratio_bomb() -> bytes:
    """Small in absolute terms (2 MB) but a ratio far above 100."""
    return make_zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"a" * (2 * 1024 * 1024)})


def many_members() -> bytes:
    members = {f"word/media/{i}.xml": b"x" for i in range(1200)}
    members["word/document.xml"] = b"<w:document/>"
    return make_zip(members, compression=zipfile.ZIP_STORED)


def no_document() -> bytes:
    return make_zip({"[Content_Types].xml": CONTENT_TYPES, "hello.txt": b"hello"})


def encrypted_flag() -> bytes:
    data = bytearray(make_zip({"word/document.xml": b"<w:document/>"}, compression=zipfile.ZIP_STORED))
    # Set the 'encrypted' general-purpose bit in the local header and the central directory entry.
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return bytes(data)


def text_bomb() -> bytes:
    """1.5 MB of varied words (an ordinary compression ratio) unpacking to 6 MB of text: within
    the size and ratio limits, but a minute or more of python-docx in the request at 47 MB."""
    words = [f"word{i}" for i in range(5000)]
    rng = random.Random(7)
    paragraphs = []
    size = 0
    while size < 6 * 1024 * 1024:
        paragraph = "<w:p><w:r><w:t>" + " ".join(rng.choice(words) for _ in range(12)) + "</w:t></w:r></w:p>"
        paragraphs.append(paragraph)
        size += len(paragraph)
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": "<w:document>" + "".join(paragraphs) + "</w:document>",
        }
    )


BAD_DOCX = {
    "text unpacking beyond 4 MB": (text_bomb, "larger than 4 MB once unpacked"),
    "zip bomb (60 MB of zeros)": (zip_bomb, "implausible size"),
    "compression ratio above 100": (ratio_bomb, "implausible size"),
    "1,201 members": (many_members, "implausible number of parts"),
    "zip without word/document.xml": (no_document, "not a Word document"),
    "not a zip at all": (lambda: b"%PDF-1.7 pretending to be Word", "damaged or is not a .docx"),
    "truncated zip": (lambda: make_zip({"word/document.xml": b"<w:document/>" * 100})[:60], "damaged"),
    "encrypted member": (encrypted_flag, "encrypted"),
}


@pytest.mark.parametrize("case", list(BAD_DOCX))
def test_the_minutes_importer_refuses_bad_docx_with_a_message(client, isu_staff, case):
    build, message = BAD_DOCX[case]
    client.force_login(isu_staff)
    upload = SimpleUploadedFile("minutes.docx", build())
    response = client.post(reverse("meetings:import-upload"), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "imports/pending" not in response.get("Location", "")


@pytest.mark.parametrize("case", list(BAD_DOCX))
def test_the_concept_note_refuses_bad_docx(case):
    build, message = BAD_DOCX[case]
    form = ConceptNoteForm(data={"text": ""}, files={"file": SimpleUploadedFile("note.docx", build())})
    assert not form.is_valid()
    errors = " ".join(form.errors["file"])
    assert message in errors or errors == "Upload a PDF or a Word (.docx) file."


def test_a_zip_bomb_is_refused_before_python_docx_opens_it(monkeypatch):
    import docx

    def boom(*args, **kwargs):
        raise AssertionError("python-docx must not open a refused file")

    monkeypatch.setattr(docx, "Document", boom)
    form = UploadForm(files={"file": SimpleUploadedFile("minutes.docx", zip_bomb())})
    assert not form.is_valid()


def test_minutes_are_checked_by_content_not_name():
    binary = SimpleUploadedFile("minutes.txt", b"\x00\x01\x02binary" * 100)
    form = UploadForm(files={"file": binary})
    assert not form.is_valid()
    assert "not a text file" in form.errors["file"][0]
    exe = UploadForm(files={"file": SimpleUploadedFile("minutes.exe", b"MZ\x90\x00")})
    assert not exe.is_valid()
    assert "Upload minutes as a Word" in exe.errors["file"][0]


def test_oversized_minutes_and_concept_notes_are_refused(settings):
    big = b"a" * (5 * 1024 * 1024 + 1)
    form = UploadForm(files={"file": SimpleUploadedFile("minutes.txt", big)})
    assert not form.is_valid()
    assert "larger than 5 MB" in form.errors["file"][0]

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    pdf = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
    note = ConceptNoteForm(data={"text": ""}, files={"file": SimpleUploadedFile("note.pdf", pdf)})
    assert not note.is_valid()
    assert "larger than 1 MB" in note.errors["file"][0]


def test_a_pdf_concept_note_is_checked_by_content():
    fake = ConceptNoteForm(data={"text": ""}, files={"file": SimpleUploadedFile("note.pdf", b"<html>not a pdf")})
    assert not fake.is_valid()
    real = ConceptNoteForm(data={"text": ""}, files={"file": SimpleUploadedFile("note.pdf", b"%PDF-1.7\n%%EOF\n")})
    assert real.is_valid(), real.errors


def test_a_real_docx_is_accepted(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Concept note")
    path = tmp_path / "note.docx"
    document.save(path)
    form = ConceptNoteForm(data={"text": ""}, files={"file": SimpleUploadedFile("note.docx", path.read_bytes())})
    assert form.is_valid(), form.errors
    minutes = UploadForm(files={"file": SimpleUploadedFile("minutes.docx", path.read_bytes())})
    assert minutes.is_valid(), minutes.errors
