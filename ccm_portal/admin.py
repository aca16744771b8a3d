"""The security records in the admin, for ISU staff: lockouts (unlock by deleting the attempt) and
authenticator devices (delete a lost one; its owner then enrols a new one). Read-only otherwise, and
the TOTP secret keys are never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA).

The portal package is listed in INSTALLED_APPS after axes and django-otp, so this module is
imported after theirs and replaces their registrations.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory import roles


class IsuMayViewAndDelete:
    """ISU staff (and superusers) may list, open and delete; nobody adds or edits here."""

    def has_module_permission(self, request):
        return roles.is_isu_staff(request.user) and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LockoutAdmin(IsuMayViewAndDelete, AccessAttemptAdmin):
    pass


class LoginLogAdmin(IsuMayViewAndDelete, AccessLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # the log of logins is an audit trail


class FailedLoginLogAdmin(IsuMayViewAndDelete, AccessFailureLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class AuthenticatorAdmin(IsuMayViewAndDelete, TOTPDeviceAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, LockoutAdmin),
    (AccessLog, LoginLogAdmin),
    (AccessFailureLog, FailedLoginLogAdmin),
    (TOTPDevice, AuthenticatorAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
