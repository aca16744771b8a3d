"""The shared register: States, organisations, people, thematic areas and terms.

Everything that names a participant lives here, so that the meetings, plans,
letters and invoices all point at one record, and so that the sanitiser can
learn from the register every way a State or a person can be named.
"""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .languages import LANGUAGE_CHOICES
from .world import UN_GROUPS


def normalise_name(value: str) -> str:
    """Fold a name for matching: no diacritics, no case, '&' read as 'and', no leading 'the'."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.lower().replace("&", " and ").replace("-", " ")
    value = "".join(c if c.isalnum() or c.isspace() else " " for c in value)
    words = value.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Convention(models.Model):
    """A treaty the ISU deals with: the CCM itself and the related conventions."""

    code = models.SlugField(max_length=20, unique=True)
    short_name = models.CharField(max_length=40)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.short_name


class StateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The States whose profile this user may see: every State for Committee members (ISU
        staff, Coordinators); their own State for anybody acting for one; none otherwise."""
        from . import roles

        if roles.is_committee_member(user):
            return self
        own = roles.state_of(user)
        return self.filter(pk=own.pk) if own is not None else self.none()

    def parties_to(self, convention_code: str, on=None):
        on = on or timezone.localdate()
        return self.filter(
            treaty_statuses__convention__code=convention_code,
            treaty_statuses__entry_into_force__lte=on,
        )


class State(models.Model):
    # What the State's name takes in each language (directory.names): a query that loads only some
    # columns (.only(), .values()) loads these, or each name shown costs a query.
    NAME_FIELDS = ("name", "article_en", "name_fr", "article_fr", "name_es", "article_es")

    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    name = models.CharField(_("short name"), max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    demonyms = models.CharField(max_length=200, blank=True, help_text=_("Comma-separated, e.g. 'Iraqi'."))
    capital = models.CharField(max_length=100, blank=True)
    has_geneva_mission = models.BooleanField(default=True)
    # How letters name the State in running text (directory/names.py; filled from
    # directory/data/state_names.csv where blank): its article and its French and Spanish names.
    article_en = models.CharField(_("article (English)"), max_length=3, blank=True, choices=[("", "–"), ("the", "the")])
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)
    article_fr = models.CharField(
        _("article (French)"),
        max_length=3,
        blank=True,
        choices=[("", "–"), ("le", "le"), ("la", "la"), ("l'", "l'"), ("les", "les")],
    )
    name_es = models.CharField(_("name in Spanish"), max_length=100, blank=True)
    article_es = models.CharField(
        _("article (Spanish)"),
        max_length=3,
        blank=True,
        choices=[("", "–"), ("el", "el"), ("la", "la"), ("los", "los"), ("las", "las")],
    )
    # Filled where blank from the register of the world (directory/world.py, data migration 0006).
    official_name_fr = models.CharField(_("official name in French"), max_length=200, blank=True)
    official_name_es = models.CharField(_("official name in Spanish"), max_length=200, blank=True)
    un_group = models.CharField(
        _("UN regional group"),
        max_length=40,
        blank=True,
        choices=[("", "–"), *UN_GROUPS],
    )
    # The language its e-mails and letters are written in (directory/languages.py).
    language = models.CharField(
        _("language of correspondence"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text=_("The language of the e-mails, letters, invoices and reminders the State receives."),
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._state.adding:  # a new State gets its French and Spanish names and articles (blank ones only)
            from .names import fill_blank_names

            fill_blank_names(self)
        super().save(*args, **kwargs)
        Delegation.objects.update_or_create(state=self, defaults={"name": self.name})

    def status_under(self, convention_code: str):
        for status in self.treaty_statuses.all():
            if status.convention.code == convention_code:
                return status
        return None


class StateAlias(models.Model):
    """Another way real documents name a State ("The Netherlands", "Lao PDR")."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["normalised"], name="unique_state_alias")]
        verbose_name_plural = "state aliases"

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.alias)
        super().save(*args, **kwargs)


class TreatyStatus(models.Model):
    """A State's status under one convention, with the dates that make it."""

    class Status(models.TextChoices):
        SIGNATORY = "signatory", _("Signatory")
        PARTY = "party", _("State Party")

    class Instrument(models.TextChoices):
        RATIFICATION = "ratification", _("Ratification")
        ACCESSION = "accession", _("Accession")
        SUCCESSION = "succession", _("Succession")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="treaty_statuses")
    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    signature = models.DateField(null=True, blank=True)
    ratification = models.DateField(_("ratification or accession"), null=True, blank=True)
    instrument = models.CharField(max_length=20, choices=Instrument.choices, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["state", "convention"], name="one_status_per_convention")]
        verbose_name_plural = "treaty statuses"

    def __str__(self):
        return f"{self.state} – {self.convention}: {self.get_status_display()}"


