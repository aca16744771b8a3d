"""The portal's settings plus a bare "hello" view (bench/urls.py): only the benchmark uses these,
so production has no hello URL."""

from ccm_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
