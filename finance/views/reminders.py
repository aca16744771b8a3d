"""Reminder rounds: started by hand or by the schedule, their progress, each reminder letter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from directory import roles
from directory.names import chf_number
from outbox import once

from .. import services
from ..models import ReminderRound
from ..selectors import finance_office_for, reminder_for, reminder_round_for, reports
from ..selectors.plans import reminder_plan

START = "finance.reminder-round-start"  # the one-time action (outbox.once)


def _names(states) -> str:
    return ", ".join(state.name for state in states)


def _start_page(plan) -> once.Confirmation:
    date = date_format(plan.as_of, "j F Y")
    count = len(plan.positions)
    back = reverse("finance:reminder-list")
    page = once.Confirmation(
        title=_("Start a reminder round"),
        lead="",
        submit=ngettext("Send %(count)d reminder", "Send %(count)d reminders", count) % {"count": count},
        cancel_url=back,
        crumbs=[(_("Reminder rounds"), back)],
        items_label=_("Overdue by State"),
        irreversible=_("The reminders are e-mailed at once; an e-mail cannot be called back once sent."),
    )
    if not count:
        page.lead = page.blocked = _("No invoice is overdue on %(date)s: no reminder to send.") % {"date": date}
        return page
    page.lead = ngettext(
        "A reminder to %(count)d State in arrears as of %(date)s: %(states)s.",
        "Reminders to %(count)d States in arrears as of %(date)s: %(states)s.",
        count,
    ) % {"count": count, "date": date, "states": _names(plan.states)}
    page.details = [
        _(
            "Each letter lists the State's overdue invoices (CHF %(total)s overdue in all) and is e-mailed "
            "with its PDF to the State's finance contacts (its mission when it has none)."
        )
        % {"total": chf_number(plan.total)}
    ]
    if plan.without_address:
        missing = len(plan.without_address)
        page.warnings = [
            ngettext(
                "%(count)d State has no e-mail address on record and will not be e-mailed: %(states)s. "
                "Its letter waits in its portal.",
                "%(count)d States have no e-mail address on record and will not be e-mailed: %(states)s. "
                "Their letters wait in their portal.",
                missing,
            )
            % {"count": missing, "states": _names(plan.without_address)}
        ]
    page.items = [f"{p.state.name}: CHF {chf_number(p.overdue)}" for p in plan.positions]
    return page


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_round_start(request):
    """GET: whom a round started now writes to (the confirmation page); POST with its token:
    start it, once."""
    finance_office_for(request.user)
    plan = reminder_plan()
    if request.method != "POST":
        return once.confirmation(request, _start_page(plan), action=START, target="", facts=plan.facts())

    def start() -> once.Result:
        reminder_round = services.reminder_round_start(
            trigger=ReminderRound.Trigger.MANUAL, by=request.user, today=plan.as_of
        )
        if reminder_round is None:
            message = _("No invoice is overdue on %(date)s: no reminder to send.") % {
                "date": date_format(plan.as_of, "j F Y")
            }
            return once.Result(url=reverse("finance:reminder-list"), message=message)
        count = len(plan.positions)
        message = ngettext(
            "Reminder round of %(date)s started: %(count)d letter.",
            "Reminder round of %(date)s started: %(count)d letters.",
            count,
        ) % {"date": date_format(plan.as_of, "j F Y"), "count": count}
        url = reverse("finance:reminder-round-detail", args=[reminder_round.pk])
        return once.Result(url=url, message=message, value=reminder_round)

    try:
        outcome = once.perform(
            token=request.POST.get(once.FIELD, ""), user=request.user, action=START, target="",
            facts=plan.facts(), run=start,
        )  # fmt: skip
    except once.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("finance:reminder-round-start")
    if not outcome.done:
        return once.already_done(request, outcome)
    if outcome.value is None:
        messages.info(request, outcome.message)
    else:
        messages.success(request, _("Reminder round started: one letter per State in arrears."))
    return redirect(outcome.url)


@login_required
def reminder_list(request):
    finance_office_for(request.user)
    if request.method == "POST":  # a round starts from its confirmation page, with its token
        return reminder_round_start(request)
    rounds = ReminderRound.objects.select_related("started_by").prefetch_related("reminders")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/reminder_list.html",
        {
            "page": page,
            "arrears_count": reports.states_in_arrears_count(),
            "next_round": services.next_scheduled_round(),
            "interval": settings.FINANCE_REMINDER_INTERVAL_MONTHS,
        },
    )


def _round_progress(reminder_round) -> dict:
    reminders = list(reminder_round.reminders.select_related("state", "document"))
    done = sum(1 for r in reminders if r.emailed_at is not None)  # sent once its letter is rendered
    total = len(reminders)
    return {
        "round": reminder_round,
        "reminders": reminders,
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 100,
    }


@login_required
def reminder_round_detail(request, pk):
    reminder_round = reminder_round_for(request.user, pk, queryset=ReminderRound.objects.select_related("started_by"))
    return render(request, "finance/reminder_round_detail.html", _round_progress(reminder_round))


@login_required
def reminder_round_progress(request, pk):
    reminder_round = reminder_round_for(request.user, pk)
    return render(request, "finance/_round_progress.html", _round_progress(reminder_round))


@login_required
@require_POST
def reminder_pdf(request, pk):
    """Prepare a reminder letter's PDF (the ISU, or the focal point of its State)."""
    reminder = reminder_for(request.user, pk)
    document = services.reminder_letter_prepare(reminder=reminder)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    messages.info(request, _("The letter is being prepared; it can be downloaded in a moment."))
    if roles.is_isu_staff(request.user):
        return redirect("finance:reminder-round-detail", pk=reminder.round_id)
    return redirect("finance:my-account")
