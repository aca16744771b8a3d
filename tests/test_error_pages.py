"""People get a clear page, never a traceback."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_a_missing_page_is_explained(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_a_refused_page_is_explained(client, coordinator_va):
    client.force_login(coordinator_va)  # a Coordinator sees the meetings; only the ISU creates them
    response = client.get(reverse("meetings:meeting-create"))
    assert response.status_code == 403
    assert b"You may not open this page" in response.content


@pytest.mark.django_db
def test_a_server_error_shows_the_plain_error_page(monkeypatch):
    from meetings.views import public as public_views

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(public_views.PublicSummary.objects, "published", broken)
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"RuntimeError" not in response.content
