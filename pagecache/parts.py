"""Parts of a logged-in page kept apart, each under the stamps of the tables it read.

After a write, a page kept whole (middleware.py) is out of date and built again. Most of it has
not changed: a new payment leaves the year table of the finance dashboard as it was. A template
marks its parts, `{% keptpart "name" %}...{% endkeptpart %}` (templatetags/pagecache.py), and a
part is kept with the stamp of every table its queries read (stamps.tables()), found by watching
the SQL that building it sends. It is served again as long as none of those tables has changed, so
only the parts a write touched are built again.

Exact as the page is: the stamps are read before the part is built, so a part built while a write
was committing is kept under the older stamps and never served once the write is visible. For
this to hold, everything a part shows must be read inside it or be named in the part's key (the
user, language, path, query, day, and the part's own arguments); the tables every part depends on
through the user (their account and groups) are added to each. A view hands its template what a
part shows as `Lazy` values: computed on first use, and wherever used again, they tell the parts
around that use which tables they were read from.

Parts are not kept where the page is not (PAGE_CACHE off, not a logged-in GET) nor inside a
transaction that has written (its data are not yet anyone else's).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading

from django.conf import settings
from django.db import DatabaseError, connections

from . import stamps, store
from .middleware import identity, with_token, without_token

logger = logging.getLogger(__name__)

# The tables a query reads: each name after FROM or JOIN, quoted as Django writes it or bare as in
# hand-written SQL, subqueries included. (A hand-written query must name each table after a FROM
# or a JOIN, not in a comma list.)
TABLE_IN_SQL = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_$]*)', re.IGNORECASE)
# What a page shows of the person asking depends on these, whichever part shows it.
USER_TABLES = frozenset({"auth_user", "auth_user_groups", "auth_group"})

_watching = threading.local()


def _record(tables) -> None:
    for seen in getattr(_watching, "stack", ()):
        seen.update(tables)


def _watch_sql(execute, sql, params, many, context):
    _record(TABLE_IN_SQL.findall(sql))
    return execute(sql, params, many, context)


@contextlib.contextmanager
def watching_tables():
    """The set of tables the SQL sent inside the block reads (and those of parts served inside
    it from the cache, which send none)."""
    stack = _watching.__dict__.setdefault("stack", [])
    seen: set[str] = set()
    stack.append(seen)
    try:
        if len(stack) == 1:
            with connections["default"].execute_wrapper(_watch_sql):
                yield seen
        else:  # an enclosing part already watches the SQL
            yield seen
    finally:
        stack.pop()


def usable(request) -> bool:
    """Parts are kept for a logged-in GET with a session (their key is who the session says)."""
    if not getattr(settings, "PAGE_CACHE", False) or request is None or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and getattr(request, "session", None) is not None


def _table_stamps(request) -> stamps.TableStamps:
    """Read once per request, before the first part is built."""
    if not hasattr(request, "_page_part_stamps"):
        request._page_part_stamps = stamps.tables()
    return request._page_part_stamps


def render(request, name: str, args: list[str], build) -> str:
    """The part `name` (with its `args`) of this request's page: kept, or built by build()."""
    if not usable(request):
        return build()
    try:
        now = _table_stamps(request)
    except DatabaseError:
        logger.warning("Page parts: the table stamps could not be read; %s built without them", request.path)
        return build()
    if now.own:  # inside a transaction that has written
        return build()
    key_text = "\n".join([*identity(request), name, *args])
    key = "pagepart:" + hashlib.sha256(key_text.encode()).hexdigest()
    try:
        kept = store.get(key)
    except Exception:
        logger.warning("Page cache unavailable; part %s built without it", name, exc_info=True)
        kept = None
    if kept is not None:
        kept_stamps, html = kept
        if all(now.of(table) == stamp for table, stamp in kept_stamps.items()):
            _record(kept_stamps)  # an enclosing part depends on them too
            return with_token(request, html)
    with watching_tables() as seen:
        html = build()
    seen |= USER_TABLES
    try:
        store.set(key, ({table: now.of(table) for table in seen}, without_token(request, html)),
                  settings.PAGE_CACHE_SECONDS)  # fmt: skip
    except Exception:
        logger.warning("Page cache unavailable; part %s not kept", name, exc_info=True)
    return html


class Lazy:
    """A value a view hands its template, computed when first used (the template engine calls it):
    inside the part that shows it, whose stamps then cover the tables it was read from. Used again
    elsewhere, it tells the parts around that use the same tables, so no part shows it without
    depending on them."""

    def __init__(self, compute):
        self.compute = compute
        self.tables: frozenset[str] | None = None

    def __call__(self):
        if self.tables is None:
            with watching_tables() as seen:
                self.value = self.compute()
            self.tables = frozenset(seen)
        else:
            _record(self.tables)
        return self.value
