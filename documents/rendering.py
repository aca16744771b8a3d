"""HTML template + context → PDF bytes with WeasyPrint, fetching only our own static files."""

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


@cache
def _fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """Resolve /static/... URLs to files on disk; refuse everything else (no network, no file://)."""

        def fetch(self, url, headers=None):
            path = urlparse(url).path
            static_prefix = "/" + settings.STATIC_URL.lstrip("/")
            if url.startswith("http://portal.invalid/") and path.startswith(static_prefix):
                found = finders.find(path[len(static_prefix) :])
                if found:
                    return super().fetch(Path(found).as_uri(), headers)
            raise ValueError(f"PDF rendering fetches only the portal's static files, not {url}")

    return StaticOnlyFetcher()


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url="http://portal.invalid/", url_fetcher=_fetcher()).write_pdf()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
