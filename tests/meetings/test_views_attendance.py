"""The attendance page: one formset for the whole meeting, pre-filled from the Committee of the
meeting's term, "on behalf of" chosen from the register, a new person added on a line."""

import datetime
import importlib
import re
import subprocess

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from directory.models import Mandate, Person, StateAlias
from documents.models import GeneratedDocument
from meetings import services
from meetings.models import RSVP, Attendance, Meeting
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = ("delegation", "person", "status", "capacity", "on_behalf_of_delegation", "on_behalf_of", "is_guest")


@pytest.fixture
def people():
    germany = StateFactory(name="Germany", iso3="DEU").delegation
    italy = StateFactory(name="Italy", iso3="ITA").delegation
    return {
        "germany": germany,
        "italy": italy,
        "biontino": PersonFactory(delegation=germany, title="H.E.", first_name="Michael", last_name="Biontino"),
        "pilz": PersonFactory(delegation=germany, title="Mr.", first_name="Toralf", last_name="Pilz"),
        "dambrosio": PersonFactory(delegation=italy, title="Ms.", first_name="Palma", last_name="D'Ambrosio"),
    }


@pytest.fixture
def meeting():
    return MeetingFactory(title="CC meeting", status=Meeting.Status.HELD)


def _post_data(rows, initial=0):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial)}
    for n, row in enumerate(rows):
        for field in FIELDS:
            value = row.get(field, "")
            if field == "is_guest":
                if value:
                    data[f"form-{n}-is_guest"] = "on"
                continue
            data[f"form-{n}-{field}"] = "" if value is None else str(getattr(value, "pk", value))
    return data


def _url(meeting):
    return reverse("meetings:attendance-edit", args=[meeting.pk])


def test_form_lists_recorded_rows_and_the_rest_of_each_delegation(client, isu_staff, meeting, people):
    services.attendance_record(
        meeting=meeting,
        rows=[services.AttendanceRow(delegation=people["germany"], person=people["biontino"], status="present")],
    )
    client.force_login(isu_staff)
    response = client.get(_url(meeting))
    formset = response.context["formset"]
    initial = [(f.initial.get("person"), f.initial.get("status")) for f in formset.forms if f.initial]
    assert initial == [(people["biontino"].pk, "present"), (people["pilz"].pk, "")]
    assert len(formset.forms) == 2 + 5  # plus empty rows


def test_the_delegations_are_named_and_sorted_in_the_readers_language(client, isu_staff, meeting, people):
    germany, italy = people["germany"].state, people["italy"].state
    germany.name_es, germany.name_fr = "Alemania", "Allemagne"
    germany.save()
    italy.name_es, italy.name_fr = "Italia", "Italie"
    italy.save()
    client.force_login(isu_staff)
    client.cookies["django_language"] = "es"
    page = client.get(_url(meeting)).content.decode()
    options = re.findall(
        r'<option value="\d+"[^>]*>([^<]+)</option>', page.split('name="form-0-delegation"')[1].split("</select>")[0]
    )
    assert options == ["Alemania", "Italia"]
    assert '<optgroup label="Alemania">' in page and "Germany" not in page.split("<main")[1]


def test_new_meeting_starts_from_previous_meetings_delegations(client, isu_staff, people):
    previous = MeetingFactory(status=Meeting.Status.HELD)
    services.attendance_record(
        meeting=previous, rows=[services.AttendanceRow(delegation=people["italy"], status="apologies")]
    )
    meeting = MeetingFactory(date=previous.date.replace(year=2017))
    client.force_login(isu_staff)
    formset = client.get(_url(meeting)).context["formset"]
    assert [f.initial["person"] for f in formset.forms if f.initial] == [people["dambrosio"].pk]


