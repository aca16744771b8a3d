"""Bulk generation on a real worker: every letter of a campaign is rendered as a PDF by Celery
through Redis, the progress counts up to the total, and generating again queues nothing new."""

import datetime

import pytest

from documents.models import GeneratedDocument
from outreach import services
from outreach.models import LetterTemplate
from tests.factories import StateFactory, TermFactory, user_with_role

from .conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_a_campaign_renders_all_its_letters_on_a_real_worker(celery_worker_process):
    isu = user_with_role("isu-worker", "ISU staff")
    states = [StateFactory(name=f"Workerland {n}", official_name=f"Republic of Workerland {n}") for n in range(6)]
    template = LetterTemplate.objects.create(
        name="Worker letter", body="{{ address.salutation }}\n\nA letter to {{ state.official_name }}."
    )
    campaign = services.campaign_create(
        by=isu, recipients=states, title="Worker campaign", term=TermFactory(), area=None, consolidated=False,
        template=template, signatory_name="ISU Director", period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip

    result = services.campaign_generate(campaign=campaign, by=isu)
    assert result.created == 6

    assert wait_for(lambda: services.campaign_progress(campaign)["finished"], timeout=90), services.campaign_progress(
        campaign
    )
    progress = services.campaign_progress(campaign)
    assert progress["done"] == progress["total"] == 6
    documents = GeneratedDocument.objects.filter(kind="letter")
    assert documents.count() == 6
    with documents.first().file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    again = services.campaign_generate(campaign=campaign, by=isu)
    assert again.unchanged == 6 and again.rendered == 0
    assert GeneratedDocument.objects.filter(kind="letter").count() == 6
