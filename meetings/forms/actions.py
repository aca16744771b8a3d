"""Forms of the action items pages: editing one (with its lock version) and the list's filters."""

from __future__ import annotations

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation

from ..models import ActionItem
from .base import CrispyMixin, date_widget, people, person_label, small_widgets


class ActionItemEditForm(CrispyMixin, forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ActionItem
        fields = ["text", "agenda_item", "owner_delegation", "owner_person", "due_date", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_date": date_widget()}
        labels = {
            "text": _("Text"),
            "agenda_item": _("Agenda item"),
            "owner_delegation": _("Owner delegation"),
            "owner_person": _("Owner person"),
            "due_date": _("Due date"),
            "status": _("Status"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        self.fields["agenda_item"].queryset = self.instance.meeting.agenda_items.order_by("number")
        self.fields["owner_person"].queryset = people()
        self.fields["owner_person"].label_from_instance = person_label
        self.helper = self._helper(
            Layout(
                "text",
                "agenda_item",
                Row(
                    Column("owner_delegation", css_class="col-md-4"),
                    Column("owner_person", css_class="col-md-4"),
                    Column("due_date", css_class="col-md-2"),
                    Column("status", css_class="col-md-2"),
                ),
                "lock_version",
            )
        )


class ActionFilterForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Delegation.objects.all(), empty_label=_("All owners")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ActionItem.Status.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_widgets(self)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("owner"):
            owner = data["owner"]
            queryset = queryset.filter(
                Q(owner_delegation=owner) | Q(owner_delegation__isnull=True, owner_person__delegation=owner)
            )
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("overdue"):
            queryset = queryset.overdue()
        return queryset


class ActionDoneForm(forms.Form):
    """Marking one's own action item done, with an optional word on how."""

    comment = forms.CharField(label=_("Comment (optional)"), max_length=100, required=False)
