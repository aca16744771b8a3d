"""Minutes: one item's text changed through its page is recorded with who, when and what."""

import datetime

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Meeting, MinutesItem
from tests.factories import MeetingFactory

from .recorded import assert_recorded, latest

pytestmark = pytest.mark.django_db


def test_a_minutes_item_keeps_who_changed_its_text_and_when(client, isu, started):
    meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 3, 1))
    agenda_item = meeting_services.agenda_item_add(meeting=meeting, title="Finance")
    minutes = meeting_services.minutes_start(meeting=meeting)
    item = MinutesItem.objects.get(minutes=minutes, agenda_item=agenda_item)
    response = client.post(
        reverse("meetings:minutes-item-edit", args=[meeting.pk, item.pk]),
        {"text": "The shortfall fell to CHF 1,932.34.", "lock_version": item.lock_version},
    )
    assert response.status_code == 302
    assert_recorded(latest(item.history), isu, started, text="The shortfall fell to CHF 1,932.34.")
