"""A State's contacts (directory.Contact) as outreach keeps them: adding one (a primary one replaces
the previous primary one of the same purpose), and the e-mail addresses its letters go to."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from directory.models import Contact
from directory.selectors import contact_emails as emails_for


def contact_emails(state) -> list[str]:
    """Where an outreach letter is e-mailed: the State's contacts for correspondence (not finance)."""
    return emails_for(state, Contact.Role.MISSION)


@transaction.atomic
def contact_add(*, state, by, **fields) -> Contact:
    """A channel to the State. A primary contact replaces the previous primary one among the
    contacts serving the same purpose; the first contact for a purpose is its primary one."""
    contact = Contact(state=state, **fields)
    same_purpose = Q(pk__in=[])
    if contact.for_mission:
        same_purpose |= Q(for_mission=True)
    if contact.for_finance:
        same_purpose |= Q(for_finance=True)
    others = Contact.objects.filter(same_purpose, state=state)
    if contact.is_primary:
        others.filter(is_primary=True).update(is_primary=False)
    elif not others.exists():
        contact.is_primary = True
    contact.save()
    return contact
