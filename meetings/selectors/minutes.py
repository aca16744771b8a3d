"""The reads of the minutes page: each item of a version of the minutes with its statements,
decisions, action items and comments, in a fixed number of queries; the attendance. What a long
list shows (statements, attendance) is read as values, not as model objects."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Attendance, Minutes, MinutesComment, Statement


def _group(rows, key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key] if isinstance(row, dict) else getattr(row, key), []).append(row)
    return grouped


def _statement_rows(meeting) -> list[dict]:
    """The meeting's statements as the minutes page shows them (who spoke, for whom, what), read
    as values: a hundred statements are a hundred rows, not three hundred model objects."""
    rows = (
        Statement.objects.filter(agenda_item__meeting=meeting)
        .order_by("agenda_item_id", "order", "pk")
        .values(
            "pk",
            "agenda_item_id",
            "delegation_id",
            "delegation__name",
            "anonymous_category",
            "speaker_id",
            "speaker__title",
            "speaker__first_name",
            "speaker__last_name",
            "on_behalf_of",
            "text",
        )
    )
    participant = None
    statements = []
    for row in rows:
        if row["delegation_id"]:
            label = row["delegation__name"]  # str(delegation): Statement.speaker_label
        elif row["anonymous_category"]:
            label = row["anonymous_category"]
        else:
            participant = participant or _("A participant")
            label = participant
        # after the label, in brackets: the speaker (Person.full_name) and for whom they spoke
        note = []
        if row["speaker_id"]:
            speaker = (row["speaker__title"], row["speaker__first_name"], row["speaker__last_name"])
            note.append(" ".join(p for p in speaker if p))
        if row["on_behalf_of"]:
            note.append(_("on behalf of %(who)s") % {"who": row["on_behalf_of"]})
        statements.append(
            {
                "pk": row["pk"],
                "agenda_item_id": row["agenda_item_id"],
                "speaker_label": label,
                "note": ", ".join(note),
                "text": row["text"],
            }
        )
    return statements


def minutes_attendance(meeting) -> list[tuple[str, list[dict]]]:
    """[(delegation, [attendances])] as the minutes page lists them (attendance_by_delegation's
    groups and order), read as values, each status's label resolved once."""
    labels = {value: str(label) for value, label in Attendance.Status.choices}
    person = ("person__title", "person__first_name", "person__last_name")
    rows = meeting.attendances.order_by("order", "pk").values(
        "delegation_id", "delegation__name", "person_id", *person, "capacity", "status"
    )
    groups: dict[int, tuple] = {}
    for row in rows:
        groups.setdefault(row["delegation_id"], (row["delegation__name"], []))[1].append(
            {
                "person_id": row["person_id"],
                # Person.full_name
                "person_name": " ".join(row[f] for f in person if row[f]) if row["person_id"] else "",
                "capacity": row["capacity"],
                "status": row["status"],
                "status_label": labels.get(row["status"], row["status"]),
            }
        )
    return list(groups.values())


def _author_label(user) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return f"{person.full_name} ({person.delegation})" if person.delegation_id else person.full_name
    return user.get_full_name() or user.get_username()


def minutes_sections(meeting, minutes: Minutes) -> tuple[list[dict], dict]:
    """Each item of these minutes with its statements, decisions, actions and comments,
    in agenda order, read in a fixed number of queries."""
    items = sorted(minutes.items.select_related("agenda_item"), key=lambda i: i.agenda_item.sort_key or (999,))
    statements = _group(_statement_rows(meeting), "agenda_item_id")
    # in their models' order ("meeting", "pk" and "due_date", "pk"), without joining the meeting
    decisions = _group(meeting.decisions.order_by("pk").values("pk", "agenda_item_id", "text"), "agenda_item_id")
    actions = _group(
        meeting.action_items.select_related("owner_delegation", "owner_person").order_by("due_date", "pk"),
        "agenda_item_id",
    )
    comments = MinutesComment.objects.filter(item__minutes=minutes).select_related("author__person__delegation")
    for comment in comments:
        comment.author_label = _author_label(comment.author)
    comments = _group(comments, "item_id")
    sections = [
        {
            "item": item,
            "agenda": item.agenda_item,
            "statements": statements.get(item.agenda_item_id, []),
            "decisions": decisions.get(item.agenda_item_id, []),
            "actions": actions.get(item.agenda_item_id, []),
            "comments": comments.get(item.pk, []),
        }
        for item in items
    ]
    shown = {item.agenda_item_id for item in items}
    loose = {
        "decisions": [d for key, rows in decisions.items() if key not in shown for d in rows],
        "actions": [a for key, rows in actions.items() if key not in shown for a in rows],
    }
    return sections, loose
