"""Outreach: letters to States, in campaigns, from templates with merge fields, tracked to the answer.

A campaign chooses its recipients (target lists, categories of States, by hand); generating it
creates one Letter per State (never two: unique per campaign and State), renders its text from
the template, and queues its PDF. A consolidated campaign joins, in each State's letter, the
paragraphs of every area that targets that State. Answers, follow-ups, bilateral meetings and
démarches are logged against the State (and the letter when there is one).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory import roles
from directory.models import State, Term, ThematicArea


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class UNGAVote(models.Model):
    """How a State voted on a UN General Assembly resolution on the Convention (the category
    'States not party that voted for the UNGA resolution' is read from these rows)."""

    class Vote(models.TextChoices):
        YES = "yes", _("In favour")
        NO = "no", _("Against")
        ABSTAIN = "abstain", _("Abstained")
        ABSENT = "absent", _("Not voting")

    resolution = models.CharField(max_length=40, help_text=_("e.g. A/RES/71/45"))
    year = models.PositiveSmallIntegerField()
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="unga_votes")
    vote = models.CharField(max_length=10, choices=Vote.choices)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "state__name"]
        constraints = [models.UniqueConstraint(fields=["resolution", "state"], name="one_vote_per_resolution")]
        verbose_name = _("UNGA vote")

    def __str__(self):
        return f"{self.resolution}: {self.state} {self.get_vote_display()}"


class LetterTemplate(models.Model):
    """A model letter or an area's paragraph, edited by the ISU (and a Coordinator for their area's
    paragraphs) in the browser. The body holds merge fields such as {{ state.official_name }}."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        PARAGRAPH = "paragraph", _("Area paragraph")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LETTER)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    area = models.ForeignKey(
        ThematicArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_templates",
        help_text=_("The area whose paragraph this is (or whose letter). Empty: an ISU or Presidency letter."),
    )
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    lock_version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "area__order", "name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "language"],
                condition=Q(kind="paragraph"),
                name="one_paragraph_per_area_and_language",
            ),
            models.CheckConstraint(
                condition=Q(kind="letter") | Q(area__isnull=False), name="paragraph_belongs_to_an_area"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_language_display()})"


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every campaign for Committee members (ISU staff, Coordinators); none for anybody else."""
        return self if roles.is_committee_member(user) else self.none()

    def with_counts(self):
        return self.annotate(
            letters_total=Count("letters", distinct=True),
            letters_sent=Count(
                "letters",
                filter=Q(letters__status__in=["sent", "answered", "no_answer"]),
                distinct=True,
            ),
            letters_answered=Count("letters", filter=Q(letters__status="answered"), distinct=True),
        )


class Campaign(models.Model):
    """Letters sent together: one per recipient State, from one template, under one signatory."""

    title = models.CharField(max_length=300)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="campaigns")
    area = models.ForeignKey(
        ThematicArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("The area writing. Empty for an ISU or Presidency letter, and for a consolidated campaign."),
    )
    consolidated = models.BooleanField(
        default=False,
        help_text=_("One letter per State joining the paragraphs of every area that targets it (ISU only)."),
    )
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="campaigns")
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    signatory_name = models.CharField(max_length=200)
    signatory_title = models.CharField(max_length=300, blank=True)
    reply_by = models.DateField(null=True, blank=True)
    period_start = models.DateField(help_text=_("Letters sent to the same States since this date are shown."))
    period_end = models.DateField(null=True, blank=True)
    recipients = models.ManyToManyField(State, related_name="+", blank=True)
    selection = models.CharField(max_length=500, blank=True, help_text=_("How the recipients were chosen."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def needs_isu(self) -> bool:
        return self.consolidated or self.area_id is None


class ReferenceCounter(models.Model):
    """The last reference number used in a year; locked while a number is taken, so numbers are
    unique and gapless under concurrent generation."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"

    @classmethod
    def next_reference(cls, year: int) -> str:
        cls.objects.get_or_create(year=year)
        counter = cls.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"CCM/ISU/{year}/{counter.last:04d}"


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every letter for Committee members; for a State's focal point, the letters sent to
        their State; none for anybody else."""
        if roles.is_committee_member(user):
            return self
        state = roles.state_of(user) if roles.is_focal_point(user) else None
        return self.filter(state=state, sent_at__isnull=False) if state is not None else self.none()

    def sent(self):
        return self.filter(sent_at__isnull=False)

    def unanswered_since(self, before):
        # NOT EXISTS rather than a LEFT JOIN on the answers: PostgreSQL plans it as an anti-join
        # and estimates its rows (the join's IS NULL filter was estimated at one row).
        return self.filter(
            ~Exists(Response.objects.filter(letter=OuterRef("pk"))),
            status__in=[Letter.Status.SENT, Letter.Status.NO_ANSWER],
            sent_at__lte=before,
        )


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        NO_ANSWER = "no_answer", _("No answer")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        HAND = "hand", _("Delivered by hand")
        NOTE_VERBALE = "note", _("Note verbale through a mission or embassy")
        POST = "post", _("Post or diplomatic pouch")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="letters")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="outreach_letters")
    reference = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True, help_text=_("The text as rendered, frozen once approved."))
    addressee = models.TextField(blank=True)
    error = models.TextField(blank=True, help_text=_("Why the letter could not be rendered (a missing value)."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    generated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    sent_to = models.CharField(max_length=500, blank=True)
    send_queued_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(
        blank=True, help_text=_("Why the last e-mail of the letter failed; empty once it is sent or queued again.")
    )
    email_failed_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(
        "documents.GeneratedDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LetterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "state__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "state"], name="one_letter_per_state_in_campaign")]
        indexes = [
            models.Index(fields=["status", "sent_at"]),
            # The dashboard's letters without an answer (sent, or no answer, and sent before a
            # date): its first rows in the order of this index, its count from the index alone.
            models.Index(
                fields=["sent_at", "id"],
                condition=models.Q(status__in=["sent", "no_answer"]),
                name="outreach_letter_unanswered",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.state}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def pdf_filename(self) -> str:
        return self.reference.replace("/", "-") + f"-{self.state.iso3}.pdf"


class LetterParagraph(models.Model):
    """An area's paragraph in a consolidated letter, in the areas' order."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="paragraphs")
    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["letter", "order"]
        constraints = [models.UniqueConstraint(fields=["letter", "area"], name="one_paragraph_per_area_in_letter")]

    def __str__(self):
        return f"{self.letter}: {self.area}"


