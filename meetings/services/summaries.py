"""The sanitised public summary of a meeting: categorise, generate, check for leaks, circulate,
publish, withdraw. Each write is one transaction and leaves a SummaryEvent behind."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from directory.models import Mandate, Organisation, Person, State, Term

from .. import sanitiser
from ..models import (
    Attendance,
    LeakFinding,
    Meeting,
    MeetingParticipant,
    ParticipantCategory,
    PublicSummary,
    Statement,
    SummaryEntry,
    SummaryEvent,
)
from ..pdfs import summary_pdf_filename, summary_pdf_request
from ..templatetags.meetings_extras import markdown_safe
from .summary_comments import summary_review_send

IMPENDING_YEARS = 3


def _event(summary: PublicSummary, action: str, by, note: str = "") -> None:
    SummaryEvent.objects.create(summary=summary, action=action, by=by, note=note)


# --- categories -----------------------------------------------------------------------------


def propose_category(delegation, on: datetime.date, categories: dict[str, ParticipantCategory]):
    """The category the register suggests for a delegation at a meeting held on `on`, and why."""
    if delegation.organisation_id:
        if delegation.organisation.kind == Organisation.Kind.ISU:
            return categories["isu"], _("the Implementation Support Unit")
        return categories["organisation"], _("an organisation")
    state = delegation.state
    status = state.status_under("ccm")
    if status is None or status.status != status.Status.PARTY:
        return categories["not-party"], _("not a State Party to the CCM")
    horizon = on.replace(year=on.year + IMPENDING_YEARS)
    open_obligations = [o for o in state.obligations.all() if not o.completed]
    for obligation in open_obligations:
        if on <= obligation.deadline <= horizon:
            return categories["deadline"], _("%(article)s deadline on %(date)s, within %(years)d years") % {
                "article": obligation.get_article_display(),
                "date": date_format(obligation.deadline),
                "years": IMPENDING_YEARS,
            }
    if open_obligations:
        return categories["affected"], _("has an Article 3 or Article 4 obligation")
    return categories["donor"], _("a State Party with no clearance or stockpile obligation")


@transaction.atomic
def participants_propose(*, meeting: Meeting) -> list[MeetingParticipant]:
    """One row per delegation that took part, with the category the register suggests.
    Categories the ISU already confirmed are kept; hosts are proposed to be named openly."""
    categories = ParticipantCategory.objects.all().by_code()
    delegations = {
        a.delegation_id: a.delegation
        for a in meeting.attendances.filter(status__in=[Attendance.Status.PRESENT, Attendance.Status.REMOTE])
        .select_related("delegation__state", "delegation__organisation")
        .prefetch_related("delegation__state__treaty_statuses__convention", "delegation__state__obligations")
    }
    for statement in Statement.objects.filter(agenda_item__meeting=meeting, delegation__isnull=False).select_related(
        "delegation__state", "delegation__organisation"
    ):
        delegations.setdefault(statement.delegation_id, statement.delegation)
    hosts = set(meeting.hosts.values_list("pk", flat=True))
    rows = []
    for delegation in delegations.values():
        proposed, reason = propose_category(delegation, meeting.date, categories)
        row, created = MeetingParticipant.objects.get_or_create(
            meeting=meeting,
            delegation=delegation,
            defaults={"named_openly": delegation.pk in hosts},
        )
        row.proposed_category, row.proposal_reason = proposed, reason
        if not row.confirmed:
            row.category = proposed
        row.save()
        rows.append(row)
    return rows


@transaction.atomic
def participant_categorise(
    *, participant: MeetingParticipant, category: ParticipantCategory, named_openly: bool, by: AbstractBaseUser
) -> MeetingParticipant:
    """The ISU confirms (or changes) a delegation's category for this meeting."""
    summary = getattr(participant.meeting, "public_summary", None)
    if summary is not None and summary.status == PublicSummary.Status.PUBLISHED:
        raise ValidationError(_("The summary is published: withdraw it before changing categories."))
    participant.category = category
    participant.named_openly = named_openly
    participant.confirmed = True
    participant.save()
    return participant


