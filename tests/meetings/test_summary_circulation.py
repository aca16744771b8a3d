"""Issue 16: a draft summary circulated to the participants. Each participating delegation's
contacts get a link (a signed token, no account) to a read-only page of the draft where they
comment paragraph by paragraph until the deadline; the ISU settles each comment. Nothing of the
draft is reachable without a valid link."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from directory.models import Contact, Organisation
from directory.roles import FOCAL_POINTS
from meetings import services
from meetings.models import Meeting, PublicSummary, SummaryComment
from meetings.services import AttendanceRow, summaries, summary_comments
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    StateFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
DEADLINE = datetime.date(2031, 5, 20)
BEFORE = datetime.datetime(2031, 5, 10, 9, 0, tzinfo=GENEVA)
# Who gets a link, and for which delegation: never anybody else (not Finland, which was not
# there; not Norway's finance-only contact; not an inactive account; not the ISU).
EXPECTED = {
    "mission@norway.example.org": "Norway",
    "mission@laos.example.org": "Laos",
    "focal-laos@example.org": "Laos",
}
# Texts of the draft: none of them may appear on a refusal.
DRAFT_TEXTS = ("Wallaby workshop summary", "Country Coalitions need ownership", "fund clearance", "registered victims")


@pytest.fixture
def may_2031():
    """The weeks after the meeting, before the deadline (the clock runs on from there)."""
    with time_machine.travel(BEFORE):
        yield


@pytest.fixture
def world(may_2031, isu_staff):
    norway = StateFactory(iso3="NOR", name="Norway")
    laos = StateFactory(iso3="LAO", name="Laos")
    finland = StateFactory(iso3="FIN", name="Finland")
    isu = OrganisationFactory(name="Implementation Support Unit", acronym="ISU", kind=Organisation.Kind.ISU)
    Contact.objects.create(state=norway, kind="geneva_mission", name="Mission", email="mission@norway.example.org")
    Contact.objects.create(
        state=norway, kind="capital_ministry", name="Finance", email="finance@norway.example.org",
        for_mission=False, for_finance=True,
    )  # fmt: skip
    Contact.objects.create(state=laos, kind="geneva_mission", name="Mission", email="mission@laos.example.org")
    Contact.objects.create(state=finland, kind="geneva_mission", name="Mission", email="mission@finland.example.org")
    user_with_role("focal-laos", FOCAL_POINTS, state=laos)
    gone = user_with_role("gone-norway", FOCAL_POINTS, state=norway)
    gone.is_active = False
    gone.save()
    PersonFactory(user=UserFactory(username="isu-writer"), delegation=isu.delegation, last_name="Writer")
    meeting = MeetingFactory(
        kind=Meeting.Kind.INFORMAL, title="Wallaby workshop", date=datetime.date(2031, 4, 2),
        status=Meeting.Status.HELD, confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE,
    )  # fmt: skip
    services.attendance_record(
        meeting=meeting,
        rows=[AttendanceRow(d, "present") for d in (norway.delegation, laos.delegation, isu.delegation)],
    )
    key_points = services.agenda_item_add(meeting=meeting, title="Key points raised")
    views = services.agenda_item_add(meeting=meeting, title="Exchange of views")
    minutes = services.minutes_start(meeting=meeting)
    minutes.items.filter(agenda_item=key_points).update(text="- Country Coalitions need ownership.")
    services.statement_add(agenda_item=views, delegation=norway.delegation, text="It will fund clearance.")
    services.statement_add(agenda_item=views, delegation=laos.delegation, text="It has 232 registered victims.")
    for participant in summaries.participants_propose(meeting=meeting):
        summaries.participant_categorise(
            participant=participant, category=participant.category, named_openly=False, by=isu_staff
        )
    summary = summaries.summary_generate(meeting=meeting, by=isu_staff)
    summary.title = "Wallaby workshop summary"
    summary.save()
    return {"meeting": meeting, "summary": summary, "norway": norway, "laos": laos}


def _circulate(client, world, capture):
    with capture(execute=True):
        return client.post(
            reverse("meetings:summary-transition", args=[world["meeting"].pk, "circulate"]),
            {"deadline": DEADLINE.isoformat()},
            follow=True,
        )


def _links(messages) -> dict[str, str]:
    """address → the review link's path in the e-mail sent to it."""
    return {
        m.to[0]: re.search(r"https?://[^/\s]+(/public/summaries/review/[^/\s]+/)", m.body).group(1) for m in messages
    }


def _refused(response, status):
    body = response.content.decode()
    assert response.status_code == status
    assert "This link does not open the draft" in body
    assert [text for text in DRAFT_TEXTS if text in body] == []


