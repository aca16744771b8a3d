from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"
    verbose_name = "Outreach"

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
        from .pdfs import register_documents

        register_documents()

        from outbox.notify import on_outcome

        from .services.email import LETTER_EMAIL, letter_emailed

        on_outcome(LETTER_EMAIL, letter_emailed)  # a letter's e-mail sent or failed: the letter records it

        from django.utils.translation import gettext_lazy as _

        from directory import roles
        from directory.hooks import register_link

        # A State's page (directory) links its outreach history, for the Committee members.
        register_link(
            "state-page",
            label=_("Outreach history"),
            url_name="outreach:state-history",
            url_args=lambda state: [state.pk],
            predicate=roles.is_committee_member,
            order=10,
        )

        from meetings.pack import register_section

        from .pack import letters_unanswered

        # The meeting pack (meetings) lists the letters still without an answer.
        register_section(
            "letters",
            title=_("Outreach letters without an answer"),
            build=letters_unanswered,
            template="outreach/pdf/_pack_letters.html",
            order=20,
        )
