"""The portal's settings plus a bare "hello" view (bench/urls.py): only the benchmark uses these,
so production has no hello URL."""

from ccm_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The PDF figures are measured on the documents as designed, with their print stylesheet. With
# DEBUG off, {% static %} gives hashed names (css/print.<hash>.css) that documents/rendering.py
# looks up with the static finders, which know only the unhashed files: the stylesheet is refused
# and the PDFs come out unstyled (reported with its fix in bench/README.md). BENCH_PDF_STATIC=1
# (set by bench.run for the PDF measurements only) keeps static names unhashed meanwhile.
if env.bool("BENCH_PDF_STATIC", default=False):  # noqa: F405
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