@transaction.atomic
def participants_categorise(
    *,
    participants: Iterable[MeetingParticipant],
    categories: Mapping[int, ParticipantCategory],
    named_openly: Iterable[int],
    by: AbstractBaseUser,
) -> list[MeetingParticipant]:
    """Confirm every delegation's category at once (participant pk -> category; the pks of
    those named openly): all or none."""
    named_openly = set(named_openly)
    return [
        participant_categorise(
            participant=participant,
            category=categories[participant.pk],
            named_openly=participant.pk in named_openly,
            by=by,
        )
        for participant in participants
    ]


# --- the lexicon of everything that names a participant ---------------------------------------


def lexicon_for(meeting: Meeting) -> sanitiser.Lexicon:
    """Every State, organisation and person in the register, with the roles that point to one
    State (Presidency, Coordinators), and the world beyond it (every State's names in English,
    French and Spanish, demonyms, capitals, cities and provinces: sanitiser.load_world()); the
    delegations named openly for this meeting, and the ISU (the seed's form: "The ISU said"),
    are allowed."""
    states = State.objects.prefetch_related("aliases")
    organisations = Organisation.objects.all()
    people = Person.objects.select_related("delegation__state", "delegation__organisation")
    roles: dict[str, list[str]] = {}
    for term in Term.objects.select_related("presidency"):
        ordinal = term.name.replace("MSP", "")
        roles.setdefault(sanitiser.state_key(term.presidency), []).extend(
            [
                f"{term.name} President",
                f"{term.name} Presidency",
                "the Presidency",
                "President of the Meeting of States Parties",
            ]
            + ([f"President of the {ordinal}th Meeting of States Parties"] if ordinal.isdigit() else [])
        )
    for mandate in Mandate.objects.select_related("state", "area"):
        roles.setdefault(sanitiser.state_key(mandate.state), []).extend(
            [
                f"Coordinator on {mandate.area.name}",
                f"Coordinators on {mandate.area.name}",
                f"{mandate.area.name} Coordinator",
            ]
        )
    allowed = {
        sanitiser.delegation_key(p.delegation)
        for p in meeting.participants.filter(named_openly=True).select_related(
            "delegation__state", "delegation__organisation"
        )
    }
    allowed |= {sanitiser.organisation_key(o) for o in organisations if o.kind == Organisation.Kind.ISU}
    return sanitiser.lexicon_from_register(
        states, organisations, people, roles=roles, allowed_keys=allowed, world=sanitiser.load_world()
    )


# --- generating and editing --------------------------------------------------------------------


def _heading(meeting: Meeting) -> str:
    times = f"{meeting.start_time:%H:%M}-{meeting.end_time:%H:%M}, " if meeting.start_time and meeting.end_time else ""
    return f"{times}{meeting.date:%A %-d %B %Y}, {meeting.venue}".strip().rstrip(",")


