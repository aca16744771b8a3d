"""Issue 16: the meeting pack, one PDF rendered by Celery from the record, attached to the
invitation and downloaded from the meeting page by the Committee, nobody else; re-rendered when
its parts change."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.models import Contact, Mandate
from meetings import services
from meetings.models import Meeting, Minutes, MinutesItem
from tests.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AgendaItemFactory,
    FinancialYearFactory,
    InvoiceFactory,
    LetterFactory,
    MeetingFactory,
    OutputFactory,
    PaymentFactory,
    ProgressUpdateFactory,
    ResponseFactory,
    TermFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

# The year's ledger, written here: what each invoice asks and what was paid against it.
INVOICED = [Decimal("1000.00"), Decimal("2500.50")]
PAID = [Decimal("400.00")]
SHORTFALL = "CHF 3,100.50"  # 1000.00 + 2500.50 − 400.00


def pdf_text(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


@pytest.fixture
def world(italy, iraq, australia, coordinator_va):
    today = timezone.localdate()
    term = TermFactory()  # 7MSP, Presidency: Germany
    area = ThematicAreaFactory(name="Victim Assistance", slug="va")
    Mandate.objects.create(area=area, term=term, state=italy)
    Contact.objects.create(
        state=italy, kind="geneva_mission", name="Mission of Italy", email="mission@italy.example.org"
    )
    # The previous Committee meeting, its minutes circulated for approval.
    previous = MeetingFactory(title="Fourth Aardvark meeting", term=term, date=datetime.date(2041, 1, 10))
    previous.status = Meeting.Status.HELD
    previous.save()
    minutes = Minutes.objects.create(meeting=previous, status=Minutes.Status.CIRCULATED, version=1)
    item = AgendaItemFactory(meeting=previous, title="Stockpile destruction", position=1, number="1")
    MinutesItem.objects.create(minutes=minutes, agenda_item=item, text="The Committee welcomed the **Quokka report**.")
    meeting = MeetingFactory(title="Fifth Aardvark meeting", term=term, date=datetime.date(2041, 3, 4))
    AgendaItemFactory(meeting=meeting, title="Approval of the minutes of the fourth meeting", position=1)
    AgendaItemFactory(meeting=meeting, title="Victim assistance update", position=2)
    services.agenda_renumber(meeting=meeting)
    # Action items: one overdue, one open, one done (not in the pack).
    ActionItemFactory(meeting=previous, text="Circulate the Wombat survey", due_date=today - datetime.timedelta(days=9))
    ActionItemFactory(meeting=previous, text="Draft the Numbat note", due_date=today + datetime.timedelta(days=30))
    ActionItemFactory(meeting=previous, text="Closed Kiwi action", status="done")
    # Outputs of the area's plan: half the time gone, 30 % of the way (at risk), and one achieved.
    plan = ActionPlanFactory(area=area, term=term, starts=today - datetime.timedelta(days=100))
    deadline = today + datetime.timedelta(days=100)
    at_risk = OutputFactory(plan=plan, text="Ocelot output", target_value=Decimal("10"), deadline=deadline)
    ProgressUpdateFactory(output=at_risk, date=today, value=Decimal("3"))
    achieved = OutputFactory(plan=plan, text="Lynx output", target_value=Decimal("10"), deadline=deadline)
    ProgressUpdateFactory(output=achieved, date=today, value=Decimal("10"))
    # Letters: Iraq has not answered; Australia has.
    LetterFactory(sent=True, state=iraq, reference="TEST/ISU/IRQ-1")
    ResponseFactory(letter=LetterFactory(sent=True, state=australia, reference="TEST/ISU/AUS-1"))
    # The year's invoices and payments.
    year = FinancialYearFactory(year=2041)
    invoices = [
        InvoiceFactory(financial_year=year, state=s, amount=a) for s, a in zip([italy, iraq], INVOICED, strict=True)
    ]
    PaymentFactory(invoice=invoices[0], amount=PAID[0])
    return meeting


def _pack_attachment(message) -> bytes:
    (pdf,) = [content for name, content, mimetype in message.attachments if mimetype == "application/pdf"]
    return pdf


def test_the_invitation_carries_the_pack_holding_each_part(
    client, world, isu_staff, coordinator_va, focal_point_iraq, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:invitation-send", args=[world.pk]))
    assert mail.outbox
    message = mail.outbox[0]
    assert sorted(name for name, _content, _type in message.attachments) == [
        "invitation.ics",
        "meeting-pack-2041-03-04.pdf",
    ]
    assert f"/meetings/{world.pk}/pack/" in message.body
    text = pdf_text(_pack_attachment(message))
    for expected in [
        "Meeting pack: Fifth Aardvark meeting",
        "1. Approval of the minutes of the fourth meeting",
        "2. Victim assistance update",
        "Minutes of the Fourth Aardvark meeting",
        "The Committee welcomed the Quokka report.",
        "Overdue: Circulate the Wombat",  # the cell may wrap before "survey" (the owner's name is longer)
        "Draft the Numbat note",
        "Victim Assistance",
        "Ocelot output",
        "At risk",
        "Iraq",
        "TEST/ISU/IRQ-1",
        SHORTFALL,
    ]:
        assert expected in text, expected
    for absent in ["Closed Kiwi action", "Lynx output", "TEST/ISU/AUS-1", "Overdue: Draft the Numbat note"]:
        assert absent not in text, absent
    # The amount is the ledger's: what was invoiced less what was paid.
    assert sum(INVOICED) - sum(PAID) == Decimal("3100.50")

    # A member of the Committee downloads the same pack from the link; nobody else gets it.
    client.force_login(coordinator_va)
    latest = client.get(reverse("meetings:meeting-pack", args=[world.pk]))
    assert latest.status_code == 302
    download = client.get(latest.url)
    assert download.status_code == 200
    assert pdf_text(b"".join(download.streaming_content)) == text
    client.force_login(focal_point_iraq)
    assert client.get(reverse("meetings:meeting-pack", args=[world.pk])).status_code == 404
    assert client.post(reverse("meetings:meeting-pack-pdf", args=[world.pk])).status_code == 404
    assert client.get(latest.url).status_code == 404
    client.logout()
    assert client.get(latest.url).status_code == 404
    assert client.get(reverse("meetings:meeting-pack", args=[world.pk])).status_code == 302  # to the login
    assert "/login" in client.get(reverse("meetings:meeting-pack", args=[world.pk])).url

    # A part changes: the link offers to render it (and the previous file); a new pack is rendered.
    AgendaItemFactory(meeting=world, title="Any other business (Kiwi)", position=3, number="3")
    client.force_login(isu_staff)
    stale = client.get(reverse("meetings:meeting-pack", args=[world.pk])).content.decode()
    assert "Render the meeting pack (PDF)" in stale and latest.url in stale
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:meeting-pack-pdf", args=[world.pk]))
    assert response.status_code == 302
    newer = client.get(reverse("meetings:meeting-pack", args=[world.pk]))
    assert newer.status_code == 302 and newer.url != latest.url
    assert "3. Any other business (Kiwi)" in pdf_text(b"".join(client.get(newer.url).streaming_content))
    page = client.get(reverse("meetings:meeting-detail", args=[world.pk])).content.decode()
    assert "Meeting pack (PDF)" in page
    assert newer.url in page  # the meeting page offers the latest file


def test_a_pack_being_rendered_shows_its_progress(client, isu_staff):
    meeting = MeetingFactory(title="Sixth Aardvark meeting", kind=Meeting.Kind.INFORMAL)
    client.force_login(isu_staff)
    url = reverse("meetings:meeting-pack", args=[meeting.pk])
    assert "Render the meeting pack (PDF)" in client.get(url).content.decode()
    response = client.post(reverse("meetings:meeting-pack-pdf", args=[meeting.pk]), {"then": "pack"})
    assert response.url == url
    # Not rendered yet (its task runs after the commit): the page shows it coming.
    page = client.get(url).content.decode()
    assert "Meeting pack, Sixth Aardvark meeting" in page and "Render the meeting pack (PDF)" not in page
