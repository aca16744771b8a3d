"""The reads of the comparisons: two versions of the minutes item by item, an item's history
edit by edit, and the open comments beside an item being edited."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Minutes, MinutesComment, MinutesItem
from ..redline import redline


def _normal(text: str | None) -> str:
    """A text as compared: line breaks typed in a browser (CRLF) are line breaks."""
    return (text or "").replace("\r\n", "\n")


def comparable_versions(meeting, user) -> list[Minutes]:
    """The versions of a meeting's minutes this user may read, newest first: every version for
    ISU staff, circulated and later ones for the other Committee members (Minutes.visible_to)."""
    return list(meeting.minutes.visible_to(user).order_by("-version"))


def chosen_versions(versions: list[Minutes], a: int | None, b: int | None) -> tuple[Minutes | None, Minutes | None]:
    """Versions A and B of the comparison: by default the one before B against B, B being the
    latest the user may read. A version the user may not read is answered like one that does not
    exist (404), as on the minutes page."""
    by_number = {m.version: m for m in versions}
    for wanted in (a, b):
        if wanted is not None and wanted not in by_number:
            raise Http404(_("No such version of these minutes."))
    newer = by_number[b] if b is not None else (versions[0] if versions else None)
    if a is not None:
        return by_number[a], newer
    others = [m for m in versions if m != newer]
    if newer is None or not others:
        return None, newer
    return next((m for m in others if m.version < newer.version), others[0]), newer


def corrected_version(minutes: Minutes, versions: list[Minutes]) -> Minutes | None:
    """The version a correction corrects (the approved one it was opened from: the version before
    it), if this user may read it; None for minutes that are no correction."""
    if not minutes.correction_reason:
        return None
    return next((m for m in versions if m.version == minutes.version - 1), None)


def minutes_redline(older: Minutes, newer: Minutes) -> list[dict]:
    """Each agenda item of either version, in agenda order, with its text compared word by word
    (what `older` has and `newer` has not in <del>, the reverse in <ins>; "older" is version A,
    whichever of the two the reader chose first). One query."""
    texts = {}
    for item in MinutesItem.objects.filter(minutes__in=[older, newer]).select_related("agenda_item"):
        texts.setdefault(item.agenda_item_id, {"agenda": item.agenda_item})[item.minutes_id] = item.text
    rows = []
    for entry in sorted(texts.values(), key=lambda e: e["agenda"].sort_key or (999,)):
        old, new = entry.get(older.pk), entry.get(newer.pk)
        rows.append(
            {
                "agenda": entry["agenda"],
                "changed": _normal(old) != _normal(new),
                "only": "old" if new is None else ("new" if old is None else ""),
                "html": redline(old or "", new or ""),
            }
        )
    if _normal(older.documents_distributed) != _normal(newer.documents_distributed):
        rows.append(
            {
                "agenda": None,
                "changed": True,
                "only": "",
                "html": redline(older.documents_distributed, newer.documents_distributed),
            }
        )
    return rows


def item_history(item: MinutesItem) -> list:
    """The saved states of an item's text, newest first, each with `previous_redline`: what its
    save changed from the state before it (None when the text did not change). The first state of
    a correction's item is compared with the text of the version it corrects (it starts as a copy
    of it); the first state of anything else has nothing before it."""
    history = list(item.history.select_related("history_user").order_by("-history_date", "-history_id"))
    before = [h.text for h in history[1:]]
    if item.minutes.correction_reason:
        before.append(
            MinutesItem.objects.filter(
                minutes__meeting_id=item.minutes.meeting_id,
                minutes__version=item.minutes.version - 1,
                agenda_item_id=item.agenda_item_id,
            )
            .values_list("text", flat=True)
            .first()
        )
    for index, current in enumerate(history):
        previous = before[index] if index < len(before) else None
        changed = previous is not None and _normal(current.text) != _normal(previous)
        current.previous_redline = redline(previous, current.text or "") if changed else None
    return history


def open_comments(item: MinutesItem) -> list[MinutesComment]:
    """The comments on this item still to be settled, oldest first, each with its author's name
    and delegation (`author_name`, `delegation`)."""
    comments = list(
        item.comments.filter(resolution=MinutesComment.Resolution.PENDING)
        .select_related("author__person__delegation")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        person = getattr(comment.author, "person", None)
        comment.author_name = (
            person.full_name if person is not None else comment.author.get_full_name() or comment.author.get_username()
        )
        comment.delegation = person.delegation if person is not None and person.delegation_id else None
    return comments
