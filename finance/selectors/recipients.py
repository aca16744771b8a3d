"""Whom the finance letters go to: the State's finance contacts (directory.Contact with
for_finance), or its contacts for correspondence when it has no finance contact. Never a portal
user nor a person of its delegation: a Coordinator's or a focal point's account is not the State's
treasury. `states_without_address` lists, before a reminder round, the States it would not reach."""

from __future__ import annotations

from collections.abc import Iterable

from directory.models import Contact, State
from directory.selectors import contact_emails, postal_contact, states_without_email

FINANCE = Contact.Role.FINANCE


def finance_emails(state: State) -> list[str]:
    """The e-mail addresses a reminder (or an invoice) to this State goes to; empty: none on record."""
    return contact_emails(state, FINANCE)


def finance_contact(state: State) -> Contact | None:
    """The contact whose addressee and postal address the joint letter and the reminder print."""
    return postal_contact(state, FINANCE)


def states_without_address(states: Iterable[State]) -> list[State]:
    """The States, among those given, that have no e-mail address on record for finance (by name):
    their reminders would wait in the portal, to be sent another way."""
    return states_without_email(states, FINANCE)
