"""Budgets, the scale of assessments, assessments under the 40/60 model, invoices (never
deleted, never edited once issued: a cancellation is a credit note), payments and their
allocation to invoices, bank statement imports, and reminder rounds."""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import State

ZERO = Decimal("0.00")
# SQLite computes balances in floating point (0.30 - 0.10 - 0.20 is not 0 there): something is
# outstanding when it is at least a centime, as Invoice.outstanding rounds it
HALF_CENT = Decimal("0.005")
MONEY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 16, "decimal_places": 10}


class ScalePeriod(models.Model):
    """A period of the UN scale of assessments (e.g. 2016-2018), as imported by the ISU."""

    name = models.CharField(max_length=20, unique=True, help_text=_("e.g. 2016-2018"))
    source = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-name"]

    def __str__(self):
        return self.name


class ScaleRate(models.Model):
    """One Member State's rate in a period, in %, as published (the register need not hold it)."""

    period = models.ForeignKey(ScalePeriod, on_delete=models.CASCADE, related_name="rates")
    iso3 = models.CharField(max_length=3)
    rate_percent = models.DecimalField(max_digits=12, decimal_places=6)

    class Meta:
        ordering = ["period", "iso3"]
        constraints = [models.UniqueConstraint(fields=["period", "iso3"], name="one_rate_per_state_and_period")]

    def __str__(self):
        return f"{self.iso3} {self.rate_percent} % ({self.period})"


class FinancialYear(models.Model):
    """A year's ISU budget and the meeting whose costs base the 40 %."""

    year = models.PositiveSmallIntegerField(unique=True)
    isu_budget = models.DecimalField(_("ISU budget (CHF)"), **MONEY)
    scale_period = models.ForeignKey(ScalePeriod, on_delete=models.PROTECT, related_name="years")
    floor_percent = models.DecimalField(
        _("floor (%)"), max_digits=8, decimal_places=5, default=Decimal("0.001"), null=True, blank=True,
        help_text=_("The lowest rate of the adjusted scale, in % (empty: none)."),
    )  # fmt: skip
    ceiling_percent = models.DecimalField(
        _("ceiling (%)"), max_digits=8, decimal_places=5, default=Decimal("22"), null=True, blank=True,
        help_text=_("The highest rate of the adjusted scale, in % (empty: none; it must allow 100 % in all)."),
    )  # fmt: skip
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The Meeting of States Parties or Review Conference of the year."),
    )  # fmt: skip
    meeting_cost = models.DecimalField(
        _("meeting cost estimate (CHF)"), default=ZERO,
        help_text=_("UN conference services, before the programme support cost."), **MONEY,
    )  # fmt: skip
    psc_percent = models.DecimalField(_("programme support cost (%)"), max_digits=5, decimal_places=2, default=13)
    participants = models.ManyToManyField(
        State, blank=True, related_name="+", help_text=_("The States taking part in the meeting (they bear the 40 %).")
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    invoices_issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @property
    def due_date(self) -> datetime.date:
        """Funds must reach the UN this many days before the meeting; without one, 31 March."""
        if self.meeting_id:
            return self.meeting.date - datetime.timedelta(days=settings.FINANCE_DUE_DAYS_BEFORE_MEETING)
        return datetime.date(self.year, 3, 31)

    @property
    def is_frozen(self) -> bool:
        return self.invoices_issued_at is not None

    @property
    def states_parties_on(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)


class Assessment(models.Model):
    """A State's contributions for a year, with what explains them. Frozen once invoices are issued."""

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="assessments")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="assessments")
    un_rate = models.DecimalField(max_digits=12, decimal_places=6)
    is_party = models.BooleanField(default=True)
    is_participant = models.BooleanField(default=False)
    adjusted_rate60 = models.DecimalField(**RATE, null=True, blank=True)
    share60 = models.DecimalField(default=ZERO, **MONEY)
    adjusted_rate40 = models.DecimalField(**RATE, null=True, blank=True)
    share40 = models.DecimalField(default=ZERO, **MONEY)
    un_cost = models.DecimalField(default=ZERO, **MONEY)
    un_psc = models.DecimalField(default=ZERO, **MONEY)

    class Meta:
        ordering = ["financial_year", "state__name"]
        constraints = [models.UniqueConstraint(fields=["financial_year", "state"], name="one_assessment_per_year")]

    def __str__(self):
        return f"{self.state} {self.financial_year}"

    @property
    def isu_total(self) -> Decimal:
        return self.share60 + self.share40

    @property
    def un_total(self) -> Decimal:
        return self.un_cost + self.un_psc


