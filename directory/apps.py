from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"

    def ready(self):
        from .sql import forget_prepared

        # A new database connection has none of the statements the old one had prepared (sql.py).
        connection_created.connect(forget_prepared, dispatch_uid="directory-forget-prepared-reads")