@transaction.atomic
def summary_generate(*, meeting: Meeting, by: AbstractBaseUser) -> PublicSummary:
    """Write (or rewrite) the draft summary from the record: key points from the minutes,
    every statement lettered a), b), c) with its speaker replaced by its category."""
    summary = PublicSummary.objects.select_for_update().filter(meeting=meeting).first()
    if summary is not None and summary.status in (PublicSummary.Status.PUBLISHED, PublicSummary.Status.CIRCULATED):
        raise ValidationError(_("Only a draft or withdrawn summary can be generated again."))
    participants = list(
        meeting.participants.select_related("delegation__state", "delegation__organisation", "category")
    )
    unconfirmed = [str(p.delegation) for p in participants if not p.confirmed or p.category_id is None]
    if unconfirmed:
        raise ValidationError(
            _("Confirm the category of every delegation first: %(names)s.") % {"names": ", ".join(unconfirmed)}
        )
    lexicon = lexicon_for(meeting)
    categories = {sanitiser.delegation_key(p.delegation): p.category.speaker_phrase for p in participants}
    named_openly = {sanitiser.delegation_key(p.delegation): p.delegation.name for p in participants if p.named_openly}
    statements = sorted(
        Statement.objects.filter(agenda_item__meeting=meeting).select_related(
            "agenda_item", "delegation__state", "delegation__organisation"
        ),
        key=lambda s: (s.agenda_item.sort_key, s.order, s.pk),
    )
    missing = [s for s in statements if s.delegation_id and sanitiser.delegation_key(s.delegation) not in categories]
    if missing:
        raise ValidationError(
            _("%(names)s spoke but has no category: propose the categories again.")
            % {"names": ", ".join(sorted({str(s.delegation) for s in missing}))}
        )
    records = sanitiser.build_summary_record(
        [
            {
                "agenda_label": str(s.agenda_item),
                "delegation_key": sanitiser.delegation_key(s.delegation),
                "anonymous_category": s.anonymous_category,
                "text": s.text,
            }
            for s in statements
        ],
        categories,
        named_openly,
        lexicon=lexicon,
    )
    minutes = meeting.current_minutes
    key_points = ""
    if minutes is not None:
        texts = [
            i.text for i in minutes.items.select_related("agenda_item") if "key point" in i.agenda_item.title.lower()
        ]
        # Neutral phrases ("a State"), never a category: categories name the speakers only.
        key_points = sanitiser.sanitise_statement("\n\n".join(texts), lexicon.allowing(named_openly), {})
    hosts = [p.delegation.name for p in participants if p.named_openly]
    introduction = (
        _("On %(date)s, %(hosts)s hosted this meeting.")
        % {"date": date_format(meeting.date), "hosts": " and ".join(hosts)}
        if hosts
        else ""
    )
    if summary is None:
        summary = PublicSummary.objects.create(
            meeting=meeting,
            title=meeting.title,
            heading=_heading(meeting),
            introduction=introduction,
            key_points=key_points,
        )
    else:
        summary.entries.all().delete()
        summary.status = PublicSummary.Status.DRAFT
        summary.key_points = key_points or summary.key_points
        summary.introduction = summary.introduction or introduction
        summary.lock_version = F("lock_version") + 1
        summary.save()
        summary.refresh_from_db()
    SummaryEntry.objects.bulk_create(
        SummaryEntry(
            summary=summary,
            statement=statement,
            section=record.agenda_label,
            letter=record.letter,
            speaker=record.speaker_line.removesuffix(" said:"),
            text=record.text,
            order=n,
        )
        for n, (record, statement) in enumerate(zip(records, statements, strict=True))
    )
    _event(
        summary,
        "generated",
        by,
        ngettext("%(count)d statement", "%(count)d statements", len(records)) % {"count": len(records)},
    )
    return summary


def _check_editable(summary: PublicSummary) -> None:
    status = PublicSummary.objects.filter(pk=summary.pk).values_list("status", flat=True).get()
    if status == PublicSummary.Status.PUBLISHED:
        raise ValidationError(_("A published summary cannot be edited: withdraw it first."))


@transaction.atomic
def summary_update(*, summary: PublicSummary, expected_version: int, by: AbstractBaseUser, **fields) -> PublicSummary:
    """Edit the summary's title, heading, introduction or key points, refusing a stale save."""
    _check_editable(summary)
    allowed = {"title", "heading", "introduction", "key_points"}
    if set(fields) - allowed:
        raise ValueError(f"not editable: {sorted(set(fields) - allowed)}")
    if "title" in fields and not fields["title"].strip():
        raise ValidationError(_("A summary needs a title."))
    updated = PublicSummary.objects.filter(pk=summary.pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1, **fields
    )
    if not updated:
        raise ValidationError(_("Somebody else saved this summary in the meantime; your text was not saved."))
    summary.refresh_from_db()
    summary._history_user = by
    summary.save()
    _event(summary, "edited", by)
    return summary


@transaction.atomic
def summary_entry_update(*, entry: SummaryEntry, text: str, speaker: str, by: AbstractBaseUser) -> SummaryEntry:
    _check_editable(entry.summary)
    if not text.strip() or not speaker.strip():
        raise ValidationError(_("An entry needs its speaker category and its text."))
    entry.text, entry.speaker = text.strip(), speaker.strip()
    entry._history_user = by
    entry.save()
    _event(entry.summary, "edited", by, _("entry %(letter)s)") % {"letter": entry.letter})
    return entry


