"""What the finance pages share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_messages(request, error: ValidationError) -> None:
    """Each message of a refused operation, as an error message on the next page."""
    for message in error.messages:
        messages.error(request, message)
