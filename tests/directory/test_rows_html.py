"""directory.rows.html_row and html_join: the rows pages make by the dozen, escaped as format_html
and format_html_join escape (the expected HTML is written out here)."""

import datetime

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from directory.rows import html_join, html_row


class Marked:
    """Something that renders itself as HTML (as a form's field or a SafeString does)."""

    def __html__(self):
        return "<b>own</b>"


def test_every_kind_of_value_is_escaped_once_and_safe_html_kept():
    row = html_row(
        '<td><a href="{}">{}</a> {} {} {} {} {}</td>',
        "/letters/7/?a=1&b=2",
        'O\'Brien & "Sons" <script>',
        mark_safe("<em>kept</em>"),
        42,
        None,
        datetime.date(2026, 11, 30),
        Marked(),
    )
    assert row == (
        '<td><a href="/letters/7/?a=1&amp;b=2">O&#x27;Brien &amp; &quot;Sons&quot; &lt;script&gt;</a>'
        " <em>kept</em> 42 None 2026-11-30 <b>own</b></td>"
    )
    assert isinstance(row, SafeString)
    # a row put in another row is not escaped twice
    assert html_row("<tr>{}</tr>", row).startswith('<tr><td><a href="/letters/7/?a=1&amp;b=2">')


def test_a_lazy_text_is_given_in_the_active_language_and_escaped():
    label = gettext_lazy("Action plans")
    with override("fr"):
        assert html_row("<span>{}</span>", label) == "<span>Plans d&#x27;action</span>"
    assert html_row("<span>{}</span>", label) == "<span>Action plans</span>"


def test_rows_joined_with_an_escaped_separator():
    rows = [("Victim assistance", "2026-2027", "<new>"), ("Clearance & risk", "2026-2027", "deadline")]
    joined = html_join("; ", "{} ({}, {})", rows)
    assert joined == "Victim assistance (2026-2027, &lt;new&gt;); Clearance &amp; risk (2026-2027, deadline)"
    assert html_join(" & ", "{}", [("a",), ("b",)]) == "a &amp; b"
    assert html_join(mark_safe("<br>"), "{}", [("a",), ("<b>",)]) == "a<br>&lt;b&gt;"
    assert html_join("", "{}", []) == "" and isinstance(html_join("", "{}", []), SafeString)
