from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coordinators"

    def ready(self):
        from .pdfs import register_documents

        register_documents()

        from directory.hooks import register_panel

        # The public home (meetings) links the published action plans through a slot.
        register_panel("public-home", template="coordinators/_public_home_panel.html")

        from directory.landing import register_landing

        from .landing import coordinator_landing

        # After login a Coordinator lands on their area's page (before a focal point's State page).
        register_landing(coordinator_landing, order=10)

        from django.utils.translation import gettext_lazy as _

        from meetings.pack import register_section

        from .pack import outputs_at_risk

        # The meeting pack (meetings) shows each area's outputs at risk or off track.
        register_section(
            "outputs",
            title=_("Outputs at risk or off track, by thematic area"),
            build=outputs_at_risk,
            template="coordinators/pdf/_pack_outputs.html",
            order=10,
        )
