"""Write the kept API representation (events.api.kept) and list item (events.site.kept_items) of every
public meeting that lacks a current one."""

from django.core.management.base import BaseCommand

from events.api import kept
from events.site import kept_items


class Command(BaseCommand):
    help = (
        "Write the kept API representations and list items that are missing or were made by other code: after an upgrade, "
        "or after a change shown by more meetings than publishing rewrites at once. Safe while publishing goes on."
    )

    def handle(self, *args, **options):
        def progress(n):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {n:,} written")

        written = kept.keep_all(progress=progress)
        self.stdout.write(f"Kept representations written: {written:,} (shape {kept.SHAPE}).")
        written = kept_items.keep_all(progress=progress)
        self.stdout.write(f"Kept list items written: {written:,} (shape {kept_items.SHAPE}).")
