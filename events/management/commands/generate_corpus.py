import time

from django.core.management.base import BaseCommand, CommandError

from events.generate import generate


class Command(BaseCommand):
    help = (
        "Generate a large published record for benchmarks (deterministic for a seed): meetings, people, "
        "sources and about ten citations per meeting, every quote really in its source, published through "
        "the published record (revision 1 of each, its index rows). Use on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--chunk", type=int, default=5000, help="meetings written per batch")

    def handle(self, *args, meetings, seed, chunk, **options):
        if meetings < 1 or chunk < 1:
            raise CommandError("--meetings and --chunk must be at least 1.")
        started = time.monotonic()

        def progress(done, total, stage="written"):
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stdout.write(f"  {done:,}/{total:,} meetings {stage} ({rate:,.0f}/s)", ending="\n")
            self.stdout.flush()

        counts = generate(meetings, seed=seed, chunk=chunk, progress=progress if options["verbosity"] else None)
        elapsed = time.monotonic() - started
        self.stdout.write(", ".join(f"{n:,} {table}" for table, n in counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s"))
