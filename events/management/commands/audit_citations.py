from django.core.management.base import BaseCommand, CommandError

from events.audit import audit


class Command(BaseCommand):
    help = (
        "List every published fact (of the current revisions) without a supporting citation, every published "
        "quote no longer in its source, and every broken working citation; exit non-zero if there is any (rule 1)."
    )

    def handle(self, *args, **options):
        report = audit()
        for line in report.uncited:
            self.stdout.write(self.style.ERROR(f"uncited  {line}"))
        for line in report.broken:
            self.stdout.write(self.style.ERROR(f"broken   {line}"))
        for line in report.broken_working:
            self.stdout.write(self.style.ERROR(f"draft    {line}"))
        summary = (
            f"{report.checked_facts} published facts and {report.checked_citations} citations checked: "
            f"{len(report.uncited)} uncited, {len(report.broken)} broken, "
            f"{len(report.broken_working)} broken in the working record"
        )
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
