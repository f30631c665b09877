from django.core.management.base import BaseCommand, CommandError

from events.audit import audit


class Command(BaseCommand):
    help = (
        "List every published fact without a valid supporting citation and every broken citation; "
        "exit non-zero if there is any (rule 1)."
    )

    def handle(self, *args, **options):
        report = audit()
        for line in report.uncited:
            self.stdout.write(self.style.ERROR(f"uncited  {line}"))
        for line in report.broken:
            self.stdout.write(self.style.ERROR(f"broken   {line}"))
        summary = (
            f"{report.checked_facts} published facts and {report.checked_citations} citations checked: "
            f"{len(report.uncited)} uncited, {len(report.broken)} broken"
        )
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
