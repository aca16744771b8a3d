"""Each meeting service: its rule, and its refusal."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from directory.models import Mandate
from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Meeting, Minutes, MinutesComment
from meetings.services import AttendanceRow, EditConflict
from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    TermFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def numbers(meeting):
    return [i.number for i in AgendaItem.objects.filter(meeting=meeting).order_by("number")]


def ordered_numbers(meeting):
    items = AgendaItem.objects.filter(meeting=meeting)
    return [i.number for i in sorted(items, key=lambda i: i.sort_key)]


@pytest.fixture
def held_meeting():
    return MeetingFactory(date=datetime.date(2016, 12, 7), status=Meeting.Status.HELD)


@pytest.fixture
def next_meeting():
    return MeetingFactory(date=datetime.date(2017, 1, 25), status=Meeting.Status.HELD)


@pytest.fixture
def minutes_with_text(held_meeting, isu_staff):
    item = services.agenda_item_add(meeting=held_meeting, title="Opening remarks")
    minutes = services.minutes_start(meeting=held_meeting)
    services.minutes_item_update(
        item=minutes.items.get(agenda_item=item),
        text="The President opened the meeting.",
        expected_version=0,
        by=isu_staff,
    )
    return minutes


# --- agenda --------------------------------------------------------------------------------


def test_agenda_items_and_sub_items_are_numbered(held_meeting):
    for title in ["Present", "Opening", "Minutes", "Updates", "Coordinators", "Finance", "Next meeting"]:
        services.agenda_item_add(meeting=held_meeting, title=title)
    parent = AgendaItem.objects.get(meeting=held_meeting, title="Coordinators")
    for n in range(8):
        services.agenda_item_add(meeting=held_meeting, title=f"Area {n}", parent=parent)
    assert ordered_numbers(held_meeting) == ["1", "2", "3", "4", "5"] + [f"5.{n}" for n in range(1, 9)] + ["6", "7"]


def test_moving_an_item_renumbers_the_agenda(held_meeting):
    first = services.agenda_item_add(meeting=held_meeting, title="First")
    second = services.agenda_item_add(meeting=held_meeting, title="Second")
    child = services.agenda_item_add(meeting=held_meeting, title="Child", parent=second)
    services.agenda_item_move(item=second, direction="up")
    second.refresh_from_db()
    first.refresh_from_db()
    child.refresh_from_db()
    assert (second.number, first.number, child.number) == ("1", "2", "1.1")


def test_moving_the_first_item_up_is_refused(held_meeting):
    first = services.agenda_item_add(meeting=held_meeting, title="First")
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=first, direction="up")


def test_sub_items_cannot_nest_deeper(held_meeting):
    parent = services.agenda_item_add(meeting=held_meeting, title="Parent")
    child = services.agenda_item_add(meeting=held_meeting, title="Child", parent=parent)
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=held_meeting, title="Grandchild", parent=child)


def test_an_item_with_a_record_cannot_be_deleted(held_meeting):
    item = services.agenda_item_add(meeting=held_meeting, title="Finance")
    services.statement_add(agenda_item=item, text="The shortfall fell.", delegation=OrganisationFactory().delegation)
    with pytest.raises(ValidationError):
        services.agenda_item_delete(item=item)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_deleting_an_empty_item_renumbers(held_meeting):
    first = services.agenda_item_add(meeting=held_meeting, title="First")
    second = services.agenda_item_add(meeting=held_meeting, title="Second")
    services.agenda_item_delete(item=first)
    second.refresh_from_db()
    assert second.number == "1"


def test_proposed_agenda_carries_previous_minutes_open_actions_and_areas(held_meeting):
    term = TermFactory()
    held_meeting.term = term
    held_meeting.save()
    area = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance")
    italy = PersonFactory().delegation.state
    Mandate.objects.create(area=area, term=term, state=italy)
    ActionItemFactory(meeting=held_meeting, text="Send invitation letters", status=ActionItem.Status.OPEN)
    ActionItemFactory(meeting=held_meeting, text="Already done", status=ActionItem.Status.DONE)
    following = MeetingFactory(date=datetime.date(2017, 1, 25), term=term)

    services.agenda_propose(meeting=following)

    titles = [i.title for i in sorted(following.agenda_items.all(), key=lambda i: i.sort_key)]
    assert "Approval of the minutes of 7 December 2016" in titles
    approval = following.agenda_items.get(kind=AgendaItem.Kind.APPROVAL_OF_MINUTES)
    assert approval.approves_minutes_of == held_meeting
    matters = following.agenda_items.get(kind=AgendaItem.Kind.MATTERS_ARISING)
    assert [c.title.split(": ", 1)[1] for c in matters.children.all()] == ["Send invitation letters"]
    area_item = following.agenda_items.get(thematic_area=area)
    assert area_item.title == f"Victim Assistance ({italy.name})"
    assert list(area_item.presenters.all()) == [italy.delegation]
    assert titles[-1] == "Date of the next meeting"


def test_proposing_over_an_existing_agenda_is_refused(held_meeting):
    services.agenda_item_add(meeting=held_meeting, title="Existing")
    with pytest.raises(ValidationError):
        services.agenda_propose(meeting=held_meeting)


# --- attendance -----------------------------------------------------------------------------


def test_attendance_is_recorded_in_one_call(held_meeting):
    people = [PersonFactory() for _ in range(3)]
    cmc = OrganisationFactory(acronym="CMC")
    rows = [AttendanceRow(delegation=p.delegation, person=p, status="present") for p in people]
    rows.append(AttendanceRow(delegation=cmc.delegation, status="apologies"))
    services.attendance_record(meeting=held_meeting, rows=rows)
    assert held_meeting.attendances.filter(status=Attendance.Status.PRESENT).count() == 3
    assert held_meeting.attendances.get(status=Attendance.Status.APOLOGIES).delegation == cmc.delegation


def test_recording_attendance_again_replaces_it(held_meeting):
    person = PersonFactory()
    services.attendance_record(meeting=held_meeting, rows=[AttendanceRow(person.delegation, "present", person)])
    services.attendance_record(meeting=held_meeting, rows=[AttendanceRow(person.delegation, "apologies", person)])
    assert list(held_meeting.attendances.values_list("status", flat=True)) == ["apologies"]


def test_a_person_listed_twice_is_refused_and_nothing_saved(held_meeting):
    person = PersonFactory()
    services.attendance_record(meeting=held_meeting, rows=[AttendanceRow(person.delegation, "present", person)])
    with pytest.raises(ValidationError):
        services.attendance_record(
            meeting=held_meeting,
            rows=[
                AttendanceRow(person.delegation, "present", person),
                AttendanceRow(person.delegation, "remote", person),
            ],
        )
    assert list(held_meeting.attendances.values_list("status", flat=True)) == ["present"]


# --- minutes workflow ----------------------------------------------------------------------


def test_minutes_start_gives_one_text_per_agenda_item(held_meeting):
    services.agenda_item_add(meeting=held_meeting, title="One")
    services.agenda_item_add(meeting=held_meeting, title="Two")
    minutes = services.minutes_start(meeting=held_meeting)
    assert minutes.items.count() == 2
    assert services.minutes_start(meeting=held_meeting) == minutes


def test_a_stale_edit_is_refused_and_the_newer_text_kept(minutes_with_text, isu_staff):
    item = minutes_with_text.items.get()
    assert item.lock_version == 1
    services.minutes_item_update(item=item, text="First editor", expected_version=1, by=isu_staff)
    with pytest.raises(EditConflict):
        services.minutes_item_update(item=item, text="Second editor", expected_version=1, by=isu_staff)
    item.refresh_from_db()
    assert item.text == "First editor"


def test_minutes_item_history_records_who_changed_what(minutes_with_text, isu_staff):
    item = minutes_with_text.items.get()
    services.minutes_item_update(item=item, text="Corrected text", expected_version=1, by=isu_staff)
    latest = item.history.first()
    assert latest.text == "Corrected text"
    assert latest.history_user == isu_staff


def test_circulating_sets_the_deadline_and_notifies_the_committee(
    minutes_with_text, isu_staff, coordinator_va, django_capture_on_commit_callbacks
):
    deadline = TODAY + datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=minutes_with_text, comment_deadline=deadline, by=isu_staff)
    minutes_with_text.refresh_from_db()
    assert minutes_with_text.status == Minutes.Status.CIRCULATED
    assert minutes_with_text.comment_deadline == deadline
    assert sorted(m.to[0] for m in mail.outbox) == sorted([isu_staff.email, coordinator_va.email])
    assert minutes_with_text.circulation_notice_sent_at is not None


def test_the_circulation_notice_is_sent_once(minutes_with_text, isu_staff, django_capture_on_commit_callbacks):
    from meetings.tasks import send_circulation_notice

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=minutes_with_text, comment_deadline=TODAY, by=isu_staff)
    assert send_circulation_notice(minutes_with_text.pk) == 0
    assert len(mail.outbox) == 1


def test_minutes_of_a_meeting_not_yet_held_cannot_circulate(isu_staff):
    meeting = MeetingFactory(status=Meeting.Status.PLANNED)
    item = services.agenda_item_add(meeting=meeting, title="Opening")
    minutes = services.minutes_start(meeting=meeting)
    services.minutes_item_update(item=minutes.items.get(agenda_item=item), text="x", expected_version=0, by=isu_staff)
    with pytest.raises(ValidationError):
        services.minutes_circulate(minutes=minutes, comment_deadline=TODAY, by=isu_staff)


def test_empty_minutes_cannot_circulate(held_meeting, isu_staff):
    services.agenda_item_add(meeting=held_meeting, title="Opening")
    minutes = services.minutes_start(meeting=held_meeting)
    with pytest.raises(ValidationError, match="empty"):
        services.minutes_circulate(minutes=minutes, comment_deadline=TODAY, by=isu_staff)


def test_a_past_comment_deadline_is_refused(minutes_with_text, isu_staff):
    with pytest.raises(ValidationError):
        services.minutes_circulate(
            minutes=minutes_with_text, comment_deadline=TODAY - datetime.timedelta(days=1), by=isu_staff
        )


def test_comments_are_taken_only_while_circulated(minutes_with_text, coordinator_va):
    with pytest.raises(ValidationError):
        services.minutes_comment_add(item=minutes_with_text.items.get(), author=coordinator_va, text="Typo")


def test_declining_a_comment_needs_a_reason(minutes_with_text, isu_staff, coordinator_va):
    services.minutes_circulate(minutes=minutes_with_text, comment_deadline=TODAY, by=isu_staff)
    comment = services.minutes_comment_add(item=minutes_with_text.items.get(), author=coordinator_va, text="Typo")
    with pytest.raises(ValidationError):
        services.minutes_comment_settle(comment=comment, resolution="declined", reason=" ", by=isu_staff)
    services.minutes_comment_settle(comment=comment, resolution="declined", reason="Not what was said", by=isu_staff)
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolved_by) == (MinutesComment.Resolution.DECLINED, isu_staff)


def test_approval_waits_for_every_comment_to_be_settled(minutes_with_text, next_meeting, isu_staff, coordinator_va):
    services.minutes_circulate(minutes=minutes_with_text, comment_deadline=TODAY, by=isu_staff)
    comment = services.minutes_comment_add(item=minutes_with_text.items.get(), author=coordinator_va, text="Add x")
    with pytest.raises(ValidationError, match="not settled"):
        services.minutes_approve(minutes=minutes_with_text, at_meeting=next_meeting, by=isu_staff)
    services.minutes_comment_settle(comment=comment, resolution="taken_in", by=isu_staff)
    services.minutes_approve(minutes=minutes_with_text, at_meeting=next_meeting, by=isu_staff)
    minutes_with_text.refresh_from_db()
    assert minutes_with_text.status == Minutes.Status.APPROVED
    assert minutes_with_text.approved_at_meeting == next_meeting


def test_minutes_are_approved_at_a_later_meeting_only(minutes_with_text, held_meeting, isu_staff):
    services.minutes_circulate(minutes=minutes_with_text, comment_deadline=TODAY, by=isu_staff)
    earlier = MeetingFactory(date=datetime.date(2016, 11, 4))
    for meeting in (held_meeting, earlier):
        with pytest.raises(ValidationError):
            services.minutes_approve(minutes=minutes_with_text, at_meeting=meeting, by=isu_staff)


def test_draft_minutes_cannot_be_approved(minutes_with_text, next_meeting, isu_staff):
    with pytest.raises(ValidationError):
        services.minutes_approve(minutes=minutes_with_text, at_meeting=next_meeting, by=isu_staff)


@pytest.fixture
def approved_minutes(minutes_with_text, next_meeting, isu_staff):
    services.minutes_circulate(minutes=minutes_with_text, comment_deadline=TODAY, by=isu_staff)
    return services.minutes_approve(minutes=minutes_with_text, at_meeting=next_meeting, by=isu_staff)


def test_approved_minutes_are_frozen(approved_minutes, held_meeting, isu_staff):
    item = approved_minutes.items.get()
    with pytest.raises(ValidationError):
        services.minutes_item_update(item=item, text="Changed", expected_version=item.lock_version, by=isu_staff)
    with pytest.raises(ValidationError):
        services.statement_add(agenda_item=item.agenda_item, text="Late", anonymous_category="A State")
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=held_meeting, title="Late item")
    item.refresh_from_db()
    assert item.text == "The President opened the meeting."


def test_a_correction_is_a_new_version_with_its_reason(approved_minutes, next_meeting, isu_staff):
    with pytest.raises(ValidationError):
        services.minutes_correct(minutes=approved_minutes, reason="", by=isu_staff)
    corrected = services.minutes_correct(minutes=approved_minutes, reason="Wrong date in item 1", by=isu_staff)
    assert (corrected.version, corrected.status) == (2, Minutes.Status.DRAFT)
    assert corrected.items.get().text == "The President opened the meeting."
    later = MeetingFactory(date=datetime.date(2017, 3, 1), status=Meeting.Status.HELD)
    services.minutes_circulate(minutes=corrected, comment_deadline=TODAY, by=isu_staff)
    services.minutes_approve(minutes=corrected, at_meeting=later, by=isu_staff)
    approved_minutes.refresh_from_db()
    assert approved_minutes.status == Minutes.Status.SUPERSEDED
    assert approved_minutes.meeting.current_minutes == corrected


def test_only_one_correction_is_open_at_a_time(approved_minutes, isu_staff):
    services.minutes_correct(minutes=approved_minutes, reason="One", by=isu_staff)
    with pytest.raises(ValidationError):
        services.minutes_correct(minutes=approved_minutes, reason="Two", by=isu_staff)


# --- statements, decisions, action items ---------------------------------------------------


def test_a_statement_needs_a_speaker_or_a_category(held_meeting):
    item = services.agenda_item_add(meeting=held_meeting, title="Exchange of views")
    with pytest.raises(ValidationError):
        services.statement_add(agenda_item=item, text="Something")
    statement = services.statement_add(agenda_item=item, text="Something", anonymous_category="An affected State")
    assert statement.speaker_label == "An affected State"


def test_a_decision_on_another_meetings_item_is_refused(held_meeting, next_meeting):
    item = services.agenda_item_add(meeting=next_meeting, title="Other")
    with pytest.raises(ValidationError):
        services.decision_add(meeting=held_meeting, text="Agreed", agenda_item=item)


def test_an_action_item_needs_an_owner(held_meeting, isu_staff):
    with pytest.raises(ValidationError):
        services.action_item_create(meeting=held_meeting, text="Do it", by=isu_staff)


def test_action_item_update_records_history_and_refuses_stale_versions(held_meeting, isu_staff):
    person = PersonFactory()
    action = services.action_item_create(meeting=held_meeting, text="Do it", owner_person=person, by=isu_staff)
    services.action_item_update(action=action, expected_version=0, by=isu_staff, status=ActionItem.Status.DONE)
    with pytest.raises(EditConflict):
        services.action_item_update(action=action, expected_version=0, by=isu_staff, text="Stale")
    action.refresh_from_db()
    assert (action.status, action.text) == (ActionItem.Status.DONE, "Do it")
    assert action.history.first().history_user == isu_staff
    assert [h.status for h in action.history.all()] == ["done", "open"]


def test_removing_the_last_owner_is_refused(held_meeting, isu_staff):
    action = ActionItemFactory(meeting=held_meeting)
    with pytest.raises(ValidationError):
        services.action_item_update(action=action, expected_version=0, by=isu_staff, owner_delegation=None)


def test_overdue_and_due_soon_action_items():
    overdue = ActionItemFactory(due_date=TODAY - datetime.timedelta(days=1))
    soon = ActionItemFactory(due_date=TODAY + datetime.timedelta(days=3))
    ActionItemFactory(due_date=TODAY - datetime.timedelta(days=1), status=ActionItem.Status.DONE)
    ActionItemFactory(due_date=TODAY + datetime.timedelta(days=90))
    assert list(ActionItem.objects.overdue()) == [overdue]
    assert list(ActionItem.objects.due_soon()) == [soon]
    assert overdue.is_overdue and not soon.is_overdue
