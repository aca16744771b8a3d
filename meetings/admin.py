"""Meetings in Django's admin: for the ISU to repair a record, not to run the workflow.

The workflow (circulate, approve, publish) runs through meetings.services (the summaries'
in meetings.services.summaries), which check its rules; here its fields are read-only, and a
record the rules freeze (approved minutes, a published summary) can be viewed but not changed.
Admin saves of versioned rows bump their version, so an editor who opened the page
earlier gets a conflict instead of silently overwriting the repair.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    ImportedDocument,
    LeakFinding,
    Meeting,
    MeetingParticipant,
    Minutes,
    MinutesComment,
    MinutesItem,
    ParticipantCategory,
    PublicSummary,
    Statement,
    SummaryComment,
    SummaryEntry,
    SummaryEvent,
)


def _record_frozen(meeting: Meeting | None) -> bool:
    """The services' rule: once a meeting's minutes are approved, its record no longer changes."""
    minutes = meeting.current_minutes if meeting is not None and meeting.pk else None
    return bool(minutes and minutes.is_frozen)


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class FrozenRecordForm(forms.ModelForm):
    """Refuses a new statement or decision under a meeting whose minutes are approved."""

    def clean(self):
        cleaned = super().clean()
        agenda_item = cleaned.get("agenda_item")
        meeting = cleaned.get("meeting") or (agenda_item.meeting if agenda_item else None)
        if _record_frozen(meeting):
            raise ValidationError(_("The minutes of this meeting are approved: the record is frozen."))
        return cleaned


class FrozenRecordMixin:
    """View-only once the meeting's minutes are approved."""

    def meeting_of(self, obj) -> Meeting | None:
        return obj.meeting if obj is not None else None

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _record_frozen(self.meeting_of(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _record_frozen(self.meeting_of(obj))


# --- meetings and their agenda ------------------------------------------------------------------


class AgendaItemInline(FrozenRecordMixin, admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    fields = ("number", "parent", "position", "title", "kind", "thematic_area", "presenters", "approves_minutes_of")
    readonly_fields = ("number",)
    autocomplete_fields = ("presenters", "approves_minutes_of")
    extra = 0

    def meeting_of(self, obj):  # an inline's obj is the meeting itself
        return obj

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _record_frozen(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Only this meeting's top-level items can be a parent (not every item of every meeting).
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                AgendaItem.objects.filter(meeting_id=meeting_id, parent=None)
                if meeting_id
                else (AgendaItem.objects.none())
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "date", "start_time", "term", "number", "status", "confidentiality")
    list_filter = ("kind", "status", "confidentiality", "term", "conventions")
    search_fields = ("title", "venue")
    date_hierarchy = "date"
    autocomplete_fields = ("conventions", "hosts", "chair", "term")
    readonly_fields = ("created_by", "created_at")
    list_select_related = ("term",)
    inlines = (AgendaItemInline,)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Numbers (5, 5.1) are derived from positions, as when the agenda is edited in the portal.
        services.agenda_renumber(meeting=form.instance)


@admin.register(AgendaItem)
class AgendaItemAdmin(FrozenRecordMixin, admin.ModelAdmin):
    form = FrozenRecordForm
    list_display = ("__str__", "meeting", "kind", "thematic_area")
    list_filter = ("kind", "meeting__kind", "thematic_area")
    search_fields = ("title", "number", "meeting__title")
    autocomplete_fields = ("meeting", "presenters", "approves_minutes_of", "thematic_area")
    raw_id_fields = ("parent",)
    readonly_fields = ("number",)
    list_select_related = ("meeting", "thematic_area")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.agenda_renumber(meeting=obj.meeting)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("meeting", "delegation", "person", "status", "capacity", "is_guest", "order")
    list_filter = ("status", "is_guest", "meeting__kind")
    search_fields = (
        "meeting__title",
        "delegation__name",
        "person__last_name",
        "person__first_name",
        "capacity",
        "on_behalf_of_delegation__name",
        "on_behalf_of",
    )
    autocomplete_fields = ("meeting", "delegation", "person", "on_behalf_of_delegation")
    list_select_related = ("meeting", "delegation", "person")


# --- minutes --------------------------------------------------------------------------------


class MinutesItemInline(admin.StackedInline):
    model = MinutesItem
    fields = ("agenda_item", "text", "lock_version", "updated_by", "updated_at")
    readonly_fields = ("lock_version", "updated_by", "updated_at")
    autocomplete_fields = ("agenda_item",)
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_frozen)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)


WORKFLOW_FIELDS = (
    "status",
    "circulated_at",
    "circulated_by",
    "circulation_notice_sent_at",
    "approved_at_meeting",
    "approved_at",
    "approved_by",
    "lock_version",
)


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "version", "status", "comment_deadline", "approved_at_meeting")
    list_filter = ("status", "meeting__kind")
    search_fields = ("meeting__title",)
    autocomplete_fields = ("meeting",)
    readonly_fields = WORKFLOW_FIELDS
    list_select_related = ("meeting", "approved_at_meeting")
    inlines = (MinutesItemInline,)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)

    def save_model(self, request, obj, form, change):
        if change:
            obj.lock_version += 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if instance.pk:
                instance.lock_version += 1
            instance.updated_by = request.user
            instance.save()
        formset.save_m2m()


