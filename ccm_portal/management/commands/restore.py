from django.core.management.base import BaseCommand, CommandError

from ccm_portal.management.backup_lib import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`: the database, then the stored files; then verify both."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="backups/<timestamp>")

    def handle(self, *args, folder, **options):
        try:
            checked = restore(folder)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored and verified: {checked['rows']} rows in {checked['tables']} tables, {checked['files']} files."
        )
