"""What follows the 7 December 2016 meeting: the meeting of 25 January 2017, where its minutes
are approved, and a planned meeting a few weeks from today, so the dashboard has something ahead.

The seeds give the date, time and place of the 25 January meeting and nothing else: its record
here holds only the approval of the previous minutes (the demo's choice, to show the workflow).
"""

from __future__ import annotations

import datetime

from demo.base import GERMAN_MISSION, Register, create_meeting, without_notice
from meetings import services
from meetings.models import AgendaItem, Meeting, Minutes

NUMBER = 4
UPCOMING_TITLE = "Coordination Committee (demo: next meeting)"
UPCOMING_IN_DAYS = 21
COMMENTS_FOR_DAYS = 14
APPROVAL_TEXT = (
    "The minutes of the meeting of 7 December 2016, circulated beforehand, were approved as a correct record."
)


def build_january(register: Register, december: Meeting, today: datetime.date) -> tuple[Meeting, bool]:
    """The fourth meeting under the German Presidency: it approves the minutes of 7 December.
    Its own minutes are left circulated, for approval at the planned meeting."""
    term = register.terms["7MSP"]
    existing = Meeting.objects.filter(kind=Meeting.Kind.COORDINATION_COMMITTEE, term=term, number=NUMBER).first()
    if existing is not None:
        return existing, False
    isu = register.isu
    meeting = create_meeting(
        kind=Meeting.Kind.COORDINATION_COMMITTEE,
        title="Coordination Committee meeting",
        term=term,
        number=NUMBER,
        date=datetime.date(2017, 1, 25),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        venue=GERMAN_MISSION,
        chair=register.people["biontino"],
        confidentiality=Meeting.Confidentiality.RESTRICTED,
        status=Meeting.Status.HELD,
        created_by=isu,
        conventions=[register.conventions["ccm"]],
        hosts=[register.delegations["DEU"]],
    )
    approval = services.agenda_item_add(
        meeting=meeting,
        title="Approval of the minutes of 7 December 2016",
        kind=AgendaItem.Kind.APPROVAL_OF_MINUTES,
        approves_minutes_of=december,
    )
    services.decision_add(meeting=meeting, agenda_item=approval, text=APPROVAL_TEXT)
    minutes = services.minutes_start(meeting=meeting)
    item = minutes.items.get(agenda_item=approval)
    services.minutes_item_update(item=item, text=APPROVAL_TEXT, expected_version=item.lock_version, by=isu)

    december_minutes = december.current_minutes
    if december_minutes is not None and december_minutes.status == Minutes.Status.CIRCULATED:
        services.minutes_approve(minutes=december_minutes, at_meeting=meeting, by=isu)

    deadline = today + datetime.timedelta(days=COMMENTS_FOR_DAYS)
    services.minutes_circulate(minutes=minutes, comment_deadline=deadline, by=isu)
    without_notice(minutes, comment_deadline=deadline)
    return meeting, True


def build_upcoming(register: Register, today: datetime.date) -> tuple[Meeting, bool]:
    """A planned CC meeting three weeks ahead, with its preparation tasks: one overdue, two due
    soon, and the Committee's proposed agenda (approval of the January minutes, matters arising
    with the open actions, one item per area), ready for the invitation. It sits in the demo's
    only term, the 7MSP's, so that its Committee (the 7MSP Coordinators and Presidency) is the one
    invited. Dated from the day of the first run; later runs leave it as it is."""
    existing = Meeting.objects.filter(kind=Meeting.Kind.COORDINATION_COMMITTEE, title=UPCOMING_TITLE).first()
    if existing is not None:
        return existing, False
    isu = register.isu
    meeting = create_meeting(
        kind=Meeting.Kind.COORDINATION_COMMITTEE,
        title=UPCOMING_TITLE,
        term=register.terms["7MSP"],
        date=today + datetime.timedelta(days=UPCOMING_IN_DAYS),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 30),
        venue="Geneva (demo)",
        confidentiality=Meeting.Confidentiality.RESTRICTED,
        status=Meeting.Status.PLANNED,
        created_by=isu,
        conventions=[register.conventions["ccm"]],
    )
    tasks = (
        ("ISU-CCM", "laruelle", "(demo) Confirm the meeting room for the next Coordination Committee meeting.", -3),
        ("ISU-CCM", "laruelle", "(demo) Send the invitation and the provisional agenda of the next meeting.", 7),
        ("ITA", "dambrosio", "(demo) Send the Victim Assistance progress update for the next meeting.", 14),
    )
    for owner, person, text, days in tasks:
        services.action_item_create(
            meeting=meeting,
            owner_delegation=register.delegations[owner],
            owner_person=register.people[person],
            text=text,
            due_date=today + datetime.timedelta(days=days),
            by=isu,
        )
    services.agenda_propose(meeting=meeting)
    return meeting, True