@admin.register(MinutesItem)
class MinutesItemAdmin(SimpleHistoryAdmin):
    list_display = ("agenda_item", "minutes", "excerpt", "updated_at", "updated_by")
    search_fields = ("text", "agenda_item__title", "minutes__meeting__title")
    autocomplete_fields = ("minutes", "agenda_item")
    readonly_fields = ("lock_version", "updated_at", "updated_by")
    list_select_related = ("agenda_item", "minutes__meeting", "updated_by")

    @admin.display(description=_("text"))
    def excerpt(self, item):
        return _short(item.text)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.minutes.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.minutes.is_frozen)

    def save_model(self, request, obj, form, change):
        if change:
            obj.lock_version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MinutesComment)
class MinutesCommentAdmin(SimpleHistoryAdmin):
    list_display = ("item", "author", "created_at", "resolution", "resolved_by")
    list_filter = ("resolution",)
    search_fields = ("text", "resolution_reason", "author__username", "item__agenda_item__title")
    autocomplete_fields = ("item", "author")
    readonly_fields = ("created_at", "resolved_by", "resolved_at")
    list_select_related = ("item__agenda_item", "author", "resolved_by")


# --- the record: statements, decisions, action items ------------------------------------------


@admin.register(Statement)
class StatementAdmin(FrozenRecordMixin, SimpleHistoryAdmin):
    form = FrozenRecordForm
    list_display = ("speaker_label", "agenda_item", "excerpt", "order")
    list_filter = ("agenda_item__meeting__kind", ("anonymous_category", admin.EmptyFieldListFilter))
    search_fields = ("text", "delegation__name", "anonymous_category", "on_behalf_of", "agenda_item__meeting__title")
    autocomplete_fields = ("agenda_item", "delegation", "speaker")
    list_select_related = ("agenda_item__meeting", "delegation")

    def meeting_of(self, obj):
        return obj.agenda_item.meeting if obj is not None else None

    @admin.display(description=_("text"))
    def excerpt(self, statement):
        return _short(statement.text)


