"""The demo data: the register, the Coordination Committee meeting of 7 December 2016 and its
follow-up, the informal meeting of 9 June 2017 and a planned meeting ahead, recorded as facts
from the seeds and the public record, with summaries in our own words.

`load_demo()` is idempotent: rows are found by their natural keys, existing register rows only
have their empty fields filled, and a meeting that already exists is skipped whole.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from demo.register import PASSWORD, USERS, load_register
from directory.models import Organisation, Person, State
from meetings.models import ActionItem, AgendaItem, Attendance, Meeting, Statement

from . import cc_2016_12_07, followups, informal_2017_06_09, public_summary


@dataclass
class DemoReport:
    meetings_created: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, role)
    password: str = PASSWORD


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> DemoReport:
    """Load (or complete) the demo data in one transaction and report what is there."""
    today = today or timezone.localdate()
    register = load_register()
    december, created_december = cc_2016_12_07.build(register, today)
    informal = informal_2017_06_09.build(register)
    built = [
        (december, created_december),
        followups.build_january(register, december, today),
        informal,
        followups.build_upcoming(register, today),
    ]
    public_summary.build(register, informal[0])
    report = DemoReport(
        meetings_created=[str(meeting) for meeting, created in built if created],
        logins=[(username, group) for username, (_person, group, _staff) in USERS.items()],
    )
    report.counts = {
        "States": State.objects.count(),
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "attendance rows": Attendance.objects.count(),
        "statements": Statement.objects.count(),
        "action items": ActionItem.objects.count(),
    }
    return report
