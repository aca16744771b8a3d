"""HTML template + context → PDF bytes with WeasyPrint, fetching only our own static files."""

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string


def static_file_path(name: str) -> str | None:
    """The file on disk behind a static name: a source file found by the finders (development),
    or a collected one, hashed name included (`css/print.3f2a.css` with DEBUG off)."""
    try:
        found = finders.find(name)
        if found:
            return found
        path = Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):  # outside the static files; not on disk
        return None
    root = Path(settings.STATIC_ROOT).resolve() if settings.STATIC_ROOT else None
    if root and path.resolve().is_relative_to(root) and path.is_file():
        return str(path)
    return None


@cache
def _fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """Resolve /static/... URLs to files on disk; refuse everything else (no network, no file://)."""

        def fetch(self, url, headers=None):
            path = unquote(urlparse(url).path)
            static_prefix = "/" + settings.STATIC_URL.lstrip("/")
            if url.startswith("http://portal.invalid/") and path.startswith(static_prefix):
                found = static_file_path(path[len(static_prefix) :])
                if found:
                    return super().fetch(Path(found).as_uri(), headers)
            raise ValueError(f"PDF rendering fetches only the portal's static files, not {url}")

    return StaticOnlyFetcher()


@cache
def _font_config():
    """One font configuration per process. WeasyPrint builds a new one for each document unless
    given one, and the fonts each loads are never given back: a worker grew by a fifth every
    few hundred PDFs (bench/README.md). Shared, the fonts are loaded once and reused."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template_name: str, context: dict) -> bytes:
    return pdf_from_html(render_to_string(template_name, context))


def pdf_from_html(html: str) -> bytes:
    """The PDF of an HTML page (WeasyPrint): the same HTML gives the same bytes."""
    from weasyprint import HTML

    document = HTML(string=html, base_url="http://portal.invalid/", url_fetcher=_fetcher())
    return document.write_pdf(font_config=_font_config())


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
