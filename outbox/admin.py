from django.contrib import admin

from .models import Notification, OneTimeAction, OutboxMessage
from .notify import deliver


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "task", "args", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["task", ("sent_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["key", "status", "to", "subject", "attempts", "error", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Try the failed e-mails again")
    def retry(self, request, queryset):
        sent = sum(deliver(pk, retry=True) for pk in queryset.filter(status="failed").values_list("pk", flat=True))
        self.message_user(request, f"{sent} e-mail(s) sent.")


@admin.register(OneTimeAction)
class OneTimeActionAdmin(admin.ModelAdmin):
    list_display = ["done_at", "action", "target", "user", "outcome"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in OneTimeAction._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
