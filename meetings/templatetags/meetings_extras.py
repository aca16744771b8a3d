"""Template filters for the meetings pages."""

import functools
import threading

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe
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


@register.filter
def meeting_label(meeting) -> str:
    """A meeting named in an e-mail: its title and its date in the active language ('Fourth
    meeting (4 March 2031)', 'Fourth meeting (4 mars 2031)'), where str(meeting) writes the month
    in English."""
    from directory.names import letter_date

    if not meeting:
        return ""
    return f"{meeting.title} ({letter_date(meeting.date)})" if meeting.date else meeting.title
