"""The review of an import (issue 17): people matched fuzzily within their delegation only, and
the corrections made before anything is saved (a line moved between present and apologies,
delegations merged and split, the date and an agenda number), each refused with a clear message
when it cannot apply; confirming imports the corrected minutes in one transaction."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from directory.models import Delegation
from meetings.models import Meeting, PendingImport
from meetings.services import pending_imports
from meetings.services.importing import review_import
from tests.factories import PersonFactory, StateFactory

pytestmark = pytest.mark.django_db
LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def person_of(iso3: str, name: str, first: str, last: str):
    state = StateFactory(iso3=iso3, name=name)
    return PersonFactory(first_name=first, last_name=last, delegation=Delegation.objects.get(state=state))


def test_people_match_fuzzily_within_their_delegation_and_nowhere_else():
    palma = person_of("ITA", "Italy", "Palma", "D'Ambrosio")
    person_of("DNK", "Denmark", "Sverre", "Haldorssen")  # close to Norway's Sverre Haldorsen
    person_of("DEU", "Germany", "Lukas", "Brenner")  # the same name as Austria's, another delegation
    person_of("AUT", "Austria", "Eve", "Huber")  # Austria's "Eva Huber": 89, under the threshold of 90
    StateFactory(iso3="NOR", name="Norway")
    review = review_import(filename="9.pdf", data=(LAYOUTS / "9-two-column-list.pdf").read_bytes())
    matched = {p.parsed.full_name: p.person for p in review.present}
    assert matched["Ms. Palma D'Ambrossio"] == palma
    assert [matched[name] for name in ("Mr. Sverre Haldorsen", "H.E. Lukas Brenner", "Ms. Eva Huber")] == [None] * 3
    assert "“Ms. Palma D'Ambrossio” read as Ms. Palma D'Ambrosio (Italy)." in review.unsure


def rows(meeting: Meeting) -> set[tuple[str, str, str]]:
    return {
        (str(a.delegation), f"{a.person.first_name} {a.person.last_name}" if a.person else "", a.status)
        for a in meeting.attendances.select_related("delegation", "person")
    }


def test_corrections_apply_to_the_pending_import_and_confirming_saves_them(isu_staff):
    pending = pending_imports.pending_import_create(
        filename="6.txt", data=(LAYOUTS / "6-absence-headings.txt").read_bytes(), by=isu_staff
    )

    def correct(action, **values):
        pending_imports.pending_import_correct(pending=pending, action=action, values=values)

    def refused(message, action, **values):
        before = PendingImport.objects.get(pk=pending.pk).parsed
        with pytest.raises(ValidationError, match=message):
            correct(action, **values)
        assert PendingImport.objects.get(pk=pending.pk).parsed == before

    def attendance():
        review = pending_imports.pending_import_review(pending=PendingImport.objects.get(pk=pending.pk))
        present = [(g.parsed.name, [p.parsed.full_name for p in g.people]) for g in review.groups]
        return present, [p.parsed.full_name for p in review.apologies], [p.parsed.full_name for p in review.flagged]

    assert attendance() == (
        [("Germany", ["H.E. Hanne Tiefensee"]), ("Peru", ["Mr. Julio Paredes"]), ("Sweden", ["Ms. Karin Lindqvist"])],
        ["Ms. Wendy Achterberg"],
        ["Mr. Lukas Brenner"],
    )
    correct("to_present", kind="apology", index=0, into="")
    correct("to_apologies", kind="present", index=3, person=0)  # and back
    correct("to_present", kind="apology", index=0, into="")
    correct("to_present", kind="flagged", index=0, into="")
    correct("merge", index=1, into=2)
    assert attendance()[0][1] == ("Sweden", ["Ms. Karin Lindqvist", "Mr. Julio Paredes"])
    correct("split", index=1, person=1, name="Peru")
    assert attendance() == (
        [
            ("Germany", ["H.E. Hanne Tiefensee"]), ("Sweden", ["Ms. Karin Lindqvist"]), ("Peru", ["Mr. Julio Paredes"]),
            ("CMC", ["Ms. Wendy Achterberg"]), ("Austria", ["Mr. Lukas Brenner"]),
        ],
        [],
        [],
    )  # fmt: skip
    refused("not a date that could be read: give it as 2016-03-07", "date", value="31 February 2016")
    refused("not a date that could be read", "date", value="next Tuesday")
    correct("date", value="2016-03-08")
    refused("There is already an agenda item 2: give each item its own number", "agenda_number", index=2, number="2")
    refused("is not an agenda number: write 4 for an item or 4.1", "agenda_number", index=2, number="three")
    correct("agenda_number", index=2, number="4")
    refused("no longer in the review: reload the page", "to_apologies", kind="present", index=9, person=0)
    refused("Choose another delegation to merge with", "merge", index=0, into=0)
    refused("Give the name of the delegation", "split", index=0, person=0, name="  ")
    review = pending_imports.pending_import_review(pending=PendingImport.objects.get(pk=pending.pk))
    assert review.parsed.date == datetime.date(2016, 3, 8) and [i.number for i in review.parsed.agenda] == [
        "1",
        "2",
        "4",
    ]
    assert any("numbered 1, 2, 4" in note for note in review.unsure)
    assert not Meeting.objects.exists()  # nothing saved before the import is confirmed

    meeting = pending_imports.pending_import_commit(pending=PendingImport.objects.get(pk=pending.pk), by=isu_staff)
    assert meeting.date == datetime.date(2016, 3, 8)
    assert rows(meeting) == {
        ("Germany", "Hanne Tiefensee", "present"),
        ("Sweden", "Karin Lindqvist", "present"),
        ("Peru", "Julio Paredes", "present"),
        ("CMC", "Wendy Achterberg", "present"),
        ("Austria", "Lukas Brenner", "present"),
        ("Ghana", "", "apologies"),
        ("Iraq", "", "absent"),
    }
    assert [i.number for i in meeting.agenda_items.order_by("position")] == ["1", "2", "3"]
    assert not PendingImport.objects.exists()


def test_the_review_page_shows_the_source_lines_and_takes_corrections(client, isu_staff):
    client.force_login(isu_staff)
    upload = SimpleUploadedFile("9b.pdf", (LAYOUTS / "9b-delegation-table.pdf").read_bytes())
    url = client.post(reverse("meetings:import-upload"), {"file": upload, "year": ""}).url
    page = client.get(url).content.decode()
    assert "6 delegations, 8 people present, 0 apologies" in page
    for source in (
        "read from “Held on 6 December 2018 at the Permanent Mission of Switzerland, 10h00 to 12h00”",
        "read from “Switzerland – 9MSP President H.E. Felix Aebersold”",
        "read from “Dr. Nora Imfeld”",
        "read from “3.1 Contributions received”",
    ):
        assert source in page
    done = client.post(url, {"action": "date", "date": "6 Decembre 2018"}, follow=True).content.decode()
    assert "is not a date that could be read" in done
    done = client.post(url, {"action": "merge", "index": "x"}, follow=True).content.decode()
    assert "This correction could not be read" in done
    done = client.post(url, {"action": "to_apologies", "kind": "delegation", "index": "4"}, follow=True)
    assert "Sierra Leone moved to the apologies." in done.content.decode()
    assert "5 delegations, 7 people present, 1 apologies" in done.content.decode()
    other = Client()
    other.force_login(isu_staff)
    assert other.post(url, {"action": "date", "date": "2018-12-07"}).status_code == 404  # another session
    client.post(url, {"commit": "1"})
    meeting = Meeting.objects.get()
    assert ("Sierra Leone", "Abu Kamara", "apologies") in rows(meeting)
    assert meeting.date == datetime.date(2018, 12, 6)
