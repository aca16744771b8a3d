"""Action items across meetings: the filtered list and the edit page with its version check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem
from tests.factories import ActionItemFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def actions(italy, australia):
    meeting = MeetingFactory(title="CC meeting")
    palma = PersonFactory(delegation=italy.delegation, first_name="Palma", last_name="D'Ambrosio")
    return {
        "late": ActionItemFactory(
            meeting=meeting,
            text="Late letters",
            owner_delegation=italy.delegation,
            due_date=TODAY - datetime.timedelta(3),
        ),
        "person": ActionItemFactory(
            meeting=meeting, text="Operational plan", owner_delegation=None, owner_person=palma, due_date=TODAY
        ),
        "done": ActionItemFactory(
            meeting=meeting, text="Workshop held", owner_delegation=australia.delegation, status=ActionItem.Status.DONE
        ),
    }


def _list(client, **params):
    return client.get(reverse("meetings:action-list"), params).content.decode()


def test_list_shows_every_action_to_a_coordinator(client, coordinator_va, actions):
    client.force_login(coordinator_va)
    content = _list(client)
    assert "Late letters" in content and "Operational plan" in content and "Workshop held" in content
    assert "Overdue" in content
    assert reverse("meetings:action-edit", args=[actions["late"].pk]) not in content


def test_list_filters_by_owner_including_people_of_the_delegation(client, isu_staff, actions, italy):
    client.force_login(isu_staff)
    content = _list(client, owner=italy.delegation.pk)
    assert "Late letters" in content and "Operational plan" in content
    assert "Workshop held" not in content


def test_list_filters_by_status_and_overdue(client, isu_staff, actions):
    client.force_login(isu_staff)
    done = _list(client, status="done")
    assert "Workshop held" in done and "Late letters" not in done
    overdue = _list(client, overdue="on")
    assert "Late letters" in overdue and "Operational plan" not in overdue


def test_list_paginates(client, isu_staff, settings):
    settings.PAGINATE_BY = 2
    for n in range(5):
        ActionItemFactory(text=f"Action number {n}", due_date=TODAY + datetime.timedelta(n))
    client.force_login(isu_staff)
    assert "Action number 4" not in _list(client)
    assert "Action number 4" in _list(client, page=3)


def test_list_is_refused_to_focal_point_and_anonymous(client, focal_point_iraq):
    assert client.get(reverse("meetings:action-list")).status_code == 302
    client.force_login(focal_point_iraq)
    assert client.get(reverse("meetings:action-list")).status_code == 404


def _edit_data(action, **changes):
    data = {
        "text": action.text,
        "agenda_item": "",
        "owner_delegation": action.owner_delegation_id or "",
        "owner_person": action.owner_person_id or "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
        "lock_version": action.lock_version,
    }
    data.update(changes)
    return data


def test_edit_marks_action_done(client, isu_staff, actions):
    action = actions["late"]
    client.force_login(isu_staff)
    url = reverse("meetings:action-edit", args=[action.pk])
    assert b'name="lock_version"' in client.get(url).content
    response = client.post(url, _edit_data(action, status="done"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE and action.lock_version == 1


def test_edit_without_owner_is_refused(client, isu_staff, actions):
    action = actions["late"]
    client.force_login(isu_staff)
    response = client.post(
        reverse("meetings:action-edit", args=[action.pk]), _edit_data(action, owner_delegation="", text="Changed")
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.text == "Late letters" and action.owner_delegation_id is not None


def test_edit_conflict_is_shown_and_first_change_kept(client, isu_staff, actions):
    action = actions["late"]
    client.force_login(isu_staff)
    url = reverse("meetings:action-edit", args=[action.pk])
    stale = _edit_data(action)
    assert client.post(url, _edit_data(action, text="Letters sent by Italy")).status_code == 302
    response = client.post(url, {**stale, "text": "Letters sent by the ISU"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Somebody else saved this in the meantime" in content
    assert "Letters sent by Italy" in content and "Letters sent by the ISU" in content
    action.refresh_from_db()
    assert action.text == "Letters sent by Italy"


def test_coordinator_cannot_edit(client, coordinator_va, actions):
    action = actions["late"]
    client.force_login(coordinator_va)
    url = reverse("meetings:action-edit", args=[action.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_data(action, status="done")).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN
