"""A user's e-mail preferences page, and the digest's one-click unsubscribe (no login needed)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views

from . import languages, preferences
from .forms import EmailPreferenceForm
from .models import EmailPreference


@login_required
def email_preferences(request):
    """Turn the weekly digest on or off; choose the language of the pages and e-mails."""
    # an unticked box posts nothing: a POST is a POST even when its data is empty
    data = request.POST if request.method == "POST" else None
    chosen = EmailPreference.objects.filter(user=request.user).values_list("language", flat=True).first() or ""
    form = EmailPreferenceForm(
        data, initial={"weekly_digest": preferences.wants_digest(request.user), "language": chosen}
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["weekly_digest"]
        language = form.cleaned_data["language"]
        preferences.email_preference_set(user=request.user, weekly_digest=wanted, language=language)
        language = language or languages.default_language()
        translation.activate(language)  # the confirmation, in the language just chosen
        messages.success(
            request,
            _("You will receive the weekly digest.") if wanted else _("You will no longer receive the weekly digest."),
        )
        return language_cookie_set(redirect("email-preferences"), language)
    return render(request, "directory/email_preferences.html", {"form": form})


def language_cookie_set(response, language: str):
    """The response, carrying the language cookie LocaleMiddleware reads (as Django's
    set_language sets it)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def set_language(request):
    """Django's set_language (the language switcher posts to it; its URL name stays
    "set_language"), which also remembers the choice of a logged-in user (EmailPreference.language):
    their e-mails come in it, and their pages after they log in on another browser."""
    response = i18n_views.set_language(request)
    language = request.POST.get(i18n_views.LANGUAGE_QUERY_PARAMETER, "") if request.method == "POST" else ""
    if request.user.is_authenticated and languages.known(language) and check_for_language(language):
        preferences.email_preference_set(user=request.user, language=languages.known(language))
    return response


def digest_unsubscribe(request, token):
    """The link in the digest: a page that asks, a POST that turns the digest off. A token that is
    not one the portal signed (altered, truncated, made for something else) changes nothing."""
    user = preferences.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "directory/digest_unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        preferences.email_preference_set(user=user, weekly_digest=False)
        done = True
    return render(request, "directory/digest_unsubscribe.html", {"done": done, "address": _masked(user.email)})


def _masked(address: str) -> str:
    """The address the digest goes to, shown without giving it away to whoever holds the link:
    its first letter and its domain (j…@example.org)."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"
