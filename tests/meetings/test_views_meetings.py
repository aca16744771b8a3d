"""Meeting list, create, edit and detail pages."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Convention
from meetings import services
from meetings.models import Attendance, Meeting, Minutes
from tests.factories import (
    ActionItemFactory,
    ConventionFactory,
    MeetingFactory,
    PersonFactory,
    StateFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccm():
    return ConventionFactory()


def _meeting_data(ccm, **overrides):
    data = {
        "kind": Meeting.Kind.COORDINATION_COMMITTEE,
        "title": "Fourth meeting of the Coordination Committee",
        "conventions": [ccm.pk],
        "date": "2017-02-08",
        "start_time": "10:00",
        "end_time": "11:30",
        "venue": "Permanent Mission of Germany",
        "confidentiality": Meeting.Confidentiality.RESTRICTED,
        "status": Meeting.Status.PLANNED,
        "propose_agenda": "on",
    }
    data.update(overrides)
    return data


# --- list ---------------------------------------------------------------------------------------


def test_list_shows_meetings_with_minutes_status(client, coordinator_va):
    held = MeetingFactory(title="December meeting", status=Meeting.Status.HELD)
    Minutes.objects.create(meeting=held, status=Minutes.Status.CIRCULATED)
    MeetingFactory(title="January meeting", date=datetime.date(2017, 1, 18))
    client.force_login(coordinator_va)
    response = client.get(reverse("meetings:meeting-list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "December meeting" in content and "January meeting" in content
    assert "Circulated" in content


def test_list_filters_by_kind_and_year(client, isu_staff):
    MeetingFactory(title="CC in 2016", date=datetime.date(2016, 12, 7))
    MeetingFactory(title="CC in 2017", date=datetime.date(2017, 3, 1))
    MeetingFactory(title="Workshop in 2017", kind=Meeting.Kind.WORKSHOP, date=datetime.date(2017, 3, 2))
    client.force_login(isu_staff)
    content = client.get(reverse("meetings:meeting-list"), {"kind": "cc", "year": "2017"}).content.decode()
    assert "CC in 2017" in content
    assert "CC in 2016" not in content
    assert "Workshop in 2017" not in content


def test_list_filters_by_term(client, isu_staff):
    term = TermFactory()
    MeetingFactory(title="In the term", term=term)
    MeetingFactory(title="Outside any term")
    client.force_login(isu_staff)
    content = client.get(reverse("meetings:meeting-list"), {"term": term.pk}).content.decode()
    assert "In the term" in content
    assert "Outside any term" not in content


def test_list_paginates(client, isu_staff, settings):
    settings.PAGINATE_BY = 2
    for day in range(1, 6):
        MeetingFactory(title=f"Meeting on day {day}", date=datetime.date(2017, 3, day))
    client.force_login(isu_staff)
    first = client.get(reverse("meetings:meeting-list")).content.decode()
    last = client.get(reverse("meetings:meeting-list"), {"page": 3}).content.decode()
    assert "Meeting on day 5" in first and "Meeting on day 1" not in first
    assert "Meeting on day 1" in last
    assert "1 / 3" in first


def test_list_is_refused_to_focal_point(client, focal_point_iraq):
    client.force_login(focal_point_iraq)
    assert client.get(reverse("meetings:meeting-list")).status_code == 404


def test_list_sends_anonymous_to_login(client):
    response = client.get(reverse("meetings:meeting-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- create and edit ----------------------------------------------------------------------------


def test_create_form_renders(client, isu_staff, ccm):
    client.force_login(isu_staff)
    response = client.get(reverse("meetings:meeting-create"))
    assert response.status_code == 200
    assert b'type="date"' in response.content and b'type="time"' in response.content
    assert b"Propose the standard agenda" in response.content


def test_create_makes_meeting_with_standard_agenda(client, isu_staff, ccm):
    MeetingFactory(title="Previous", date=datetime.date(2016, 12, 7), status=Meeting.Status.HELD)
    client.force_login(isu_staff)
    response = client.post(reverse("meetings:meeting-create"), _meeting_data(ccm))
    meeting = Meeting.objects.get(title="Fourth meeting of the Coordination Committee")
    assert response.status_code == 302
    assert response.url == reverse("meetings:meeting-detail", args=[meeting.pk])
    assert meeting.created_by == isu_staff
    assert list(meeting.conventions.all()) == [ccm]
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert "Approval of the minutes of 7 December 2016" in titles
    assert "Matters arising" in titles and titles[-1] == "Date of the next meeting"


def test_create_without_standard_agenda(client, isu_staff, ccm):
    client.force_login(isu_staff)
    data = _meeting_data(ccm)
    del data["propose_agenda"]
    client.post(reverse("meetings:meeting-create"), data)
    assert not Meeting.objects.get().agenda_items.exists()


def test_create_refuses_meeting_ending_before_it_starts(client, isu_staff, ccm):
    client.force_login(isu_staff)
    response = client.post(reverse("meetings:meeting-create"), _meeting_data(ccm, end_time="09:00"))
    assert response.status_code == 200
    assert b"The meeting must end after it starts." in response.content
    assert not Meeting.objects.exists()


def test_create_requires_a_convention(client, isu_staff, ccm):
    client.force_login(isu_staff)
    response = client.post(reverse("meetings:meeting-create"), _meeting_data(ccm, conventions=[]))
    assert response.status_code == 200
    assert b"is-invalid" in response.content
    assert not Meeting.objects.exists()


def test_coordinator_cannot_create_meeting(client, coordinator_va, ccm):
    client.force_login(coordinator_va)
    assert client.get(reverse("meetings:meeting-create")).status_code == 403
    assert client.post(reverse("meetings:meeting-create"), _meeting_data(ccm)).status_code == 403
    assert not Meeting.objects.exists()


def test_edit_changes_meeting(client, isu_staff, ccm):
    meeting = MeetingFactory(title="Old title")
    host = StateFactory(name="Germany", iso3="DEU").delegation
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:meeting-edit", args=[meeting.pk]))
    assert b"Old title" in page.content and b"Propose the standard agenda" not in page.content
    response = client.post(
        reverse("meetings:meeting-edit", args=[meeting.pk]),
        _meeting_data(ccm, title="New title", hosts=[host.pk], status=Meeting.Status.HELD),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "New title" and meeting.status == Meeting.Status.HELD
    assert list(meeting.hosts.all()) == [host]


def test_edit_with_bad_input_saves_nothing(client, isu_staff, ccm):
    meeting = MeetingFactory(title="Old title")
    client.force_login(isu_staff)
    response = client.post(reverse("meetings:meeting-edit", args=[meeting.pk]), _meeting_data(ccm, date="", title="X"))
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.title == "Old title"


def test_coordinator_cannot_edit_meeting(client, coordinator_va, ccm):
    meeting = MeetingFactory(title="Old title")
    client.force_login(coordinator_va)
    response = client.post(reverse("meetings:meeting-edit", args=[meeting.pk]), _meeting_data(ccm, title="Hacked"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Old title"


# --- detail -------------------------------------------------------------------------------------


def _full_meeting(n_delegations: int = 2, prefix: str = "") -> Meeting:
    meeting = MeetingFactory(title="CC meeting", status=Meeting.Status.HELD, venue="Maison de la Paix")
    meeting.conventions.add(Convention.objects.get_or_create(code="apmbc", short_name="APMBC", name="APMBC")[0])
    rows = []
    for i in range(n_delegations):
        delegation = StateFactory(name=f"{prefix}State {i}").delegation
        meeting.hosts.add(delegation)
        for j in range(2):
            person = PersonFactory(delegation=delegation, first_name=f"P{i}", last_name=f"Delegate{j}")
            rows.append(services.AttendanceRow(delegation=delegation, person=person, status=Attendance.Status.PRESENT))
    sorry = StateFactory(name=f"{prefix}Sorryland").delegation
    rows.append(services.AttendanceRow(delegation=sorry, status=Attendance.Status.APOLOGIES))
    services.attendance_record(meeting=meeting, rows=rows)
    services.agenda_propose(meeting=meeting)
    for i in range(n_delegations):
        parent = services.agenda_item_add(meeting=meeting, title=f"Topic {i}")
        services.agenda_item_add(meeting=meeting, title=f"Sub-topic {i}", parent=parent, presenters=[sorry])
        services.decision_add(meeting=meeting, text=f"Decision {i}", agenda_item=parent)
        ActionItemFactory(meeting=meeting, agenda_item=parent, text=f"Action {i}", due_date=datetime.date(2017, 1, 1))
    Minutes.objects.create(meeting=meeting)
    return meeting


def test_detail_shows_header_attendance_agenda_and_record(client, coordinator_va):
    meeting = _full_meeting()
    client.force_login(coordinator_va)
    response = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Maison de la Paix" in content and "APMBC" in content and "Restricted" in content
    assert "State 0" in content and "P1 Delegate1" in content
    assert "Apologies received" in content and "Sorryland" in content
    assert "2 delegations" in content and "4 people" in content and "1 apology" in content
    assert "Sub-topic 1" in content and "Opening remarks" in content
    assert "Decision 1" in content and "Action 0" in content and "Overdue" in content
    # a coordinator does not see that draft minutes exist, nor ISU tools
    assert "Version 1" not in content
    assert reverse("meetings:agenda-edit", args=[meeting.pk]) not in content


def test_detail_shows_isu_the_draft_minutes_and_tools(client, isu_staff):
    meeting = _full_meeting()
    client.force_login(isu_staff)
    content = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Version 1" in content
    assert reverse("meetings:agenda-edit", args=[meeting.pk]) in content


def _detail_queries(client, meeting) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 200
    return len(queries)


def test_detail_queries_do_not_grow_with_data(client, isu_staff):
    client.force_login(isu_staff)
    small, large = _full_meeting(1, "Small "), _full_meeting(6, "Large ")
    assert _detail_queries(client, small) == _detail_queries(client, large)


def test_detail_is_refused_to_focal_point(client, focal_point_iraq):
    meeting = MeetingFactory()
    client.force_login(focal_point_iraq)
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 404


def test_detail_of_missing_meeting_is_404(client, isu_staff):
    client.force_login(isu_staff)
    assert client.get(reverse("meetings:meeting-detail", args=[999])).status_code == 404


# --- held only on or after its date (Geneva time) ------------------------------------------------


def test_a_meeting_of_tomorrow_cannot_be_marked_held(client, isu_staff, ccm):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = MeetingFactory(title="Next meeting", date=tomorrow, status=Meeting.Status.PLANNED)
    client.force_login(isu_staff)
    response = client.post(
        reverse("meetings:meeting-edit", args=[meeting.pk]),
        _meeting_data(ccm, title="Next meeting, renamed", date=tomorrow.isoformat(), status=Meeting.Status.HELD),
    )
    assert response.status_code == 200
    assert "A meeting can be marked held only on or after its date" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status) == ("Next meeting", Meeting.Status.PLANNED)  # nothing saved
    with pytest.raises(ValidationError):
        services.meeting_create(by=isu_staff, kind=Meeting.Kind.COORDINATION_COMMITTEE, title="Later",
                                date=tomorrow, status=Meeting.Status.HELD)  # fmt: skip
    assert not Meeting.objects.filter(title="Later").exists()


def test_a_meeting_is_marked_held_on_its_day_in_geneva(isu_staff):
    # 23:30 UTC on 8 February is already 9 February in Geneva: the meeting of the 9th may be held.
    with time_machine.travel(datetime.datetime(2017, 2, 8, 23, 30, tzinfo=datetime.UTC), tick=False):
        meeting = MeetingFactory(date=datetime.date(2017, 2, 9), status=Meeting.Status.PLANNED)
        services.meeting_update(meeting=meeting, status=Meeting.Status.HELD)
    with time_machine.travel(datetime.datetime(2017, 2, 8, 22, 30, tzinfo=datetime.UTC), tick=False):
        later = MeetingFactory(date=datetime.date(2017, 2, 10), status=Meeting.Status.PLANNED)
        with pytest.raises(ValidationError, match="only on or after its date"):
            services.meeting_update(meeting=later, status=Meeting.Status.HELD)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    assert Meeting.objects.get(pk=later.pk).status == Meeting.Status.PLANNED
