"""The attendance page: one formset for the whole meeting."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, Meeting
from tests.factories import MeetingFactory, PersonFactory, StateFactory

pytestmark = pytest.mark.django_db

FIELDS = ("delegation", "person", "status", "capacity", "on_behalf_of", "is_guest")


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
