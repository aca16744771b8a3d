"""A State's answer uploaded to a letter is checked by its name AND its content together: a PDF
is named .pdf, starts with %PDF- and holds no HTML, SVG or script in its first KB; a .docx is a
Word archive; anything else the form does not promise is refused with a message."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx(members=("word/document.xml",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in members:
            archive.writestr(name, "<w:document/>")
    return buffer.getvalue()


def upload(client, letter, name, content, summary):
    return client.post(
        reverse("outreach:response-add", args=[letter.pk]),
        {"date": datetime.date.today().isoformat(), "channel": "email", "summary": summary,
         "file": SimpleUploadedFile(name, content)},
        follow=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("answer.pdf", b"%PDF-1.4\n<html><body>Answer</body></html>", "HTML, SVG or script"),
        ("answer.pdf", b"%PDF-1.7\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "HTML, SVG or script"),
        ("answer.pdf", b"%PDF-1.4\n<SCRIPT>alert(1)</SCRIPT>", "HTML, SVG or script"),
        ("answer.html", b"%PDF-1.4\n1 0 obj", "is not one"),
        ("answer.svg", b"%PDF-1.4\n1 0 obj", "is not one"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode", "not a PDF"),
        ("answer.pdf", b"<html>%PDF-1.4</html>", "not a PDF"),
        ("answer.pdf", docx(), "not a PDF"),
        ("answer.docx", SMALL_PDF, "not a Word"),
        ("answer.docx", docx(members=("word/other.xml",)), "not a Word document"),
        ("answer.png", b"\xff\xd8\xff\xe0 JPEG named png", "not a PNG"),
        ("answer", SMALL_PDF, "is not one"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, isu_staff, objects, name, content, expected):
    client.force_login(isu_staff)
    response = upload(client, objects["letter"], name, content, "Refused answer")
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert "Answer logged" not in html
    assert "Refused answer" not in html  # nothing was logged: the letter page lists no such answer


@pytest.mark.parametrize(
    "name, content",
    [
        ("answer.pdf", SMALL_PDF),
        ("Answer.PDF", SMALL_PDF),
        ("answer.docx", docx()),
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    ],
)
def test_a_real_answer_file_is_accepted_and_served_back(client, isu_staff, objects, name, content):
    client.force_login(isu_staff)
    response = upload(client, objects["letter"], name, content, "Accepted answer")
    html = response.content.decode()
    assert "Answer logged" in html and "Accepted answer" in html
    links = [part.split('"')[0] for part in html.split('href="')[1:] if "/answers/" in part.split('"')[0]]
    served = client.get(links[0])
    assert b"".join(served.streaming_content) == content