def test_save_records_the_whole_meeting(client, isu_staff, meeting, people):
    client.force_login(isu_staff)
    rows = [
        {
            "delegation": people["germany"],
            "person": people["biontino"],
            "status": "present",
            "capacity": "7MSP President",
        },
        {"person": people["pilz"], "status": "remote"},  # delegation taken from the person
        {"delegation": people["italy"], "status": "apologies"},  # the whole delegation
        {"delegation": people["germany"], "person": None, "status": ""},  # an unticked roster line
        {},
    ]
    response = client.post(_url(meeting), _post_data(rows))
    assert response.status_code == 302
    recorded = [(a.delegation, a.person, a.status, a.capacity) for a in meeting.attendances.order_by("order")]
    assert recorded == [
        (people["germany"], people["biontino"], "present", "7MSP President"),
        (people["germany"], people["pilz"], "remote", ""),
        (people["italy"], None, "apologies", ""),
    ]


def test_person_outside_the_chosen_delegation_is_refused(client, isu_staff, meeting, people):
    services.attendance_record(
        meeting=meeting, rows=[services.AttendanceRow(delegation=people["italy"], status="apologies")]
    )
    client.force_login(isu_staff)
    rows = [
        {"delegation": people["germany"], "person": people["biontino"], "status": "present"},
        {"delegation": people["italy"], "person": people["biontino"], "status": "present"},
    ]
    response = client.post(_url(meeting), _post_data(rows))
    assert response.status_code == 200
    assert "is not in the delegation of Italy" in response.content.decode()
    assert "nothing was saved" in response.content.decode()
    assert list(meeting.attendances.values_list("status", flat=True)) == ["apologies"]


def test_row_without_delegation_or_person_is_refused(client, isu_staff, meeting):
    client.force_login(isu_staff)
    response = client.post(_url(meeting), _post_data([{"status": "present", "capacity": "Somebody"}]))
    assert response.status_code == 200
    assert b"Choose a delegation, a person, or both." in response.content
    assert not meeting.attendances.exists()


def test_person_listed_twice_is_refused(client, isu_staff, meeting, people):
    client.force_login(isu_staff)
    rows = [{"person": people["pilz"], "status": "present"}, {"person": people["pilz"], "status": "remote"}]
    response = client.post(_url(meeting), _post_data(rows))
    assert response.status_code == 200
    assert b"is listed twice" in response.content
    assert not meeting.attendances.exists()


def test_add_people_of_a_delegation_without_saving(client, isu_staff, meeting, people):
    client.force_login(isu_staff)
    data = _post_data([{"person": people["dambrosio"], "status": "present"}])
    data.update({"add_delegation": people["germany"].pk, "add_people": "1"})
    response = client.post(_url(meeting), data)
    assert response.status_code == 200
    lines = [(f.initial.get("person"), f.initial.get("status")) for f in response.context["formset"].forms if f.initial]
    assert lines == [
        (people["dambrosio"].pk, "present"),
        (people["biontino"].pk, Attendance.Status.PRESENT),
        (people["pilz"].pk, Attendance.Status.PRESENT),
    ]
    assert not meeting.attendances.exists()


def test_coordinator_cannot_record_attendance(client, coordinator_va, meeting, people):
    client.force_login(coordinator_va)
    assert client.get(_url(meeting)).status_code == 403
    response = client.post(_url(meeting), _post_data([{"person": people["pilz"], "status": "present"}]))
    assert response.status_code == 403
    assert not meeting.attendances.exists()


def test_focal_point_and_anonymous_are_kept_out(client, focal_point_iraq, meeting):
    assert client.get(_url(meeting)).status_code == 302
    client.force_login(focal_point_iraq)
    assert client.get(_url(meeting)).status_code == 404


# --- the Committee's members, "on behalf of" from the register, a new person on a line -------


