"""The page of the link e-mailed to a participating delegation: the circulated draft summary,
read-only, with a comment form per part (introduction, key points, each lettered paragraph)
until the end of the deadline's day in Geneva.

No login: the signed link is the only key (meetings.selectors.summary_review). Without a valid
one the page says why and shows nothing of the draft (403 for a link that is not ours, 410 for
one that no longer opens it). Never cached, never indexed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..forms import ReviewCommentForm
from ..models import SummaryComment
from ..selectors import ReviewRefused, review_for, summary_comments_by_part, summary_sections
from ..services import summary_comments


def _refused(request, refusal: ReviewRefused):
    response = render(request, "meetings/summary_review_refused.html", {"message": str(refusal)}, status=refusal.status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _parts(summary) -> dict[str, tuple[str, str, object]]:
    """The parts a participant may comment on, by key: (part, label, entry)."""
    parts: dict[str, tuple[str, str, object]] = {}
    if summary.introduction.strip():
        parts["introduction"] = (SummaryComment.Part.INTRODUCTION, _("the introduction"), None)
    if summary.key_points.strip():
        parts["key_points"] = (SummaryComment.Part.KEY_POINTS, _("the key points"), None)
    for entry in summary.entries.all():
        parts[f"entry-{entry.pk}"] = (SummaryComment.Part.ENTRY, f"{entry.letter})", entry)
    return parts


def _row(entry, forms, comments) -> tuple:
    key = f"entry-{entry.pk}"
    return entry, key, f"{entry.letter})", forms[key], comments.get(key, [])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def summary_review(request, token):
    try:
        review = review_for(token)
    except ReviewRefused as refusal:
        return _refused(request, refusal)
    summary, delegation = review.summary, review.delegation
    parts = _parts(summary)
    bound_key, bound_form = "", None
    if request.method == "POST":
        bound_key = request.POST.get("part", "")
        if bound_key not in parts:
            messages.error(request, _("Choose the part of the summary your comment is about; nothing was saved."))
            return redirect(request.path)
        part, label, entry = parts[bound_key]
        bound_form = ReviewCommentForm(request.POST, prefix=bound_key)
        if bound_form.is_valid():
            try:
                summary_comments.summary_comment_add(
                    summary=summary,
                    delegation=delegation,
                    circulation=summary.circulation,
                    part=part,
                    entry=entry,
                    author_name=bound_form.cleaned_data["author_name"],
                    text=bound_form.cleaned_data["text"],
                )
            except ValidationError as error:
                bound_form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your comment on %(part)s was received.") % {"part": label})
                return redirect(f"{request.path}#{bound_key}")
    comments = summary_comments_by_part(summary, delegation=delegation)
    earlier = [comment for part_comments in comments.values() for comment in part_comments]
    last_name = max(earlier, key=lambda c: (c.created_at, c.pk)).author_name if earlier else ""
    forms = {
        key: bound_form if key == bound_key else ReviewCommentForm(prefix=key, initial={"author_name": last_name})
        for key in parts
    }
    sections = [
        (heading, [_row(entry, forms, comments) for entry in entries]) for heading, entries in summary_sections(summary)
    ]
    context = {
        "summary": summary,
        "delegation": delegation,
        "closes_at": review.closes_at,
        "sections": sections,
        "introduction_form": forms.get("introduction"),
        "introduction_comments": comments.get("introduction", []),
        "key_points_form": forms.get("key_points"),
        "key_points_comments": comments.get("key_points", []),
        "open_key": bound_key,
    }
    status = 400 if bound_form is not None and bound_form.errors else 200
    response = render(request, "meetings/summary_review.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