class Obligation(models.Model):
    """An Article 3 (stockpiles) or Article 4 (clearance) deadline of a State."""

    class Article(models.IntegerChoices):
        STOCKPILE_DESTRUCTION = 3, _("Article 3 – stockpile destruction")
        CLEARANCE = 4, _("Article 4 – clearance")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="obligations")
    article = models.PositiveSmallIntegerField(choices=Article.choices)
    original_deadline = models.DateField()
    extended_deadline = models.DateField(null=True, blank=True)
    extension_source = models.CharField(max_length=300, blank=True)
    completed = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["state", "article"], name="one_obligation_per_article")]
        ordering = ["state__name", "article"]

    def __str__(self):
        return f"{self.state}: {self.get_article_display()} by {self.deadline}"

    @property
    def deadline(self):
        return self.extended_deadline or self.original_deadline


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN = "un", _("United Nations entity")
        INTERNATIONAL = "international", _("International organisation")
        NGO = "ngo", _("Non-governmental organisation")
        ISU = "isu", _("Implementation Support Unit")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Delegation.objects.update_or_create(organisation=self, defaults={"name": str(self)})


class Delegation(models.Model):
    """Who sits at the table: a State or an organisation. One row each, kept by their save()."""

    state = models.OneToOneField(State, null=True, blank=True, on_delete=models.CASCADE, related_name="delegation")
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="delegation"
    )
    name = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(state__isnull=False) & Q(organisation__isnull=True))
                | (Q(state__isnull=True) & Q(organisation__isnull=False)),
                name="delegation_is_state_xor_organisation",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the active language: a State's short name from the register ("Alemania"),
        an organisation's as written. Load the State with it (select_related("state"))."""
        if self.state_id is None:
            return self.name
        from .names import state_name

        return state_name(self.state, article=False)

    @property
    def is_state(self) -> bool:
        return self.state_id is not None


class Person(models.Model):
    class Title(models.TextChoices):
        HE = "H.E.", "H.E."
        MR = "Mr.", "Mr."
        MS = "Ms.", "Ms."
        MRS = "Mrs.", "Mrs."
        DR = "Dr.", "Dr."
        PROF = "Prof.", "Prof."

    title = models.CharField(max_length=10, choices=Title.choices, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    function = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return Person.joined_name(self.title, self.first_name, self.last_name)

    @staticmethod
    def joined_name(title: str | None, first_name: str | None, last_name: str | None) -> str:
        """A person's full name from its parts (for rows read without a Person)."""
        return " ".join(p for p in (title, first_name, last_name) if p)

    @property
    def state(self):
        return self.delegation.state if self.delegation_id and self.delegation.state_id else None


class Contact(models.Model):
    """A channel to reach a State: its mission in Geneva, an embassy, the capital's ministry, or
    an e-mail address only (States without a Geneva mission are reached through the others).

    What a contact is for (its roles, `Contact.Role`) is two flags, and one contact may serve both:
    `for_mission`, general diplomatic correspondence (the outreach letters: their e-mail, and the
    address printed on them); `for_finance`, the invoices, joint letters and payment reminders.
    A State with no finance contact is written to at its mission contacts instead
    (directory.selectors.contacts_for). Among the contacts serving a role, the primary one comes
    first: its address is the one printed on the letters."""

    class Kind(models.TextChoices):
        GENEVA_MISSION = "geneva_mission", _("Permanent Mission in Geneva")
        EMBASSY = "embassy", _("Embassy")
        CAPITAL_MINISTRY = "capital_ministry", _("Ministry in the capital")
        EMAIL_ONLY = "email_only", _("E-mail only")

    class Role(models.TextChoices):
        MISSION = "mission", _("Diplomatic correspondence and outreach letters")
        FINANCE = "finance", _("Invoices and reminders")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text=_("e.g. Permanent Mission of Iraq to the UN Office at Geneva"))
    addressee = models.CharField(max_length=200, blank=True, help_text=_("e.g. H.E. the Ambassador"))
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    for_mission = models.BooleanField(
        _("for correspondence"),
        default=True,
        help_text=_("Outreach letters and general diplomatic correspondence go to this contact."),
    )
    for_finance = models.BooleanField(
        _("for finance"),
        default=False,
        help_text=_("Invoices, joint letters and payment reminders go to this contact."),
    )
    is_primary = models.BooleanField(
        default=False, help_text=_("Among the contacts for the same purpose, the address printed on the letters.")
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["state__name", "-is_primary", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_mission=True) | Q(for_finance=True),
                name="contact_serves_a_purpose",
                violation_error_message=_("A contact is for correspondence, for finance, or both."),
            )
        ]

    def __str__(self):
        return f"{self.state}: {self.name}"

    @property
    def roles(self) -> list[str]:
        """The purposes this contact serves (Contact.Role values)."""
        return [
            role for role, on in ((self.Role.MISSION, self.for_mission), (self.Role.FINANCE, self.for_finance)) if on
        ]


