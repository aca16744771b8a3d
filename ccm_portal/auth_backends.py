"""Login throttling: django-axes in front of the real authentication back ends."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses a login while its username and address are locked out.

    Every login over HTTP (the login page, the admin's) passes the request and is throttled.
    A call to authenticate() without a request (the test client's login(), a shell) has no
    address to throttle; axes would raise, so this back end simply lets the next back end decide.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: the connection's, or the one TRUSTED_PROXY_COUNT trusted proxies saw."""
    proxies = getattr(settings, "LOGIN_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-proxies] if len(hops) >= proxies else hops[0]
    return request.META.get("REMOTE_ADDR")
