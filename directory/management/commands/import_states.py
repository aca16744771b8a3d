"""manage.py import_states FILE.csv: States and their treaty status from the register's CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory import importers
from directory.models import Convention


class Command(BaseCommand):
    help = (
        "Create or update States and their status under a convention from a CSV with the columns of "
        "ccm-states-partial.csv. Article 3/4 original deadlines are imported only for the States named "
        "with --with-deadlines (or all with --all-deadlines): the file does not say which States declared "
        "stockpiles or contaminated areas. One transaction: a bad line saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="path of the CSV file (UTF-8)")
        parser.add_argument(
            "--convention",
            default="ccm",
            help="code of the convention the statuses are under (ccm, apmbc, ccw-p5; default ccm)",
        )
        deadlines = parser.add_mutually_exclusive_group()
        deadlines.add_argument(
            "--with-deadlines",
            metavar="ISO3,ISO3",
            default="",
            help="record the Article 3/4 original deadlines of these States (CCM only)",
        )
        deadlines.add_argument(
            "--all-deadlines",
            action="store_true",
            help="record the Article 3/4 original deadlines of every State in the file (CCM only)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, then roll back")

    def handle(self, *args, csv_file, convention, with_deadlines, all_deadlines, dry_run, **options):
        path = Path(csv_file)
        try:
            with path.open(encoding="utf-8-sig", newline="") as file:
                rows = importers.parse_status_rows(file)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text") from error
        except importers.RowError as error:
            raise CommandError(f"{path.name}, {error}; nothing was imported.") from error

        codes = [code for code in with_deadlines.split(",") if code.strip()]
        deadlines_for = importers.ALL_STATES if all_deadlines else codes
        if deadlines_for and convention != importers.DEADLINE_CONVENTION:
            raise CommandError("Article 3/4 deadlines are CCM obligations: use the deadline options with ccm only.")
        missing = importers.unknown_codes(rows, codes)
        if missing:
            raise CommandError(f"--with-deadlines names States that are not in the file: {', '.join(missing)}")

        with transaction.atomic():
            importers.ensure_conventions()
            target = Convention.objects.filter(code=convention).first()
            if target is None:
                known = ", ".join(Convention.objects.values_list("code", flat=True))
                raise CommandError(f"Unknown convention {convention!r} (known: {known}).")
            try:
                report = importers.apply_status_rows(rows, convention=target, deadlines_for=deadlines_for)
            except importers.RowError as error:
                raise CommandError(f"{path.name}, {error}; nothing was imported.") from error
            if dry_run:
                transaction.set_rollback(True)

        self._report(report, rows, target, dry_run)

    def _report(self, report, rows, convention, dry_run):
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(rows)} rows. States: {report.states_created} created, "
                f"{report.states_updated} renamed. {convention.short_name} statuses: {report.statuses_created} "
                f"created, {report.statuses_updated} updated, {report.statuses_unchanged} unchanged. "
                f"Obligations: {report.obligations_created} created, {report.obligations_updated} updated."
            )
        )
        for note in report.notes:
            self.stdout.write(f"  {note}")
        if report.deadlines_skipped and convention.code != importers.DEADLINE_CONVENTION:
            self.stdout.write(f"The Article 3/4 columns are CCM deadlines: ignored for {convention.short_name}.")
        elif report.deadlines_skipped:
            self.stdout.write(
                f"{report.deadlines_skipped} States have Article 3/4 deadlines in the file that were not imported: "
                "they bind only States that declared stockpiles or contaminated areas. Name those with "
                "--with-deadlines ISO3,ISO3."
            )
