"""The weekly digest: once a week (beat, DIGEST_WEEKDAY at DIGEST_HOUR, Geneva time) each portal
user with an e-mail address who has not turned it off is told what is due.

- everybody: their own and their delegation's open action items overdue or due within the next
  ACTIONS_WITHIN days (as "My action items" selects them);
- a Coordinator: the outputs of their areas' plans for the current term that are at risk or off
  track, or not achieved with a deadline within the next OUTPUTS_WITHIN days;
- ISU staff: how many minutes await circulation and approval, and how many invoices are overdue.

Nothing due, no e-mail. It asks each app, as the dashboard does, so it lives in the project
package above them. Each e-mail is keyed by the user and the ISO week (outbox.notify): run twice
in a week, or retried, it sends nothing more. The e-mail carries a one-click unsubscribe link
(directory.preferences); the outbox sends no extra headers, so there is no List-Unsubscribe header.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coordinators.selectors import TROUBLED, my_outputs
from coordinators.status import OutputStatus
from directory import preferences, roles
from directory.selectors import language_for_user
from finance.models import Invoice
from meetings.models import Minutes
from meetings.selectors import my_actions_for
from outbox import notify
from outbox.models import Notification

ACTIONS_WITHIN = datetime.timedelta(days=14)
OUTPUTS_WITHIN = datetime.timedelta(days=30)


@dataclass
class Digest:
    actions: list = field(default_factory=list)  # ActionItem, overdue first
    outputs: list = field(default_factory=list)  # (Output, OutputStatus)
    isu: dict = field(default_factory=dict)  # what waits for the ISU: name → count, only those above 0

    def __bool__(self) -> bool:
        return bool(self.actions or self.outputs or self.isu)


def digest_for(user, *, today: datetime.date) -> Digest:
    """What is due for this user on `today` (an empty digest: nothing to send)."""
    actions = list(my_actions_for(user).filter(due_date__lte=today + ACTIONS_WITHIN))
    outputs = [
        (output, status)
        for output, status in my_outputs(user, today=today)
        if status in TROUBLED or (status != OutputStatus.ACHIEVED and output.deadline <= today + OUTPUTS_WITHIN)
    ]
    isu = {}
    if roles.is_isu_staff(user):
        counts = {
            "minutes_to_circulate": Minutes.objects.awaiting_circulation().count(),
            "minutes_to_approve": Minutes.objects.awaiting_approval().count(),
            "invoices_overdue": Invoice.objects.overdue(as_of=today).count(),
        }
        isu = {name: count for name, count in counts.items() if count}
    return Digest(actions=actions, outputs=outputs, isu=isu)


def digest_key(user, today: datetime.date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"weekly-digest:{user.pk}:{year}-W{week:02d}"


def send_weekly_digest(*, today: datetime.date | None = None) -> int:
    """E-mail this week's digest to each recipient with something due (once per ISO week);
    returns how many digests were asked for this time."""
    today = today or timezone.localdate()
    base = settings.PORTAL_BASE_URL
    asked = 0
    for user in preferences.digest_recipients().select_related("person__delegation"):
        key = digest_key(user, today)
        if Notification.objects.filter(key=key).exists():
            continue  # this week's went already
        digest = digest_for(user, today=today)
        if not digest:
            continue
        context = {
            "name": user.get_full_name() or user.get_username(),
            "today": today,
            "actions": [(action, action.due_date < today) for action in digest.actions],
            "outputs": [
                (
                    output,
                    status,
                    f"{base}{reverse('coordinators:plan-detail', args=[output.plan_id])}#output-{output.pk}",
                )
                for output, status in digest.outputs
            ],
            "isu": digest.isu,
            "actions_days": ACTIONS_WITHIN.days,
            "outputs_days": OUTPUTS_WITHIN.days,
            "actions_url": base + reverse("meetings:my-actions"),
            "dashboard_url": base + reverse("dashboard"),
            "preferences_url": base + reverse("email-preferences"),
            "unsubscribe_url": base + reverse("digest-unsubscribe", args=[preferences.unsubscribe_token(user)]),
        }
        notify.notify(
            key=key,
            to=[user.email],
            template="ccm_portal/email/weekly_digest",
            context=context,
            language=language_for_user(user),  # the user's choice, else the portal's default
            kind="weekly-digest",
            ref=user.pk,
        )
        asked += 1
    return asked
