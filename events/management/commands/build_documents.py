import time

from django.core.management.base import BaseCommand, CommandError

from events import documents


class Command(BaseCommand):
    help = (
        "Build the stored API document of every meeting (events/documents.py). Writes keep them in step; "
        "run this after a bulk load without signals or a change too wide to rebuild at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only meetings without a document.")
        parser.add_argument(
            "--check", action="store_true", help="Build nothing: compare every stored document with a fresh build; "
            "exit non-zero if any differs."
        )  # fmt: skip

    def handle(self, *args, missing=False, check=False, **options):
        started = time.monotonic()
        if check:
            wrong = documents.check()
            if wrong:
                raise CommandError(f"{len(wrong)} stored documents differ from the record: meetings {wrong[:20]}")
            self.stdout.write(self.style.SUCCESS(f"Every stored document matches the record ({time.monotonic() - started:.1f} s)."))
            return
        progress = None
        if options["verbosity"] > 1:
            def progress(done, total):
                self.stdout.write(f"  {done:,}/{total:,} meetings")
        built = documents.build_all(missing_only=missing, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Built {built:,} meeting documents in {time.monotonic() - started:.1f} s."))
