"""The weekly digest: what each person receives, once a week, only when something is due, and
never after they turned it off (on their E-mail preferences page or through the e-mail's link)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccm_portal.digest import send_weekly_digest
from ccm_portal.tasks import weekly_digest
from directory.models import Mandate
from directory.roles import ISU_STAFF
from meetings.models import ActionItem, Meeting, Minutes

from .factories import (
    ActionItemFactory,
    ActionPlanFactory,
    MeetingFactory,
    OutputFactory,
    ProgressUpdateFactory,
    TermFactory,
    ThematicAreaFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(italy, iraq, coordinator_va, focal_point_iraq, isu_staff):
    """Italy coordinates Victim Assistance this term; its plan and its delegation have things due.
    Iraq's delegation has an action due only in six weeks: nothing for this week's digest."""
    today = timezone.localdate()
    term = TermFactory(name="Digest term", start=today - 400 * DAY, end=None)
    area = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance")
    Mandate.objects.create(area=area, term=term, state=italy)
    plan = ActionPlanFactory(area=area, term=term, starts=today - 100 * DAY)
    at_risk = OutputFactory(plan=plan, number=1, text="Survey", target_value=Decimal(100), deadline=today + 100 * DAY)
    ProgressUpdateFactory(output=at_risk, date=today - DAY, value=Decimal(35))  # half the time, 35 %
    due_soon = OutputFactory(plan=plan, number=2, text="Guide", target_value=Decimal(10), deadline=today + 20 * DAY)
    ProgressUpdateFactory(output=due_soon, date=today - DAY, value=Decimal(9))  # on track, due in 20 days
    later = OutputFactory(plan=plan, number=3, text="Atlas", target_value=Decimal(10), deadline=today + 200 * DAY)
    ProgressUpdateFactory(output=later, date=today - DAY, value=Decimal(9))  # on track, due in 200 days
    meeting = MeetingFactory(title="Third Platypus meeting")
    for text, due, owner in (
        ("Send the Numbat letters", today - 3 * DAY, {"owner_delegation": italy.delegation}),
        ("Draft the Quoll note", today + 10 * DAY, {"owner_person": coordinator_va.person}),
        ("Plan the Wombat workshop", today + 40 * DAY, {"owner_delegation": italy.delegation}),
        ("Undated Dingo idea", None, {"owner_delegation": italy.delegation}),
        ("Iraqi Emu report", today + 40 * DAY, {"owner_delegation": iraq.delegation}),
    ):
        ActionItemFactory(meeting=meeting, text=text, due_date=due, **owner)
    ActionItemFactory(meeting=meeting, text="Closed Bilby task", due_date=today, owner_delegation=italy.delegation,
                      status=ActionItem.Status.DONE)  # fmt: skip
    held = MeetingFactory(title="Held Kiwi meeting", status=Meeting.Status.HELD)
    Minutes.objects.create(meeting=held, status=Minutes.Status.DRAFT)  # to circulate
    Minutes.objects.create(meeting=MeetingFactory(), status=Minutes.Status.CIRCULATED)  # to approve
    return plan


def _mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_the_digest_lists_what_is_due_once_a_week_and_stops_when_turned_off(
    client, world, django_capture_on_commit_callbacks
):
    by_page = user_with_role("isu-page", ISU_STAFF)
    user_with_role("isu-link", ISU_STAFF)
    # One turns it off on their E-mail preferences page (in the menu under their name).
    client.force_login(by_page)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'href="/accounts/email/"' in page
    form = client.get(reverse("email-preferences")).content.decode()
    assert 'name="weekly_digest"' in form and "checked" in form
    response = client.post(reverse("email-preferences"), {}, follow=True)
    assert "You will no longer receive the weekly digest." in response.content.decode()
    assert "checked" not in client.get(reverse("email-preferences")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest.delay()
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "coordinator-va@example.org",
        "isu-link@example.org",
        "isu@example.org",
    ]  # not focal-iraq (nothing due within two weeks), not isu-page (turned off)

    (coordinator,) = _mail_to("coordinator-va@example.org")
    body = coordinator.body
    overdue = (timezone.localdate() - 3 * DAY).strftime("%-d %B %Y")
    assert coordinator.subject == f"CCM Portal: what is due, week of {timezone.localdate():%-d %B %Y}"
    assert f"- Send the Numbat letters (Third Platypus meeting; Italy): OVERDUE since {overdue}" in body
    assert "- Draft the Quoll note (Third Platypus meeting; " in body
    assert body.index("Send the Numbat letters") < body.index("Draft the Quoll note")
    for absent in ("Wombat", "Dingo", "Bilby", "Emu", "Output 3", "Waiting for the ISU"):
        assert absent not in body, absent
    assert "- Output 1 of Victim Assistance: At risk" in body
    assert "- Output 2 of Victim Assistance: On track" in body
    output_link = f"/coordinators/plans/{world.pk}/#output-{world.outputs.get(number=1).pk}"
    assert output_link in body and "/meetings/my-actions/" in body

    (isu,) = _mail_to("isu@example.org")
    assert "- 1 draft minutes of a held meeting to circulate" in isu.body
    assert "- 1 circulated minutes awaiting approval" in isu.body
    assert "invoice" not in isu.body  # none overdue: not mentioned
    assert "Numbat" not in isu.body and "Output 1" not in isu.body

    # Run again the same week: nobody receives it twice.
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest.delay()
    assert len(mail.outbox) == 3

    # The other turns it off from the e-mail itself, without logging in; an altered link is refused.
    client.logout()
    (linked,) = _mail_to("isu-link@example.org")
    url = re.search(r"http://\S+/accounts/email/unsubscribe/(\S+)/", linked.body)
    path = reverse("digest-unsubscribe", args=[url.group(1)])
    tampered = client.get(path.replace(url.group(1), url.group(1)[:-2] + "xx"))
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    assert client.post(path.replace(url.group(1), "x" + url.group(1))).status_code == 400
    asking = client.get(path).content.decode()
    assert "Stop sending the weekly digest to i…@example.org?" in asking
    done = client.post(path).content.decode()
    assert "the weekly digest will no longer be sent to i…@example.org" in done

    # Next week: the ISU gets it again; neither who turned it off does.
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digest(today=timezone.localdate() + 7 * DAY)
    assert [message.to for message in mail.outbox[3:]] == [["coordinator-va@example.org"], ["isu@example.org"]]
