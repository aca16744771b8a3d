"""Forms of the minutes pages: an item's text, statements, decisions, action items taken at the
meeting, circulation, comments and their settlement, approval, correction, and the page's
query parameters."""

from __future__ import annotations

import datetime

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation
from documents.params import IdField

from ..models import AgendaItem, Meeting, MinutesComment
from ..services.minutes import approving_meetings
from .base import CrispyMixin, date_widget, people, person_label

# --- minutes ---------------------------------------------------------------------------------


class MinutesItemForm(CrispyMixin, forms.Form):
    text = forms.CharField(
        label=_("Minutes text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=_("Blank line between paragraphs; **bold**, *italics*, lists with '-'."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


def _strip_on_behalf(value: str) -> str:
    value = value.strip()
    prefix = "on behalf of "
    return value[len(prefix) :].strip() if value.lower().startswith(prefix) else value


class StatementForm(CrispyMixin, forms.Form):
    delegation = forms.ModelChoiceField(label=_("Delegation"), required=False, queryset=Delegation.objects.all())
    speaker = forms.ModelChoiceField(label=_("Speaker"), required=False, queryset=people())
    on_behalf_of = forms.CharField(
        label=_("On behalf of"),
        required=False,
        max_length=300,
        help_text=_("e.g. the Coordinators on Victim Assistance"),
    )
    anonymous_category = forms.CharField(
        label=_("Or, without attribution, the speaker's category"),
        required=False,
        max_length=120,
        help_text=_("e.g. A donor/partner State"),
    )
    text = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].label_from_instance = person_label
        self.helper = self._helper(
            Layout(
                Row(Column("delegation", css_class="col-md-6"), Column("speaker", css_class="col-md-6")),
                Row(
                    Column("on_behalf_of", css_class="col-md-6"),
                    Column("anonymous_category", css_class="col-md-6"),
                ),
                "text",
            )
        )

    def clean_on_behalf_of(self):
        return _strip_on_behalf(self.cleaned_data["on_behalf_of"])

    def clean(self):
        data = super().clean()
        speaker, delegation = data.get("speaker"), data.get("delegation")
        if speaker is not None and delegation is None:
            data["delegation"] = delegation = speaker.delegation
        if speaker is not None and delegation is not None and speaker.delegation_id != delegation.pk:
            self.add_error("speaker", _("%(person)s is not in this delegation.") % {"person": speaker.full_name})
        if delegation is None and not data.get("anonymous_category", "").strip():
            self.add_error("delegation", _("Say which delegation spoke, or give the speaker's category."))
        return data


class _MeetingItemForm(CrispyMixin, forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), required=False, queryset=AgendaItem.objects.none(), empty_label="—"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("number")


class DecisionForm(_MeetingItemForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper(Layout("agenda_item", "text"))


class ActionItemForm(_MeetingItemForm):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_delegation = forms.ModelChoiceField(
        label=_("Owner (delegation)"), required=False, queryset=Delegation.objects.all()
    )
    owner_person = forms.ModelChoiceField(label=_("Owner (person)"), required=False, queryset=people())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=date_widget())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].label_from_instance = person_label
        self.helper = self._helper(
            Layout(
                "agenda_item",
                "text",
                Row(
                    Column("owner_delegation", css_class="col-md-4"),
                    Column("owner_person", css_class="col-md-5"),
                    Column("due_date", css_class="col-md-3"),
                ),
            )
        )

    def clean(self):
        data = super().clean()
        if not data.get("owner_delegation") and not data.get("owner_person"):
            self.add_error("owner_delegation", _("An action item needs an owner: a delegation or a person."))
        return data


class CirculateForm(CrispyMixin, forms.Form):
    comment_deadline = forms.DateField(label=_("Comments due by"), widget=date_widget())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment_deadline"].initial = timezone.localdate() + datetime.timedelta(days=14)
        self.helper = self._helper()


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=5000,
    )


class SettleCommentForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Settle"),
        choices=[
            (MinutesComment.Resolution.TAKEN_IN, _("Taken in")),
            (MinutesComment.Resolution.DECLINED, _("Declined")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (required when declined)"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("resolution") == MinutesComment.Resolution.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the comment is declined."))
        return data


class ApproveForm(CrispyMixin, forms.Form):
    at_meeting = forms.ModelChoiceField(label=_("Approved at the meeting of"), queryset=Meeting.objects.none())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = approving_meetings(meeting)  # Committee meetings held after it, up to today (the service's rule)
        self.fields["at_meeting"].queryset = eligible
        self.has_choices = eligible.exists()
        approving = eligible.filter(agenda_items__approves_minutes_of=meeting).first() or eligible.first()
        if approving is not None and not self.initial.get("at_meeting"):
            self.fields["at_meeting"].initial = approving.pk
        self.helper = self._helper()


class CorrectForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


class MinutesParams(forms.Form):
    """?version= on the minutes (the latest if absent), ?item= preselecting an agenda item,
    ?comment= the comment being settled while an item's text is edited."""

    version = forms.IntegerField(required=False, min_value=1, max_value=32767, label=_("Version"))
    item = IdField(label=_("Agenda item"))
    comment = IdField(label=_("Comment"))


class RedlineParams(forms.Form):
    """?a= and ?b=: the two versions of the minutes compared (by default the one before the latest
    against the latest)."""

    a = forms.IntegerField(required=False, min_value=1, max_value=32767, label=_("Version A"))
    b = forms.IntegerField(required=False, min_value=1, max_value=32767, label=_("Version B"))
