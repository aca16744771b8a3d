"""Two-factor pages (enrol an authenticator app, confirm a code) and the CSRF failure page."""

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=20,
        error_messages={"invalid": gettext_lazy("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("dashboard")


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _check(device, token: str) -> str | None:
    """None when the code is right, else the message to show."""
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a minute, then enter the code your app shows now.")
    if device.verify_token(token):
        return None
    return _("That code is not right or has expired. Enter the code your app shows now.")


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol a TOTP authenticator app: scan the QR code (or type the key), then confirm a code."""
    user = request.user
    if any(True for _d in devices_for_user(user, confirmed=True)):
        if user.is_verified():
            messages.info(request, _("Two-factor authentication is already set up for your account."))
            return redirect(_next_url(request))
        return redirect(_with_next("otp-verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check(device, form.cleaned_data["token"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is set up. You will be asked for a code at login."))
            return redirect(_next_url(request))
        form.add_error("token", error)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "next": _next_url(request),
    }
    return render(request, "registration/otp_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Second step of a login: the code from the user's authenticator app."""
    user = request.user
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        return redirect(_with_next("otp-setup", request))
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = None
        for device in devices:
            error = _check(device, form.cleaned_data["token"])
            if error is None:
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error("token", error)
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


def csrf_failure(request, reason=""):
    """A refused form (no or stale CSRF token): a clear page, status 403."""
    return render(request, "registration/csrf_failure.html", status=403)
