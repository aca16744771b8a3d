"""The minutes importer: reading files safely, parsing both formats with their variants,
matching to the register, the review, the commit (all or nothing) and duplicates."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.models import Organisation
from meetings.importer import ImportErrorMessage, fingerprint, match_name, parse_minutes, read_document
from meetings.models import ImportedDocument, Meeting
from meetings.services.importing import import_commit, review_import
from tests import strength
from tests.factories import OrganisationFactory, StateFactory

FIXTURES = Path(__file__).parent / "fixtures"
CC_NUMBERS = ["1", "2", "3", "3.1", "3.2", "4", "5"]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def assert_cc_structure(parsed):
    assert parsed.kind == "cc"
    assert parsed.date == datetime.date(2017, 3, 1)
    assert (parsed.start_time, parsed.end_time) == (datetime.time(15, 0), datetime.time(16, 30))
    assert parsed.venue == "Permanent Mission of the Federal Republic of Germany"
    assert [d.name for d in parsed.delegations] == [
        "Germany", "The Netherlands", "Bosnia & Herzegovina", "Italy", "UNODA", "Secretariat ISU-CCM",
    ]  # fmt: skip
    assert parsed.delegations[0].capacity == "7MSP President"
    assert [p.full_name for p in parsed.delegations[3].people] == ["Ms. Giulia Rossi", "Dr. Marco Bianchi"]
    assert parsed.people_present == 8
    assert [(p.full_name, p.delegation) for p in parsed.apologies] == [("Ms. Jane Doe", "CMC"), ("Mr. John Roe", "")]
    assert [i.number for i in parsed.agenda] == CC_NUMBERS
    assert parsed.agenda[3].title == "Matters arising"
    by_item = {(s.agenda_number, s.delegation, s.on_behalf_of) for s in parsed.statements}
    assert ("2", "Germany", "") in by_item  # "The President" speaks for the Presidency
    assert ("3.1", "The Netherlands", "") in by_item
    assert ("3.2", "Italy", "the Coordinators on Victim Assistance") in by_item
    assert ("4", "Bosnia & Herzegovina", "the Coordinators on General Status") in by_item
    assert ("4", "Secretariat ISU-CCM", "") in by_item  # "The ISU-CCM reported ..."


def test_the_markdown_format_of_the_seed():
    assert_cc_structure(parse_minutes(read_document("cc.md", fixture("cc-2017-03-01.md"))))


def test_the_variant_format_pairs_on_one_line_capital_apologies_and_numbers_alone():
    parsed = parse_minutes(read_document("cc.txt", fixture("cc-2017-03-01-variant.txt")))
    assert_cc_structure(parsed)
    assert parsed.delegations[2].people[0].last_name == "Kovacevic"


def test_a_word_file_reads_like_the_text():
    lines = fixture("cc-2017-03-01-variant.txt").decode().splitlines()
    assert_cc_structure(parse_minutes(read_document("cc.docx", docx_bytes(lines))))


def test_windows_line_endings_and_non_breaking_spaces():
    data = fixture("cc-2017-03-01.md").replace(b"\n", b"\r\n").replace(b"1 March", "1\xa0March".encode())
    assert_cc_structure(parse_minutes(read_document("cc.md", data)))


def test_the_informal_summary_format():
    parsed = parse_minutes(read_document("summary.txt", fixture("informal-2017-10-12.txt")))
    assert parsed.kind == "informal"
    assert parsed.title == "Informal meeting on Clearance Challenges under the Convention on Cluster Munitions (CCM)"
    assert parsed.date == datetime.date(2017, 10, 12)
    assert any("year" in note for note in parsed.uncertain)  # the header gives no year
    assert parsed.venue == "Room XII, Palais des Nations"
    assert parsed.hosts == ["Norway", "the Netherlands"]
    lettered = [(s.letter, s.category or s.delegation, s.agenda_number) for s in parsed.statements if s.letter]
    assert lettered == [
        ("a", "An affected State", "2.2"),
        ("b", "A donor/partner State", "2.2"),
        ("c", "The ISU", "2.2"),
        ("d", "Norway", "2.3"),
    ]
    assert "3 square kilometres" in parsed.statements[1].text
    assert "Survey before clearance" in parsed.agenda[0].text


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("minutes.pdf", b"%PDF-1.4", "PDF file is damaged"),
        ("minutes.doc", b"text", r"Word \(\.docx\), PDF \(\.pdf\), Markdown \(\.md\) or text \(\.txt\)"),
        ("minutes.txt", b"", "empty"),
        ("minutes.docx", b"this is not a zip", "damaged"),
        ("minutes.txt", b"\x00\x01binary", "not a text file"),
        ("minutes.txt", b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_unreadable_files_get_a_clear_message(filename, data, message):
    with pytest.raises(ImportErrorMessage, match=message):
        read_document(filename, data)


def test_a_zip_bomb_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(ImportErrorMessage, match="implausible size"):
        read_document("bomb.docx", buffer.getvalue())


def test_names_match_despite_spelling_variants():
    candidates = {"netherlands": "NLD", "bosnia and herzegovina": "BIH", "asim dorovic": "person"}
    assert match_name("The Netherlands", candidates).value == "NLD"
    assert match_name("Bosnia & Herzegovina", candidates).value == "BIH"
    assert match_name("Bosnia-Herzegovina", candidates).value == "BIH"
    assert match_name("Asim Dorović", candidates).exact
    assert match_name("Netherland", candidates).value == "NLD"
    assert match_name("Zambia", candidates) is None


def test_fingerprint_ignores_line_endings():
    text = fixture("cc-2017-03-01.md").decode()
    assert fingerprint(text) == fingerprint(text.replace("\n", "\r\n"))
    assert fingerprint(text) != fingerprint(text.replace("1 March", "2 March"))


@settings(max_examples=strength.pick(150, 50), deadline=None)
@given(st.text(max_size=3000))
def test_any_text_parses_without_error(text):
    parsed = parse_minutes(text)
    assert parsed.kind in ("cc", "informal")


# --- the review and the commit ----------------------------------------------------------------


@pytest.fixture
def register(db):
    StateFactory(iso3="DEU", name="Germany", official_name="Federal Republic of Germany")
    netherlands = StateFactory(iso3="NLD", name="Netherlands")
    netherlands.aliases.create(alias="The Netherlands")
    StateFactory(iso3="BIH", name="Bosnia and Herzegovina")
    StateFactory(iso3="ITA", name="Italy")
    OrganisationFactory(name="United Nations Office for Disarmament Affairs", acronym="UNODA")
    OrganisationFactory(name="Implementation Support Unit", acronym="ISU-CCM", kind=Organisation.Kind.ISU)
    OrganisationFactory(name="Cluster Munition Coalition", acronym="CMC")


def test_review_matches_the_register_and_marks_what_it_guessed(register):
    review = review_import(filename="cc.md", data=fixture("cc-2017-03-01.md"))
    matched = {m.name: str(m.delegation) for m in review.delegations}
    assert matched["The Netherlands"] == "Netherlands"
    assert matched["Bosnia & Herzegovina"] == "Bosnia and Herzegovina"
    assert matched["Secretariat ISU-CCM"] == "ISU-CCM"
    assert any("Mr. John Roe" in p.parsed.full_name and p.delegation.delegation is None for p in review.apologies)
    assert any("not in the register" in note for note in review.unsure)
    assert not Meeting.objects.exists()  # a review saves nothing


def test_commit_writes_the_draft_meeting(register, isu_staff):
    meeting = import_commit(filename="cc.md", data=fixture("cc-2017-03-01.md"), by=isu_staff)
    assert meeting.status == Meeting.Status.HELD and meeting.date == datetime.date(2017, 3, 1)
    present = meeting.attendances.filter(status="present")
    assert present.count() == 8 and present.values("delegation").distinct().count() == 6
    assert meeting.attendances.filter(status="apologies").count() == 2
    assert sorted(i.number for i in meeting.agenda_items.all()) == CC_NUMBERS
    statement = meeting.agenda_items.get(number="3.2").statements.get()
    assert (statement.delegation.name, statement.on_behalf_of) == ("Italy", "the Coordinators on Victim Assistance")
    assert "approved without comments" in meeting.current_minutes.items.get(agenda_item__number="3").text
    assert ImportedDocument.objects.get().meeting == meeting


def test_importing_the_same_file_twice_is_detected(register, isu_staff):
    import_commit(filename="cc.md", data=fixture("cc-2017-03-01.md"), by=isu_staff)
    resaved = fixture("cc-2017-03-01.md").replace(b"\n", b"\r\n")
    assert review_import(filename="copy.md", data=resaved).duplicate is not None
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already imported"):
        import_commit(filename="copy.md", data=resaved, by=isu_staff)
    assert Meeting.objects.count() == 1


def test_the_informal_summary_keeps_anonymised_statements_with_their_category(register, isu_staff):
    StateFactory(iso3="NOR", name="Norway")
    meeting = import_commit(filename="s.txt", data=fixture("informal-2017-10-12.txt"), by=isu_staff)
    assert meeting.kind == Meeting.Kind.INFORMAL and meeting.confidentiality == Meeting.Confidentiality.CHATHAM_HOUSE
    assert {h.name for h in meeting.hosts.all()} == {"Norway", "Netherlands"}
    categories = [s.anonymous_category for s in meeting.agenda_items.get(number="2.2").statements.all()]
    assert categories == ["An affected State", "A donor/partner State", "The ISU"]


# --- the pages ----------------------------------------------------------------------------------


def test_upload_review_and_import_in_the_browser_forms(client, register, isu_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(isu_staff)
    upload = SimpleUploadedFile("cc-2017-03-01.md", fixture("cc-2017-03-01.md"))
    response = client.post(reverse("meetings:import-upload"), {"file": upload})
    assert response.status_code == 302
    review = client.get(response.url).content.decode()
    assert "6 delegations, 8 people present, 2 apologies" in review and "What the portal was unsure of" in review
    assert not Meeting.objects.exists()
    done = client.post(response.url, {"commit": "1"}, follow=True)
    assert "Minutes imported as a draft meeting" in done.content.decode()
    assert Meeting.objects.count() == 1


def test_a_cancelled_import_saves_nothing_and_its_review_is_gone(client, register, isu_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(isu_staff)
    upload = SimpleUploadedFile("cc-2017-03-01.md", fixture("cc-2017-03-01.md"))
    review_url = client.post(reverse("meetings:import-upload"), {"file": upload}).url
    done = client.post(review_url, {"cancel": "1"}, follow=True)
    assert "Import cancelled; nothing was saved." in done.content.decode()
    assert client.get(review_url).status_code == 404
    assert client.post(review_url, {"commit": "1"}).status_code == 404
    assert not Meeting.objects.exists()


def test_an_unreadable_upload_gets_a_clear_error_and_nothing_is_saved(client, isu_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(isu_staff)
    upload = SimpleUploadedFile("minutes.docx", b"not a word file")
    response = client.post(reverse("meetings:import-upload"), {"file": upload})
    assert response.status_code == 200 and "damaged" in response.content.decode()
    assert not Meeting.objects.exists() and not ImportedDocument.objects.exists()


def test_a_review_belongs_to_the_session_that_uploaded_it(client, register, isu_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client.force_login(isu_staff)
    response = client.post(
        reverse("meetings:import-upload"), {"file": SimpleUploadedFile("cc.md", fixture("cc-2017-03-01.md"))}
    )
    other = Client()
    other.force_login(isu_staff)
    assert other.get(response.url).status_code == 404


def test_only_the_isu_imports(client, coordinator_va):
    client.force_login(coordinator_va)
    assert client.get(reverse("meetings:import-upload")).status_code == 403
    assert client.get(reverse("meetings:import-review", args=["abc"])).status_code == 403