# --- the leak check ---------------------------------------------------------------------------


def _shown(markdown: str) -> tuple[str, str]:
    """A Markdown text and the HTML the public page and the PDF show for it (the same filter)."""
    return markdown, markdown_safe(markdown)


def summary_parts(summary: PublicSummary) -> list[tuple[str, str] | tuple[str, str, str]]:
    """Everything that will be public, each with where it stands. The texts written in Markdown
    come with the HTML the page shows, so that the check reads what the public will read;
    the others are shown as written (escaped).

    The place ("key points", "record b)") is written in English whoever runs the check: it is
    what keeps a finding and its waiver from one check to the next, so a check run from a French
    page must name the places as one run from an English page did. LeakFinding.where_label
    shows it in the reader's language."""
    parts = [
        (gettext_noop("title"), summary.title),
        (gettext_noop("heading"), summary.heading),
        (gettext_noop("introduction"), *_shown(summary.introduction)),
        (gettext_noop("key points"), *_shown(summary.key_points)),
        (gettext_noop("file name"), summary_pdf_filename(summary)),
    ]
    for entry in summary.entries.all():
        parts.append((gettext_noop("section heading %(letter)s)") % {"letter": entry.letter}, entry.section))
        parts.append((gettext_noop("speaker %(letter)s)") % {"letter": entry.letter}, entry.speaker))
        parts.append((gettext_noop("record %(letter)s)") % {"letter": entry.letter}, *_shown(entry.text)))
    return parts


@transaction.atomic
def summary_check(*, summary: PublicSummary, by: AbstractBaseUser | None) -> list[LeakFinding]:
    """Scan the summary; record new findings, mark vanished ones as fixed, keep waivers.
    Returns the findings still open."""
    found = sanitiser.scan_document(summary_parts(summary), lexicon_for(summary.meeting))
    now: dict[tuple[str, str], sanitiser.Finding] = {}
    for f in found:  # one row per text and place; a finding outranks a possible one
        key = (f.where, f.text.casefold())
        if key not in now or (now[key].possible and not f.possible):
            now[key] = f
    existing = list(summary.findings.all())
    known = {(f.where, f.matched.casefold()): f for f in existing if f.resolution != LeakFinding.Resolution.FIXED}
    for key, finding in known.items():
        if key not in now and finding.resolution == LeakFinding.Resolution.OPEN:
            finding.resolution = LeakFinding.Resolution.FIXED
            finding.resolved_at = timezone.now()
            finding.resolved_by = by
            finding.save()
    for key, f in now.items():
        if key not in known:
            LeakFinding.objects.create(
                summary=summary,
                where=f.where,
                matched=f.text,
                kind=f.kind,
                possible=f.possible,
                participant_key=f.participant_key,
                context=f.snippet[:400],
            )
    open_findings = list(summary.findings.filter(resolution=LeakFinding.Resolution.OPEN))
    _event(
        summary,
        "checked",
        by,
        ngettext("%(count)d open finding", "%(count)d open findings", len(open_findings))
        % {"count": len(open_findings)},
    )
    return open_findings


@transaction.atomic
def finding_waive(*, finding: LeakFinding, reason: str, by: AbstractBaseUser) -> LeakFinding:
    """Accept a finding as harmless, with the reason (e.g. a place named for the venue of a workshop)."""
    if finding.resolution != LeakFinding.Resolution.OPEN:
        raise ValidationError(_("Only an open finding can be waived."))
    if not reason.strip():
        raise ValidationError(_("Say why this finding does not identify a participant."))
    finding.resolution = LeakFinding.Resolution.WAIVED
    finding.waiver_reason = reason.strip()
    finding.resolved_at = timezone.now()
    finding.resolved_by = by
    finding.save()
    _event(
        finding.summary,
        "waived",
        by,
        _("“%(matched)s” in %(where)s: %(reason)s")
        % {"matched": finding.matched, "where": finding.where_label, "reason": finding.waiver_reason},
    )
    return finding


# --- workflow ---------------------------------------------------------------------------------


