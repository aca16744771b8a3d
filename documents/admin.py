from django.contrib import admin

from .models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are made by the rendering task and served by permission-checked views."""

    list_display = ("title", "kind", "language", "status", "frozen", "rendered_at", "size")
    list_filter = ("kind", "language", "status", "frozen")
    search_fields = ("title", "key", "sha256")
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
