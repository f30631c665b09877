"""Build the bulk files of the published record (CSV ZIP, JSON, SQLite) into BULK_DATA_DIR."""

from django.core.management.base import BaseCommand

from events.api import bulk


class Command(BaseCommand):
    help = "Build the bulk data files for the current published record (started after each publication)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Build even where the files are current.")

    def handle(self, *args, force=False, **options):
        done = bulk.build(force=force)
        sizes = ", ".join(f"{name} {info['size']:,} bytes" for name, info in done["files"].items())
        self.stdout.write(f"Bulk data for record version {done['version']}: {sizes}.")
