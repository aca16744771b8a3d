"""Two-factor pages, under /accounts/otp/."""

from django.urls import path

from . import security_views

urlpatterns = [
    path("setup/", security_views.otp_setup, name="otp-setup"),
    path("verify/", security_views.otp_verify, name="otp-verify"),
]
