"""Reminder rounds: one personalised letter per State in arrears, rendered and e-mailed after the
commit, every FINANCE_REMINDER_INTERVAL_MONTHS (or by hand)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from directory.models import State
from documents.models import GeneratedDocument
from documents.services import document_render
from outbox import notify
from outbox import services as outbox

from ..models import Invoice, Reminder, ReminderRound
from ..pdfs import reminder_position, reminder_request
from ..selectors.positions import Position, states_overdue
from ..selectors.recipients import finance_emails

REMINDER_EMAIL = "finance-reminder"  # the kind of its notification (outbox.notify.on_outcome)


def states_in_arrears(today: datetime.date | None = None) -> dict[State, Position]:
    """Every State with an OVERDUE balance on a date (an invoice whose due date has passed), with
    its position (finance.selectors.positions): what a reminder round writes about."""
    today = today or timezone.localdate()
    return {position.state: position for position in states_overdue(as_of=today)}


def next_scheduled_round(today: datetime.date | None = None) -> datetime.date | None:
    """When the next round is due (ReminderRound.next_day). None when nothing is unpaid."""
    first_due = Invoice.objects.outstanding().order_by("due_date").values_list("due_date", flat=True).first()
    last_run_on = ReminderRound.objects.order_by("-run_on").values_list("run_on", flat=True).first()
    return ReminderRound.next_day(first_due, last_run_on)


def reminder_round_start(*, trigger: str, by=None, today: datetime.date | None = None) -> ReminderRound | None:
    """One personalised reminder per State in arrears (an overdue balance on `today`); the
    letters are rendered and e-mailed after the commit. Returns None when no invoice is overdue
    (on the day the invoices are issued, nothing is: they are outstanding, not yet due)."""
    today = today or timezone.localdate()
    arrears = states_in_arrears(today)
    if not arrears:
        return None
    try:
        with transaction.atomic():
            reminder_round = ReminderRound.objects.create(trigger=trigger, run_on=today, started_by=by)
            for state, position in arrears.items():
                reminder = Reminder.objects.create(round=reminder_round, state=state, outstanding=position.overdue)
                reminder.invoices.set([row.invoice for row in position.overdue_rows])
            from ..tasks import send_reminder

            for reminder in reminder_round.reminders.all():
                outbox.enqueue(send_reminder, reminder.pk)
    except IntegrityError:
        return None  # the scheduled round of today exists already
    return reminder_round


def scheduled_reminder_round(today: datetime.date | None = None) -> ReminderRound | None:
    """Run by the beat schedule (daily): start a round when one is due, else do nothing."""
    today = today or timezone.localdate()
    due = next_scheduled_round(today)
    if due is None or due > today:
        return None
    return reminder_round_start(trigger=ReminderRound.Trigger.SCHEDULED, today=today)


def reminder_recipients(state: State) -> list[str]:
    """The e-mail addresses of the State's finance contacts (its mission contacts when it has no
    finance contact): never a portal user's nor a delegate's, who are not the State's treasury."""
    return finance_emails(state)


def reminder_letter_prepare(*, reminder: Reminder) -> GeneratedDocument:
    """Prepare a reminder letter's PDF (rendered in the background) and link it to the reminder."""
    document = reminder_request(reminder)
    if reminder.document_id != document.pk:
        Reminder.objects.filter(pk=reminder.pk).update(document=document)
    return document


def reminder_send(*, reminder_id: int) -> int:
    """Render the reminder's letter and e-mail it to the State's finance contacts, both in the
    State's language of correspondence (State.language); log who got it.
    Safe to run twice, and on two workers at once: the e-mail is one notification (its key
    "reminder:<id>"), sent once, outside any lock; reminder_emailed records it on the reminder.
    Returns the number of e-mails this call sent."""
    reminder = Reminder.objects.select_related("state", "round").filter(pk=reminder_id).first()
    if reminder is None or reminder.emailed_at is not None:
        return 0
    with transaction.atomic():
        document = reminder_request(reminder)
        Reminder.objects.filter(pk=reminder.pk).update(document=document)
    document = document_render(document_id=document.pk)
    # the letter shows the position on the round's date (rows and total from one reckoning): the
    # reminder's record and its e-mail say the same total
    reminder.outstanding = reminder_position(reminder).overdue
    Reminder.objects.filter(pk=reminder.pk).update(outstanding=reminder.outstanding)
    recipients = reminder_recipients(reminder.state)
    if not recipients:  # nobody on record: the letter waits in the portal
        Reminder.objects.filter(pk=reminder.pk, emailed_at__isnull=True).update(
            recipients="", emailed_at=timezone.now()
        )
        return 0
    with transaction.atomic():
        notification = notify.notify(
            key=f"reminder:{reminder.pk}",
            kind=REMINDER_EMAIL,
            ref=reminder.pk,
            to=recipients,
            template="finance/email/reminder",
            context={
                "state": reminder.state,
                "outstanding": reminder.outstanding,
                "url": f"{settings.PORTAL_BASE_URL}/finance/my/",
            },
            language=reminder.state.language,  # the State's language of correspondence, as its letter
            attachments=[(document.filename, document.file, "application/pdf")],
        )
    return notify.deliver_now([notification])


def reminder_emailed(notification) -> None:
    """The outcome of a reminder's e-mail: sent, the reminder records to whom and when; failed,
    it stays unsent (the notification keeps the reason and is tried again)."""
    if notification.status == notification.Status.SENT:
        Reminder.objects.filter(pk=int(notification.ref), emailed_at__isnull=True).update(
            recipients="\n".join(notification.to), emailed_at=notification.sent_at
        )
