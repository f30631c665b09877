from django.core.management.base import BaseCommand, CommandError

from events.editing.importing import import_files


class Command(BaseCommand):
    help = "Import articles (.txt, .md, .html files or folders of them) as sources; each file whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *args, **options):
        paths = options["paths"]
        outcomes = import_files(paths)
        if not outcomes:
            raise CommandError("No .txt, .md or .html files found in: " + ", ".join(paths))
        counts = {"imported": 0, "duplicate": 0, "refused": 0}
        for outcome in outcomes:
            counts[outcome.status] += 1
            style = {"imported": self.style.SUCCESS, "duplicate": self.style.WARNING}.get(outcome.status, self.style.ERROR)
            self.stdout.write(style(outcome.line()))
        summary = f"{counts['imported']} imported, {counts['duplicate']} duplicate, {counts['refused']} refused"
        if counts["refused"]:
            raise CommandError(summary)
        self.stdout.write(summary)
