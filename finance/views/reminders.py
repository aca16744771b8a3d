"""Reminder rounds: started by hand or by the schedule, their progress, each reminder letter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles

from .. import services
from ..models import ReminderRound
from ..selectors import finance_office_for, reminder_for, reminder_round_for, reports


@login_required
def reminder_list(request):
    finance_office_for(request.user)
    if request.method == "POST":
        reminder_round = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, by=request.user)
        if reminder_round is None:
            messages.info(
                request,
                _("No invoice is overdue on %(date)s: no reminder to send.")
                % {"date": date_format(timezone.localdate(), "j F Y")},
            )
            return redirect("finance:reminder-list")
        messages.success(request, _("Reminder round started: one letter per State in arrears."))
        return redirect("finance:reminder-round-detail", pk=reminder_round.pk)
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
