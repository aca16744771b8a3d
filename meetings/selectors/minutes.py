"""The reads of the minutes page: each item of a version of the minutes with its statements,
decisions, action items and comments, in a fixed number of queries; the attendance. Everything
is read as values, not as model objects, with what the page shows of each row worked out here
(speakers, owners, authors, dates)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import sql
from directory.models import Delegation, Person
from directory.rows import day_label

from ..models import ActionItem, Attendance, Minutes, MinutesComment, MinutesItem, Statement


def _group(rows, key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _statement_rows(minutes_id: int) -> list[dict]:
    """The statements under the agenda items of these minutes as the minutes page shows them
    (who spoke, for whom, what), read in SQL (directory/sql.py): a hundred statements are a
    hundred tuples, not three hundred model objects nor a queryset's compiling."""
    names = ("pk", "agenda_item_id", "delegation_id", "delegation__name", "anonymous_category", "speaker_id",
             "speaker__title", "speaker__first_name", "speaker__last_name", "on_behalf_of", "text")  # fmt: skip
    statement, item = Statement._meta.db_table, MinutesItem._meta.db_table
    delegation, person = Delegation._meta.db_table, Person._meta.db_table
    found = sql.rows(
        "SELECT s.id, s.agenda_item_id, s.delegation_id, d.name, s.anonymous_category, s.speaker_id,"
        f" p.title, p.first_name, p.last_name, s.on_behalf_of, s.text FROM {statement} s"
        f" LEFT JOIN {delegation} d ON d.id = s.delegation_id LEFT JOIN {person} p ON p.id = s.speaker_id"
        f" WHERE s.agenda_item_id IN (SELECT i.agenda_item_id FROM {item} i WHERE i.minutes_id = %s)"
        ' ORDER BY s.agenda_item_id, s."order", s.id',
        minutes_id,
    )
    rows = (dict(zip(names, row, strict=True)) for row in found)
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
            note.append(Person.joined_name(*speaker))
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


def _full_name(row: dict, prefix: str) -> str:
    """Person.full_name from a values row's title, first_name and last_name under prefix."""
    return Person.joined_name(row[f"{prefix}title"], row[f"{prefix}first_name"], row[f"{prefix}last_name"])


def _author_labels(user_ids: set[int]) -> dict[int, str]:
    """{user id: how a comment names its author}: the login's person and their delegation
    ("Name (Delegation)"), or else the login's own name (User.get_full_name or username)."""
    person = "person__"
    rows = (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .values(
            "pk",
            "username",
            "first_name",
            "last_name",
            f"{person}id",
            f"{person}title",
            f"{person}first_name",
            f"{person}last_name",
            f"{person}delegation_id",
            f"{person}delegation__name",
        )
    )
    labels = {}
    for row in rows:
        if row[f"{person}id"] is not None:
            label = _full_name(row, person)
            if row[f"{person}delegation_id"]:
                label = f"{label} ({row[f'{person}delegation__name']})"
        else:
            label = f"{row['first_name']} {row['last_name']}".strip() or row["username"]
        labels[row["pk"]] = label
    return labels


def _comment_rows(item_ids: list[int]) -> list[dict]:
    """The comments on these items of the minutes as the page shows them, read as values; their
    authors' labels read only when there are comments (most versions have none: no join of the
    logins, people and delegations for nothing)."""
    comments = list(
        MinutesComment.objects.filter(item_id__in=item_ids).values(
            "pk", "item_id", "author_id", "text", "created_at", "resolution", "resolution_reason"
        )
    )
    if not comments:
        return comments
    labels = {value: str(label) for value, label in MinutesComment.Resolution.choices}
    authors = _author_labels({comment["author_id"] for comment in comments})
    for comment in comments:
        comment["author_label"] = authors[comment["author_id"]]
        comment["resolution_label"] = labels.get(comment["resolution"], comment["resolution"])
    return comments