def test_circulating_emails_each_participant_a_link_to_the_draft(
    client, world, isu_staff, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    page = _circulate(client, world, django_capture_on_commit_callbacks).content.decode()
    assert "The link to the draft was e-mailed to 3 addresses of 2 delegation(s)." in page
    assert sorted(m.to[0] for m in mail.outbox) == sorted(EXPECTED)
    links = _links(mail.outbox)
    # one link per delegation: Laos's two addresses share theirs, Norway's is another
    assert links["mission@laos.example.org"] == links["focal-laos@example.org"] != links["mission@norway.example.org"]
    message = next(m for m in mail.outbox if m.to == ["mission@norway.example.org"])
    assert "Wallaby workshop" in message.subject
    assert "This link is for Norway." in message.body and "20 May 2031" in message.body
    assert "fund clearance" not in message.body  # the draft itself is not e-mailed
    world["summary"].refresh_from_db()
    assert world["summary"].events.get(action="circulated").note.endswith("e-mailed to 3 addresses")

    response = Client().get(links["mission@norway.example.org"])
    body = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in response["Cache-Control"]
    for text in DRAFT_TEXTS:
        assert text in body
    assert "This page is open to Norway until the end of 20 May 2031" in body
    assert "a) A State not party to the Convention said:" in body
    assert body.count('name="part"') == 3  # the key points, a) and b)

    # Mailing again in the same circulation sends nothing more; a new circulation sends new links.
    with django_capture_on_commit_callbacks(execute=True):
        summary_comments.summary_review_send(summary=world["summary"])
    assert len(mail.outbox) == 3
    summaries.summary_reopen(summary=world["summary"], by=isu_staff)
    _circulate(client, world, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 6
    new_links = _links(mail.outbox[3:])
    _refused(Client().get(links["mission@norway.example.org"]), 410)  # from before the reopening
    assert Client().get(new_links["mission@norway.example.org"]).status_code == 200


def test_a_bad_expired_or_retired_link_shows_nothing_of_the_draft(
    client, world, isu_staff, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    _circulate(client, world, django_capture_on_commit_callbacks)
    link = _links(mail.outbox)["mission@laos.example.org"]
    token = link.split("/")[-2]
    forged = signing.dumps({"s": world["summary"].pk, "d": world["laos"].delegation.pk, "c": 1})  # no salt
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (tampered, forged, "not-a-token", "x" * 3000):
        _refused(Client().get(reverse("public:summary-review", args=[bad])), 403)
        _refused(Client().post(reverse("public:summary-review", args=[bad]), {"part": "key_points"}), 403)
    # Valid until the end of the deadline's day in Geneva, gone one second later.
    with time_machine.travel(datetime.datetime(2031, 5, 20, 23, 59, 59, tzinfo=GENEVA), tick=False):
        assert Client().get(link).status_code == 200
    with time_machine.travel(datetime.datetime(2031, 5, 21, 0, 0, 0, tzinfo=GENEVA), tick=False):
        _refused(Client().get(link), 410)
        assert "has passed" in Client().get(link).content.decode()
        entry = world["summary"].entries.get(letter="a")
        data = {"part": f"entry-{entry.pk}", f"entry-{entry.pk}-author_name": "Ola", f"entry-{entry.pk}-text": "Late"}
        _refused(Client().post(link, data), 410)
    assert not SummaryComment.objects.exists()
    # Published: every link is gone.
    PublicSummary.objects.filter(pk=world["summary"].pk).update(status=PublicSummary.Status.PUBLISHED)
    _refused(Client().get(link), 410)


def test_a_participant_comments_on_a_paragraph_and_the_isu_settles_it(
    client, world, isu_staff, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    _circulate(client, world, django_capture_on_commit_callbacks)
    links = _links(mail.outbox)
    laos_link, norway_link = links["focal-laos@example.org"], links["mission@norway.example.org"]
    b = world["summary"].entries.get(letter="b")
    visitor = Client()
    empty = visitor.post(laos_link, {"part": f"entry-{b.pk}", f"entry-{b.pk}-author_name": "Khamsone"})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    unknown = visitor.post(laos_link, {"part": "entry-999999", "entry-999999-text": "x"}, follow=True)
    assert "nothing was saved" in unknown.content.decode()
    assert not SummaryComment.objects.exists()
    data = {
        "part": f"entry-{b.pk}",
        f"entry-{b.pk}-author_name": "Khamsone",
        f"entry-{b.pk}-text": "Say 233 registered victims.",
    }
    sent = visitor.post(laos_link, data)
    assert sent.status_code == 302 and sent["Location"].endswith(f"#entry-{b.pk}")
    assert "your comment on b) was received" in visitor.get(laos_link).content.decode()
    assert "Say 233" not in Client().get(norway_link).content.decode()  # another delegation's comment
    comment = SummaryComment.objects.get()
    assert (comment.entry, comment.letter, comment.delegation, comment.author_name, comment.circulation) == (
        b,
        "b",
        world["laos"].delegation,
        "Khamsone",
        1,
    )
    assert comment.resolution == SummaryComment.Resolution.PENDING

    # The ISU sees it beside paragraph b), and is warned before publishing.
    meeting = world["meeting"]
    page = client.get(reverse("meetings:summary-detail", args=[meeting.pk])).content.decode()
    paragraph = page[page.index(f'id="entry-{b.pk}"') :].split("</section>")[0]
    assert "Say 233 registered victims." in paragraph and "It has 232 registered victims." in paragraph
    assert "Say 233" not in page[: page.index(f'id="entry-{b.pk}"')]
    assert "1 comment of the participants to settle." in page
    confirm = client.get(reverse("meetings:summary-transition", args=[meeting.pk, "publish"])).content.decode()
    assert "1 comment of the participants is not settled" in confirm

    settle = reverse("meetings:summary-comment-settle", args=[meeting.pk, comment.pk])
    refused = client.post(settle, {"resolution": "declined", "reason": ""}, follow=True).content.decode()
    assert "Say why the comment is declined." in refused
    comment.refresh_from_db()
    assert comment.resolution == SummaryComment.Resolution.PENDING
    client.post(settle, {"resolution": "declined", "reason": "The record says 232."})
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolution_reason, comment.resolved_by) == (
        "declined",
        "The record says 232.",
        isu_staff,
    )
    seen = visitor.get(laos_link).content.decode()
    assert "Declined" in seen and "The record says 232." in seen
    confirm = client.get(reverse("meetings:summary-transition", args=[meeting.pk, "publish"])).content.decode()
    assert "not settled" not in confirm
