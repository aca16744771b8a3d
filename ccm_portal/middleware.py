"""Security middleware: request size backstop and two-factor enforcement for ISU staff."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from directory import roles
from meetings.views import public


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


class KeptPublicPageMiddleware:
    """Serves an anonymous visitor's GET of a kept public page (home, a published summary)
    before the middleware such a page does not need: no session, no user, no messages, no
    two-factor check, no login throttling, no history. It sits just inside the security,
    content-security-policy and static-file middleware, which still apply.

    Served only with no session or messages cookie and no query string, in the language
    LocaleMiddleware would choose, and only what the view kept itself under the key the view reads
    (meetings.views.public.public_page_key: page, language, path, day, stamp of what it shows); on
    a miss the request goes down the whole stack and the view builds the page. The response gets
    what the skipped middleware give a kept page: the visitor's CSRF token and cookie, the
    language, the Vary headers, X-Frame-Options and Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response
        # innermost first, as their process_response run on the way out
        self.csrf = CsrfViewMiddleware(get_response)
        self.finishing = [XFrameOptionsMiddleware(get_response), self.csrf, CommonMiddleware(get_response),
                          LocaleMiddleware(get_response)]  # fmt: skip

    def __call__(self, request):
        response = self._kept(request)
        return response if response is not None else self.get_response(request)

    def _kept(self, request):
        has_session = request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"}
        if request.method not in ("GET", "HEAD") or request.GET or has_session:
            return None
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return None
        if view not in public.KEPT_PAGES:
            return None
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            html = public.kept_public_page(view, request.path)
        except Exception:  # a shared cache that does not answer: the view builds the page
            return None
        if html is None:
            return None
        self.csrf.process_request(request)  # the visitor's CSRF cookie read, as on the way in
        response = public.page_for_visitor(html, request)
        for middleware in self.finishing:
            response = middleware.process_response(request, response)
        return response
