"""Tasks reach a real worker through Redis, after the transaction that queued them commits."""

import datetime

import pytest

from meetings import services
from meetings.models import Meeting, Minutes
from tests.factories import MeetingFactory

from .conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_circulating_minutes_mails_the_committee_through_a_real_worker(
    celery_worker_process, isu_staff, coordinator_va
):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    item = services.agenda_item_add(meeting=meeting, title="Opening remarks")
    minutes = services.minutes_start(meeting=meeting)
    services.minutes_item_update(
        item=minutes.items.get(agenda_item=item), text="Opened.", expected_version=0, by=isu_staff
    )

    services.minutes_circulate(
        minutes=minutes, comment_deadline=datetime.date.today() + datetime.timedelta(days=7), by=isu_staff
    )

    assert wait_for(lambda: Minutes.objects.get(pk=minutes.pk).circulation_notice_sent_at is not None)
    sent = "".join(path.read_text() for path in celery_worker_process.iterdir())
    assert sent.count("Subject: Draft minutes for comments") == 2
    assert coordinator_va.email in sent and isu_staff.email in sent
