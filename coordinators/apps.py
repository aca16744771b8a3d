from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordinators"

    def ready(self):
        from .documents import register_documents

        register_documents()