class InvoiceSequence(models.Model):
    """The last number given in a year. Its row is locked while a number is taken, so numbers are
    gapless: the number and the invoice are committed (or rolled back) together."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def next_number(cls, year: int) -> int:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("invoice numbers are taken inside the transaction that saves the invoice")
        sequence = cls.objects.select_for_update().filter(year=year).first()
        if sequence is None:
            try:
                with transaction.atomic():
                    cls.objects.create(year=year)
            except IntegrityError:
                pass  # another transaction created it first
            sequence = cls.objects.select_for_update().get(year=year)
        sequence.last_number = F("last_number") + 1
        sequence.save(update_fields=["last_number"])
        sequence.refresh_from_db(fields=["last_number"])
        return sequence.last_number


class StateScopedQuerySet(models.QuerySet):
    """Finance records that belong to one State (field `state`)."""

    def visible_to(self, user):
        """Everything for ISU staff; a State's focal point, their own State's records; nobody else
        anything (the finance pages answer them 404)."""
        from directory import roles

        if roles.is_isu_staff(user):
            return self
        state = roles.state_of(user) if roles.is_focal_point(user) else None
        return self.filter(state=state) if state is not None else self.none()


class InvoiceQuerySet(StateScopedQuerySet):
    def with_balance(self):
        """The invoices as they are: each keeps its balance (paid, credited, outstanding), stored by
        the services that write the ledger (see store_balances). Kept for the callers that ask."""
        return self

    def receivable(self):
        """Invoices a State has to pay (not the credit notes)."""
        return self.exclude(kind=Invoice.Kind.CREDIT_NOTE)

    def outstanding(self):
        """Not paid in full (from its issue date, whether due or not)."""
        return self.receivable().filter(outstanding__gte=HALF_CENT)

    def overdue(self, as_of: datetime.date):
        """Not paid in full once its due date has passed (due_date < as_of): in arrears."""
        return self.outstanding().filter(issue_date__lte=as_of, due_date__lt=as_of)

    def for_state(self, state):
        return self.filter(state=state)

    def ledger_balances(self) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
        """(paid, credited, outstanding) of each invoice, worked out from the ledger rows: its
        allocations and its credit notes (three queries, in Decimal: exact on SQLite too)."""
        ids = self.values("pk")
        paid = dict(
            PaymentAllocation.objects.filter(invoice_id__in=ids)
            .values("invoice_id").annotate(total=Sum("amount")).order_by().values_list("invoice_id", "total")
        )  # fmt: skip
        credited = dict(
            Invoice.objects.filter(credit_note_for_id__in=ids)
            .values("credit_note_for_id").annotate(total=Sum("amount")).order_by()
            .values_list("credit_note_for_id", "total")
        )  # fmt: skip
        found = {}
        for pk, kind, amount in self.values_list("pk", "kind", "amount").order_by():
            if kind == Invoice.Kind.CREDIT_NOTE:
                found[pk] = (ZERO, ZERO, ZERO)
                continue
            invoice_paid = Decimal(paid.get(pk) or 0).quantize(ZERO)
            invoice_credited = -Decimal(credited.get(pk) or 0).quantize(ZERO)
            found[pk] = (
                invoice_paid,
                invoice_credited,
                Decimal(amount).quantize(ZERO) - invoice_credited - invoice_paid,
            )
        return found

    def store_balances(self) -> int:
        """Work out each invoice's balance from the ledger rows again and store it where it differs.
        Called by the services that change an invoice's allocations or credit notes, in their
        transaction (and by the data migration and the benchmark's generator for all invoices).
        Returns how many invoices changed."""
        balances = self.ledger_balances()
        changed = []
        for pk, *stored in self.values_list("pk", *Invoice.BALANCE_FIELDS).order_by():
            if tuple(stored) != balances[pk]:
                invoice = Invoice(pk=pk)
                invoice.paid, invoice.credited, invoice.outstanding = balances[pk]
                changed.append(invoice)
        Invoice.objects.bulk_update(changed, Invoice.BALANCE_FIELDS, batch_size=500)
        return len(changed)


class Invoice(models.Model):
    """An issued invoice or credit note. Numbers are gapless per year; once saved, its amount,
    number, kind and State never change, and it is never deleted."""

    class Kind(models.TextChoices):
        ISU_CONTRIBUTION = "isu_contribution", _("ISU contribution")
        UN_SERVICES = "un_services", _("UN conference services")
        CREDIT_NOTE = "credit_note", _("Credit note")

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="invoices")
    amount = models.DecimalField(**MONEY)
    issue_date = models.DateField()
    due_date = models.DateField()
    credit_note_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    reason = models.CharField(max_length=300, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    # Its balance, kept by the services that write the ledger (in their transaction) so that the
    # pages read it instead of summing the ledger on each request; `finance_check` compares it with
    # the ledger. A credit note's are 0.
    paid = models.DecimalField(default=ZERO, editable=False, **MONEY)  # the payments allocated to it
    credited = models.DecimalField(default=ZERO, editable=False, **MONEY)  # what its credit notes cancel (>= 0)
    outstanding = models.DecimalField(default=ZERO, editable=False, **MONEY)  # amount - credited - paid

    objects = InvoiceQuerySet.as_manager()
    history = HistoricalRecords()

    FROZEN_FIELDS = ("financial_year_id", "year", "number", "kind", "state_id", "amount", "issue_date",
                     "credit_note_for_id")  # fmt: skip
    BALANCE_FIELDS = ("paid", "credited", "outstanding")  # written by store_balances and the services only

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_invoice_number_per_year"),
            models.CheckConstraint(
                condition=Q(kind="credit_note", credit_note_for__isnull=False, amount__lte=0)
                | (~Q(kind="credit_note") & Q(credit_note_for__isnull=True, amount__gte=0)),
                name="credit_note_refers_to_an_invoice_and_is_negative",
            ),
        ]
        indexes = [
            # what the dashboards read: the open invoices (arrears, outstanding not yet due)
            models.Index(
                fields=["due_date", "state"],
                condition=Q(outstanding__gte=HALF_CENT) & ~Q(kind="credit_note"),
                name="invoice_open_by_due_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.display_number}"

    def save(self, *args, **kwargs):
        self.year = self.financial_year.year if self.financial_year_id else self.year
        if self.pk is not None:
            before = Invoice.objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS).first()
            if before is not None:
                changed = [f for f in self.FROZEN_FIELDS if before[f] != getattr(self, f)]
                if changed:
                    raise ValidationError(
                        _("An issued invoice cannot be changed (%(fields)s); issue a credit note instead."),
                        params={"fields": ", ".join(changed)},
                    )
            if before is not None and kwargs.get("update_fields") is None:
                # a stale instance never writes its balance back (the services store it)
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.name not in self.BALANCE_FIELDS
                ]
        elif not self.is_credit_note:
            self.outstanding = Decimal(str(self.amount)) - self.credited - self.paid  # a new invoice owes its amount
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An issued invoice is never deleted; issue a credit note instead."))

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:04d}"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def is_cancelled(self) -> bool:
        return not self.is_credit_note and self.credited >= self.amount > 0

    @property
    def status(self) -> str:
        if self.is_credit_note:
            return "credit note"
        if self.is_cancelled:
            return "cancelled"
        outstanding = self.outstanding
        if outstanding <= 0:
            return "paid"
        if self.paid > 0:
            return "partly paid"
        if self.due_date < timezone.localdate():
            return "overdue"
        return "unpaid"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    explanation = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["invoice", "position"]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The lines of an issued invoice cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The lines of an issued invoice cannot be deleted."))


class JointLetter(models.Model):
    """The one letter a State receives for a year: a cover letter, then both invoices (one PDF)."""

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="letters")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="finance_letters")
    # a reissued invoice gets a new letter; the other invoice may be carried by both letters
    isu_invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="+")
    un_invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year__year", "state__name"]

    def __str__(self):
        return f"Joint letter {self.financial_year} – {self.state}"

    @property
    def invoices(self) -> list[Invoice]:
        return [i for i in (self.isu_invoice, self.un_invoice) if i is not None]


class Payment(models.Model):
    """Money received from a State. What is not allocated to invoices is credit carried forward."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="payments")
    date = models.DateField()
    amount = models.DecimalField(**MONEY)
    reference = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = StateScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_is_positive")]
        # the latest payments (the finance dashboard's ten, the payments list) read without a sort
        indexes = [models.Index(fields=["-date", "-id"], name="payment_latest_first")]

    def __str__(self):
        return f"{self.state}: CHF {self.amount} on {self.date}"

    @property
    def allocated(self) -> Decimal:
        return self.allocations.aggregate(total=Sum("amount"))["total"] or ZERO

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_is_positive")]

    def __str__(self):
        return f"CHF {self.amount} of {self.payment} to {self.invoice}"


# Bank statements and their lines live in bank_models.py (they stand on Invoice and Payment above);
# imported here so that Django registers them and `from finance.models import BankStatementLine` works.
from .bank_models import BankStatementImport, BankStatementLine  # noqa: E402, F401


class ReminderRound(models.Model):
    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MANUAL = "manual", _("By hand")

    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    run_on = models.DateField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # the beat schedule may fire twice a day: one scheduled round per day at most
            models.UniqueConstraint(
                fields=["run_on"], condition=Q(trigger="scheduled"), name="one_scheduled_round_per_day"
            )
        ]

    def __str__(self):
        return f"Reminder round of {self.run_on} ({self.get_trigger_display()})"

    @staticmethod
    def next_day(first_due: datetime.date | None, last_run_on: datetime.date | None) -> datetime.date | None:
        """When the next round is due: the interval after the last round (`last_run_on`), and
        never before the first unpaid invoice is overdue (the day after `first_due`, its due date).
        None when nothing is unpaid."""
        if first_due is None:
            return None
        first_overdue = first_due + datetime.timedelta(days=1)
        if last_run_on is None:
            return first_overdue
        return max(last_run_on + relativedelta(months=settings.FINANCE_REMINDER_INTERVAL_MONTHS), first_overdue)


class Reminder(models.Model):
    """One personalised letter to one State in arrears, in one round."""

    round = models.ForeignKey(ReminderRound, on_delete=models.CASCADE, related_name="reminders")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="finance_reminders")
    invoices = models.ManyToManyField(Invoice, related_name="reminders")
    outstanding = models.DecimalField(**MONEY)
    document = models.ForeignKey(
        "documents.GeneratedDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.TextField(blank=True, help_text=_("The e-mail addresses it was sent to, one a line."))
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "state__name"]
        constraints = [models.UniqueConstraint(fields=["round", "state"], name="one_reminder_per_state_and_round")]

    def __str__(self):
        return f"Reminder to {self.state} ({self.round.run_on})"