def _action_rows(meeting) -> list[dict]:
    """The meeting's action items as the minutes show them (ActionItem.owner_label and
    is_overdue worked out here), read in SQL (directory/sql.py), in their model's order."""
    today = timezone.localdate()
    owner = "owner_person__"
    names = ("pk", "agenda_item_id", "text", "due_date", "status", "owner_person_id", f"{owner}title",
             f"{owner}first_name", f"{owner}last_name", "owner_delegation__name")  # fmt: skip
    action, delegation, person = ActionItem._meta.db_table, Delegation._meta.db_table, Person._meta.db_table
    found = sql.rows(
        "SELECT a.id, a.agenda_item_id, a.text, a.due_date, a.status, a.owner_person_id, p.title, p.first_name,"
        f" p.last_name, d.name FROM {action} a LEFT JOIN {person} p ON p.id = a.owner_person_id"
        f" LEFT JOIN {delegation} d ON d.id = a.owner_delegation_id WHERE a.meeting_id = %s"
        " ORDER BY a.due_date, a.id",
        meeting.pk,
    )
    rows = [dict(zip(names, row, strict=True)) | {"due_date": sql.read_day(row[3])} for row in found]
    return [
        {
            "pk": row["pk"],
            "agenda_item_id": row["agenda_item_id"],
            "text": row["text"],
            "due_date": row["due_date"],
            "due_label": day_label(row["due_date"], "DATE_FORMAT"),  # {{ due_date|date:"DATE_FORMAT" }}
            # str(owner_person), else str(owner_delegation)
            "owner_label": _full_name(row, owner) if row["owner_person_id"] else str(row["owner_delegation__name"]),
            "is_overdue": row["status"] == ActionItem.Status.OPEN
            and row["due_date"] is not None
            and row["due_date"] < today,
        }
        for row in rows
    ]


def minutes_sections(meeting, minutes: Minutes) -> tuple[list[dict], dict]:
    """Each item of these minutes with its statements, decisions, actions and comments,
    in agenda order, read as values in five queries (a sixth for the comments' authors when
    there are comments)."""
    rows = minutes.items.values(
        "pk", "text", "agenda_item_id", "agenda_item__parent_id", "agenda_item__number", "agenda_item__title"
    )
    items = [
        {
            "item": {"pk": row["pk"], "text": row["text"]},
            "agenda": {
                "pk": row["agenda_item_id"],
                "parent_id": row["agenda_item__parent_id"],
                "number": row["agenda_item__number"],
                "title": row["agenda_item__title"],
            },
        }
        for row in rows
    ]
    # AgendaItem.sort_key: the number's parts, in numeric order
    items.sort(key=lambda i: tuple(int(p) for p in i["agenda"]["number"].split(".") if p.isdigit()) or (999,))
    # the statements and comments of the items shown, by their ids (no join of the agenda or the minutes)
    statements = _group(_statement_rows(minutes.pk), "agenda_item_id")
    # in their models' order ("meeting", "pk" and "due_date", "pk"), without joining the meeting
    decisions = _group(meeting.decisions.order_by("pk").values("pk", "agenda_item_id", "text"), "agenda_item_id")
    actions = _group(_action_rows(meeting), "agenda_item_id")
    comments = _group(_comment_rows([item["item"]["pk"] for item in items]), "item_id")
    sections = [
        {
            **item,
            "statements": statements.get(item["agenda"]["pk"], []),
            "decisions": decisions.get(item["agenda"]["pk"], []),
            "actions": actions.get(item["agenda"]["pk"], []),
            "comments": comments.get(item["item"]["pk"], []),
        }
        for item in items
    ]
    shown = {item["agenda"]["pk"] for item in items}
    loose = {
        "decisions": [d for key, rows in decisions.items() if key not in shown for d in rows],
        "actions": [a for key, rows in actions.items() if key not in shown for a in rows],
    }
    return sections, loose
