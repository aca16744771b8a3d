from django.core.management.base import BaseCommand

from outbox.models import OutboxMessage
from outbox.services import relay


class Command(BaseCommand):
    help = "Hand the tasks that the broker did not take (it was down) to it now."

    def handle(self, *args, **options):
        sent = relay()
        left = OutboxMessage.objects.pending().count()
        self.stdout.write(f"{sent} task(s) sent, {left} still pending.")
