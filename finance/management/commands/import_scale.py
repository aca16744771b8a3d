"""manage.py import_scale scale.csv --period 2016-2018: the UN scale of assessments of a period."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from finance.services import scale_import


class Command(BaseCommand):
    help = "Import the UN scale of assessments of a period from a CSV with the columns iso3, rate_percent."

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path)
        parser.add_argument("--period", required=True, help="e.g. 2016-2018")
        parser.add_argument("--source", default="", help="Where the rates come from (a resolution, a URL).")

    def handle(self, *args, csv: Path, period: str, source: str, **options):
        try:
            text = csv.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {csv}: {error}") from error
        try:
            scale_period = scale_import(period=period, text=text, source=source or csv.name)
        except ValidationError as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.messages)) from error
        count = scale_period.rates.count()
        self.stdout.write(self.style.SUCCESS(f"Scale {scale_period}: {count} rates imported."))
