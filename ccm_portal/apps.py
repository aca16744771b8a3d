"""The portal package as an app: its admin module (ccm_portal/admin.py) and one form hardening."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ccm_portal"
    verbose_name = "CCM Portal"

    def ready(self):
        from . import hardening

        hardening.install()
