"""manage.py import_minutes FILE: read existing minutes into a draft meeting."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from meetings.importer import ImportErrorMessage
from meetings.services.importing import import_commit, review_import


class Command(BaseCommand):
    help = "Import minutes (.docx, .pdf, .md or .txt) as a draft meeting; --dry-run shows what would be imported."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="read and match, save nothing")
        parser.add_argument(
            "--year", type=int, default=None, help="the year of a meeting whose minutes give its date without one"
        )
        parser.add_argument("--user", default="isu", help="the login recorded as importer (default: isu)")

    def handle(self, *args, file, dry_run, user, year=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        try:
            review = review_import(filename=path.name, data=data, year=year)
        except ImportErrorMessage as error:
            raise CommandError(str(error)) from None
        parsed = review.parsed
        self.stdout.write(
            f"{parsed.title} · {parsed.date} · {parsed.start_time}-{parsed.end_time} · {parsed.venue}\n"
            f"{len(review.delegations)} delegations, {len(review.present)} people present, "
            f"{len(review.apologies)} apologies; agenda {', '.join(i.number for i in parsed.agenda)}; "
            f"{len(parsed.statements)} statements"
        )
        for note in review.unsure:
            self.stdout.write(f"  ? {note}")
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
            return
        importer = get_user_model().objects.filter(username=user).first()
        try:
            meeting = import_commit(filename=path.name, data=data, by=importer, year=year)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        self.stdout.write(self.style.SUCCESS(f"Imported as meeting {meeting.pk}: {meeting}"))
