# ruff: noqa: F811  (the fixtures imported below are the tests' arguments)
"""Issue 15, confirm before the irreversible: approving (freezing) minutes and publishing a public
summary show what they do, then act once per one-time token; a POST without one does nothing.

The minutes of tests/meetings/test_views_minutes.py ("CC meeting" of 7 December 2016, circulated,
approved at the "January meeting"), the summary of tests/meetings/test_summaries.py (generated
from the informal meeting's record, nothing in it identifying a participant)."""

import pytest
from django.urls import reverse

from documents.models import GeneratedDocument
from meetings.models import Minutes, PublicSummary, SummaryEvent
from outbox.models import OneTimeAction
from tests.confirming import token_in
from tests.meetings.test_summaries import cast, summary  # noqa: F401  (fixtures)
from tests.meetings.test_views_minutes import circulated, item, later_meeting, meeting, minutes  # noqa: F401

pytestmark = pytest.mark.django_db

REFUSED = "This action is done from its confirmation page"


# --- approving the minutes ---------------------------------------------------------------------


def approve_url(minutes):
    return reverse("meetings:minutes-approve", args=[minutes.meeting.pk])


def test_the_approval_page_says_the_minutes_are_frozen_and_changes_nothing(
    client, isu_staff, circulated, later_meeting
):
    client.force_login(isu_staff)
    page = client.get(approve_url(circulated), {"at_meeting": later_meeting.pk}).content.decode()
    assert "Approve the minutes of CC meeting: the approved PDF is frozen and can no longer be edited." in page
    assert "Version 1" in page
    assert f'<option value="{later_meeting.pk}" selected>' in page  # the meeting chosen on the minutes page
    assert 'name="confirm_token"' in page and "Approve and freeze" in page
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.CIRCULATED


def test_the_minutes_page_asks_for_the_confirmation(client, isu_staff, circulated, later_meeting):
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:minutes-detail", args=[circulated.meeting.pk])).content.decode()
    assert f'<form method="get" action="{approve_url(circulated)}"' in page


def test_the_first_post_approves_and_a_second_post_of_the_same_token_does_not(
    client,
    isu_staff,
    circulated,
    later_meeting,
):
    client.force_login(isu_staff)
    url = approve_url(circulated)
    token = token_in(client.get(url))
    first = client.post(url, {"at_meeting": later_meeting.pk, "confirm_token": token}, follow=True)
    minutes_page = reverse("meetings:minutes-detail", args=[circulated.meeting.pk])
    assert first.redirect_chain[-1][0] == minutes_page
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.APPROVED and circulated.approved_at_meeting == later_meeting
    approved_at, documents = circulated.approved_at, GeneratedDocument.objects.count()

    again = client.post(url, {"at_meeting": later_meeting.pk, "confirm_token": token}, follow=True)
    assert again.redirect_chain[-1][0] == minutes_page
    assert "Already done: Minutes of CC meeting approved at January meeting; they are frozen." in again.content.decode()
    circulated.refresh_from_db()
    assert circulated.approved_at == approved_at and GeneratedDocument.objects.count() == documents
    assert Minutes.history.filter(id=circulated.pk, status=Minutes.Status.APPROVED).count() == 1
    assert OneTimeAction.objects.filter(action="meetings.minutes-approve").count() == 1


def test_an_approval_without_a_token_changes_nothing(client, isu_staff, circulated, later_meeting):
    client.force_login(isu_staff)
    for data in ({}, {"confirm_token": "forged"}):
        response = client.post(approve_url(circulated), {"at_meeting": later_meeting.pk, **data}, follow=True)
        assert REFUSED in response.content.decode()
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.CIRCULATED and circulated.approved_at is None


# --- publishing the public summary ------------------------------------------------------------


def publish_url(summary):
    return reverse("meetings:summary-transition", args=[summary.meeting.pk, "publish"])


def test_the_publish_page_says_where_it_becomes_public_and_changes_nothing(client, isu_staff, summary):
    client.force_login(isu_staff)
    page = client.get(publish_url(summary)).content.decode()
    public = f"http://testserver{reverse('public:summary-detail', args=[summary.pk])}"
    assert (
        f"Publish the summary of Informal meeting on cooperation and assistance: it becomes public at {public}." in page
    )
    assert "Its key points and 5 entries are shown to anyone" in page  # a) to e) in the record
    assert 'name="confirm_token"' in page
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.DRAFT


def test_the_summary_page_leads_to_the_confirmation(client, isu_staff, summary):
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:summary-detail", args=[summary.meeting.pk])).content.decode()
    assert f'href="{publish_url(summary)}"' in page and f'action="{publish_url(summary)}"' not in page


def test_the_first_post_publishes_and_a_second_post_of_the_same_token_does_not(client, isu_staff, summary):
    client.force_login(isu_staff)
    token = token_in(client.get(publish_url(summary)))
    first = client.post(publish_url(summary), {"confirm_token": token}, follow=True)
    assert "Summary published on the public pages" in first.content.decode()
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.PUBLISHED
    published_at, documents = summary.published_at, GeneratedDocument.objects.count()

    again = client.post(publish_url(summary), {"confirm_token": token}, follow=True)
    assert "Already done: Summary of Informal meeting on cooperation and assistance published at" in (
        again.content.decode()
    )
    summary.refresh_from_db()
    assert summary.published_at == published_at and GeneratedDocument.objects.count() == documents
    assert SummaryEvent.objects.filter(summary=summary, action="published").count() == 1
    assert client.get(publish_url(summary)).content.decode().count('name="confirm_token"') == 0  # published


def test_publishing_without_a_token_changes_nothing(client, isu_staff, summary):
    client.force_login(isu_staff)
    for data in ({}, {"confirm_token": "forged"}):
        response = client.post(publish_url(summary), data, follow=True)
        assert response.redirect_chain[-1][0] == publish_url(summary)
        assert REFUSED in response.content.decode()
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.DRAFT
    assert not SummaryEvent.objects.filter(summary=summary, action="published").exists()


def test_a_refused_publication_keeps_its_findings_and_frees_the_token(client, isu_staff, summary):
    from meetings.models import LeakFinding

    client.force_login(isu_staff)
    token = token_in(client.get(publish_url(summary)))
    PublicSummary.objects.filter(pk=summary.pk).update(key_points="- Norway asked for more meetings.")
    response = client.post(publish_url(summary), {"confirm_token": token}, follow=True)
    assert "could identify a participant" in response.content.decode()
    assert LeakFinding.objects.filter(summary=summary, resolution=LeakFinding.Resolution.OPEN).exists()
    assert not OneTimeAction.objects.exists()  # nothing was done: the token can be used once fixed
    PublicSummary.objects.filter(pk=summary.pk).update(key_points="- A donor asked for more meetings.")
    client.post(publish_url(summary), {"confirm_token": token})
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.PUBLISHED
