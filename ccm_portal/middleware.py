"""Security middleware: request size backstop and two-factor enforcement for ISU staff."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from directory import roles


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than twice UPLOAD_MAX_BYTES (status 413).

    Each upload field checks its own file against UPLOAD_MAX_BYTES and says so in the form; this
    is the backstop that keeps a huge body from being read at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 2 * settings.UPLOAD_MAX_BYTES:
            message = _("The upload is too large: files may be at most %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_MB}
            body = render_to_string("registration/request_too_large.html", {"message": message})
            return HttpResponse(body, status=413)
        return self.get_response(request)


def needs_second_factor(user) -> bool:
    """ISU staff, Django staff and superusers confirm a one-time code when REQUIRE_STAFF_2FA is on."""
    if not getattr(settings, "REQUIRE_STAFF_2FA", False) or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or roles.is_isu_staff(user)


class StaffTwoFactorMiddleware:
    """Sends an ISU staff session that has not confirmed a one-time code to the two-factor pages.

    Open without the code: login, logout, the two-factor pages themselves, static files, the
    language switch, the public pages and the health check (/health/: check names only).
    Everything else (the admin included) waits for the code.
    Put it after django_otp's OTPMiddleware (which sets user.is_verified()).
    """

    OPEN_NAMES = {"login", "logout", "otp-setup", "otp-verify", "set_language", "home", "health"}
    OPEN_NAMESPACES = {"public"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user) and not user.is_verified() and not self._is_open(request):
            return self._redirect(request)
        return self.get_response(request)

    def _is_open(self, request) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        if request.path_info.startswith(static):
            return True
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.OPEN_NAMES or bool(set(match.namespaces) & self.OPEN_NAMESPACES)

    def _redirect(self, request):
        from django_otp import devices_for_user

        has_device = any(True for _device in devices_for_user(request.user, confirmed=True))
        target = reverse("otp-verify" if has_device else "otp-setup")
        htmx = request.headers.get("HX-Request") == "true"
        # After the code, back to the page the person was on (for htmx, the page, not the fragment).
        back = request.get_full_path()
        if htmx and request.headers.get("HX-Current-URL"):
            current = urlsplit(request.headers["HX-Current-URL"])
            back = current.path + (f"?{current.query}" if current.query else "")
        url = f"{target}?{urlencode({'next': back})}"
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
