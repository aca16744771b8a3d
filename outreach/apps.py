from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"
    verbose_name = "Outreach"

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
        from .documents import register_documents

        register_documents()
