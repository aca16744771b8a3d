"""A user's e-mail preferences page, and the digest's one-click unsubscribe (no login needed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import preferences
from .forms import EmailPreferenceForm


@login_required
def email_preferences(request):
    """Turn the weekly digest on or off."""
    # an unticked box posts nothing: a POST is a POST even when its data is empty
    data = request.POST if request.method == "POST" else None
    form = EmailPreferenceForm(data, initial={"weekly_digest": preferences.wants_digest(request.user)})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["weekly_digest"]
        preferences.email_preference_set(user=request.user, weekly_digest=wanted)
        messages.success(
            request,
            _("You will receive the weekly digest.") if wanted else _("You will no longer receive the weekly digest."),
        )
        return redirect("email-preferences")
    return render(request, "directory/email_preferences.html", {"form": form})


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
