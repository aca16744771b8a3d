from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .stamps import install_after_migrate

        # After every migrate (and the test database's syncdb): every table has its triggers,
        # those a migration just created or rebuilt (SQLite remakes a table to alter it) included.
        post_migrate.connect(install_after_migrate, dispatch_uid="pagecache-install-triggers")
