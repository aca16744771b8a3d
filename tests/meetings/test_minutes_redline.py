"""The minutes with less friction: the comparison (redline) of two versions and of a correction
with what it corrects, an item's edits compared, and the comment being settled shown beside the
text being edited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Minutes
from meetings.redline import redline
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=14)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("the old words here", "the new words here", "the <del>old</del><ins>new</ins> words here"),
        ("the old words here", "the new text here", "the <del>old words</del><ins>new text</ins> here"),
        (
            "The shortfall fell in 2016.",
            "The shortfall fell sharply in 2017.",
            "The shortfall fell <ins>sharply</ins> in <del>2016</del><ins>2017</ins>.",
        ),
        ("Italy and France spoke.", "France spoke.", "<del>Italy and</del> France spoke."),
        ("one\n\ntwo", "one\n\nthree", "one\n\n<del>two</del><ins>three</ins>"),
        ("", "Opening remarks.", "<ins>Opening remarks.</ins>"),
        ("Unchanged text.", "Unchanged text.", "Unchanged text."),
        ("a <b> tag", "a <i> tag", "a &lt;<del>b</del><ins>i</ins>&gt; tag"),
        ("one\r\n\r\ntwo", "one\n\ntwo", "one\n\ntwo"),  # a browser's line breaks are no change
    ],
)
def test_redline_marks_the_words_removed_and_added(old, new, expected):
    assert str(redline(old, new)) == expected


@pytest.fixture
def kangaroo():
    """A held Committee meeting whose minutes v1 are approved, v2 opened as a correction."""
    meeting = MeetingFactory(title="Kangaroo meeting", status=Meeting.Status.HELD, date=datetime.date(2016, 12, 7))
    services.agenda_item_add(meeting=meeting, title="Opening remarks")
    services.agenda_item_add(meeting=meeting, title="Finance")
    return meeting


@pytest.fixture
def corrected(kangaroo, isu_staff):
    v1 = services.minutes_start(meeting=kangaroo)
    finance = v1.items.get(agenda_item__title="Finance")
    services.minutes_item_update(
        item=finance, text="The Committee noted the old figures of 2016.", expected_version=0, by=isu_staff
    )
    Minutes.objects.filter(pk=v1.pk).update(status=Minutes.Status.APPROVED, approved_at=timezone.now())
    v1.refresh_from_db()
    v2 = services.minutes_correct(minutes=v1, reason="Wrong figures quoted", by=isu_staff)
    item = v2.items.get(agenda_item__title="Finance")
    services.minutes_item_update(
        item=item, text="The Committee noted the new figures of 2016.", expected_version=item.lock_version,
        by=isu_staff,
    )  # fmt: skip
    return v2


def _redline_url(meeting, query=""):
    return reverse("meetings:minutes-redline", args=[meeting.pk]) + query


def test_redline_of_a_correction_is_the_isus_until_circulated(client, isu_staff, coordinator_va, kangaroo, corrected):
    client.force_login(isu_staff)
    detail = client.get(reverse("meetings:minutes-detail", args=[kangaroo.pk])).content.decode()
    assert f"{_redline_url(kangaroo)}?a=1&amp;b=2" in detail  # "What the correction changes"
    page = client.get(_redline_url(kangaroo)).content.decode()  # default: the one before vs the latest
    assert "<del>old</del><ins>new</ins> figures of 2016." in page
    assert "Wrong figures quoted" in page and "1 part changed." in page
    # the reverse comparison, chosen in the form: what v2 has is struck out
    reverse_page = client.get(_redline_url(kangaroo, "?a=2&b=1")).content.decode()
    assert "<del>new</del><ins>old</ins>" in reverse_page
    # the corrected item's history: its edit compared with the text it corrects (v1's)
    item = corrected.items.get(agenda_item__title="Finance")
    history = client.get(reverse("meetings:minutes-item-history", args=[kangaroo.pk, item.pk])).content.decode()
    assert history.count("Compare with the previous version") == 1
    assert "<del>old</del><ins>new</ins> figures of 2016." in history

    # A draft never reaches a Coordinator: asked for, it does not exist; by default there is one
    # version they may read, and nothing of the draft is shown.
    client.force_login(coordinator_va)
    assert client.get(_redline_url(kangaroo, "?a=1&b=2")).status_code == 404
    assert client.get(_redline_url(kangaroo, "?b=2")).status_code == 404
    alone = client.get(_redline_url(kangaroo))
    assert alone.status_code == 200
    assert b"nothing to compare" in alone.content and b"new figures" not in alone.content

    services.minutes_circulate(minutes=corrected, comment_deadline=SOON, by=isu_staff)
    circulated = client.get(_redline_url(kangaroo, "?a=1&b=2")).content.decode()
    assert "<del>old</del><ins>new</ins> figures of 2016." in circulated


def test_item_history_compares_each_edit_with_the_one_before(client, isu_staff, kangaroo):
    minutes = services.minutes_start(meeting=kangaroo)
    item = minutes.items.get(agenda_item__title="Opening remarks")
    services.minutes_item_update(item=item, text="The Chair opened the meeting.", expected_version=0, by=isu_staff)
    services.minutes_item_update(
        item=item, text="The Chair warmly opened the meeting.", expected_version=1, by=isu_staff
    )
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:minutes-item-history", args=[kangaroo.pk, item.pk])).content.decode()
    assert page.count("Compare with the previous version") == 2  # the two edits; the creation has none
    assert "The Chair <ins>warmly</ins> opened the meeting." in page
    assert "<ins>The Chair opened the meeting.</ins>" in page


def test_edit_page_shows_the_comment_being_settled_beside_the_text(client, isu_staff, coordinator_va, kangaroo):
    minutes = services.minutes_start(meeting=kangaroo)
    item = minutes.items.get(agenda_item__title="Finance")
    services.minutes_item_update(item=item, text="The shortfall fell.", expected_version=0, by=isu_staff)
    services.minutes_circulate(minutes=minutes, comment_deadline=SOON, by=isu_staff)
    comment = services.minutes_comment_add(item=item, author=coordinator_va, text="Please say by how much.")
    other = services.minutes_comment_add(item=item, author=coordinator_va, text="And since when.")
    services.minutes_comment_settle(comment=other, resolution="taken_in", by=isu_staff)

    client.force_login(isu_staff)
    detail = client.get(reverse("meetings:minutes-detail", args=[kangaroo.pk])).content.decode()
    edit_url = reverse("meetings:minutes-item-edit", args=[kangaroo.pk, item.pk])
    assert f"{edit_url}?comment={comment.pk}" in detail and f'id="comment-{comment.pk}"' in detail

    page = client.get(f"{edit_url}?comment={comment.pk}").content.decode()
    assert "<textarea" in page and "col-lg-7" in page and "col-lg-5" in page  # side by side at desktop width
    assert "Please say by how much." in page and "And since when." not in page  # open comments only
    assert "coordinator-va" in page and "Italy" in page  # its author and delegation
    assert "The comment you are settling" in page
    assert reverse("meetings:comment-settle", args=[kangaroo.pk, comment.pk]) in page

    response = client.post(
        f"{edit_url}?comment={comment.pk}", {"text": "The shortfall fell by 10%.", "lock_version": 1}
    )
    assert response.status_code == 302
    assert response.url == reverse("meetings:minutes-detail", args=[kangaroo.pk]) + f"#comment-{comment.pk}"
    item.refresh_from_db()
    assert item.text == "The shortfall fell by 10%."
