"""Forms of the summary page: the summary's texts (with its lock version), one entry, the
deadline for participants' input, and the reason for a waiver or a withdrawal; a participant's
comment on a part of the circulated draft (the page of the e-mailed link)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from ..models import PublicSummary, SummaryEntry


class SummaryForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PublicSummary
        fields = ["title", "heading", "introduction", "key_points"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3}), "key_points": forms.Textarea(attrs={"rows": 8})}
        labels = {
            "title": gettext_lazy("Title"),
            "heading": gettext_lazy("Heading"),
            "introduction": gettext_lazy("Introduction"),
            "key_points": gettext_lazy("Key points"),
        }


class EntryForm(forms.ModelForm):
    class Meta:
        model = SummaryEntry
        fields = ["speaker", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"speaker": gettext_lazy("Speaker"), "text": gettext_lazy("Text")}


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=gettext_lazy("Input from participants until"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonParams(forms.Form):
    """The reason posted for waiving a leak finding or withdrawing a summary: no NUL, not too
    long (the service says when it is missing)."""

    reason = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Reason"))


class ReviewCommentForm(forms.Form):
    """A participant's comment on one part of a circulated draft, through the e-mailed link."""

    author_name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
