"""Hardening of one Django edge case found by the form fuzzer (tests/security/test_fuzz_forms.py).

A multiple-choice field over model rows (ModelMultipleChoiceField: a meeting's conventions, an
agenda item's presenters, the admin's many-to-many fields...) posted with an integer id beyond
64 bits made SQLite raise OverflowError in the `pk__in` query: a server error instead of a form
message. Such a value is now refused like any other unknown choice. (PostgreSQL compares it as a
number and finds nothing; the form then says so already.)
"""

from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField

_INSTALLED = False


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    original = ModelMultipleChoiceField._check_values

    def _check_values(self, value):
        try:
            return original(self, value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            ) from None

    ModelMultipleChoiceField._check_values = _check_values
    _INSTALLED = True
