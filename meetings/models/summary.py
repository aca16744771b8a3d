"""Sanitised public summaries of meetings held under the Chatham House rule.

The restricted record (statements attributed to delegations) stays in the meeting; the
public summary is derived from it: each delegation gets a category for that meeting, the
speakers are replaced by their category and lettered a), b), c), and a leak check must come
back clean (or each finding be waived with a reason) before the summary can be published.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory import roles
from directory.models import Delegation

from .meeting import Meeting
from .minutes import Statement

DEFAULT_CATEGORIES = [
    ("affected", "Affected State", "An affected State"),
    ("donor", "Donor/partner State", "A donor/partner State"),
    ("deadline", "State with an impending deadline under the Convention",
     "A State with an impending deadline under the Convention"),
    ("not-party", "State not party", "A State not party to the Convention"),
    ("isu", "The ISU", "The ISU"),
    ("organisation", "Organisation", "An organisation"),
]  # fmt: skip


class CategoryQuerySet(models.QuerySet):
    def by_code(self) -> dict[str, "ParticipantCategory"]:
        """The categories by code, the six the portal relies on created if missing."""
        categories = {c.code: c for c in self}
        for order, (code, name, phrase) in enumerate(DEFAULT_CATEGORIES, start=1):
            if code not in categories:
                categories[code] = self.model.objects.get_or_create(
                    code=code, defaults={"name": name, "speaker_phrase": phrase, "order": order}
                )[0]
        return categories


class ParticipantCategory(models.Model):
    """How a participant is named in a public summary: "An affected State". Data the ISU extends."""

    class Code(models.TextChoices):
        AFFECTED = "affected", _("Affected State")
        DONOR = "donor", _("Donor/partner State")
        IMPENDING_DEADLINE = "deadline", _("State with an impending deadline under the Convention")
        NOT_PARTY = "not-party", _("State not party")
        ISU = "isu", _("The ISU")
        ORGANISATION = "organisation", _("Organisation")

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    speaker_phrase = models.CharField(
        max_length=160, help_text=_("How a speaker of this category is introduced: 'A donor/partner State'.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "participant categories"

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The category's name in the reader's language (the stored name is the summary's English)."""
        if self.code in self.Code.values:
            return str(self.Code(self.code).label)
        return self.name


class MeetingParticipant(models.Model):
    """A delegation's category for one meeting, proposed by the portal and confirmed by the ISU."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(ParticipantCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_category = models.ForeignKey(
        ParticipantCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_reason = models.CharField(max_length=300, blank=True)
    confirmed = models.BooleanField(default=False)
    named_openly = models.BooleanField(
        default=False, help_text=_("The hosts or convening Coordinators may be named in the public summary.")
    )

    class Meta:
        ordering = ["meeting", "delegation__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="one_category_per_delegation_per_meeting")
        ]

    def __str__(self):
        return f"{self.delegation} at {self.meeting}: {self.category or '—'}"


class SummaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every summary for ISU staff (they write them); the published ones for everybody else."""
        return self if roles.is_isu_staff(user) else self.published()

    def published(self):
        return self.filter(status=PublicSummary.Status.PUBLISHED)


class PublicSummary(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated to participants")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="public_summary")
    title = models.CharField(max_length=300)
    heading = models.CharField(max_length=300, blank=True, help_text=_("Date, time and place as shown publicly."))
    introduction = models.TextField(blank=True)
    key_points = models.TextField(blank=True, help_text=_("Markdown: one bullet per key point."))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    input_deadline = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    circulation = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("How many times the draft was circulated: the review links name it.")
    )
    lock_version = models.PositiveIntegerField(default=0)

    objects = SummaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__date"]
        verbose_name_plural = "public summaries"

    def __str__(self):
        return self.title

    def pending_comments(self):
        return self.comments.filter(resolution=SummaryComment.Resolution.PENDING)


class SummaryEntry(models.Model):
    """One lettered paragraph of the detailed record: "b) A donor/partner State said: …"."""

    summary = models.ForeignKey(PublicSummary, on_delete=models.CASCADE, related_name="entries")
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    section = models.CharField(max_length=300, help_text=_("The agenda heading it stands under."))
    letter = models.CharField(max_length=4, blank=True)
    speaker = models.CharField(max_length=200)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["summary", "order"]
        verbose_name_plural = "summary entries"

    def __str__(self):
        return f"{self.letter}) {self.speaker}"


# What each kind of leak (meetings/sanitiser/kinds.py, stored in English) is called on the page.
LEAK_KIND_LABELS = {
    "state name": pgettext_lazy("kind of leak", "State name"),
    "alias": pgettext_lazy("kind of leak", "other name"),
    "demonym": pgettext_lazy("kind of leak", "demonym"),
    "capital/place": pgettext_lazy("kind of leak", "capital or place"),
    "city": pgettext_lazy("kind of leak", "city"),
    "province": pgettext_lazy("kind of leak", "province"),
    "person": pgettext_lazy("kind of leak", "person"),
    "role": pgettext_lazy("kind of leak", "role"),
    "venue": pgettext_lazy("kind of leak", "venue"),
    "organisation": pgettext_lazy("kind of leak", "organisation"),
}


