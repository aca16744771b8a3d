"""PDFs are rendered by a real worker through Redis, once, after the publishing transaction."""

import datetime

import pytest

from documents.models import GeneratedDocument
from meetings import services
from meetings.models import Meeting, PublicSummary
from meetings.pdfs import minutes_pdf_request
from meetings.services import summaries
from tests.factories import MeetingFactory

from .conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _done(document_id):
    return GeneratedDocument.objects.get(pk=document_id).status == GeneratedDocument.Status.DONE


def test_publishing_renders_the_frozen_public_pdf_on_a_real_worker(celery_worker_process, isu_staff, settings):
    meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 6, 9))
    summary = PublicSummary.objects.create(meeting=meeting, title="Informal meeting", key_points="- A point.")

    summaries.summary_publish(summary=summary, by=isu_staff)

    document = GeneratedDocument.objects.get(kind="summary", object_id=summary.pk)
    assert wait_for(lambda: _done(document.pk)), document.error
    document.refresh_from_db()
    assert document.frozen and len(document.sha256) == 64
    with document.file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_the_minutes_pdf_job_goes_from_queued_to_done(celery_worker_process, isu_staff):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    services.agenda_item_add(meeting=meeting, title="Opening remarks")
    minutes = services.minutes_start(meeting=meeting)
    document = minutes_pdf_request(minutes)
    assert document.status == GeneratedDocument.Status.QUEUED
    assert wait_for(lambda: _done(document.pk))


def test_the_annual_progress_report_renders_on_a_real_worker(celery_worker_process, isu_staff):
    from decimal import Decimal

    from coordinators.models import ActionPlan, Output
    from coordinators.pdfs import plan_report_request
    from tests.factories import TermFactory, ThematicAreaFactory

    plan = ActionPlan.objects.create(
        area=ThematicAreaFactory(name="Victim Assistance", slug="va"),
        term=TermFactory(),
        title="VA plan",
        starts=datetime.date(2016, 12, 1),
    )
    Output.objects.create(
        plan=plan, number=1, text="Five States respond", indicator="States", target_value=Decimal(5),
        unit="States", deadline=datetime.date(2017, 6, 30),
    )  # fmt: skip
    document = plan_report_request(plan)
    assert wait_for(lambda: _done(document.pk))
