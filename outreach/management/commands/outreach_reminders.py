"""manage.py outreach_reminders: send the no-answer reminders now (the beat schedule runs them daily)."""

from django.core.management.base import BaseCommand

from outreach.services import remind_unanswered


class Command(BaseCommand):
    help = "E-mail each letter owner one digest of their letters without an answer (nothing twice per interval)."

    def handle(self, *args, **options):
        sent = remind_unanswered()
        self.stdout.write(f"{sent} reminder e-mail(s) sent.")
