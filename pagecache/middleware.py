"""Exact page caching for logged-in GET pages (PAGE_CACHE, PAGE_CACHE_VIEWS).

A page is kept per user, language, host, full path with its query, htmx headers, today's date
(pages say "overdue" relative to today) and the change stamp read from the database BEFORE the page
is built (stamps.py). Every write bumps the stamp in its own transaction, so a change shows on the
very next request in every process, whatever the cache back end; the cost of a page served from
the cache is the session (read from the shared cache when there is one) and the stamp: the user is
not loaded (identity()).

Never kept: anything but a 200 text/html response, a response that sets a cookie or changes the
session, a response varying on a header the key does not hold, a page asked for while messages
are waiting (they are shown once, by the page built for them) or one whose view added messages.
The CSRF token is taken out of the kept HTML (each token of this request's secret is replaced by
a placeholder) and the requester's own token put in on every request.

After a change, the first request for a page builds it and the others asking for the very same
page (same key) meanwhile wait for it (a lock taken with cache.add; with a shared cache, across
processes) instead of all building it at once; after PAGE_CACHE_WAIT_SECONDS, or once the builder
is done without keeping it, they build it themselves.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.functional import empty
from django.utils.translation import get_language
from django_otp import DEVICE_ID_SESSION_KEY

from . import stamps, store

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "pagecache-csrf-token-of-the-requester-5b1e9d"
# A CSRF token as the pages write it: always in double quotes (the form field's value attribute,
# htmx's JSON header). Anchored on the quote, the search is some twenty times faster than at
# every position of the page.
TOKEN = re.compile(r'"([A-Za-z0-9]{64})"')
# Vary values the key already covers.
KEYED_VARY = {"cookie", "accept-language", "hx-request", "hx-target", "hx-trigger", "hx-trigger-name", "hx-boosted"}
NOT_KEPT_HEADERS = {"content-length"}  # counted again for the served page
BUILD_LOCK_SECONDS = 30  # a builder that died leaves its lock no longer than this
POLL_SECONDS = 0.005


def _htmx_headers(request) -> str:
    return "|".join(f"{name}={value}" for name, value in sorted(request.META.items()) if name.startswith("HTTP_HX_"))


def _logged_in(request) -> bool:
    """Whether the session belongs to someone, read without loading the user (a round trip to the
    database) unless something before has loaded it already."""
    user = getattr(request, "user", None)
    if user is None:
        return False
    if getattr(user, "_wrapped", None) is not empty:  # loaded already (or not lazy)
        return user.is_authenticated
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) is not None


def identity(request) -> list[str]:
    """What decides a logged-in page's content besides the data: who asks, as their session says
    (the user, the hash of their password, the back end and the second factor's device), in which
    language, for which page (path, query, htmx headers) and on which day.

    Read from the session, not from the user: a page is served from the cache without loading the
    user. That is exact because a page is kept only once built for a user the session's details
    authenticated (and verified) and the view let in, and it is served only under the same change
    stamp: their account, groups and device have not changed since."""
    session = request.session
    return [
        str(session.get(SESSION_KEY, "")),
        session.get(HASH_SESSION_KEY, ""),
        session.get(BACKEND_SESSION_KEY, ""),
        str(session.get(DEVICE_ID_SESSION_KEY, "")),
        get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        _htmx_headers(request),
        timezone.localdate().isoformat(),
    ]


def without_token(request, html: str) -> str:
    """The HTML with each CSRF token of this request's secret replaced by a placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return html
    return TOKEN.sub(
        lambda m: f'"{CSRF_PLACEHOLDER}"' if _unmask_cipher_token(m.group(1)) == secret else m.group(0), html
    )


def with_token(request, html: str) -> str:
    """Kept HTML with the requester's own CSRF token put in (and the CSRF cookie sent, as when built)."""
    return html.replace(CSRF_PLACEHOLDER, get_token(request))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is not None:
            if self._keepable(request, response):
                self._keep(request, response, key)
            if getattr(request, "_page_cache_lock", False):
                try:
                    cache.delete(key + ":building")
                except Exception:
                    logger.warning("Page cache unavailable; lock of %s left to expire", request.path, exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "PAGE_CACHE", False) or request.method != "GET":
            return None
        match = request.resolver_match
        if match is None or match.view_name not in settings.PAGE_CACHE_VIEWS:
            return None
        if not _logged_in(request):
            return None
        if len(messages.get_messages(request)):
            return None  # the page built for them shows them once
        try:
            stamp = stamps.read()
        except DatabaseError:
            logger.warning("Page cache: the change stamp could not be read; %s built without it", request.path)
            return None
        key = "pagecache:" + hashlib.sha256("\n".join([*identity(request), stamp]).encode()).hexdigest()
        try:
            kept = store.get(key)
        except Exception:  # a shared cache (CACHE_URL) that does not answer: build the page
            logger.warning("Page cache unavailable; %s built without it", request.path, exc_info=True)
            return None
        if kept is None:
            kept = self._built_meanwhile(request, key)
        if kept is None:
            request._page_cache_key = key
            return None
        html, headers = kept
        response = HttpResponse(with_token(request, html))
        for name, value in headers.items():
            response[name] = value
        return response

    @staticmethod
    def _built_meanwhile(request, key: str):
        """None after taking the lock to build the page (or when waiting would not help); else the
        page another request built meanwhile."""
        lock = key + ":building"
        try:
            if cache.add(lock, 1, BUILD_LOCK_SECONDS):
                request._page_cache_lock = True
                return None
            deadline = time.monotonic() + settings.PAGE_CACHE_WAIT_SECONDS
            while time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                kept = store.get(key)
                if kept is not None:
                    return kept
                if cache.get(lock) is None:
                    return None  # built, not kept: this request builds its own
        except Exception:
            logger.warning("Page cache unavailable; %s built without it", request.path, exc_info=True)
        return None

    @staticmethod
    def _keepable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if "no-store" in response.get("Cache-Control", ""):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - KEYED_VARY:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        storage = getattr(request, "_messages", None)
        return not (storage is not None and getattr(storage, "_queued_messages", None))

    @staticmethod
    def _keep(request, response, key: str) -> None:
        html = without_token(request, response.content.decode(response.charset))
        # The view's own headers (outer middleware adds its headers to every response, served or built).
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT_HEADERS}
        try:
            store.set(key, (html, headers), settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unavailable; %s not kept", request.path, exc_info=True)
