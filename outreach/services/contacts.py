"""A State's contacts: adding one (a primary one replaces the previous primary), their e-mail addresses."""

from __future__ import annotations

from django.db import transaction

from ..models import Contact


def contact_emails(state) -> list[str]:
    return sorted({c.email for c in state.outreach_contacts.all() if c.email})


@transaction.atomic
def contact_add(*, state, by, **fields) -> Contact:
    """A channel to the State; a primary contact replaces the previous primary one."""
    if fields.get("is_primary"):
        state.outreach_contacts.filter(is_primary=True).update(is_primary=False)
    elif not state.outreach_contacts.exists():
        fields["is_primary"] = True
    return Contact.objects.create(state=state, **fields)
