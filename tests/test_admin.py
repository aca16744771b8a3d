"""The admin: every registered model's pages open for the ISU, and what the rules freeze stays frozen."""

import pytest
from django.contrib import admin
from django.urls import reverse

from meetings.models import Meeting, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def isu_client(demo_world, client):
    assert client.login(username="isu", password="demo")
    return client


def _portal_models():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label != "auth"
    ]


def test_every_portal_model_opens_for_the_isu(isu_client):
    for model, _model_admin in _portal_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert isu_client.get(reverse(f"{prefix}_changelist")).status_code == 200, prefix
        obj = model.objects.first()
        if obj is not None:
            assert isu_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200, prefix


def test_state_search_finds_an_alias(isu_client):
    response = isu_client.get(reverse("admin:directory_state_changelist"), {"q": "Lao PDR"})
    assert "Lao People&#x27;s Democratic Republic" in response.content.decode()


def test_approved_minutes_cannot_be_changed_in_the_admin(isu_client):
    minutes = Minutes.objects.get(meeting__date="2016-12-07")
    assert minutes.status == Minutes.Status.APPROVED
    url = reverse("admin:meetings_minutes_change", args=[minutes.pk])
    assert isu_client.post(url, {"documents_distributed": "rewritten"}).status_code == 403
    minutes.refresh_from_db()
    assert "rewritten" not in minutes.documents_distributed


def test_the_agenda_is_renumbered_after_an_admin_edit(isu_client):
    meeting = Meeting.objects.get(date="2017-06-09")
    url = reverse("admin:meetings_agendaitem_add")
    record = meeting.agenda_items.get(number="2")
    response = isu_client.post(
        url,
        {"meeting": meeting.pk, "parent": record.pk, "position": 99, "title": "Any other business", "kind": "standard"},
    )
    assert response.status_code == 302
    assert meeting.agenda_items.get(title="Any other business").number == "2.5"
