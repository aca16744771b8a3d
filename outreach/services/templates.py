"""Saving a letter template: checked, rendered on trial, and never over someone else's change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import merge
from ..models import LetterTemplate


@transaction.atomic
def template_save(*, template: LetterTemplate, by, lock_version: int | None = None) -> LetterTemplate:
    """Save a template after checking it and rendering it on trial (merge.template_errors);
    refuse if someone saved it meanwhile."""
    errors = [
        error for source in (template.subject, template.body) if source for error in merge.template_errors(source)
    ]
    if errors:
        raise ValidationError(errors)
    check = merge.check_template(template.body)
    if template.kind == LetterTemplate.Kind.PARAGRAPH and "area_paragraphs" in check.used:
        raise ValidationError(_("An area paragraph cannot include {{ area_paragraphs }}."))
    if template.pk:
        current = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        if lock_version is not None and current.lock_version != lock_version:
            raise ValidationError(_("Someone else saved this template meanwhile; reload it and apply your change."))
        template.lock_version = current.lock_version + 1
    template.updated_by = by
    template.save()
    return template
