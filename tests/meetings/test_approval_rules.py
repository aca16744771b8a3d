# ruff: noqa: F811  (the fixtures imported below are the tests' arguments)
"""Issue 16, approval that follows the rules: the minutes of a Coordination Committee meeting are
approved AT a later Committee meeting that has taken place. The minutes are those of
tests/meetings/test_views_minutes.py ("CC meeting" of 7 December 2016, circulated).

The cases (meeting at which approval is asked → outcome):
- a Committee meeting dated after today (Geneva time) → refused: "has not taken place yet"
- an informal meeting held after the minutes' meeting → refused: "only at a Coordination Committee meeting"
- a Committee meeting held before the minutes' meeting → refused: "held after the one they record"
- the next Committee meeting, already held → approved, with its approved PDF
- the future meeting once its day has come in Geneva (though not yet in UTC) → approved
Refused means: the message is shown instead of the confirmation button, the minutes stay
circulated and no approved PDF is made. The approval form offers only the meetings that can approve.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.models import GeneratedDocument
from meetings import services
from meetings.models import Meeting, Minutes
from tests.confirming import token_in
from tests.factories import MeetingFactory
from tests.meetings.test_views_minutes import circulated, item, meeting, minutes  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FUTURE = "has not taken place yet"
NOT_CC = "only at a Coordination Committee meeting"
NOT_AFTER = "held after the one they record"

REFUSALS = {  # meeting fixture → the words of its refusal
    "future_cc": FUTURE,
    "informal": NOT_CC,
    "earlier_cc": NOT_AFTER,
}


@pytest.fixture
def future_cc():
    return MeetingFactory(title="Spring Committee meeting", date=TODAY + datetime.timedelta(days=21))


@pytest.fixture
def informal():
    return MeetingFactory(
        title="Informal exchange on clearance",
        kind=Meeting.Kind.INFORMAL,
        date=datetime.date(2017, 1, 10),
        status=Meeting.Status.HELD,
    )


@pytest.fixture
def earlier_cc():
    return MeetingFactory(title="Autumn Committee meeting", date=datetime.date(2016, 11, 4), status=Meeting.Status.HELD)


@pytest.fixture
def next_cc():
    return MeetingFactory(
        title="January Committee meeting", date=datetime.date(2017, 1, 25), status=Meeting.Status.HELD
    )


def approve_url(minutes):
    return reverse("meetings:minutes-approve", args=[minutes.meeting.pk])


def approved_pdfs(minutes):
    return GeneratedDocument.objects.filter(kind="minutes", object_id=minutes.pk, edition="approved").count()


def assert_unchanged(minutes):
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.approved_at_meeting is None and minutes.approved_at is None
    assert approved_pdfs(minutes) == 0


@pytest.mark.parametrize("name", REFUSALS)
def test_the_service_refuses_a_meeting_that_cannot_approve(
    request, name, circulated, isu_staff, next_cc, django_capture_on_commit_callbacks
):
    at_meeting = request.getfixturevalue(name)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        services.minutes_approve(minutes=circulated, at_meeting=at_meeting, by=isu_staff)
    assert REFUSALS[name] in " ".join(refused.value.messages)
    assert at_meeting.title in " ".join(refused.value.messages)
    assert_unchanged(circulated)


@pytest.mark.parametrize("name", REFUSALS)
def test_the_confirmation_page_shows_the_refusal_instead_of_the_button(
    request, name, client, isu_staff, circulated, next_cc, django_capture_on_commit_callbacks
):
    at_meeting = request.getfixturevalue(name)
    client.force_login(isu_staff)
    url = approve_url(circulated)
    page = client.get(url, {"at_meeting": at_meeting.pk})
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="confirm-blocked"' in content and REFUSALS[name] in content
    assert "confirm_token" not in content and "Approve and freeze" not in content

    # a token made for an allowed meeting, posted with the refused one, does nothing
    token = token_in(client.get(url, {"at_meeting": next_cc.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"at_meeting": at_meeting.pk, "confirm_token": token})
    assert response.status_code == 200 and REFUSALS[name] in response.content.decode()
    assert_unchanged(circulated)


def test_approved_at_the_next_committee_meeting_already_held(
    client, isu_staff, circulated, next_cc, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    url = approve_url(circulated)
    token = token_in(client.get(url, {"at_meeting": next_cc.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"at_meeting": next_cc.pk, "confirm_token": token})
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.APPROVED and circulated.approved_at_meeting == next_cc
    assert approved_pdfs(circulated) == 1


def test_the_form_offers_only_the_meetings_that_can_approve(
    client, isu_staff, circulated, future_cc, informal, earlier_cc, next_cc
):
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:minutes-detail", args=[circulated.meeting.pk])).content.decode()
    approve = page[page.index('id="approve-title"') :]
    approve = approve[: approve.index("</section>")]
    assert f'<option value="{next_cc.pk}" selected>' in approve
    for refused in (future_cc, informal, earlier_cc, circulated.meeting):
        assert f'value="{refused.pk}"' not in approve


def test_without_a_meeting_that_can_approve_the_pages_say_so(client, isu_staff, circulated, future_cc, informal):
    client.force_login(isu_staff)
    detail = client.get(reverse("meetings:minutes-detail", args=[circulated.meeting.pk])).content.decode()
    assert "No Coordination Committee meeting held after this one has taken place yet" in detail
    assert "Approve as a correct record…" not in detail
    page = client.get(approve_url(circulated)).content.decode()
    assert 'id="confirm-blocked"' in page and "has taken place yet" in page and "confirm_token" not in page
    assert_unchanged(circulated)


def test_a_meeting_can_approve_from_its_day_in_geneva(circulated, isu_staff):
    day = datetime.date(2030, 1, 18)
    at_meeting = MeetingFactory(title="Winter Committee meeting", date=day)
    late_evening_utc = datetime.datetime(2030, 1, 17, 22, 30, tzinfo=datetime.UTC)  # 23:30 on the 17th in Geneva
    with time_machine.travel(late_evening_utc, tick=False), pytest.raises(ValidationError, match=FUTURE):
        services.minutes_approve(minutes=circulated, at_meeting=at_meeting, by=isu_staff)
    after_midnight_geneva = datetime.datetime(2030, 1, 17, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 18th
    with time_machine.travel(after_midnight_geneva, tick=False):
        services.minutes_approve(minutes=circulated, at_meeting=at_meeting, by=isu_staff)
    circulated.refresh_from_db()
    assert circulated.approved_at_meeting == at_meeting