class Response(models.Model):
    """A State's answer to a letter."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        NOTE_VERBALE = "note", _("Note verbale")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("In a meeting")
        PHONE = "phone", _("Telephone")
        OTHER = "other", _("Other")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="responses")
    date = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    summary = models.TextField()
    file = models.FileField(upload_to="outreach/responses/%Y/", blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"Answer of {self.letter.state} ({self.date})"


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every follow-up for Committee members; none for anybody else."""
        return self if roles.is_committee_member(user) else self.none()

    def planned(self):
        return self.filter(done_on__isnull=True)


class FollowUp(models.Model):
    """A follow-up, a bilateral meeting or a démarche with a State, planned then done."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up")
        BILATERAL = "bilateral", _("Bilateral meeting")
        DEMARCHE = "demarche", _("Démarche")

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="outreach_followups")
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    planned_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text=_("e.g. Geneva, or the capital"))
    who = models.CharField(max_length=200, blank=True, help_text=_("Who goes: the Presidency, a Coordinator, the ISU"))
    notes = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="outreach_followups"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.state} ({self.planned_on})"


class ReminderLog(models.Model):
    """A no-answer reminder sent about a letter, so that a run the same day sends nothing twice."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)
    to = models.EmailField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Reminder about {self.letter} to {self.to}"
