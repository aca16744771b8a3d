"""The minutes pages: reading, writing item by item, the circulate → comment → approve workflow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Decision, Meeting, Minutes, MinutesComment, Statement
from meetings.templatetags.meetings_extras import markdown_safe
from tests.confirming import confirm, token_in
from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=14)


@pytest.fixture
def meeting():
    meeting = MeetingFactory(title="CC meeting", status=Meeting.Status.HELD, date=datetime.date(2016, 12, 7))
    services.agenda_item_add(meeting=meeting, title="Opening remarks")
    finance = services.agenda_item_add(meeting=meeting, title="Finance")
    services.agenda_item_add(meeting=meeting, title="Contributions", parent=finance)
    return meeting


@pytest.fixture
def minutes(meeting):
    return services.minutes_start(meeting=meeting)


@pytest.fixture
def item(minutes):
    return minutes.items.get(agenda_item__title="Finance")


@pytest.fixture
def italy_delegation(italy):
    return italy.delegation


@pytest.fixture
def circulated(minutes, item, isu_staff):
    services.minutes_item_update(item=item, text="The shortfall fell.", expected_version=0, by=isu_staff)
    return services.minutes_circulate(minutes=minutes, comment_deadline=SOON, by=isu_staff)


@pytest.fixture
def later_meeting():
    return MeetingFactory(title="January meeting", date=datetime.date(2017, 1, 18))


def _url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.pk, *args])


# --- the Markdown filter -----------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised():
    html = markdown_safe("**Italy** said\n\n<script>alert(1)</script>\n\n- one\n- two")
    assert "<strong>Italy</strong>" in html and "<li>one</li>" in html
    assert "<script" not in html


def test_markdown_drops_images_and_event_handlers():
    html = markdown_safe('![x](http://tracker.example/p.png) <a href="#" onclick="evil()">link</a>')
    assert "<img" not in html and "onclick" not in html


# --- reading -----------------------------------------------------------------------------------


def test_isu_without_minutes_is_offered_to_start_them(client, isu_staff, meeting):
    client.force_login(isu_staff)
    response = client.get(_url("minutes-detail", meeting))
    assert b"Start the minutes" in response.content


def test_start_opens_draft_with_a_section_per_item(client, isu_staff, meeting):
    client.force_login(isu_staff)
    response = client.post(_url("minutes-start", meeting), follow=True)
    assert b"Draft minutes opened" in response.content
    assert Minutes.objects.get(meeting=meeting).items.count() == 3


def test_isu_reads_draft_with_statements_and_rendered_text(client, isu_staff, minutes, item, italy_delegation):
    services.minutes_item_update(item=item, text="The ISU **thanked** States.", expected_version=0, by=isu_staff)
    services.statement_add(
        agenda_item=item.agenda_item, text="We will pay.", delegation=italy_delegation, on_behalf_of="the EU"
    )
    client.force_login(isu_staff)
    content = client.get(_url("minutes-detail", minutes.meeting)).content.decode()
    assert "The ISU <strong>thanked</strong> States." in content
    assert "<strong>Italy</strong> (on behalf of the EU): We will pay." in content
    assert "Draft" in content and "Circulate for comments" in content


def test_minutes_show_who_spoke_for_whom_and_who_attended(client, isu_staff, minutes, item, italy, australia):
    speaker = PersonFactory(delegation=italy.delegation, title="Mr.", first_name="Palma", last_name="D'Ambrosio")
    italy_said = {"delegation": italy.delegation, "speaker": speaker, "on_behalf_of": "the EU"}
    services.statement_add(agenda_item=item.agenda_item, text="We will pay.", **italy_said)
    services.statement_add(agenda_item=item.agenda_item, text="We can help.", anonymous_category="A donor State")
    Statement.objects.create(agenda_item=item.agenda_item, text="From the floor.", order=9)
    minutes.meeting.attendances.create(delegation=italy.delegation, person=speaker, capacity="Chair")
    minutes.meeting.attendances.create(delegation=australia.delegation, status="apologies")
    client.force_login(isu_staff)
    content = client.get(_url("minutes-detail", minutes.meeting)).content.decode()
    assert "<strong>Italy</strong> (Mr. Palma D&#x27;Ambrosio, on behalf of the EU): We will pay." in content
    assert "<strong>A donor State</strong>: We can help." in content
    assert "<strong>A participant</strong>: From the floor." in content
    assert "<strong>Italy</strong>:\n              Mr. Palma D&#x27;Ambrosio (Chair)\n" in content
    assert (
        '<strong>Australia</strong>:\n              the delegation <span class="badge text-bg-warning">Apologies'
        in content
    )
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    content = client.get(_url("minutes-detail", minutes.meeting)).content.decode()
    assert "(Mr. Palma D&#x27;Ambrosio, au nom de the EU)" in content and ">Excusés</span>" in content


def test_coordinator_does_not_see_a_draft(client, coordinator_va, minutes, item, isu_staff):
    services.minutes_item_update(item=item, text="Secret draft text", expected_version=0, by=isu_staff)
    client.force_login(coordinator_va)
    response = client.get(_url("minutes-detail", minutes.meeting))
    assert response.status_code == 200
    assert b"Secret draft text" not in response.content
    assert b"The ISU is drafting the minutes" in response.content
    assert client.get(_url("minutes-detail", minutes.meeting) + "?version=1").status_code == 404


def test_coordinator_reads_circulated_minutes_and_can_comment(client, coordinator_va, circulated):
    client.force_login(coordinator_va)
    content = client.get(_url("minutes-detail", circulated.meeting)).content.decode()
    assert "The shortfall fell." in content
    assert "Comment on this item" in content
    assert "Circulate for comments" not in content and "Edit text" not in content


def test_focal_point_and_anonymous_cannot_read_minutes(client, focal_point_iraq, circulated):
    url = _url("minutes-detail", circulated.meeting)
    assert client.get(url).status_code == 302
    client.force_login(focal_point_iraq)
    assert client.get(url).status_code == 404


# --- writing an item ---------------------------------------------------------------------------


def test_edit_item_saves_text(client, isu_staff, item):
    client.force_login(isu_staff)
    url = _url("minutes-item-edit", item.minutes.meeting, item.pk)
    page = client.get(url)
    assert b'name="lock_version"' in page.content
    response = client.post(url, {"text": "Item text", "lock_version": 0})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Item text" and item.lock_version == 1 and item.updated_by == isu_staff


def test_edit_conflict_keeps_both_texts(client, isu_staff, item):
    """Two people opened the same item; the second save is refused and loses nothing."""
    client.force_login(isu_staff)
    url = _url("minutes-item-edit", item.minutes.meeting, item.pk)
    first = client.post(url, {"text": "First writer's text", "lock_version": 0})
    assert first.status_code == 302
    second = client.post(url, {"text": "Second writer's text", "lock_version": 0})
    content = second.content.decode()
    assert second.status_code == 200
    assert "Somebody else saved this in the meantime" in content
    assert "Second writer&#x27;s text" in content  # still in the box
    assert "First writer&#x27;s text" in content  # shown beside it
    assert second.context["form"]["lock_version"].value() == 1
    item.refresh_from_db()
    assert item.text == "First writer's text"


def test_edit_refused_on_approved_minutes(client, isu_staff, item):
    Minutes.objects.filter(pk=item.minutes_id).update(status=Minutes.Status.APPROVED)
    client.force_login(isu_staff)
    response = client.post(_url("minutes-item-edit", item.minutes.meeting, item.pk), {"text": "X", "lock_version": 0})
    assert b"Approved minutes are frozen" in response.content
    item.refresh_from_db()
    assert item.text == ""


def test_coordinator_cannot_edit_item(client, coordinator_va, item):
    client.force_login(coordinator_va)
    url = _url("minutes-item-edit", item.minutes.meeting, item.pk)
    assert client.post(url, {"text": "Mine", "lock_version": 0}).status_code == 403
    item.refresh_from_db()
    assert item.text == ""


def test_history_lists_who_wrote_what(client, isu_staff, item):
    client.force_login(isu_staff)
    client.post(_url("minutes-item-edit", item.minutes.meeting, item.pk), {"text": "Version one", "lock_version": 0})
    client.post(_url("minutes-item-edit", item.minutes.meeting, item.pk), {"text": "Version two", "lock_version": 1})
    response = client.get(_url("minutes-item-history", item.minutes.meeting, item.pk))
    content = response.content.decode()
    assert "Version one" in content and "Version two" in content
    assert content.index("Version two") < content.index("Version one")
    assert "isu" in content


def test_coordinator_cannot_see_history(client, coordinator_va, item):
    client.force_login(coordinator_va)
    assert client.get(_url("minutes-item-history", item.minutes.meeting, item.pk)).status_code == 403


# --- statements, decisions, action items -------------------------------------------------------


def test_add_statement(client, isu_staff, item, italy_delegation):
    speaker = PersonFactory(delegation=italy_delegation, first_name="Palma", last_name="D'Ambrosio")
    client.force_login(isu_staff)
    url = _url("statement-add", item.minutes.meeting, item.agenda_item_id)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"speaker": speaker.pk, "on_behalf_of": "on behalf of the Coordinators", "text": "Thanks."}
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.delegation == italy_delegation and statement.on_behalf_of == "the Coordinators"


def test_add_anonymous_statement(client, isu_staff, item):
    client.force_login(isu_staff)
    url = _url("statement-add", item.minutes.meeting, item.agenda_item_id)
    client.post(url, {"anonymous_category": "A donor/partner State", "text": "We can help."})
    assert Statement.objects.get().speaker_label == "A donor/partner State"


def test_statement_without_speaker_is_refused(client, isu_staff, item):
    client.force_login(isu_staff)
    response = client.post(_url("statement-add", item.minutes.meeting, item.agenda_item_id), {"text": "Who?"})
    assert response.status_code == 200
    assert b"Say which delegation spoke" in response.content
    assert not Statement.objects.exists()


def test_delete_statement(client, isu_staff, item, italy_delegation):
    statement = services.statement_add(agenda_item=item.agenda_item, text="Oops", delegation=italy_delegation)
    client.force_login(isu_staff)
    response = client.post(_url("statement-delete", item.minutes.meeting, statement.pk))
    assert response.status_code == 302
    assert not Statement.objects.exists()


def test_coordinator_cannot_add_or_delete_statements(client, coordinator_va, item, italy_delegation):
    statement = services.statement_add(agenda_item=item.agenda_item, text="Kept", delegation=italy_delegation)
    client.force_login(coordinator_va)
    meeting = item.minutes.meeting
    data = {"delegation": italy_delegation.pk, "text": "Mine"}
    assert client.post(_url("statement-add", meeting, item.agenda_item_id), data).status_code == 403
    assert client.post(_url("statement-delete", meeting, statement.pk)).status_code == 403
    assert list(Statement.objects.values_list("text", flat=True)) == ["Kept"]


def test_add_decision(client, isu_staff, item):
    client.force_login(isu_staff)
    url = _url("decision-add", item.minutes.meeting) + f"?item={item.agenda_item_id}"
    page = client.get(url)
    assert page.context["form"]["agenda_item"].value() == item.agenda_item_id
    response = client.post(url, {"agenda_item": item.agenda_item_id, "text": "The budget is adopted."})
    assert response.status_code == 302
    assert Decision.objects.get().agenda_item == item.agenda_item


def test_empty_decision_is_refused(client, isu_staff, item):
    client.force_login(isu_staff)
    response = client.post(_url("decision-add", item.minutes.meeting), {"text": ""})
    assert response.status_code == 200
    assert not Decision.objects.exists()


def test_add_action_item(client, isu_staff, item, italy_delegation):
    client.force_login(isu_staff)
    response = client.post(
        _url("action-add", item.minutes.meeting),
        {
            "agenda_item": item.agenda_item_id,
            "text": "Send invitation letters",
            "owner_delegation": italy_delegation.pk,
            "due_date": "2016-12-31",
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.owner_delegation == italy_delegation and action.due_date == datetime.date(2016, 12, 31)


def test_action_item_without_owner_is_refused(client, isu_staff, item):
    client.force_login(isu_staff)
    response = client.post(_url("action-add", item.minutes.meeting), {"text": "Somebody should"})
    assert response.status_code == 200
    assert b"needs an owner" in response.content
    assert not ActionItem.objects.exists()


def test_coordinator_cannot_add_decisions_or_actions(client, coordinator_va, item, italy_delegation):
    client.force_login(coordinator_va)
    meeting = item.minutes.meeting
    assert client.post(_url("decision-add", meeting), {"text": "Ours"}).status_code == 403
    data = {"text": "Ours", "owner_delegation": italy_delegation.pk}
    assert client.post(_url("action-add", meeting), data).status_code == 403
    assert not Decision.objects.exists() and not ActionItem.objects.exists()


# --- circulate, comment, settle, approve, correct ----------------------------------------------


def test_circulate(client, isu_staff, minutes, item, mailoutbox):
    services.minutes_item_update(item=item, text="Some text", expected_version=0, by=isu_staff)
    client.force_login(isu_staff)
    response = client.post(_url("minutes-circulate", minutes.meeting), {"comment_deadline": SOON.isoformat()})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED and minutes.comment_deadline == SOON


def test_circulating_empty_minutes_is_refused(client, isu_staff, minutes):
    client.force_login(isu_staff)
    response = client.post(_url("minutes-circulate", minutes.meeting), {"comment_deadline": SOON.isoformat()})
    assert response.status_code == 200
    assert b"The minutes are empty" in response.content
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_coordinator_cannot_circulate(client, coordinator_va, minutes):
    client.force_login(coordinator_va)
    response = client.post(_url("minutes-circulate", minutes.meeting), {"comment_deadline": SOON.isoformat()})
    assert response.status_code == 403


def test_coordinator_comments_on_circulated_item(client, coordinator_va, circulated, item):
    client.force_login(coordinator_va)
    response = client.post(_url("comment-add", circulated.meeting, item.pk), {"text": "Please add our thanks."})
    assert response.status_code == 302
    comment = MinutesComment.objects.get()
    assert comment.author == coordinator_va and comment.item == item


def test_empty_comment_is_refused(client, coordinator_va, circulated, item):
    client.force_login(coordinator_va)
    response = client.post(_url("comment-add", circulated.meeting, item.pk), {"text": ""})
    assert response.status_code == 200
    assert not MinutesComment.objects.exists()


def test_no_comment_on_a_draft(client, coordinator_va, minutes, item):
    client.force_login(coordinator_va)
    response = client.post(_url("comment-add", minutes.meeting, item.pk), {"text": "Early"})
    assert response.status_code == 404
    assert not MinutesComment.objects.exists()


def test_focal_point_cannot_comment(client, focal_point_iraq, circulated, item):
    client.force_login(focal_point_iraq)
    assert client.post(_url("comment-add", circulated.meeting, item.pk), {"text": "Hi"}).status_code == 404


def test_isu_settles_a_comment(client, isu_staff, coordinator_va, circulated, item):
    comment = services.minutes_comment_add(item=item, author=coordinator_va, text="Typo")
    client.force_login(isu_staff)
    page = client.get(_url("minutes-detail", circulated.meeting)).content.decode()
    assert "Typo" in page and "1 comment to settle" in page
    response = client.post(_url("comment-settle", circulated.meeting, comment.pk), {"resolution": "taken_in"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resolution == MinutesComment.Resolution.TAKEN_IN and comment.resolved_by == isu_staff


def test_declining_without_reason_is_refused(client, isu_staff, coordinator_va, circulated, item):
    comment = services.minutes_comment_add(item=item, author=coordinator_va, text="Typo")
    client.force_login(isu_staff)
    response = client.post(_url("comment-settle", circulated.meeting, comment.pk), {"resolution": "declined"})
    assert response.status_code == 200
    assert b"Say why the comment is declined." in response.content
    comment.refresh_from_db()
    assert comment.resolution == MinutesComment.Resolution.PENDING


def test_coordinator_cannot_settle(client, coordinator_va, circulated, item):
    comment = services.minutes_comment_add(item=item, author=coordinator_va, text="Typo")
    client.force_login(coordinator_va)
    response = client.post(_url("comment-settle", circulated.meeting, comment.pk), {"resolution": "taken_in"})
    assert response.status_code == 403


def test_approve_at_a_later_meeting(client, isu_staff, circulated, later_meeting):
    client.force_login(isu_staff)
    page = client.get(_url("minutes-detail", circulated.meeting))
    assert b"January meeting" in page.content
    response = confirm(client, _url("minutes-approve", circulated.meeting), {"at_meeting": later_meeting.pk})
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.APPROVED and circulated.approved_at_meeting == later_meeting


def test_approval_refused_while_comments_pending(client, isu_staff, coordinator_va, circulated, item, later_meeting):
    client.force_login(isu_staff)
    url = _url("minutes-approve", circulated.meeting)
    token = token_in(client.get(url, {"at_meeting": later_meeting.pk}))  # reviewed before the comment came in
    services.minutes_comment_add(item=item, author=coordinator_va, text="Typo")
    page = client.get(url, {"at_meeting": later_meeting.pk})
    assert b"not settled yet" in page.content and b"confirm_token" not in page.content  # nothing to confirm
    response = client.post(url, {"at_meeting": later_meeting.pk, "confirm_token": token})
    assert response.status_code == 200
    assert b"not settled yet" in response.content
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.CIRCULATED


def test_coordinator_cannot_approve(client, coordinator_va, circulated, later_meeting):
    client.force_login(coordinator_va)
    response = client.post(_url("minutes-approve", circulated.meeting), {"at_meeting": later_meeting.pk})
    assert response.status_code == 403


def test_correct_approved_minutes(client, isu_staff, circulated, later_meeting):
    services.minutes_approve(minutes=circulated, at_meeting=later_meeting, by=isu_staff)
    client.force_login(isu_staff)
    page = client.get(_url("minutes-detail", circulated.meeting))
    assert b"Open a corrected version" in page.content and b"Reason for the correction" in page.content
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Motif de la correction" in client.get(_url("minutes-detail", circulated.meeting)).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(_url("minutes-correct", circulated.meeting), {"reason": "Wrong figure in item 2"})
    assert response.status_code == 302
    new = circulated.meeting.current_minutes
    assert new.version == 2 and new.status == Minutes.Status.DRAFT and new.correction_reason


def test_correction_needs_a_reason(client, isu_staff, circulated, later_meeting):
    services.minutes_approve(minutes=circulated, at_meeting=later_meeting, by=isu_staff)
    client.force_login(isu_staff)
    response = client.post(_url("minutes-correct", circulated.meeting), {"reason": ""})
    assert response.status_code == 200
    assert circulated.meeting.minutes.count() == 1


def test_coordinator_reads_approved_version_while_correction_is_drafted(
    client, isu_staff, coordinator_va, circulated, later_meeting
):
    services.minutes_approve(minutes=circulated, at_meeting=later_meeting, by=isu_staff)
    services.minutes_correct(minutes=circulated, reason="Figure", by=isu_staff)
    client.force_login(coordinator_va)
    content = client.get(_url("minutes-detail", circulated.meeting)).content.decode()
    assert "Version 1" in content and "Approved" in content
    assert "A corrected version is being prepared" in content


def test_coordinator_cannot_correct(client, coordinator_va, isu_staff, circulated, later_meeting):
    services.minutes_approve(minutes=circulated, at_meeting=later_meeting, by=isu_staff)
    client.force_login(coordinator_va)
    assert client.post(_url("minutes-correct", circulated.meeting), {"reason": "Mine"}).status_code == 403
    assert circulated.meeting.minutes.count() == 1


def test_minutes_of_another_meeting_are_404(client, isu_staff, item):
    other = MeetingFactory()
    client.force_login(isu_staff)
    assert client.get(_url("minutes-item-edit", other, item.pk)).status_code == 404
