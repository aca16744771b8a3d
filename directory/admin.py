"""The register in Django's admin: where the ISU completes States, statuses and deadlines."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Article7Report,
    Contact,
    Convention,
    Delegation,
    Obligation,
    Organisation,
    Person,
    ReportedFigure,
    State,
    StateAlias,
    Term,
    ThematicArea,
    TreatyStatus,
)


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "name")
    search_fields = ("code", "short_name", "name")


class StateAliasInline(admin.TabularInline):
    model = StateAlias
    fields = ("alias", "normalised")
    readonly_fields = ("normalised",)
    extra = 0


class TreatyStatusInline(admin.TabularInline):
    model = TreatyStatus
    fields = ("convention", "status", "signature", "ratification", "instrument", "entry_into_force", "source")
    extra = 0


class ObligationInline(admin.TabularInline):
    model = Obligation
    fields = ("article", "original_deadline", "extended_deadline", "extension_source", "completed")
    extra = 0


class CCMStatusFilter(admin.SimpleListFilter):
    """Filtering on treaty_statuses__status alone would mix conventions: this asks the CCM only."""

    title = _("CCM status")
    parameter_name = "ccm_status"

    def lookups(self, request, model_admin):
        return [*TreatyStatus.Status.choices, ("none", _("Neither (State not party)"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.exclude(treaty_statuses__convention__code="ccm")
        if value in TreatyStatus.Status.values:
            return queryset.filter(treaty_statuses__convention__code="ccm", treaty_statuses__status=value)
        return queryset


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("name", "iso3", "iso2", "ccm_status", "ccm_entry_into_force", "has_geneva_mission")
    list_filter = (CCMStatusFilter, "has_geneva_mission", "language", "obligations__article")
    search_fields = ("name", "official_name", "iso3", "iso2", "aliases__alias")
    fieldsets = (
        (None, {"fields": ("name", "official_name", "iso3", "iso2")}),
        (_("For recognising the State in documents"), {"fields": ("demonyms", "capital")}),
        (
            _("How letters name the State"),
            {"fields": (("article_en",), ("article_fr", "name_fr"), ("article_es", "name_es"))},
        ),
        (None, {"fields": ("has_geneva_mission", "language")}),
    )
    inlines = (StateAliasInline, TreatyStatusInline, ObligationInline)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("treaty_statuses__convention")

    @admin.display(description=_("CCM status"))
    def ccm_status(self, state):
        status = state.status_under("ccm")
        return status.get_status_display() if status else "—"

    @admin.display(description=_("CCM entry into force"))
    def ccm_entry_into_force(self, state):
        status = state.status_under("ccm")
        return status.entry_into_force if status and status.entry_into_force else "—"


@admin.register(StateAlias)
class StateAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "state", "normalised")
    search_fields = ("alias", "normalised", "state__name")
    readonly_fields = ("normalised",)
    autocomplete_fields = ("state",)
    list_select_related = ("state",)


@admin.register(TreatyStatus)
class TreatyStatusAdmin(admin.ModelAdmin):
    list_display = ("state", "convention", "status", "signature", "ratification", "instrument", "entry_into_force")
    list_filter = ("convention", "status", "instrument")
    search_fields = ("state__name", "state__iso3", "source")
    autocomplete_fields = ("state",)
    list_select_related = ("state", "convention")
    date_hierarchy = "entry_into_force"


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("state", "article", "original_deadline", "extended_deadline", "completed")
    list_filter = ("article", ("completed", admin.EmptyFieldListFilter))
    search_fields = ("state__name", "state__iso3", "extension_source")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """Read-only: a delegation is kept in step by its State's or organisation's save()."""

    list_display = ("name", "state", "organisation")
    list_filter = (("state", admin.EmptyFieldListFilter), ("organisation", admin.EmptyFieldListFilter))
    search_fields = ("name", "state__name", "state__iso3", "organisation__name", "organisation__acronym")
    list_select_related = ("state", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "delegation", "function", "email", "user")
    list_filter = ("title", ("user", admin.EmptyFieldListFilter))
    search_fields = ("last_name", "first_name", "function", "email", "delegation__name", "user__username")
    autocomplete_fields = ("delegation", "user")
    list_select_related = ("delegation", "user")


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    """A State's contacts: where its letters go (for correspondence) and its invoices and reminders
    (for finance); the outreach page of a State adds them too."""

    list_display = ("state", "kind", "name", "email", "for_mission", "for_finance", "is_primary")
    list_filter = ("kind", "for_mission", "for_finance", "is_primary")
    search_fields = ("state__name", "state__iso3", "name", "addressee", "email")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)


@admin.register(ThematicArea)
class ThematicAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "presidency", "start", "end")
    search_fields = ("name", "presidency__name")
    autocomplete_fields = ("presidency",)
    list_select_related = ("presidency",)


@admin.register(Article7Report)
class Article7ReportAdmin(admin.ModelAdmin):
    list_display = ("state", "year", "is_initial", "due", "submitted")
    list_filter = ("year", "is_initial")
    search_fields = ("state__name",)
    autocomplete_fields = ("state",)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ("state", "indicator", "value", "as_of", "source")
    list_filter = ("indicator",)
    search_fields = ("state__name", "source")
    autocomplete_fields = ("state",)
