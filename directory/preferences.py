"""Each portal user's e-mail preferences: the weekly digest (ccm_portal/digest.py) goes to every
active user with an e-mail address unless they turned it off, on their "E-mail preferences" page or
through the one-click link in the digest itself.

The link carries a signed token naming the user (no login needed, no expiry: an unsubscribe link
must keep working in an old e-mail). The signature is the whole protection: a token altered in any
way is refused, and the worst a leaked one does is stop that user's digest.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet

from . import languages
from .models import EmailPreference

UNSUBSCRIBE_SALT = "directory.digest-unsubscribe"


def wants_digest(user) -> bool:
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or preference.weekly_digest


def digest_recipients() -> QuerySet:
    """The users the weekly digest is written for: active, with an e-mail address, not opted out."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(email_preference__weekly_digest=False)
        .order_by("pk")
    )


@transaction.atomic
def email_preference_set(*, user, weekly_digest: bool | None = None, language: str | None = None) -> EmailPreference:
    """Turn the user's weekly digest on or off, and/or set their language ("" for the portal's
    default; a code the portal does not speak is ignored). None leaves that preference as it is."""
    preference, _created = EmailPreference.objects.select_for_update().get_or_create(user=user)
    changed = []
    if weekly_digest is not None and preference.weekly_digest != weekly_digest:
        preference.weekly_digest = weekly_digest
        changed.append("weekly_digest")
    if language is not None and (language == "" or languages.known(language)):
        language = languages.known(language)
        if preference.language != language:
            preference.language = language
            changed.append("language")
    if changed:
        preference.save(update_fields=[*changed, "updated_at"])
    return preference


def unsubscribe_token(user) -> str:
    """The token of the digest's one-click unsubscribe link for this user."""
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str):
    """The active user a token was made for, or None for a token altered, made for something else
    or naming nobody."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    pk = payload.get("user") if isinstance(payload, dict) else None
    if not isinstance(pk, int):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
