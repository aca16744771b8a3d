"""PDFs fetch the portal's own static files, under their collected (hashed) names in production,
and nothing else."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from documents import rendering

# Production's WhiteNoise storage names files the same way; it also compresses them, which takes
# long and changes nothing here.
MANIFEST = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": MANIFEST}):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def collected(collected_root, settings):
    """Static files collected as in production: hashed names, manifest, DEBUG off (changing these
    settings rebuilds the static files storage)."""
    settings.STATIC_ROOT = collected_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    settings.DEBUG = False
    return collected_root


def fetch(url):
    return rendering._fetcher().fetch("http://portal.invalid" + url)


def test_the_print_stylesheet_is_found_under_its_hashed_name(collected):
    url = static("css/print.css")
    assert url != "/static/css/print.css" and url.endswith(".css")  # a hashed name, as in production
    result = fetch(url)
    body = result.read()
    result.close()
    assert body == (collected / "css" / "print.css").read_bytes()


def test_a_pdf_in_production_is_styled(collected):
    # The stylesheet gives the page its A4 size and margins; unstyled, WeasyPrint would warn and
    # fall back. A refused stylesheet raises in the fetcher, which WeasyPrint logs: count them.
    refused = []
    fetcher = rendering._fetcher()
    original = fetcher.fetch

    def recording_fetch(url, headers=None):
        try:
            return original(url, headers)
        except ValueError:
            refused.append(url)
            raise

    fetcher.fetch = recording_fetch
    try:
        pdf = rendering.render_pdf("documents/pdf_base.html", {"title": "Test"})
    finally:
        del fetcher.fetch
    assert pdf.startswith(b"%PDF") and refused == []


@pytest.mark.parametrize(
    "url",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/ccm_portal/settings.py",
        "/static/css/missing.css",
        "/media/anything.pdf",
    ],
)
def test_anything_else_is_refused(collected, url):
    with pytest.raises(ValueError, match="fetches only"):
        fetch(url)


def test_file_and_network_urls_are_refused():
    for url in ["file:///etc/passwd", "http://example.org/x.css", "https://portal.invalid/static/css/print.css"]:
        with pytest.raises(ValueError, match="fetches only"):
            rendering._fetcher().fetch(url)


def test_one_font_configuration_serves_every_document():
    assert rendering._font_config() is rendering._font_config()
