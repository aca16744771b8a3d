"""What the demo builders share: the register they build on and a non-destructive upsert."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from directory.models import Convention, Delegation, Person, State, Term, ThematicArea
from meetings.models import Meeting, Minutes

# Where the CC met under the German Presidency (its Permanent Mission in Geneva).
GERMAN_MISSION = "Permanent Mission of the Federal Republic of Germany"


@dataclass
class Register:
    """The rows the meetings point at, by the short keys the demo data uses."""

    conventions: dict[str, Convention] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)  # by ISO3
    delegations: dict[str, Delegation] = field(default_factory=dict)  # by ISO3 or acronym
    people: dict[str, Person] = field(default_factory=dict)  # by a short key: "biontino"
    areas: dict[str, ThematicArea] = field(default_factory=dict)  # by slug
    terms: dict[str, Term] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # by username

    @property
    def isu(self) -> User:
        return self.users["isu"]


def ensure(model: type[models.Model], lookup: dict, values: dict | None = None) -> models.Model:
    """The row matching `lookup`, created with `values` when missing. On an existing row only
    empty fields are filled: what the ISU corrected since is kept, and a second run changes nothing."""
    values = values or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    missing = {k: v for k, v in values.items() if getattr(obj, k) in ("", None) and v not in ("", None)}
    if missing:
        for attribute, value in missing.items():
            setattr(obj, attribute, value)
        obj.save(update_fields=list(missing))
    return obj


def create_meeting(*, conventions, hosts=(), **fields) -> Meeting:
    """A meeting as the ISU enters it (the portal's form does the same: no service writes meetings)."""
    meeting = Meeting(**fields)
    meeting.full_clean(exclude=["conventions", "hosts"])
    meeting.save()
    meeting.conventions.set(conventions)
    meeting.hosts.set(hosts)
    return meeting


def without_notice(minutes: Minutes, *, comment_deadline: datetime.date | None) -> None:
    """The loader records a circulation; it e-mails nobody. Marking the notice as handled makes
    the notice task (queued by minutes_circulate) a no-op, whether it runs eagerly or on a worker."""
    Minutes.objects.filter(pk=minutes.pk).update(
        circulation_notice_sent_at=timezone.now(), comment_deadline=comment_deadline
    )
