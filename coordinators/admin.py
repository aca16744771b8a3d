"""The Coordinators' work in Django's admin: mandates, concept notes, action plans with their
outputs, activities and progress, and target lists. Coordinators edit plans in the portal; the
admin is the ISU's place to repair a record."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Mandate

from .models import (
    ActionPlan,
    Activity,
    CoalitionMember,
    ConceptNote,
    CountryCoalition,
    Output,
    ProgressUpdate,
    TargetState,
)


class VersionBumpMixin:
    """An admin save bumps lock_version, so a Coordinator editing the same row meanwhile gets a
    conflict rather than silently overwriting the repair."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.lock_version += 1
        super().save_model(request, obj, form, change)


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ("area", "state", "term", "order")
    list_filter = ("term", "area")
    search_fields = ("state__name", "state__iso3", "area__name", "term__name")
    autocomplete_fields = ("area", "term", "state")
    list_select_related = ("area", "term", "state")


@admin.register(ConceptNote)
class ConceptNoteAdmin(SimpleHistoryAdmin):
    list_display = ("area", "term", "is_public", "updated_at")
    list_filter = ("term", "area", "is_public")
    search_fields = ("text", "area__name")
    autocomplete_fields = ("area", "term")
    list_select_related = ("area", "term")


class OutputInline(admin.StackedInline):
    model = Output
    fields = (
        "number",
        "text",
        "indicator",
        ("baseline", "target_value", "unit"),
        "deadline",
        "serves_action",
        "lock_version",
    )
    readonly_fields = ("lock_version",)
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionBumpMixin, SimpleHistoryAdmin):
    list_display = ("title", "area", "term", "starts", "is_public")
    list_filter = ("term", "area", "is_public")
    search_fields = ("title", "area__name")
    autocomplete_fields = ("area", "term")
    readonly_fields = ("lock_version",)
    list_select_related = ("area", "term")
    inlines = (OutputInline,)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if instance.pk:
                instance.lock_version += 1
            instance.save()
        formset.save_m2m()


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("what", "who", "start", "end", "status")
    extra = 0


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fields = ("date", "value", "narrative", "evidence", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")
    extra = 0


@admin.register(Output)
class OutputAdmin(VersionBumpMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "plan", "target_value", "unit", "deadline")
    list_filter = ("plan__term", "plan__area")
    search_fields = ("text", "indicator", "plan__title")
    autocomplete_fields = ("plan",)
    readonly_fields = ("lock_version",)
    list_select_related = ("plan",)
    inlines = (ActivityInline, ProgressUpdateInline)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if isinstance(instance, ProgressUpdate) and instance.recorded_by_id is None:
                instance.recorded_by = request.user
            instance.save()
        formset.save_m2m()


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "output", "who", "start", "end", "status")
    list_filter = ("status", "output__plan__area")
    search_fields = ("what", "who", "output__text")
    autocomplete_fields = ("output",)
    list_select_related = ("output",)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("output", "date", "value", "recorded_by")
    list_filter = ("output__plan__area",)
    search_fields = ("narrative", "evidence", "output__text")
    autocomplete_fields = ("output",)
    readonly_fields = ("recorded_by", "recorded_at")
    list_select_related = ("output", "recorded_by")
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TargetState)
class TargetStateAdmin(SimpleHistoryAdmin):
    list_display = ("state", "area", "term", "reason", "note")
    list_filter = ("term", "area", "reason")
    search_fields = ("state__name", "state__iso3", "note")
    autocomplete_fields = ("area", "term", "state")
    list_select_related = ("state", "area", "term")


class CoalitionMemberInline(admin.TabularInline):
    model = CoalitionMember
    extra = 1
    autocomplete_fields = ("delegation",)


@admin.register(CountryCoalition)
class CountryCoalitionAdmin(admin.ModelAdmin):
    list_display = ("state", "established")
    search_fields = ("state__name",)
    autocomplete_fields = ("state",)
    filter_horizontal = ("meetings",)
    inlines = [CoalitionMemberInline]
