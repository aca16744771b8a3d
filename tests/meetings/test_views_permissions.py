"""Every meetings page × every role: who may open it, who is refused, who is sent to log in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, PublicSummary
from tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

READ, ISU_ONLY = "read", "isu"

# (url name, argument names, who may use it, GET allowed)
PAGES = [
    ("meetings:meeting-list", (), READ, True),
    ("meetings:meeting-create", (), ISU_ONLY, True),
    ("meetings:import-upload", (), ISU_ONLY, True),
    ("meetings:meeting-detail", ("meeting",), READ, True),
    ("meetings:meeting-edit", ("meeting",), ISU_ONLY, True),
    ("meetings:agenda-edit", ("meeting",), ISU_ONLY, True),
    ("meetings:agenda-propose", ("meeting",), ISU_ONLY, False),
    ("meetings:agenda-item-move", ("meeting", "agenda_item"), ISU_ONLY, False),
    ("meetings:agenda-item-delete", ("meeting", "agenda_item"), ISU_ONLY, False),
    ("meetings:agenda-item-rename", ("meeting", "agenda_item"), ISU_ONLY, False),
    ("meetings:attendance-edit", ("meeting",), ISU_ONLY, True),
    ("meetings:participants-pdf", ("meeting",), ISU_ONLY, False),
    ("meetings:minutes-detail", ("meeting",), READ, True),
    ("meetings:minutes-start", ("meeting",), ISU_ONLY, False),
    ("meetings:minutes-pdf", ("meeting",), ISU_ONLY, False),
    ("meetings:minutes-circulate", ("meeting",), ISU_ONLY, True),
    ("meetings:minutes-approve", ("meeting",), ISU_ONLY, True),
    ("meetings:minutes-correct", ("meeting",), ISU_ONLY, True),
    ("meetings:minutes-item-edit", ("meeting", "minutes_item"), ISU_ONLY, True),
    ("meetings:minutes-item-history", ("meeting", "minutes_item"), ISU_ONLY, True),
    ("meetings:comment-add", ("meeting", "minutes_item"), READ, True),
    ("meetings:comment-settle", ("meeting", "comment"), ISU_ONLY, True),
    ("meetings:statement-add", ("meeting", "agenda_item"), ISU_ONLY, True),
    ("meetings:statement-delete", ("meeting", "statement"), ISU_ONLY, False),
    ("meetings:decision-add", ("meeting",), ISU_ONLY, True),
    ("meetings:action-add", ("meeting",), ISU_ONLY, True),
    ("meetings:summary-detail", ("meeting",), ISU_ONLY, True),
    ("meetings:summary-propose", ("meeting",), ISU_ONLY, False),
    ("meetings:summary-categories", ("meeting",), ISU_ONLY, False),
    ("meetings:summary-generate", ("meeting",), ISU_ONLY, False),
    ("meetings:summary-edit", ("meeting",), ISU_ONLY, True),
    ("meetings:summary-entry-edit", ("meeting", "summary_entry"), ISU_ONLY, False),
    ("meetings:summary-check", ("meeting",), ISU_ONLY, False),
    ("meetings:finding-waive", ("meeting", "finding"), ISU_ONLY, False),
    ("meetings:summary-transition", ("meeting", "transition"), ISU_ONLY, False),
    ("meetings:summary-transition", ("meeting", "publish"), ISU_ONLY, True),  # its confirmation page
    ("meetings:action-list", (), READ, True),
    ("meetings:action-edit", ("action",), ISU_ONLY, True),
]


@pytest.fixture
def world(isu_staff, coordinator_va, italy):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    agenda_item = services.agenda_item_add(meeting=meeting, title="Finance")
    minutes = services.minutes_start(meeting=meeting)
    minutes_item = minutes.items.get()
    services.minutes_item_update(item=minutes_item, text="Text", expected_version=0, by=isu_staff)
    services.minutes_circulate(
        minutes=minutes, comment_deadline=timezone.localdate() + datetime.timedelta(days=7), by=isu_staff
    )
    PublicSummary.objects.create(meeting=meeting, title="Summary")
    return {
        "meeting": meeting.pk,
        "agenda_item": agenda_item.pk,
        "minutes_item": minutes_item.pk,
        "comment": services.minutes_comment_add(item=minutes_item, author=coordinator_va, text="Typo").pk,
        "statement": services.statement_add(agenda_item=agenda_item, text="Said", delegation=italy.delegation).pk,
        "action": ActionItemFactory(meeting=meeting).pk,
        # summary objects are looked up after the permission check: any id tests the refusal
        "summary_entry": 999_999,
        "finding": 999_999,
        "transition": "withdraw",
        "publish": "publish",
    }


def _url(world, name, args):
    return reverse(name, args=[world[a] for a in args])


# One test per role walks the whole matrix (one world, one set of logins) and lists every
# page that answers wrongly, which keeps the matrix fast and its failures readable.


def _status(client, world, name, args, *, post: bool) -> int:
    url = _url(world, name, args)
    return (client.post(url) if post else client.get(url)).status_code


def test_anonymous_is_sent_to_login(client, world):
    wrong = []
    for name, args, _who, gettable in PAGES:
        response = client.get(_url(world, name, args)) if gettable else client.post(_url(world, name, args))
        if response.status_code != 302 or not response.url.startswith(reverse("login")):
            wrong.append((name, response.status_code))
    assert wrong == []


def test_focal_point_is_refused_everywhere(client, world, focal_point_iraq):
    """A focal point sees no meeting: every page answers 404, as for a meeting that does not exist."""
    client.force_login(focal_point_iraq)
    wrong = [
        (name, status)
        for name, args, _who, gettable in PAGES
        if (status := _status(client, world, name, args, post=not gettable)) != 404
    ]
    assert wrong == []


def test_coordinator_reads_but_does_not_write(client, world, coordinator_va):
    client.force_login(coordinator_va)
    wrong = []
    for name, args, who, gettable in PAGES:
        if who == READ:
            expected = [(False, 200)]
        else:
            expected = [(True, 403)] + ([(False, 403)] if gettable else [])
        for post, status in expected:
            got = _status(client, world, name, args, post=post)
            if got != status:
                wrong.append((name, "POST" if post else "GET", got))
    assert wrong == []


def test_isu_opens_every_page(client, world, isu_staff):
    client.force_login(isu_staff)
    wrong = [
        (name, status)
        for name, args, _who, gettable in PAGES
        if gettable and (status := _status(client, world, name, args, post=False)) != 200
    ]
    assert wrong == []


def test_post_only_pages_refuse_get(client, world, isu_staff):
    client.force_login(isu_staff)
    wrong = [
        (name, status)
        for name, args, _who, gettable in PAGES
        if not gettable and (status := _status(client, world, name, args, post=False)) != 405
    ]
    assert wrong == []
