import time

from django.core.management.base import BaseCommand, CommandError

from events.api import kept
from events.record_io import RecordError, import_record
from events.site import kept_items


class Command(BaseCommand):
    help = (
        "Restore a record written by export_record into an empty, migrated database: everything in one "
        "transaction or nothing, primary keys kept. Accounts are matched by username; new ones get no "
        "usable password (set one with changepassword)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by export_record (.json or .json.gz)")

    def handle(self, *args, path, **options):
        started = time.monotonic()
        progress = None
        if options["verbosity"] > 1:

            def progress(table, rows):
                self.stdout.write(f"  {table}: {rows:,} rows")

        try:
            counts = import_record(path, progress=progress)
        except RecordError as error:
            raise CommandError(f"Nothing imported. {error}") from None
        total = sum(counts.values())
        # The API's kept representations are not in the file (made from the record by this code).
        written = kept.keep_all()
        kept_items.keep_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {total:,} rows of {len(counts)} tables from {path} in {time.monotonic() - started:.1f} s "
                f"({written:,} meetings' API representations kept)"
            )
        )