@transaction.atomic
def summary_circulate(*, summary: PublicSummary, deadline: datetime.date, by: AbstractBaseUser) -> PublicSummary:
    """Circulate the draft to the participants for input until the deadline: each participating
    delegation is e-mailed its own link to the draft (summary_comments.summary_review_send); the
    links of an earlier circulation stop working."""
    summary = PublicSummary.objects.select_for_update().select_related("meeting").get(pk=summary.pk)
    if summary.status != PublicSummary.Status.DRAFT:
        raise ValidationError(_("Only a draft summary can be circulated."))
    if deadline < timezone.localdate():
        raise ValidationError(_("The deadline for input cannot be in the past."))
    summary.status = PublicSummary.Status.CIRCULATED
    summary.input_deadline = deadline
    summary.circulation += 1
    summary._history_user = by
    summary.save()
    sent = summary_review_send(summary=summary)
    note = ngettext(
        "input until %(date)s; link e-mailed to %(count)d address",
        "input until %(date)s; link e-mailed to %(count)d addresses",
        sent,
    )
    _event(summary, "circulated", by, note % {"date": date_format(deadline), "count": sent})
    return summary


@transaction.atomic
def summary_reopen(*, summary: PublicSummary, by: AbstractBaseUser) -> PublicSummary:
    """Back to draft, to take in participants' input or to rework a withdrawn summary."""
    summary = PublicSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.status not in (PublicSummary.Status.CIRCULATED, PublicSummary.Status.WITHDRAWN):
        raise ValidationError(_("Only a circulated or withdrawn summary goes back to draft."))
    summary.status = PublicSummary.Status.DRAFT
    summary._history_user = by
    summary.save()
    _event(summary, "reopened", by)
    return summary


def summary_publish(*, summary: PublicSummary, by: AbstractBaseUser) -> PublicSummary:
    """Publish: the leak check runs once more and every finding must be fixed or waived.
    The check's findings are kept even when publication is refused. The public PDF is
    rendered after commit and frozen with its hash."""
    summary = PublicSummary.objects.get(pk=summary.pk)
    if summary.status not in (PublicSummary.Status.DRAFT, PublicSummary.Status.CIRCULATED):
        raise ValidationError(_("Only a draft or circulated summary can be published."))
    open_findings = summary_check(summary=summary, by=by)
    if open_findings:
        raise ValidationError(
            ngettext(
                "%(count)d finding could identify a participant: fix it in the text or waive it with a reason.",
                "%(count)d findings could identify a participant: fix each in the text or waive it with a reason.",
                len(open_findings),
            )
            % {"count": len(open_findings)}
        )
    with transaction.atomic():
        return _publish(summary_id=summary.pk, by=by)


def _publish(*, summary_id: int, by) -> PublicSummary:
    summary = PublicSummary.objects.select_for_update().select_related("meeting").get(pk=summary_id)
    if summary.status not in (PublicSummary.Status.DRAFT, PublicSummary.Status.CIRCULATED):
        raise ValidationError(_("Only a draft or circulated summary can be published."))
    if not summary.entries.exists() and not summary.key_points.strip():
        raise ValidationError(_("The summary is empty."))
    if summary_check(summary=summary, by=by):  # under the lock: nothing slipped in since the first check
        raise ValidationError(_("The summary changed while it was being checked: check it again."))
    summary.status = PublicSummary.Status.PUBLISHED
    summary.published_at = timezone.now()
    summary.withdrawn_reason = ""
    summary._history_user = by
    summary.save()
    publications = summary.events.filter(action="published").count() + 1
    _event(summary, "published", by)
    summary_pdf_request(summary, edition=publications)
    return summary


@transaction.atomic
def summary_withdraw(*, summary: PublicSummary, reason: str, by: AbstractBaseUser) -> PublicSummary:
    """Take a published summary off the public pages, with the reason."""
    summary = PublicSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.status != PublicSummary.Status.PUBLISHED:
        raise ValidationError(_("Only a published summary can be withdrawn."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawing the summary."))
    summary.status = PublicSummary.Status.WITHDRAWN
    summary.withdrawn_reason = reason.strip()
    summary._history_user = by
    summary.save()
    _event(summary, "withdrawn", by, reason.strip())
    return summary
