"""One way to send what people receive: `notify()` records an e-mail, `deliver()` sends it once.

    notify(key="reminder:42", to=["a@example.org"], template="finance/email/reminder",
           context={...}, language="fr", attachments=[("letter.pdf", document.file, "application/pdf")])

- The e-mail is rendered at once from templates/<app>/email/<name>.txt (and <name>.html when it
  exists; the subject from <name>_subject.txt) in the recipient's language (the caller's to say:
  directory.selectors.languages_for_addresses; an e-mail to several people of different languages
  is split into one per language, keyed with `language_key`), and stored in a
  Notification row whose unique `key` says what it is about: asking twice finds the first row and
  sends nothing more.
- Its sending is queued through the outbox (outbox.services.enqueue) in the caller's transaction:
  it runs once that transaction commits, and a broker outage delays it without losing it.
- `deliver(id)` claims the row with one conditional UPDATE (pending → sending): a second worker
  delivering the same row updates nothing and stops. The e-mail is then sent OUTSIDE any
  transaction or row lock, and the row records `sent`, or `failed` with a reason in words.
- A claim older than NOTIFY_STALE_AFTER (the worker died while sending) is taken again by
  `sweep()`, which the relay runs every minute; it also retries failed rows, NOTIFY_MAX_ATTEMPTS
  times in all, each attempt a little later than the one before.
- The app that asked is told of the outcome through a receiver it registers for its `kind`
  (`on_outcome("outreach-letter", func)` in its AppConfig.ready()): the outbox imports no app.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
import smtplib
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Notification

logger = logging.getLogger(__name__)

Status = Notification.Status

# A claim older than this is a worker that died while sending: the sweep takes the row again.
NOTIFY_STALE_AFTER = datetime.timedelta(minutes=getattr(settings, "OUTBOX_NOTIFY_STALE_MINUTES", 15))
# Attempts in all for one e-mail, the sweep's retries of a failed one included.
NOTIFY_MAX_ATTEMPTS = getattr(settings, "OUTBOX_NOTIFY_MAX_ATTEMPTS", 3)
# The sweep retries a failed e-mail this long after its last attempt, times the attempts made.
NOTIFY_RETRY_AFTER = datetime.timedelta(minutes=getattr(settings, "OUTBOX_NOTIFY_RETRY_MINUTES", 10))

_receivers: dict[str, list[Callable[[Notification], None]]] = {}


def on_outcome(kind: str, func: Callable[[Notification], None]) -> None:
    """Call `func(notification)` whenever a notification of `kind` was sent or failed (in
    AppConfig.ready(); registering the same function twice registers it once)."""
    funcs = _receivers.setdefault(kind, [])
    if func not in funcs:
        funcs.append(func)


# ---------------------------------------------------------------- asking


def render(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of `template` ("meetings/email/minutes_circulated") in `language`.
    The text and the subject are plain text: nothing in them is HTML-escaped."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _render_text(f"{template}_subject.txt", context)
        text = _render_text(f"{template}.txt", context)
        try:
            html = get_template(f"{template}.html").render(context)
        except TemplateDoesNotExist:
            html = ""
    # A header on one line: a line break in a subject would start another header.
    subject = " ".join(subject.split())
    return subject, text.strip() + "\n", html


def _render_text(name: str, context: dict) -> str:
    template = get_template(name)
    return template.template.render(Context(context, autoescape=False))


def notify(
    *,
    key: str,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str = "",
    attachments: Iterable[tuple] = (),
    kind: str = "",
    ref: str | int = "",
    from_email: str = "",
) -> Notification:
    """Record the e-mail `key` and queue its sending after the current transaction commits;
    a key asked for before returns its first row and queues nothing (the e-mail goes once).

    attachments: (filename, content, mimetype) with content either bytes (stored now) or a
    stored file (a FieldFile: referenced by its name in the default storage, read when sent)."""
    from .services import enqueue
    from .tasks import deliver_notification

    existing = Notification.objects.filter(key=key).first()
    if existing is not None:
        return existing
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render(template, context, language=language)
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "ref": str(ref),
                "to": list(to),
                "from_email": from_email,
                "subject": subject,
                "body": text,
                "html": html,
                "attachments": [_stored(key, *attachment) for attachment in attachments],
                "language": language,
            },
        )
        if created:
            enqueue(deliver_notification, notification.pk)
    return notification


def language_key(key: str, language: str) -> str:
    """The key of the `language` edition of an e-mail split by its recipients' languages: the key
    itself in the portal's default language (keys asked for before stay valid), else the key
    suffixed ":fr" / ":es", so that each language's e-mail still goes once."""
    language = (language or settings.LANGUAGE_CODE)[:2]
    return key if language == settings.LANGUAGE_CODE[:2] else f"{key}:{language}"


