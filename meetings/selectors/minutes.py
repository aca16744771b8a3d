"""The reads of the minutes page: each item of a version of the minutes with its statements,
decisions, action items and comments, in a fixed number of queries."""

from __future__ import annotations

from ..models import Minutes, MinutesComment, Statement


def _group(rows, key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def _author_label(user) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return f"{person.full_name} ({person.delegation})" if person.delegation_id else person.full_name
    return user.get_full_name() or user.get_username()


def minutes_sections(meeting, minutes: Minutes) -> tuple[list[dict], dict]:
    """Each item of these minutes with its statements, decisions, actions and comments,
    in agenda order, read in a fixed number of queries."""
    items = sorted(
        minutes.items.select_related("agenda_item", "updated_by"), key=lambda i: i.agenda_item.sort_key or (999,)
    )
    statements = _group(
        Statement.objects.filter(agenda_item__meeting=meeting).select_related("delegation", "speaker"),
        "agenda_item_id",
    )
    decisions = _group(meeting.decisions.all(), "agenda_item_id")
    actions = _group(meeting.action_items.with_related(), "agenda_item_id")
    comments = MinutesComment.objects.filter(item__minutes=minutes).select_related(
        "author__person__delegation", "resolved_by"
    )
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