@admin.register(Decision)
class DecisionAdmin(FrozenRecordMixin, SimpleHistoryAdmin):
    form = FrozenRecordForm
    list_display = ("excerpt", "meeting", "agenda_item")
    list_filter = ("meeting__kind",)
    search_fields = ("text", "meeting__title")
    autocomplete_fields = ("meeting", "agenda_item")
    list_select_related = ("meeting", "agenda_item")

    @admin.display(description=_("text"))
    def excerpt(self, decision):
        return _short(decision.text)


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    """Action items stay editable after approval: their status is tracked until done."""

    list_display = ("excerpt", "owner_label", "due_date", "status", "meeting")
    list_filter = ("status", "meeting__kind", ("due_date", admin.EmptyFieldListFilter))
    search_fields = (
        "text",
        "owner_delegation__name",
        "owner_person__last_name",
        "owner_person__first_name",
        "meeting__title",
    )
    autocomplete_fields = ("meeting", "agenda_item", "owner_delegation", "owner_person")
    readonly_fields = ("lock_version", "created_at")
    date_hierarchy = "due_date"

    def get_queryset(self, request):
        return super().get_queryset(request).with_related()

    @admin.display(description=_("action"))
    def excerpt(self, action):
        return _short(action.text)

    def save_model(self, request, obj, form, change):
        if change:
            obj.lock_version += 1
        super().save_model(request, obj, form, change)


# --- public summaries -----------------------------------------------------------------------


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "speaker_phrase", "order")
    list_editable = ("order",)
    search_fields = ("name", "code", "speaker_phrase")


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(admin.ModelAdmin):
    list_display = ("meeting", "delegation", "category", "proposed_category", "confirmed", "named_openly")
    list_filter = ("confirmed", "named_openly", "category")
    search_fields = ("meeting__title", "delegation__name")
    autocomplete_fields = ("meeting", "delegation")
    readonly_fields = ("proposed_category", "proposal_reason")
    list_select_related = ("meeting", "delegation", "category", "proposed_category")


def _published(summary: PublicSummary | None) -> bool:
    return summary is not None and summary.status == PublicSummary.Status.PUBLISHED


class SummaryEntryInline(admin.StackedInline):
    model = SummaryEntry
    fields = ("order", "section", "letter", "speaker", "text")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _published(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _published(obj)


@admin.register(PublicSummary)
class PublicSummaryAdmin(SimpleHistoryAdmin):
    """A published text changes only by withdrawing it in the portal; publishing runs the leak check."""

    list_display = ("title", "meeting", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "meeting__title", "key_points")
    readonly_fields = ("meeting", "status", "published_at", "withdrawn_reason", "lock_version")
    inlines = (SummaryEntryInline,)

    def has_add_permission(self, request):
        return False  # a summary is generated from the meeting's record, in the portal

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _published(obj)

    def save_model(self, request, obj, form, change):
        obj.lock_version += 1
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: viewed, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SummaryEntry)
class SummaryEntryAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "summary", "section", "order")
    search_fields = ("text", "speaker", "summary__title")
    list_select_related = ("summary",)


@admin.register(LeakFinding)
class LeakFindingAdmin(ReadOnlyAdmin):
    list_display = ("matched", "kind", "where", "summary", "resolution", "found_at")
    list_filter = ("resolution", "kind")
    search_fields = ("matched", "context", "summary__title")
    list_select_related = ("summary",)


@admin.register(SummaryEvent)
class SummaryEventAdmin(ReadOnlyAdmin):
    list_display = ("summary", "action", "by", "at")
    list_filter = ("action",)
    search_fields = ("summary__title", "note")
    list_select_related = ("summary", "by")


@admin.register(SummaryComment)
class SummaryCommentAdmin(ReadOnlyAdmin):
    """A participant's comment on a circulated draft: settled on the summary's page in the portal."""

    list_display = ("summary", "where", "delegation", "author_name", "created_at", "resolution", "resolved_by")
    list_filter = ("resolution", "part")
    search_fields = ("text", "author_name", "resolution_reason", "summary__title", "delegation__name")
    list_select_related = ("summary", "delegation", "resolved_by")


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "meeting", "imported_by", "imported_at")
    search_fields = ("filename", "fingerprint", "meeting__title")
    list_select_related = ("meeting", "imported_by")
