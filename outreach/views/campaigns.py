"""Campaign pages: the list, creating one (recipients chosen, previewed, confirmed), its page with
the response rate, generating, approving and e-mailing its letters, the PDFs' progress and zip;
the no-answer reminders run from the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Term
from directory.roles import is_isu_staff
from outbox import once

from .. import services
from ..forms import CampaignForm
from ..models import Campaign, Letter, LetterParagraph
from ..pdfs import campaign_letters_zip
from ..recipients import CATEGORIES, letters_in_period, select_recipients
from ..selectors import campaign_for, coordinated_areas, outreach_section_for


@login_required
def campaign_list(request):
    outreach_section_for(request.user)
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .with_counts()
        .select_related("area", "term", "created_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
    for campaign in page:
        campaign.rate = round(100 * campaign.letters_answered / campaign.letters_sent) if campaign.letters_sent else 0
    return render(
        request,
        "outreach/campaign_list.html",
        {
            "page_obj": page,
            "can_create": request.user.has_perm("outreach.create_campaign"),
            "can_remind": request.user.has_perm("outreach.run_reminders"),
        },
    )


def _describe_selection(data) -> str:
    parts = [str(CATEGORIES[c]) for c in data.get("categories") or []]
    if data.get("target_areas"):
        parts.append(_("target lists of %(areas)s") % {"areas": ", ".join(a.name for a in data["target_areas"])})
    if data.get("states"):
        parts.append(_("%(n)d States chosen by hand") % {"n": len(data["states"])})
    return "; ".join(parts)[:500]


@login_required
def campaign_create(request):
    outreach_section_for(request.user, perm="outreach.create_campaign")
    isu = is_isu_staff(request.user)
    term = Term.objects.current()
    form = CampaignForm(request.POST or None, isu=isu, areas=coordinated_areas(request.user))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("consolidated") and not isu:
            raise PermissionDenied
        recipients = select_recipients(
            categories=data["categories"],
            target_areas=data["target_areas"],
            term=term,
            states=data["states"],
            deadline_years=data.get("deadline_years") or 3,
        )
        if "confirm" in request.POST and recipients and term is not None:
            try:
                campaign = services.campaign_create(
                    by=request.user,
                    recipients=recipients,
                    title=data["title"],
                    term=term,
                    area=data.get("area"),
                    consolidated=bool(data.get("consolidated")),
                    template=data["template"],
                    signatory_name=data["signatory_name"],
                    signatory_title=data["signatory_title"],
                    reply_by=data["reply_by"],
                    period_start=data["period_start"],
                    selection=_describe_selection(data),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Campaign created with %(n)d recipients. Generate its letters.") % {"n": len(recipients)}
                )
                return redirect("outreach:campaign-detail", pk=campaign.pk)
        if term is None:
            form.add_error(None, _("No term has begun: record the Presidency first."))
        prior = letters_in_period(recipients, start=data["period_start"])
        preview = [(state, prior.get(state.pk, [])) for state in recipients]
    return render(request, "outreach/campaign_form.html", {"form": form, "preview": preview, "term": term})


def _rate_chart(rate: dict) -> dict:
    """Geometry of the response-rate donut (inline SVG drawn by the template)."""
    circumference = 2 * 3.14159265 * 40
    answered = circumference * rate["answered"] / rate["sent"] if rate["sent"] else 0
    return {**rate, "circumference": f"{circumference:.2f}", "arc": f"{answered:.2f}"}


@login_required
def campaign_detail(request, pk):
    campaign = campaign_for(request.user, pk)
    letters = list(
        campaign.letters.select_related("state", "document").prefetch_related(
            Prefetch("paragraphs", queryset=LetterParagraph.objects.select_related("area"))
        )
    )
    recipients = list(campaign.recipients.order_by("name"))
    with_letter = {letter.state_id for letter in letters}
    prior = letters_in_period(
        recipients, start=campaign.period_start, end=campaign.period_end, exclude_campaign=campaign
    )
    for letter in letters:
        letter.prior = prior.get(letter.state_id, [])
    rate = services.response_rate(campaign)
    counts = {status: 0 for status in Letter.Status.values}
    for letter in letters:
        counts[letter.status] += 1
    summary = [(label, counts[status]) for status, label in Letter.Status.choices if counts[status]]
    return render(
        request,
        "outreach/campaign_detail.html",
        {
            "campaign": campaign,
            "letters": letters,
            "waiting": [(s, prior.get(s.pk, [])) for s in recipients if s.pk not in with_letter],
            "rate": _rate_chart(rate),
            "counts": counts,
            "summary": summary,
            "progress": services.campaign_progress(campaign),
            "can_manage": request.user.has_perm("outreach.manage_campaign", campaign),
            "flagged": sum(1 for letter in letters if letter.prior),
        },
    )


@login_required
@require_POST
def campaign_generate(request, pk):
    campaign = campaign_for(request.user, pk, write=True)
    result = services.campaign_generate(campaign=campaign, by=request.user)
    messages.success(
        request,
        _("%(created)d letters created, %(rendered)d rendered, %(unchanged)d unchanged, %(kept)d kept.")
        % {"created": result.created, "rendered": result.rendered, "unchanged": result.unchanged, "kept": result.kept},
    )
    for state, error in list(result.errors.items())[:10]:
        messages.error(request, f"{state.name}: {error}")
    if len(result.errors) > 10:
        messages.error(request, _("…and %(n)d more States could not be rendered.") % {"n": len(result.errors) - 10})
    return redirect("outreach:campaign-detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_approve(request, pk):
    campaign = campaign_for(request.user, pk, write=True)
    approved = services.campaign_approve_all(campaign=campaign, by=request.user)
    messages.success(request, _("%(n)d letters approved.") % {"n": approved})
    return redirect("outreach:campaign-detail", pk=campaign.pk)


SEND = "outreach.campaign-send"  # the one-time action (outbox.once)


def _send_plan(campaign) -> tuple[list[tuple[Letter, list[str]]], list[Letter], dict]:
    """The approved letters not sent yet (as campaign_send takes them): those with an e-mail
    address on record, with their addresses; those without; and the facts of both."""
    letters = (
        campaign.letters.filter(status=Letter.Status.APPROVED, sent_at__isnull=True)
        .select_related("state")
        .order_by("state__name", "pk")
    )
    to_email, by_hand = [], []
    for letter in letters:
        addresses = services.contact_emails(letter.state)
        if addresses:
            to_email.append((letter, addresses))
        else:
            by_hand.append(letter)
    facts = {"email": [[letter.pk, addresses] for letter, addresses in to_email], "hand": [x.pk for x in by_hand]}
    return to_email, by_hand, facts


def _send_page(campaign, to_email, by_hand) -> once.Confirmation:
    back = reverse("outreach:campaign-detail", args=[campaign.pk])
    count = len(to_email)
    page = once.Confirmation(
        title=_("E-mail the approved letters"),
        lead="",
        submit=ngettext("E-mail %(count)d letter", "E-mail %(count)d letters", count) % {"count": count},
        cancel_url=back,
        crumbs=[(_("Outreach"), reverse("outreach:campaign-list")), (campaign.title, back)],
        items_label=_("Letters and their recipients"),
        irreversible=_(
            "An e-mail cannot be called back once sent: each letter is then recorded as sent, with its PDF."
        ),
    )
    names = ", ".join(letter.state.name for letter, _addresses in to_email)
    page.lead = ngettext(
        "E-mail %(count)d letter of %(campaign)s to %(count)d State: %(states)s.",
        "E-mail %(count)d letters of %(campaign)s to %(count)d States: %(states)s.",
        count,
    ) % {"count": count, "campaign": campaign.title, "states": names}
    if by_hand:
        page.warnings = [
            ngettext(
                "%(count)d State has no e-mail address and will not be e-mailed: %(states)s. "
                "Deliver its letter by hand and mark it as sent.",
                "%(count)d States have no e-mail address and will not be e-mailed: %(states)s. "
                "Deliver their letters by hand and mark them as sent.",
                len(by_hand),
            )
            % {"count": len(by_hand), "states": ", ".join(letter.state.name for letter in by_hand)}
        ]
    page.items = [f"{letter.state.name} ({letter.reference}): {', '.join(addresses)}" for letter, addresses in to_email]
    if not count:
        page.blocked = (
            _("No approved letter can be e-mailed: none has an e-mail address on record.")
            if by_hand
            else _("No approved letter waits to be e-mailed.")
        )
        page.lead = page.blocked
    return page


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_send(request, pk):
    """GET: which letters go to whom (the confirmation page); POST with its token: queue their
    e-mails, once."""
    campaign = campaign_for(request.user, pk, write=True)
    to_email, by_hand, facts = _send_plan(campaign)
    if request.method != "POST":
        return once.confirmation(request, _send_page(campaign, to_email, by_hand), action=SEND, target=campaign.pk,
                            facts=facts)  # fmt: skip
    started = timezone.now()

    def send() -> once.Result:
        queued, without_email = services.campaign_send(campaign=campaign, by=request.user)
        message = ngettext(
            "%(n)d letter of %(campaign)s handed over to be e-mailed.",
            "%(n)d letters of %(campaign)s handed over to be e-mailed.",
            queued,
        ) % {"n": queued, "campaign": campaign.title}
        url = reverse("outreach:campaign-detail", args=[campaign.pk])
        return once.Result(url=url, message=message, value=(queued, without_email))

    try:
        done = once.perform(
            token=request.POST.get(once.FIELD, ""), user=request.user, action=SEND, target=campaign.pk, facts=facts,
            run=send,
        )  # fmt: skip
    except once.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("outreach:campaign-send", pk=campaign.pk)
    if not done.done:
        return once.already_done(request, done)
    queued, without_email = done.value
    outcome = services.letters_send_outcome(letters=campaign.letters.select_related("state"), since=started)
    if outcome["sent"] or not queued:
        messages.success(request, _("%(n)d letters e-mailed with their PDF.") % {"n": len(outcome["sent"])})
    if outcome["waiting"]:
        messages.info(request, _("%(n)d letters are queued to be e-mailed.") % {"n": len(outcome["waiting"])})
    if outcome["failed"]:
        messages.error(
            request,
            _("%(n)d could not be e-mailed (%(states)s): each letter's page says why and offers to try again.")
            % {"n": len(outcome["failed"]), "states": ", ".join(letter.state.name for letter in outcome["failed"])},
        )
    if without_email:
        messages.warning(
            request,
            _("No e-mail address for %(states)s: deliver by hand and mark them as sent.")
            % {"states": ", ".join(s.name for s in without_email)},
        )
    return redirect("outreach:campaign-detail", pk=campaign.pk)


@login_required
def campaign_progress(request, pk):
    """The PDFs' progress as an HTML fragment; htmx polls it every 2 s until all are ready."""
    campaign = campaign_for(request.user, pk)
    return render(
        request,
        "outreach/_progress.html",
        {"campaign": campaign, "progress": services.campaign_progress(campaign)},
    )


@login_required
def campaign_zip(request, pk):
    """The campaign's ready PDFs in one zip, read from storage."""
    campaign = campaign_for(request.user, pk)
    archive = campaign_letters_zip(campaign)
    if archive is None:
        messages.warning(request, _("No PDF is ready yet."))
        return redirect("outreach:campaign-detail", pk=campaign.pk)
    return FileResponse(archive, as_attachment=True, filename=f"campaign-{campaign.pk}-letters.zip")


@login_required
@require_POST
def reminders_run(request):
    outreach_section_for(request.user, perm="outreach.run_reminders")
    sent = services.remind_unanswered()
    messages.success(
        request, ngettext("%(n)d reminder e-mail sent.", "%(n)d reminder e-mails sent.", sent) % {"n": sent}
    )
    return redirect(reverse("outreach:campaign-list"))
