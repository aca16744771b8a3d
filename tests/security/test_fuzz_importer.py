"""The minutes importer fuzzed: random bytes, random Markdown-ish text, broken zips. The only
exception it may raise is its own ImportErrorMessage, whose text is shown to the person."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from documents import uploads
from meetings.importer import ImportErrorMessage, parse_minutes, read_document
from meetings.services import importing
from tests import strength

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=int(__import__("os").environ.get("FUZZ_IMPORTER_EXAMPLES", strength.pick(150, 50))),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
COUNTS = {"bytes": 0, "markdown": 0, "docx": 0, "uploads": 0}

LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "# Minutes of the Coordination Committee",
            "Date: 7 December 2016",
            "Date: 31 February 2017",
            "Time: 10:00 – 12:00",
            "Time: 25:99",
            "Venue: Palais des Nations, Geneva",
            "## Attendance",
            "## Apologies",
            "**Italy**: Mr. Mario Rossi, Ms. Anna Bianchi",
            "- Australia: H.E. Jane Smith",
            "1. Opening of the meeting",
            "1.1.1.1.1.1 Deep item",
            "99999999999999999999. Huge number",
            "Italy said that <script>window.__xss=1</script>",
            "One delegation (affected State) said that",
            "*** ___ ``` ||| ---",
            "\x00\x01\x02",
            "",
        ]
    ),
)
MARKDOWN = st.lists(LINE, max_size=60).map("\n".join)


def _allowed(call):
    try:
        return call()
    except ImportErrorMessage as error:
        assert str(error).strip(), "an import error must say what is wrong"
        return None


@FUZZ
@given(data=st.binary(max_size=5000), suffix=st.sampled_from(["docx", "md", "txt", "doc", ""]))
def test_random_bytes_never_crash_the_reader(data, suffix):
    COUNTS["bytes"] += 1
    text = _allowed(lambda: read_document(f"minutes.{suffix}", data))
    if text is not None:
        parse_minutes(text)


@FUZZ
@given(text=MARKDOWN)
def test_random_markdown_never_crashes_the_parser_or_the_review(text, register_for_import):
    COUNTS["markdown"] += 1
    parse_minutes(text)
    _allowed(lambda: importing.review_import(filename="minutes.md", data=text.encode()))


@FUZZ
@given(
    members=st.dictionaries(
        st.sampled_from(["word/document.xml", "[Content_Types].xml", "word/styles.xml", "_rels/.rels", "x"]),
        st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode), st.just(b"<w:document/>")),
        max_size=5,
    ),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
)
def test_random_docx_archives_are_refused_cleanly(members, cut):
    COUNTS["docx"] += 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data = buffer.getvalue()[:cut] if cut is not None else buffer.getvalue()
    try:
        uploads.check_docx(data)
    except ValidationError as error:
        assert error.messages[0]
        return
    _allowed(lambda: read_document("minutes.docx", data))


@pytest.fixture
def register_for_import(italy, australia):
    return None


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["m.docx", "m.md", "m.txt", "m.pdf", "m", "../m.md"]))
def test_the_upload_page_always_answers_with_a_page(data, name, isu_staff):
    COUNTS["uploads"] += 1
    client = Client()
    client.force_login(isu_staff)
    response = client.post(reverse("meetings:import-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "invalid-feedback" in response.content.decode() or "alert" in response.content.decode()
