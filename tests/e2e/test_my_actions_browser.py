"""Issue 16: a Coordinator opens "My action items", clicks Done, and the row turns done in place."""

import datetime

import pytest
from playwright.sync_api import expect

from directory.roles import COORDINATORS
from meetings.models import ActionItem
from tests.factories import ActionItemFactory, MeetingFactory, PersonFactory, StateFactory, UserFactory

from .conftest import log_in, open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_marks_an_action_done_without_leaving_the_page(page):
    italy = StateFactory(iso3="ITA", name="Italy")
    user = UserFactory(username="coordinator-va", roles=[COORDINATORS])
    person = PersonFactory(user=user, delegation=italy.delegation)
    meeting = MeetingFactory(title="Okapi meeting")
    late = ActionItemFactory(
        meeting=meeting, text="Ibex: send the letters", owner_person=person,
        due_date=datetime.date.today() - datetime.timedelta(days=2),
    )  # fmt: skip

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "coordinator-va")
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="My action items").click()
    # the page the link leads to, before its row is looked for
    page.wait_for_url("**/meetings/my-actions/")
    row = page.locator(f"#my-action-{late.pk}")
    expect(row).to_contain_text("Ibex: send the letters")
    expect(row).to_contain_text("Overdue")
    url = page.url
    page.evaluate("window.__still_here = true")  # gone if the page were reloaded

    row.get_by_label("Comment (optional)").fill("Sent by pouch")
    row.get_by_role("button", name="Done").click()
    expect(row.locator(".my-action-status")).to_have_text("Done")
    expect(row.get_by_role("button", name="Done")).to_have_count(0)
    assert page.url == url and page.evaluate("window.__still_here") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    late.refresh_from_db()
    assert late.status == ActionItem.Status.DONE
    assert late.history.first().history_change_reason == "Sent by pouch"