@pytest.fixture
def committee():
    """The Committee of an invented term: Arcadia presides; Borduria coordinates two areas and
    Carpania one (the register knows nobody of Carpania); Dorsia sits on no Committee."""
    arcadia, borduria, carpania, dorsia = (
        StateFactory(name=name, iso3=iso3)
        for name, iso3 in (("Arcadia", "QAR"), ("Borduria", "QBO"), ("Carpania", "QCA"), ("Dorsia", "QDO"))
    )
    term = TermFactory(name="9MSP", presidency=arcadia)
    for order, (state, slug) in enumerate(((borduria, "clearance"), (carpania, "assistance"), (borduria, "stocks"))):
        Mandate.objects.create(term=term, state=state, area=ThematicAreaFactory(slug=slug, order=order))
    person = lambda d, first, last: PersonFactory(delegation=d.delegation, first_name=first, last_name=last)  # noqa: E731
    return {
        "term": term,
        "arcadia": arcadia.delegation,
        "borduria": borduria.delegation,
        "carpania": carpania.delegation,
        "dorsia": dorsia.delegation,
        "albers": person(arcadia, "Anke", "Albers"),
        "aho": person(arcadia, "Arto", "Aho"),
        "brandt": person(borduria, "Bela", "Brandt"),
        "dunne": person(dorsia, "Dara", "Dunne"),
    }


def _lines(response) -> list[dict]:
    return [f.initial for f in response.context["formset"].forms if f.initial]


def _summary(lines) -> list[tuple]:
    return [(line["delegation"], line["person"], line["status"]) for line in lines]


def test_prefill_adds_the_committee_once_and_keeps_the_answer_to_the_invitation(client, isu_staff, committee):
    c = committee
    meeting = MeetingFactory(title="9MSP CC meeting", term=c["term"], date=datetime.date(2026, 3, 4))
    RSVP.objects.create(meeting=meeting, delegation=c["borduria"], answer="apologies", answered_at=timezone.now())
    client.force_login(isu_staff)
    page = client.get(_url(meeting))
    assert "Pre-fill the Committee" in page.content.decode()
    data = _post_data(_lines(page)) | {"prefill": "1"}
    filled = client.post(_url(meeting), data)
    expected = [
        (c["borduria"].pk, None, "apologies"),  # the invitation's answer, as it was
        (c["borduria"].pk, c["brandt"].pk, ""),
        (c["arcadia"].pk, c["aho"].pk, ""),  # the Presidency's people, unticked
        (c["arcadia"].pk, c["albers"].pk, ""),
        (c["carpania"].pk, None, ""),  # nobody of Carpania in the register: the delegation alone
    ]
    assert _summary(_lines(filled)) == expected
    assert "3 lines added for the Committee of 9MSP (Arcadia)" in filled.content.decode()
    again = client.post(_url(meeting), _post_data(_lines(filled)) | {"prefill": "1"})
    assert _summary(_lines(again)) == expected
    assert "Every member of the Committee of 9MSP (Arcadia) is already listed." in again.content.decode()
    assert not meeting.attendances.exists()

    without_term = MeetingFactory(title="Informal meeting", kind=Meeting.Kind.INFORMAL)
    refused = client.post(
        _url(without_term), _post_data([{"delegation": c["dorsia"], "status": "present"}]) | {"prefill": "1"}
    )
    assert "This meeting has no term, so its Committee is not known" in refused.content.decode()
    assert 'value="present" selected' in refused.content.decode()  # the line entered is still there


def test_on_behalf_of_is_a_delegation_and_the_participants_list_prints_its_name(
    client, isu_staff, committee, django_capture_on_commit_callbacks
):
    c = committee
    meeting = MeetingFactory(title="9MSP CC meeting", term=c["term"], status=Meeting.Status.HELD)
    client.force_login(isu_staff)
    rows = [{"person": c["brandt"], "status": "present", "on_behalf_of_delegation": c["carpania"]}]
    assert client.post(_url(meeting), _post_data(rows)).status_code == 302
    line = meeting.attendances.get()
    assert (line.on_behalf_of_delegation, line.on_behalf_of) == (c["carpania"], "")
    assert _lines(client.get(_url(meeting)))[0]["on_behalf_of_delegation"] == c["carpania"].pk
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Ms. Bela Brandt" in page and "(Carpania)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:participants-pdf", args=[meeting.pk]))
    document = GeneratedDocument.objects.get(kind="participants", object_id=meeting.pk)
    with document.file.open("rb") as f:
        text = subprocess.run(["pdftotext", "-", "-"], input=f.read(), capture_output=True, check=True).stdout.decode()
    assert "Ms. Bela Brandt – Carpania" in " ".join(text.split())