# The lettered places of a summary, as meetings.services.summaries.summary_parts writes them.
LETTERED_PLACES = {
    "section heading": gettext_noop("section heading %(letter)s)"),
    "speaker": gettext_noop("speaker %(letter)s)"),
    "record": gettext_noop("record %(letter)s)"),
}


class LeakFinding(models.Model):
    """Something in a summary that could identify a participant, until fixed or waived."""

    class Resolution(models.TextChoices):
        OPEN = "open", _("Open")
        FIXED = "fixed", _("Fixed in the text")
        WAIVED = "waived", _("Waived")

    summary = models.ForeignKey(PublicSummary, on_delete=models.CASCADE, related_name="findings")
    where = models.CharField(max_length=200)
    matched = models.CharField(max_length=300)
    kind = models.CharField(max_length=40)
    participant_key = models.CharField(max_length=60)
    context = models.CharField(max_length=400)
    # A name that is also an ordinary word, written as the word ("chile had pledged", "a nice
    # idea"): the ISU confirms it (fixes the text) or waives it, as any finding.
    possible = models.BooleanField(default=False)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, default=Resolution.OPEN)
    waiver_reason = models.TextField(blank=True)
    found_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["summary", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(resolution="waived") | ~Q(waiver_reason=""), name="a_waiver_has_a_reason"
            )
        ]

    def __str__(self):
        return f"{self.matched!r} in {self.where} ({self.get_resolution_display()})"

    @property
    def where_label(self) -> str:
        """Where the finding stands, in the reader's language: `where` is kept in English
        ("record b)"), the key that carries a waiver from one check to the next."""
        lettered = re.fullmatch(r"(section heading|speaker|record) (\S+)\)", self.where)
        if lettered is None:
            return gettext(self.where)
        return gettext(LETTERED_PLACES[lettered[1]]) % {"letter": lettered[2]}

    @property
    def kind_label(self) -> str:
        """The kind of leak in the reader's language ("state name": "nom d'État")."""
        return str(LEAK_KIND_LABELS.get(self.kind, self.kind))


# What each step is called on the page (the stored action is a code, written in English).
SUMMARY_EVENT_LABELS = {
    "generated": pgettext_lazy("summary event", "generated"),
    "edited": pgettext_lazy("summary event", "edited"),
    "checked": pgettext_lazy("summary event", "checked"),
    "waived": pgettext_lazy("summary event", "waived"),
    "circulated": pgettext_lazy("summary event", "circulated"),
    "reopened": pgettext_lazy("summary event", "reopened"),
    "published": pgettext_lazy("summary event", "published"),
    "withdrawn": pgettext_lazy("summary event", "withdrawn"),
}


class SummaryEvent(models.Model):
    """Every step of a summary's life: generated, checked, circulated, published, withdrawn."""

    summary = models.ForeignKey(PublicSummary, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["summary", "at", "pk"]

    def __str__(self):
        return f"{self.action} by {self.by} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        """The step in the reader's language ("generated": "généré")."""
        return str(SUMMARY_EVENT_LABELS.get(self.action, self.action))


class SummaryComment(models.Model):
    """A participating delegation's comment on one part of a circulated draft summary, sent
    through the link e-mailed to the delegation (no account needed), settled by the ISU as
    comments on minutes are: taken in, or declined with a reason."""

    class Part(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction")
        KEY_POINTS = "key_points", _("Key points raised")
        ENTRY = "entry", _("Paragraph of the detailed record")

    class Resolution(models.TextChoices):
        PENDING = "pending", _("Pending")
        TAKEN_IN = "taken_in", _("Taken in")
        DECLINED = "declined", _("Declined")

    summary = models.ForeignKey(PublicSummary, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(max_length=20, choices=Part.choices)
    # The paragraph commented on; its letter is kept too, should the summary be generated again.
    entry = models.ForeignKey(SummaryEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    letter = models.CharField(max_length=4, blank=True)
    circulation = models.PositiveIntegerField(help_text=_("The circulation of the draft the comment was made on."))
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, default=Resolution.PENDING)
    resolution_reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(part="entry") | Q(entry__isnull=True), name="summary_comment_entry_only_on_a_paragraph"
            )
        ]

    def __str__(self):
        return f"Comment by {self.author_name} ({self.delegation}) on {self.where}"

    @property
    def where(self) -> str:
        return f"{self.letter})" if self.part == self.Part.ENTRY else str(self.get_part_display())
