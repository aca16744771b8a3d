"""Outreach in Django's admin: the ISU's place to repair a record and to keep the UNGA votes that
the categories read (the States' contacts are the register's: directory.admin). Letters are
written, sent and answered in the portal."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Campaign,
    FollowUp,
    Letter,
    LetterParagraph,
    LetterTemplate,
    ReminderLog,
    Response,
    UNGAVote,
)


@admin.register(UNGAVote)
class UNGAVoteAdmin(admin.ModelAdmin):
    list_display = ("resolution", "year", "state", "vote", "source")
    list_filter = ("resolution", "vote")
    search_fields = ("state__name",)
    autocomplete_fields = ("state",)


@admin.register(LetterTemplate)
class LetterTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "area", "language", "updated_at")
    list_filter = ("kind", "language", "area")


class LetterInline(admin.TabularInline):
    model = Letter
    fields = ("state", "reference", "status", "sent_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ("title", "term", "area", "consolidated", "language", "created_at")
    list_filter = ("consolidated", "term", "area")
    inlines = [LetterInline]
    filter_horizontal = ("recipients",)


class ParagraphInline(admin.TabularInline):
    model = LetterParagraph
    extra = 0


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0


@admin.register(Letter)
class LetterAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "state", "campaign", "status", "sent_at")
    list_filter = ("status", "campaign")
    search_fields = ("reference", "state__name")
    readonly_fields = ("reference", "document")
    inlines = [ParagraphInline, ResponseInline]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("state", "kind", "planned_on", "done_on", "place")
    list_filter = ("kind",)
    date_hierarchy = "planned_on"


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("letter", "to", "sent_at")
