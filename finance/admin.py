"""Finance in the admin: the scale and budgets may be edited; invoices, payments and reminders are
read-only (an issued invoice is changed only by a credit note, through the portal)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    BankStatementImport,
    FinancialYear,
    Invoice,
    InvoiceLine,
    JointLetter,
    Payment,
    PaymentAllocation,
    Reminder,
    ReminderRound,
    ScalePeriod,
    ScaleRate,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScaleRateInline(admin.TabularInline):
    model = ScaleRate
    extra = 0


@admin.register(ScalePeriod)
class ScalePeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "imported_at"]
    inlines = [ScaleRateInline]


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["year", "isu_budget", "scale_period", "meeting", "meeting_cost", "invoices_issued_at"]
    filter_horizontal = ["participants"]
    readonly_fields = ["assessed_at", "invoices_issued_at"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["financial_year", "state", "un_rate", "share60", "share40", "un_cost", "un_psc"]
    list_filter = ["financial_year"]


class InvoiceLineInline(ReadOnlyMixin, admin.TabularInline):
    model = InvoiceLine
    extra = 0


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["display_number", "kind", "state", "amount", "issue_date", "due_date"]
    list_filter = ["year", "kind"]
    search_fields = ["state__name"]
    inlines = [InvoiceLineInline]


@admin.register(JointLetter)
class JointLetterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["financial_year", "state", "isu_invoice", "un_invoice", "created_at"]


class AllocationInline(ReadOnlyMixin, admin.TabularInline):
    model = PaymentAllocation
    extra = 0


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["state", "date", "amount", "reference"]
    inlines = [AllocationInline]


@admin.register(BankStatementImport)
class BankStatementImportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["filename", "uploaded_by", "uploaded_at"]


class ReminderInline(ReadOnlyMixin, admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["state", "outstanding", "recipients", "emailed_at"]


@admin.register(ReminderRound)
class ReminderRoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["run_on", "trigger", "started_by", "started_at"]
    inlines = [ReminderInline]