def _stored(key: str, filename: str, content, mimetype: str) -> dict:
    if isinstance(content, bytes | str):
        data = content.encode() if isinstance(content, str) else content
        folder = f"outbox/{timezone.now():%Y}/{uuid.uuid4().hex}"
        path = default_storage.save(posixpath.join(folder, posixpath.basename(filename)), ContentFile(data))
    else:  # a stored file: sent as it is in the storage when the e-mail goes
        path = content.name
    return {"filename": filename, "mimetype": mimetype, "path": path}


def cancel(*, kind: str, ref: str | int, keep: str = "") -> int:
    """Cancel the e-mails of `kind` about `ref` not sent yet, but the one keyed `keep` (a newer
    request replaces them: neither a retry nor a late task sends them any more)."""
    return (
        Notification.objects.filter(kind=kind, ref=str(ref), status__in=[Status.PENDING, Status.FAILED])
        .exclude(key=keep)
        .update(status=Status.CANCELLED)
    )


# ---------------------------------------------------------------- sending


def deliver(notification_id: int, *, retry: bool = False) -> bool:
    """Send one notification if nobody else is sending or has sent it; True when it went.

    Claims the row with a conditional UPDATE (pending → sending; failed too with retry=True; a
    stale claim too), sends outside any transaction, then records sent or failed with the reason.
    """
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=now - NOTIFY_STALE_AFTER)
    if retry:
        claimable |= Q(status=Status.FAILED)
    claimed = Notification.objects.filter(claimable, pk=notification_id).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:  # sent, being sent by another worker, cancelled, or gone
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        _message(notification).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001  (every failure is recorded with its reason)
        notification.status, notification.error = Status.FAILED, failure_reason(error)
        logger.warning("outbox: the e-mail %s failed: %s", notification.key, notification.error)
    else:
        notification.status, notification.error, notification.sent_at = Status.SENT, "", timezone.now()
    # Only the claim that sent it records the outcome (a stale claim taken again meanwhile does not).
    Notification.objects.filter(pk=notification.pk, claimed_at=now).update(
        status=notification.status, error=notification.error, sent_at=notification.sent_at
    )
    _report(notification)
    return notification.status == Status.SENT


def deliver_now(notifications: Iterable[Notification]) -> int:
    """Deliver notifications just asked for, in the caller's process (after its transaction
    committed), rather than wait for their queued tasks; returns how many of them went that had
    not gone when they were asked for (on the embedded default the queued task may have sent
    them already, at the commit: they count too). The queued tasks find them sent."""
    waiting = [n.pk for n in notifications if n.status != Status.SENT]
    for pk in waiting:
        deliver(pk)
    return Notification.objects.filter(pk__in=waiting, status=Status.SENT).count()


def _message(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body,
        from_email=notification.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(notification.to),
    )
    if notification.html:
        message.attach_alternative(notification.html, "text/html")
    for attachment in notification.attachments:
        with default_storage.open(attachment["path"], "rb") as stored:
            message.attach(attachment["filename"], stored.read(), attachment["mimetype"])
    return message


def _report(notification: Notification) -> None:
    for func in _receivers.get(notification.kind, ()):
        try:
            func(notification)
        except Exception:  # the e-mail's outcome is recorded; a receiver's bug must not undo it
            logger.exception("outbox: the receiver %r of %s failed", func, notification.key)


def failure_reason(error: Exception) -> str:
    """Why an e-mail failed, in words for a page."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        reason = _("the mail server refused every recipient (%(who)s)") % {"who": ", ".join(error.recipients)}
    elif isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        detail = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        reason = _("the mail server answered %(code)s %(detail)s") % {"code": error.smtp_code, "detail": detail}
    elif isinstance(error, BadHeaderError):
        reason = _("an address or the subject contains a line break (%(error)s)") % {"error": error}
    elif isinstance(error, FileNotFoundError):
        reason = _("an attachment is missing from the file store (%(error)s)") % {"error": error}
    elif isinstance(error, OSError):
        reason = _("the mail server could not be reached (%(error)s)") % {"error": error or type(error).__name__}
    else:
        reason = f"{type(error).__name__}: {error}"
    return reason[:1000]


def sweep(*, now: datetime.datetime | None = None, limit: int = 200) -> int:
    """Deliver what was left behind: a claim gone stale (its worker died while sending), a
    pending e-mail whose task was lost, and a failed one due for another attempt. Returns how
    many went."""
    now = now or timezone.now()
    due = (
        Q(status=Status.SENDING, claimed_at__lt=now - NOTIFY_STALE_AFTER)
        | Q(status=Status.PENDING, created_at__lt=now - NOTIFY_STALE_AFTER)
        | Q(status=Status.FAILED, attempts__lt=NOTIFY_MAX_ATTEMPTS)
    )
    sent = 0
    for row in Notification.objects.filter(due).values("pk", "status", "attempts", "claimed_at")[:limit]:
        if row["status"] == Status.FAILED:
            if row["claimed_at"] and row["claimed_at"] > now - NOTIFY_RETRY_AFTER * row["attempts"]:
                continue  # not yet: each retry waits longer than the one before
            sent += deliver(row["pk"], retry=True)
        else:
            sent += deliver(row["pk"])
    return sent
