import time

from django.core.management.base import BaseCommand, CommandError

from events.record_io import export_record


class Command(BaseCommand):
    help = (
        "Write the whole record (facts, sources with full text, citations, workflow log, history; "
        "the usernames and groups of the accounts it names, never passwords) to one versioned JSON file. "
        "A name ending in .gz is gzip-compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. record-2026-11-23.json.gz")

    def handle(self, *args, path, **options):
        started = time.monotonic()
        progress = None
        if options["verbosity"] > 1:

            def progress(table, rows):
                self.stdout.write(f"  {table}: {rows:,} rows")

        try:
            counts = export_record(path, progress=progress)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}") from None
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Exported {total:,} rows of {len(counts)} tables to {path} in {time.monotonic() - started:.1f} s")
        )
