"""The answer of a delegation to the invitation of a meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RSVP


class RSVPForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your delegation's answer"), choices=RSVP.Answer.choices, widget=forms.RadioSelect
    )
    names = forms.CharField(
        label=_("Who will attend"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line."),
    )
