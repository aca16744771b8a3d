"""Irreversible actions are done from their confirmation page (outbox.once): open the page, read
its one-time token, post it. For the tests that do such an action through the pages."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

TOKEN = re.compile(r'name="confirm_token" value="([^"]+)"')


def token_in(response) -> str:
    """The one-time token of a confirmation page (it has none when the action cannot be done)."""
    assert response.status_code == 200, response.status_code
    found = TOKEN.search(response.content.decode())
    assert found, "the confirmation page offers no confirmation"
    return html.unescape(found.group(1))


def confirm(client, url: str, data: dict | None = None, *, query: dict | None = None, **post_options):
    """Open the confirmation page at `url` (with `query`), then post its token (with `data`)."""
    target = f"{url}?{urlencode(query)}" if query else url
    page = client.get(target)
    return client.post(target, {**(data or {}), "confirm_token": token_in(page)}, **post_options)
