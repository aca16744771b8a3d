"""The outreach models open in the admin (the ISU's place for UNGA votes and repairs; contacts: tests/directory)."""

import pytest
from django.urls import reverse

from outreach import models

pytestmark = pytest.mark.django_db

MODELS = {
    "ungavote": models.UNGAVote,
    "lettertemplate": models.LetterTemplate,
    "campaign": models.Campaign,
    "letter": models.Letter,
    "followup": models.FollowUp,
    "reminderlog": models.ReminderLog,
}


@pytest.mark.parametrize("name", MODELS)
def test_admin_list_add_and_change_pages_open(admin_client, objects, name):
    assert admin_client.get(reverse(f"admin:outreach_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:outreach_{name}_add")).status_code == 200
    row = MODELS[name].objects.first()
    if row is not None:
        assert admin_client.get(reverse(f"admin:outreach_{name}_change", args=[row.pk])).status_code == 200
