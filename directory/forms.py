"""The directory's forms: a user's e-mail preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGE_CHOICES


class EmailPreferenceForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly digest"),
        required=False,
        help_text=_(
            "Once a week, an e-mail listing what is due: your and your delegation's action items due within "
            "two weeks or overdue, your plans' outputs at risk or due within a month, and for the ISU what "
            "waits. Nothing due, no e-mail."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The portal's default (English)")), *LANGUAGE_CHOICES],
        required=False,
        help_text=_("The language of the portal's pages and of the e-mails it sends you."),
    )
