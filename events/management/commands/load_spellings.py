from django.core.management.base import BaseCommand, CommandError

from events.demo.spellings import DEMO_SPELLINGS, SpellingsError, load_spellings


class Command(BaseCommand):
    help = "Add the names and spellings that search treats as one from a JSON file (by default the demo's)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEMO_SPELLINGS))

    def handle(self, *args, path, **options):
        try:
            added = load_spellings(path)
        except SpellingsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{added} spellings added from {path}."))
