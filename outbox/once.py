"""Confirm before the irreversible: a confirmation page says what an action will do, and its form
carries a one-time token; POSTing the token does the action once.

The token is signed (it names the action, its target, the user and a fingerprint of the facts the
page stated), so that a form without it, or with one made for something else, is refused and
changes nothing; and a page whose facts changed before it was confirmed (a payment recorded, a
letter approved) must be reviewed again. `perform` claims the token by inserting its
OneTimeAction row (the token is unique) in the same transaction as the action: a second POST of
the same token, even at the same moment on another connection, finds the row (or waits for it
and fails to insert) and does not act again; it is shown the first result instead.

Views compute the facts, call `confirmation` on GET and `perform` on POST; the services they run
stay the only writers.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import OneTimeAction

FIELD = "confirm_token"  # the hidden input of the confirmation form
SALT = "outbox.once"
MAX_AGE = datetime.timedelta(hours=12)  # a confirmation page older than this is reviewed again


class Refused(Exception):
    """The POST carries no valid token for this action: nothing was done."""


@dataclass(frozen=True)
class Result:
    """What an action returns: where its result is shown and what it did (both kept for a second
    POST of its token), and any value the view needs."""

    url: str
    message: str
    value: Any = None


@dataclass(frozen=True)
class Outcome:
    done: bool  # True: this request did the action; False: its token had done it before
    url: str
    message: str
    value: Any = None


@dataclass
class Confirmation:
    """What a confirmation page says (templates/confirm.html)."""

    title: str
    lead: str  # what will happen, with its counts
    submit: str
    cancel_url: str
    details: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # e.g. the States, one a line
    items_label: str = ""
    warnings: list[str] = field(default_factory=list)
    irreversible: str = ""  # why it cannot be undone
    blocked: str = ""  # set when the action cannot be done now: no confirm button
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    form: Any = None  # a form whose fields go with the confirmation (e.g. at which meeting)


def fingerprint(facts) -> str:
    """A digest of what the page stated (ids, counts, amounts, dates: JSON-able, language-free)."""
    text = json.dumps(facts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def token_for(*, user, action: str, target, facts) -> str:
    payload = {"t": uuid.uuid4().hex, "a": action, "o": str(target), "u": user.pk, "f": fingerprint(facts)}
    return signing.dumps(payload, salt=SALT)


def confirmation(request, page: Confirmation, *, action: str, target, facts, status: int = 200):
    """Render the confirmation page of `action` on `target`, with a fresh one-time token."""
    token = "" if page.blocked else token_for(user=request.user, action=action, target=target, facts=facts)
    return render(request, "confirm.html", {"page": page, "token": token, "field": FIELD}, status=status)


def _claim_key(token: str, *, user, action: str, target) -> tuple[uuid.UUID, dict]:
    invalid = _("This action is done from its confirmation page: review what it will do and confirm. Nothing was done.")
    if not token:
        raise Refused(invalid)
    try:
        payload = signing.loads(token, salt=SALT)
        key = uuid.UUID(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Refused(invalid) from None
    if payload.get("a") != action or payload.get("o") != str(target) or payload.get("u") != user.pk:
        raise Refused(invalid)
    return key, payload


def _earlier(record: OneTimeAction) -> Outcome:
    return Outcome(done=False, url=record.result_url, message=record.outcome)


def perform(*, token: str, user, action: str, target, facts, run: Callable[[], Result]) -> Outcome:
    """Do `run()` once for this token. Raises Refused (nothing done) for a missing, forged,
    expired or stale token; returns the first result when the token was used before. A
    ValidationError from `run` releases the token (the action refused: it can be confirmed again)
    and is raised again, after what the refusing service wrote on its own is committed."""
    key, payload = _claim_key(token, user=user, action=action, target=target)
    earlier = OneTimeAction.objects.filter(token=key).first()
    if earlier is not None:
        return _earlier(earlier)
    try:
        signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        expired = _("This confirmation page has expired: review what the action will do and confirm again.")
        raise Refused(expired) from None
    if payload.get("f") != fingerprint(facts):
        changed = _("What this action will do has changed since its confirmation page was shown: review it again.")
        raise Refused(changed)
    refusal = None
    with transaction.atomic():
        try:
            with transaction.atomic():  # a second POST of the token waits here until the first commits
                record = OneTimeAction.objects.create(token=key, action=action, target=str(target)[:100], user=user)
        except IntegrityError:
            record = None
        if record is not None:
            try:
                result = run()
            except ValidationError as error:
                record.delete()
                refusal = error
            else:
                record.result_url, record.outcome = result.url[:500], str(result.message)[:500]
                record.save(update_fields=["result_url", "outcome"])
    if refusal is not None:
        raise refusal
    if record is None:
        return _earlier(OneTimeAction.objects.get(token=key))
    return Outcome(done=True, url=result.url, message=result.message, value=result.value)


def already_done(request, outcome: Outcome):
    """The answer to a second POST of a token: the first result, and what it was."""
    messages.info(request, _("Already done: %(what)s") % {"what": outcome.message})
    return redirect(outcome.url)
