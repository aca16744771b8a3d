"""Letters: a draft adjusted by hand and approved through its page is recorded."""

import pytest
from django.urls import reverse

from outreach.models import Letter

from .recorded import assert_recorded, latest

pytestmark = pytest.mark.django_db


def test_a_letter_keeps_who_adjusted_and_approved_it(client, isu, started):
    letter = Letter.objects.filter(status=Letter.Status.DRAFT).order_by("pk").first()
    response = client.post(
        reverse("outreach:letter-edit", args=[letter.pk]), {"subject": letter.subject, "body": "Excellency, ..."}
    )
    assert response.status_code == 302
    assert_recorded(latest(letter.history), isu, started, body="Excellency, ...", status=Letter.Status.APPROVED)