def test_the_migration_turns_free_text_naming_a_delegation_into_that_delegation(client, isu_staff, committee):
    c = committee
    StateAlias.objects.create(state=c["dorsia"].state, alias="Republic of Dorsia")
    relief = OrganisationFactory(name="Syldavian Relief Network", acronym="SRN").delegation
    meeting = MeetingFactory(title="Old meeting")
    texts = {
        c["aho"]: "on behalf of the Borduria",
        c["albers"]: "Republic of Dorsia",
        c["brandt"]: "the Syldavian Relief Network",
        c["dunne"]: "on behalf of the Coordinators on Victim Assistance",
    }
    for order, (person, text) in enumerate(texts.items()):
        Attendance.objects.create(
            meeting=meeting,
            delegation=person.delegation,
            person=person,
            capacity="Head",
            on_behalf_of=text,
            order=order,
        )
    migration = importlib.import_module("meetings.migrations.0007_attendance_on_behalf")
    migration.convert_free_text(apps, None)
    lines = meeting.attendances.order_by("order")
    assert [(a.on_behalf_of_delegation, a.on_behalf_of, a.capacity) for a in lines] == [
        (c["borduria"], "", "Head"),
        (c["dorsia"], "", "Head"),
        (relief, "", "Head"),
        (None, "on behalf of the Coordinators on Victim Assistance", "Head"),  # kept as it was
    ]
    assert [a.on_behalf_of_label for a in lines][-2:] == ["SRN", texts[c["dunne"]]]  # its delegation's name

    client.force_login(isu_staff)  # the text left is shown on its line and saved again as it was
    page = client.get(_url(meeting))
    assert "Earlier text (replaced when a delegation is chosen)" in page.content.decode()
    assert client.post(_url(meeting), _post_data(_lines(page))).status_code == 302
    assert meeting.attendances.get(person=c["dunne"]).on_behalf_of == texts[c["dunne"]]


def test_a_new_person_entered_on_a_line_joins_the_register_and_the_line(client, isu_staff, committee):
    c = committee
    meeting = MeetingFactory(title="9MSP CC meeting", term=c["term"])
    client.force_login(isu_staff)
    rows = [
        {"delegation": c["carpania"], "status": "remote", "capacity": "Coordinator"},
        {"person": c["brandt"], "status": "present"},
        {},
    ]
    person_fields = {"title": "Ms.", "first_name": "Cora", "last_name": " Castell ", "function": "Counsellor"}
    data = _post_data(rows) | {f"new-0-{k}": v for k, v in person_fields.items()} | {"add_person": "0"}
    response = client.post(_url(meeting), data)
    cora = Person.objects.get(last_name="Castell")
    assert (cora.delegation, cora.title, cora.first_name, cora.function) == (c["carpania"], "Ms.", "Cora", "Counsellor")
    assert [(line["person"], line["status"], line.get("capacity")) for line in _lines(response)] == [
        (cora.pk, "remote", "Coordinator"),
        (c["brandt"].pk, "present", ""),
    ]
    assert f'<option value="{cora.pk}" selected>Ms. Cora Castell</option>' in response.content.decode()
    assert not meeting.attendances.exists()  # the attendance itself waits for Save

    people = Person.objects.count()
    no_last_name = data | {"new-1-first_name": "Boris", "new-1-last_name": "", "add_person": "1"}
    refused = client.post(_url(meeting), no_last_name)
    assert "This field is required." in refused.content.decode()
    assert "The new person was not added to the register: see line 2." in refused.content.decode()
    no_delegation = data | {"new-2-last_name": "Nobody", "add_person": "2"}
    refused = client.post(_url(meeting), no_delegation)
    assert "Choose the line&#x27;s delegation first" in refused.content.decode()
    twice = client.post(_url(meeting), data)  # Cora Castell is in the register now
    assert "is already in the register for Carpania" in twice.content.decode()
    assert Person.objects.count() == people and not meeting.attendances.exists()
