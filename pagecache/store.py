"""Where kept pages live: the shared cache (CACHE_URL, e.g. Redis) with a small copy in each
process's memory in front of it.

A page's key holds everything that decides its content (for the staff pages: the user, the
language, the path, the day and the change stamp; for the public pages: the language, the path,
the day and their stamp), so what is kept under a key never changes: a process may keep its own
copy without ever serving one that is out of date. A page read from the process's memory costs a
dictionary look-up instead of a round trip to Redis and the unpickling of some 50 KB of HTML; the
shared cache still lets one process build a page for all the others. With the default local-memory
cache there is one level only.

    html = store.get(key)
    store.set(key, html, seconds)
"""

from __future__ import annotations

from django.core.cache import caches

LOCAL = "pages"  # settings.CACHES: a LocMemCache per process


def _levels():
    shared = caches["default"]
    local = caches[LOCAL]
    return (shared,) if _is_local(shared) else (local, shared)


def _is_local(cache) -> bool:
    return type(cache).__name__ == "LocMemCache"


def get(key: str):
    """The page kept under `key`, from this process's memory first; None when none is kept.
    A failing shared cache raises, as the cache does (the callers build the page then)."""
    levels = _levels()
    for depth, cache in enumerate(levels):
        value = cache.get(key)
        if value is not None:
            if depth:  # found in the shared cache: kept in this process's memory too
                levels[0].set(key, value, cache.ttl(key) if hasattr(cache, "ttl") else None)
            return value
    return None


def set(key: str, value, seconds: int) -> None:  # noqa: A001 (the cache's own word)
    levels = _levels()
    for cache in reversed(levels):  # the shared copy first: another process may look for it
        cache.set(key, value, seconds)
