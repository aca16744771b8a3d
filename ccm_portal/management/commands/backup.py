from django.core.management.base import BaseCommand, CommandError

from ccm_portal.management.backup_lib import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or a copy of the SQLite file) and every stored file."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Folder under which backups/<timestamp>/ is written (BACKUP_DIR)")

    def handle(self, *args, output=None, **options):
        try:
            folder = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(folder))
