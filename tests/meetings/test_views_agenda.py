"""The agenda page: add, move, remove items, propose the standard agenda."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Minutes
from tests.factories import MeetingFactory, StateFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    meeting = MeetingFactory(title="CC meeting")
    for title in ("Opening remarks", "Finance", "Date of the next meeting"):
        services.agenda_item_add(meeting=meeting, title=title)
    return meeting


def _titles(meeting):
    return [(i.number, i.title) for i in sorted(meeting.agenda_items.all(), key=lambda i: i.sort_key)]


def _url(name, meeting, item=None):
    args = [meeting.pk] if item is None else [meeting.pk, item.pk]
    return reverse(f"meetings:{name}", args=args)


def test_agenda_page_lists_items(client, isu_staff, meeting):
    client.force_login(isu_staff)
    response = client.get(_url("agenda-edit", meeting))
    assert response.status_code == 200
    assert b"Finance" in response.content and b"Add an item" in response.content


def test_add_sub_item_with_presenters(client, isu_staff, meeting):
    finance = meeting.agenda_items.get(title="Finance")
    area = ThematicAreaFactory(name="Victim Assistance", slug="va")
    italy = StateFactory(name="Italy", iso3="ITA").delegation
    client.force_login(isu_staff)
    response = client.post(
        _url("agenda-edit", meeting),
        {"title": "ISU budget", "parent": finance.pk, "thematic_area": area.pk, "presenters": [italy.pk]},
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get(title="ISU budget")
    assert item.number == "2.1" and item.thematic_area == area and list(item.presenters.all()) == [italy]


def test_add_without_title_shows_error(client, isu_staff, meeting):
    client.force_login(isu_staff)
    response = client.post(_url("agenda-edit", meeting), {"title": ""})
    assert response.status_code == 200
    assert b"is-invalid" in response.content
    assert meeting.agenda_items.count() == 3


def test_add_refused_by_service_shows_its_message(client, isu_staff, meeting):
    Minutes.objects.create(meeting=meeting, status=Minutes.Status.APPROVED)
    client.force_login(isu_staff)
    response = client.post(_url("agenda-edit", meeting), {"title": "Late item"})
    assert response.status_code == 200
    assert b"its agenda can no longer change" in response.content
    assert meeting.agenda_items.count() == 3


def test_move_down_renumbers(client, isu_staff, meeting):
    opening = meeting.agenda_items.get(title="Opening remarks")
    client.force_login(isu_staff)
    response = client.post(_url("agenda-item-move", meeting, opening), {"direction": "down"})
    assert response.status_code == 302
    assert _titles(meeting)[:2] == [("1", "Finance"), ("2", "Opening remarks")]


def test_move_with_htmx_returns_the_list(client, isu_staff, meeting):
    finance = meeting.agenda_items.get(title="Finance")
    client.force_login(isu_staff)
    response = client.post(_url("agenda-item-move", meeting, finance), {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="agenda-items"' in response.content and b"<html" not in response.content
    assert _titles(meeting)[0] == ("1", "Finance")


def test_move_past_the_top_is_refused_with_message(client, isu_staff, meeting):
    opening = meeting.agenda_items.get(title="Opening remarks")
    client.force_login(isu_staff)
    response = client.post(_url("agenda-item-move", meeting, opening), {"direction": "up"}, follow=True)
    assert b"That item cannot move further." in response.content
    assert _titles(meeting)[0] == ("1", "Opening remarks")


def test_delete_item(client, isu_staff, meeting):
    finance = meeting.agenda_items.get(title="Finance")
    client.force_login(isu_staff)
    response = client.post(_url("agenda-item-delete", meeting, finance), follow=True)
    assert b"Removed" in response.content
    assert _titles(meeting) == [("1", "Opening remarks"), ("2", "Date of the next meeting")]


def test_delete_refused_when_item_has_a_record(client, isu_staff, meeting):
    finance = meeting.agenda_items.get(title="Finance")
    services.statement_add(agenda_item=finance, text="We paid.", delegation=StateFactory().delegation)
    client.force_login(isu_staff)
    response = client.post(_url("agenda-item-delete", meeting, finance), follow=True)
    assert b"it cannot be removed" in response.content
    assert meeting.agenda_items.filter(title="Finance").exists()


def test_delete_is_post_only(client, isu_staff, meeting):
    finance = meeting.agenda_items.get(title="Finance")
    client.force_login(isu_staff)
    assert client.get(_url("agenda-item-delete", meeting, finance)).status_code == 405


def test_propose_standard_agenda_on_empty_meeting(client, isu_staff):
    meeting = MeetingFactory(status=Meeting.Status.PLANNED)
    client.force_login(isu_staff)
    page = client.get(_url("agenda-edit", meeting))
    assert b"Propose the standard agenda" in page.content
    client.post(_url("agenda-propose", meeting))
    assert ("1", "Opening remarks") in _titles(meeting)


def test_propose_refused_when_agenda_exists(client, isu_staff, meeting):
    client.force_login(isu_staff)
    response = client.post(_url("agenda-propose", meeting), follow=True)
    assert b"already has an agenda" in response.content
    assert meeting.agenda_items.count() == 3


def test_coordinator_cannot_change_agenda(client, coordinator_va, meeting):
    finance = meeting.agenda_items.get(title="Finance")
    client.force_login(coordinator_va)
    assert client.get(_url("agenda-edit", meeting)).status_code == 403
    assert client.post(_url("agenda-edit", meeting), {"title": "Mine"}).status_code == 403
    assert client.post(_url("agenda-item-move", meeting, finance), {"direction": "up"}).status_code == 403
    assert client.post(_url("agenda-item-delete", meeting, finance)).status_code == 403
    assert meeting.agenda_items.count() == 3


def test_focal_point_and_anonymous_are_kept_out(client, focal_point_iraq, meeting):
    assert client.get(_url("agenda-edit", meeting)).status_code == 302
    client.force_login(focal_point_iraq)
    assert client.get(_url("agenda-edit", meeting)).status_code == 404
