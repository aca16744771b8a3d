"""Issue 16: "My action items": the open items of the logged-in person and of their delegation,
overdue first, each marked done in one click (htmx row swap, or a redirect without JavaScript)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem
from tests.factories import ActionItemFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def items(coordinator_va, focal_point_iraq, italy, iraq):
    """Action items of the Coordinator (person), of Italy (delegation), and of others."""
    today = timezone.localdate()
    days = datetime.timedelta
    meeting = MeetingFactory(title="Okapi meeting")
    colleague = PersonFactory(delegation=italy.delegation, last_name="Colleague")

    def make(text, due=None, **owner):
        return ActionItemFactory(meeting=meeting, text=text, due_date=due, **owner)

    return {
        "mine_later": make("Gnu: draft the note", today + days(days=20), owner_person=coordinator_va.person),
        "delegation_late": make("Ibex: send the letters", today - days(days=3), owner_delegation=italy.delegation),
        "mine_undated": make("Kudu: call the mission", owner_person=coordinator_va.person),
        "colleague": make("Tapir: colleague of Italy", owner_person=colleague, owner_delegation=None),
        "iraq": make("Zebu: Iraq's task", owner_delegation=iraq.delegation),
        "mine_done": ActionItemFactory(
            meeting=meeting, text="Yak: already done", owner_person=coordinator_va.person, status="done"
        ),
    }


def test_the_list_shows_exactly_my_and_my_delegations_open_items_overdue_first(client, coordinator_va, items):
    client.force_login(coordinator_va)
    response = client.get(reverse("meetings:my-actions"))
    assert response.status_code == 200
    shown = [a.pk for a in response.context["actions"]]
    assert shown == [items["delegation_late"].pk, items["mine_later"].pk, items["mine_undated"].pk]
    body = response.content.decode()
    for text in ("Ibex: send the letters", "Gnu: draft the note", "Kudu: call the mission", "Overdue"):
        assert text in body
    for text in ("Tapir", "Zebu", "Yak"):
        assert text not in body
    assert body.index("Ibex") < body.index("Gnu") < body.index("Kudu")
    assert body.count("Overdue") == 1
    assert "My action items" in body  # the navigation links it


def test_the_focal_point_sees_their_delegations_items_only(client, focal_point_iraq, items):
    client.force_login(focal_point_iraq)
    body = client.get(reverse("meetings:my-actions")).content.decode()
    assert "Zebu: Iraq&#x27;s task" in body or "Zebu: Iraq's task" in body
    assert 'href="/meetings/my-actions/"' not in body.split("<main")[0]  # no meetings link in a focal point's menu
    assert "Ibex" not in body and "Gnu" not in body


def test_a_login_without_a_person_gets_an_empty_page_and_no_link(client, isu_staff, items):
    client.force_login(isu_staff)
    body = client.get(reverse("meetings:my-actions")).content.decode()
    assert "not tied to a person" in body
    assert "Gnu" not in body and "Ibex" not in body
    assert reverse("meetings:my-actions") not in client.get(reverse("meetings:action-list")).content.decode()


def test_htmx_done_marks_it_done_and_returns_the_row_with_the_comment_kept(client, coordinator_va, items):
    client.force_login(coordinator_va)
    item = items["delegation_late"]
    response = client.post(
        reverse("meetings:my-action-done", args=[item.pk]), {"comment": "Sent on 3 May by pouch"}, **HX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="my-action-{item.pk}"' in body
    assert "Done" in body and "Ibex: send the letters" in body
    assert "<html" not in body and 'name="comment"' not in body  # the row only, no form left
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    last = item.history.first()
    assert last.history_change_reason == "Sent on 3 May by pouch"
    assert last.history_user == coordinator_va
    assert item.pk not in [a.pk for a in client.get(reverse("meetings:my-actions")).context["actions"]]


def test_without_javascript_the_post_redirects_back_with_a_message(client, coordinator_va, items):
    client.force_login(coordinator_va)
    item = items["mine_later"]
    response = client.post(reverse("meetings:my-action-done", args=[item.pk]), follow=True)
    assert response.redirect_chain == [(reverse("meetings:my-actions"), 302)]
    assert "Action item marked done." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE


def test_a_done_item_cannot_be_closed_twice(client, coordinator_va, items):
    client.force_login(coordinator_va)
    item = items["mine_done"]
    response = client.post(reverse("meetings:my-action-done", args=[item.pk]), **HX)
    assert "no longer open" in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator_va", "focal_point_iraq", "coordinator_ica"])
def test_anybody_else_gets_404_and_nothing_changes(client, who, request, items):
    client.force_login(request.getfixturevalue(who))
    target = items["colleague"] if who == "coordinator_va" else items["mine_later"]
    response = client.post(reverse("meetings:my-action-done", args=[target.pk]), {"comment": "x"}, **HX)
    assert response.status_code == 404
    assert "Gnu" not in response.content.decode() and "Tapir" not in response.content.decode()
    target.refresh_from_db()
    assert target.status == ActionItem.Status.OPEN
    assert target.history.count() == 1


def test_the_isu_may_close_anybodys_item(client, isu_staff, items):
    client.force_login(isu_staff)
    item = items["iraq"]
    assert client.post(reverse("meetings:my-action-done", args=[item.pk]), **HX).status_code == 200
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE


def test_a_too_long_comment_is_refused(client, coordinator_va, items):
    client.force_login(coordinator_va)
    item = items["mine_later"]
    response = client.post(reverse("meetings:my-action-done", args=[item.pk]), {"comment": "x" * 101}, **HX)
    assert "at most 100 characters" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
