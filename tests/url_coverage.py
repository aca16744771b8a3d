"""Every named URL of the portal is requested by some test: the record and the check.

Each test process wraps Django's URL resolution (BaseHandler.resolve_request: the test client and
the live server of the browser tests both go through it) and notes the name of every URL a request
resolved to. At the end of the run the names are gathered (from every pytest-xdist worker) and,
when URL_COVERAGE=1 (set by `make test` on a full run and by .ci/run), the run fails listing each
named URL no test requested. A run of a few files leaves URL_COVERAGE unset and checks nothing.
"""

from __future__ import annotations

import os

from django.urls import URLPattern, URLResolver, get_resolver

# The Django admin is Django's own (tested upstream); the portal's admin pages are opened by
# tests/test_admin.py through its own names, but its many generated routes are not required here.
EXEMPT_NAMESPACES = {"admin"}

REQUESTED: set[str] = set()


def enforced() -> bool:
    return os.environ.get("URL_COVERAGE", "") == "1"


def url_names(resolver=None, prefix: str = "") -> set[str]:
    """The namespaced name of every named URL of the URLconf, outside the exempt namespaces."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def record_requests() -> None:
    """From now on, note the URL name of every request this process resolves."""
    from django.core.handlers.base import BaseHandler

    if getattr(BaseHandler.resolve_request, "records_url_names", False):
        return
    resolve_request = BaseHandler.resolve_request

    def recording(self, request):
        match = resolve_request(self, request)
        if match.url_name:
            REQUESTED.add(match.view_name)
        return match

    recording.records_url_names = True
    BaseHandler.resolve_request = recording


def unrequested(requested: set[str]) -> list[str]:
    return sorted(url_names() - requested)
