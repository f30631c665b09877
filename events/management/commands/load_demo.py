from django.core.management.base import BaseCommand, CommandError

from events.demo.loader import DemoError, load_demo


class Command(BaseCommand):
    help = "Load the demo corpus (the seed articles and the facts cited from them), published. Idempotent."

    def handle(self, *args, **options):
        try:
            counts = load_demo()
        except DemoError as error:
            raise CommandError(f"Demo corpus not loaded: {error}") from None
        self.stdout.write(self.style.SUCCESS("Demo corpus loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
