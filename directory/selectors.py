"""Who sees which State's profile: the loader the directory pages use (a State a user may not see
answers 404, exactly like a State that does not exist); and whom to write to at a State: its
contacts for a purpose (Contact.Role), the one whose address is printed, their e-mail addresses."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import languages, roles
from .models import Contact, EmailPreference, State


def states_visible_to(user):
    """The States this user may see; 404 when they may see none (the list is not theirs)."""
    if not (roles.is_committee_member(user) or roles.state_of(user) is not None):
        raise Http404
    return State.objects.visible_to(user)


def state_for(user, iso3: str, *, queryset=None) -> State:
    """The State with this ISO code, if this user may see it (404 otherwise, whether it exists or not)."""
    queryset = queryset if queryset is not None else State.objects.all()
    return get_object_or_404(queryset.visible_to(user), iso3=str(iso3).upper())


_ROLE_FLAG = {Contact.Role.MISSION: "for_mission", Contact.Role.FINANCE: "for_finance"}


def _serving(role: str) -> dict:
    return {_ROLE_FLAG[Contact.Role(role)]: True}


def contacts_for(state: State, role: str) -> QuerySet[Contact]:
    """The State's contacts for a purpose, the primary one first. Finance falls back to the mission
    contacts when the State has no finance contact at all (one with no e-mail address still counts:
    the ISU chose where the invoices go)."""
    contacts = Contact.objects.filter(state=state, **_serving(role)).order_by("-is_primary", "kind", "pk")
    if role == Contact.Role.FINANCE and not contacts.exists():
        return contacts_for(state, Contact.Role.MISSION)
    return contacts


def postal_contact(state: State, role: str) -> Contact | None:
    """The contact whose addressee and address are printed on a letter for that purpose (None: none)."""
    return contacts_for(state, role).first()


def contact_emails(state: State, role: str) -> list[str]:
    """The e-mail addresses of the State's contacts for that purpose (with the finance fallback)."""
    return sorted(set(contacts_for(state, role).exclude(email="").values_list("email", flat=True)))


def states_without_email(states: Iterable[State], role: str) -> list[State]:
    """The States, among those given, that contact_emails would find no address for (by name)."""
    with_email = Contact.objects.filter(state=OuterRef("pk")).exclude(email="")
    reachable = Exists(with_email.filter(**_serving(role)))
    if role == Contact.Role.FINANCE:
        no_finance_contact = ~Exists(Contact.objects.filter(state=OuterRef("pk"), for_finance=True))
        reachable = reachable | (no_finance_contact & Exists(with_email.filter(for_mission=True)))
    pks = [state.pk for state in states]
    return list(State.objects.filter(pk__in=pks).exclude(reachable).order_by("name"))


# ---------------------------------------------------------------- the reader's language


def language_for_user(user) -> str:
    """The language a portal user reads the portal and its e-mails in: their choice
    (EmailPreference.language), else the portal's default."""
    if user is None or not getattr(user, "pk", None):
        return languages.default_language()
    chosen = EmailPreference.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return languages.known(chosen) or languages.default_language()


def languages_for_addresses(addresses: Iterable[str]) -> dict[str, str]:
    """The language each address is written to in, keyed by the address in lower case: a portal
    user's choice (EmailPreference.language) first; else, for a State's contact, the State's
    language of correspondence; else the portal's default. Two queries."""
    keys = {address.strip().lower() for address in addresses if address and address.strip()}
    found = dict.fromkeys(keys, "")
    if not keys:
        return {}
    chosen = (
        get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=keys)
        .exclude(email_preference__language="")
        .exclude(email_preference__isnull=True)
        .values_list("email_lower", "email_preference__language")
    )
    for address, language in chosen:
        found[address] = languages.known(language)
    contacts = (
        Contact.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[key for key, language in found.items() if not language])
        .order_by("pk")
        .values_list("email_lower", "state__language")
    )
    for address, language in contacts:
        found[address] = found[address] or languages.known(language)
    default = languages.default_language()
    return {address: language or default for address, language in found.items()}


def addresses_by_language(addresses: Iterable[str]) -> dict[str, list[str]]:
    """The addresses grouped by the language each is written to in (languages_for_addresses), in
    the order given; the portal's default language first."""
    addresses = [address for address in addresses if address and address.strip()]
    spoken = languages_for_addresses(addresses)
    grouped: dict[str, list[str]] = {}
    for address in addresses:
        grouped.setdefault(spoken[address.strip().lower()], []).append(address)
    default = languages.default_language()
    return dict(sorted(grouped.items(), key=lambda item: (item[0] != default, item[0])))
