"""Template filters for the meetings pages."""

import functools
import threading
from html import escape

import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

register = template.Library()

# Minutes are text, tables and links: no images (they would fetch from elsewhere), no raw HTML
# beyond what Markdown itself produces.
_ALLOWED_TAGS = nh3.ALLOWED_TAGS - {"img"}
_local = threading.local()


def _markdown() -> markdown_lib.Markdown:
    """One Markdown converter per thread, reset between texts: building one costs more than
    converting a paragraph (a summary page converts a hundred)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return converter


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> str:
    """The sanitised HTML of a text: a pure function of the text, so it is kept for the texts
    shown most (published summaries and approved minutes do not change)."""
    return nh3.clean(_markdown().reset().convert(text), tags=_ALLOWED_TAGS)


@register.filter
def markdown_safe(text: str) -> str:
    """Render Markdown and sanitise the HTML, so minutes text can never inject markup."""
    if not text:
        return ""
    # nh3 has just removed anything unsafe, so the result may be marked safe.
    return mark_safe(_render(str(text)))


# The speakers of the portal's own categories (meetings.models.summary.DEFAULT_CATEGORIES), as a
# summary stores them in English: shown in the reader's language. A category the ISU named itself
# is shown as written.
SPEAKER_PHRASES = {
    "An affected State": gettext_lazy("An affected State"),
    "A donor/partner State": gettext_lazy("A donor/partner State"),
    "A State with an impending deadline under the Convention": gettext_lazy(
        "A State with an impending deadline under the Convention"
    ),
    "A State not party to the Convention": gettext_lazy("A State not party to the Convention"),
    "The ISU": gettext_lazy("The ISU"),
    "An organisation": gettext_lazy("An organisation"),
}


@register.filter
def speaker_phrase(speaker: str) -> str:
    """'An affected State' → 'Un État touché' in French (once translated); other speakers as they are."""
    phrase = SPEAKER_PHRASES.get(str(speaker or ""))
    return str(phrase) if phrase is not None else speaker


@register.simple_tag
def status_colour(status: str, kind: str = "") -> str:
    """The Bootstrap colour of a status badge, shared by meetings, minutes and action items."""
    if kind == "confidentiality":
        return {"open": "success", "restricted": "warning", "chatham": "danger"}.get(status, "secondary")
    return {
        "planned": "primary",
        "held": "secondary",
        "cancelled": "dark",
        "draft": "warning",
        "circulated": "info",
        "approved": "success",
        "superseded": "secondary",
        "open": "primary",
        "done": "success",
        "dropped": "secondary",
        "pending": "warning",
        "taken_in": "success",
        "declined": "secondary",
        "present": "success",
        "remote": "info",
        "apologies": "warning",
        "absent": "secondary",
    }.get(status, "secondary")


@register.simple_tag
def attendance_lines(attendance: list[tuple[str, list[dict]]], the_delegation: str) -> SafeString:
    """Who attended, one line per delegation, on the minutes page (meetings.selectors.
    minutes_attendance): each person, or the_delegation (translated by the template) for the
    delegation as such, their capacity, and a badge when not present. Built here rather than in
    template loops over thirty rows, every text escaped (html.escape, what django.utils.html.escape
    calls)."""
    the_delegation = conditional_escape(the_delegation)
    lines = []
    for delegation, rows in attendance:
        parts = []
        for row in rows:
            part = escape(row["person_name"]) if row["person_id"] else the_delegation
            if row["capacity"]:
                part += f" ({escape(row['capacity'])})"
            if row["status"] != "present":
                colour = status_colour(row["status"])
                part += f' <span class="badge text-bg-{colour}">{escape(row["status_label"])}</span>'
            parts.append(part)
        # indented as the template's loop wrote it (tests read the lines)
        people = "; ".join(parts)
        lines.append(f'<p class="mb-1"><strong>{escape(str(delegation))}</strong>:\n{" " * 14}{people}\n{" " * 12}</p>')
    return mark_safe(f"\n{' ' * 12}".join(lines))  # noqa: S308 - each text escaped above


@register.filter
def meeting_label(meeting) -> str:
    """A meeting named in an e-mail: its title and its date in the active language ('Fourth
    meeting (4 March 2031)', 'Fourth meeting (4 mars 2031)'), where str(meeting) writes the month
    in English."""
    from directory.names import letter_date

    if not meeting:
        return ""
    return f"{meeting.title} ({letter_date(meeting.date)})" if meeting.date else meeting.title
