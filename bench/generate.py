"""A seeded generator of a portal with years of data, for the benchmark.

    python -m bench.generate --size large --database-url postgres://postgres@127.0.0.1:5432/ccm_bench

It migrates the database, loads the demo (users, groups, the register, the demo meetings), then
adds the volume with bulk_create: States, terms, mandates, plans, meetings with attendance,
minutes, statements, decisions, action items, published summaries, outreach letters with answers,
financial years with assessments, gapless invoices, joint letters and payments. The same seed and
size give the same data. Services are bypassed for speed (no history rows, no PDFs, no e-mail),
but every constraint of the models holds (invoice and letter numbers are gapless per year).
The "large" size is about fifteen years; "small" is about ten times smaller.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from bench.generate_meetings import MeetingSteps
from bench.generate_money import OutreachFinanceSteps
from bench.generate_register import RegisterSteps
from bench.world import LEAK_MEETING_TITLE, MINUTES_MEETING_TITLE, SIZES, TODAY, Size  # noqa: F401 (read by bench.run and tests)


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")
    os.environ.pop("CELERY_BROKER_URL", None)  # PDFs of the demo render here, eagerly
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class Generator(RegisterSteps, MeetingSteps, OutreachFinanceSteps):
    """Each step adds one part of the world; the steps live in bench/generate_*.py."""

    def __init__(self, size: Size, seed: int):
        self.size = size
        self.rng = random.Random(seed)


def generate(size_name: str, seed: int = 20261123) -> dict:
    from django.db import transaction

    from demo import coordinators as coordinators_demo
    from demo import finance as finance_demo
    from demo.meetings import load_demo
    from meetings.models import Meeting

    size = SIZES[size_name]
    timings = {}
    with transaction.atomic():
        if Meeting.objects.filter(title=MINUTES_MEETING_TITLE).exists():
            raise SystemExit("This database already holds benchmark data: drop it first.")
        started = time.monotonic()
        load_demo()
        coordinators_demo.build()
        finance_demo.build()
        timings["demo"] = time.monotonic() - started
        generator = Generator(size, seed)
        for step in ("states", "terms", "plans", "meetings", "summaries", "outreach", "finance"):
            started = time.monotonic()
            getattr(generator, step)()
            timings[step] = round(time.monotonic() - started, 2)
            print(f"  {step}: {timings[step]:.1f} s", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics and visibility maps, as autovacuum gives a real database: without the
            # VACUUM every page of a table just written counts as not all-visible, and PostgreSQL
            # plans a sequential scan where an index-only scan reads the partial indexes (the
            # dashboard's count of letters without an answer took four times as long).
            cursor.execute("VACUUM ANALYZE")
    return timings


def counts() -> dict[str, int]:
    from coordinators.models import ActionPlan
    from directory.models import State, Term
    from finance.models import Invoice, Payment
    from meetings.models import ActionItem, Attendance, Meeting, PublicSummary, Statement
    from outreach.models import Letter

    models = [State, Term, ActionPlan, Meeting, Attendance, Statement, ActionItem, PublicSummary, Letter, Invoice,
              Payment]  # fmt: skip
    return {m._meta.verbose_name_plural.lower(): m.objects.count() for m in models}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    _setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"Generating the {args.size} portal in {args.database_url} ...", flush=True)
    generate(args.size, args.seed)
    print(", ".join(f"{n} {name}" for name, n in counts().items()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