class ThematicArea(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class TermQuerySet(models.QuerySet):
    def current(self, on=None):
        """The Presidency in office: the latest term that has begun (it lasts until the next)."""
        on = on or timezone.localdate()
        return self.filter(start__lte=on).order_by("-start").first()


class Term(models.Model):
    """A Presidency: from one Meeting of States Parties to the next (e.g. 7MSP, Germany)."""

    name = models.CharField(max_length=30, unique=True)
    presidency = models.ForeignKey(State, on_delete=models.PROTECT, related_name="presidencies")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]

    def __str__(self):
        return f"{self.name} ({self.presidency})"


class MandateQuerySet(models.QuerySet):
    def for_term(self, term):
        return self.filter(term=term)

    def areas_of_state(self, state, term):
        return ThematicArea.objects.filter(mandates__state=state, mandates__term=term)


class Mandate(models.Model):
    """A State coordinates a thematic area for a term (Italy: Victim Assistance, 7MSP)."""

    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="mandates")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="mandates")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="mandates")
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Order in which the coordinators are named."))

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["term", "area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "term", "state"], name="unique_mandate")]

    def __str__(self):
        return f"{self.state} – {self.area} ({self.term.name})"


class Article7Report(models.Model):
    """A State's transparency report under Article 7 for one year (initial, then annual)."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="article7_reports")
    year = models.PositiveSmallIntegerField()
    is_initial = models.BooleanField(default=False)
    due = models.DateField(null=True, blank=True)
    submitted = models.DateField(null=True, blank=True, help_text=_("Empty while the report is outstanding."))

    class Meta:
        ordering = ["state", "-year"]
        constraints = [models.UniqueConstraint(fields=["state", "year"], name="one_article7_report_per_year")]

    def __str__(self):
        return f"{self.state} – Article 7 report {self.year}"

    @property
    def is_overdue(self) -> bool:
        return self.submitted is None and self.due is not None and self.due < timezone.localdate()


class ReportedFigure(models.Model):
    """A figure a State reported (contaminated area remaining, area cleared, victims...), with
    its date and source, so that a profile can show it over time."""

    class Indicator(models.TextChoices):
        CONTAMINATED_REMAINING = "contaminated", _("Contaminated area remaining (km²)")
        CLEARED_IN_YEAR = "cleared", _("Area cleared in the year (km²)")
        REGISTERED_VICTIMS = "victims", _("Registered cluster munition victims")
        ACCREDITED_OPERATORS = "operators", _("Accredited clearance operators")
        STOCKPILE_REMAINING = "stockpile", _("Cluster munitions in stockpile")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="figures")
    indicator = models.CharField(max_length=20, choices=Indicator.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    as_of = models.DateField()
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["state", "indicator", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["state", "indicator", "as_of"], name="one_figure_per_indicator_and_date")
        ]

    def __str__(self):
        return f"{self.state}: {self.get_indicator_display()} = {self.value} ({self.as_of})"


class EmailPreference(models.Model):
    """What a portal user wants to receive by e-mail beyond what their work requires. No row: the
    defaults (the weekly digest is sent)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_("A weekly e-mail listing what is due: action items, outputs of your plans."),
    )
    # The language of the portal's pages and e-mails for this user ("": the portal's default);
    # set by the language switcher while logged in, and put back at login (directory/languages.py).
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: weekly digest {'on' if self.weekly_digest else 'off'}"
