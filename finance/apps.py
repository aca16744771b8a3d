from django.apps import AppConfig


class FinanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "finance"
    verbose_name = "Finance"

    def ready(self):
        from .pdfs import register_documents

        register_documents()

        from outbox.notify import on_outcome

        from .services.reminders import REMINDER_EMAIL, reminder_emailed

        on_outcome(REMINDER_EMAIL, reminder_emailed)  # a reminder's e-mail sent: the reminder records it

        from django.utils.translation import gettext_lazy as _

        from directory import roles
        from directory.hooks import register_link

        # A State's page (directory) links its invoices and payments: the ISU's view of the State's
        # account, or a focal point's own account (the only State page a focal point sees).
        register_link(
            "state-page",
            label=_("Invoices and payments"),
            url_name="finance:state-account",
            url_args=lambda state: [state.iso3],
            predicate=roles.is_isu_staff,
            order=20,
        )
        register_link(
            "state-page",
            label=_("Invoices and payments"),
            url_name="finance:my-account",
            predicate=~roles.is_isu_staff & roles.is_focal_point,
            order=20,
        )

        from meetings.pack import register_section

        from .pack import year_shortfall

        # The meeting pack (meetings) shows the year's contributions and shortfall (totals only).
        register_section(
            "shortfall",
            title=_("Contributions and shortfall"),
            build=year_shortfall,
            template="finance/pdf/_pack_shortfall.html",
            order=30,
        )
