"""The measurements made inside Django, run by bench.run in a process of their own:

    python -m bench.probe pages    # the key pages, their SQL query counts, a session for the ISU
    python -m bench.probe cpu      # Python + PostgreSQL CPU per staff page request, page cache off
    python -m bench.probe work     # PDFs (direct, 1 and 2 Celery workers), worker memory, import, leak check

The environment (DATABASE_URL, CELERY_BROKER_URL, MEDIA_ROOT...) comes from bench.run. Each
prints one JSON object on its last line of output.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PDF_COUNT = 120
MEMORY_COUNTS = (50, 100, 200, 300, 400, 500)  # RSS is read after each; the target compares 500 to 50
REPEAT = 3


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


# --- pages and their queries --------------------------------------------------------------


def key_pages() -> list[tuple[str, str, str]]:
    """(name, audience, path) of each page the benchmark measures; the same objects in both sizes."""
    from coordinators.models import ActionPlan
    from directory.models import State, Term
    from meetings.models import Meeting, PublicSummary

    from .generate import MINUTES_MEETING_TITLE

    summary = PublicSummary.objects.published().order_by("-meeting__date", "-pk").first()
    meeting = Meeting.objects.get(title=MINUTES_MEETING_TITLE)
    plan = ActionPlan.objects.get(term=Term.objects.current(), area__slug="victim-assistance")
    state = State.objects.get(iso3="IRQ")
    return [
        ("public home", "public", "/"),
        ("public summary", "public", f"/public/summaries/{summary.pk}/"),
        ("ISU dashboard", "staff", "/dashboard/"),
        ("meeting minutes", "staff", f"/meetings/{meeting.pk}/minutes/"),
        ("action plan", "staff", f"/coordinators/plans/{plan.pk}/"),
        ("finance dashboard", "staff", "/finance/"),
        ("State's outreach history", "staff", f"/outreach/states/{state.pk}/"),
    ]


def count_queries(client, path: str) -> tuple[int, int]:
    """(status, queries) of a GET, after a first GET that warms the process's caches. The page
    cache is emptied first: a public page is counted as built, not as served from the cache
    (which costs no query, or one when the process reads the change stamp again). A staff page is
    counted as built too, the page cache for logged-in pages off (served from that cache it costs
    the session, the user and the change stamp: tests/pagecache/)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from meetings.views.public import forget_public_stamp

    with override_settings(PAGE_CACHE=False):
        client.get(path)
        for alias in ("default", "pages"):  # the shared cache and this process's copy (pagecache.store)
            caches[alias].clear()
        forget_public_stamp()  # the change stamp read again too, as at least once a second under load
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    return response.status_code, len(captured.captured_queries)


def pages() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    isu = get_user_model().objects.get(username="isu")
    staff, anonymous = Client(), Client()
    staff.force_login(isu)
    result = {"pages": [], "session": staff.cookies["sessionid"].value}
    for name, audience, path in key_pages():
        status, queries = count_queries(staff if audience == "staff" else anonymous, path)
        result["pages"].append({"name": name, "audience": audience, "path": path, "status": status,
                                "queries": queries})  # fmt: skip
    return result


def _backend_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a PostgreSQL backend process has used: it runs on this machine
    (the bench's database is local), so /proc tells what the page's queries cost the server."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu(requests: int = 40, rounds: int = 5) -> dict:
    """Per staff page, built (the page cache off: PAGE_CACHE=false in the environment bench.run
    gives this process): Python CPU and PostgreSQL CPU per request, averaged over `requests`
    GETs after two warm-ups, through Django's test client in this one process. As in a web
    process (gunicorn.conf.py) the objects made while the application loaded are frozen out of
    the collector's reach first, so its collections cost what they cost there. The pages are
    measured in turn, `rounds` times (the machine is shared and its speed drifts by a quarter from
    one minute to the next), and each page's figure is its median round."""
    import gc

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    gc.freeze()
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="isu"))
    pages = [(name, path) for name, audience, path in key_pages() if audience == "staff"]
    for _name, path in pages:
        for _ in range(2):
            assert staff.get(path).status_code == 200, path
    measured: dict[str, list[dict]] = {name: [] for name, _path in pages}
    for _round in range(rounds):
        for name, path in pages:
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = cursor.fetchone()[0]
            python_before, sql_before = time.process_time(), _backend_cpu_s(backend)
            for _ in range(requests):
                staff.get(path)
            python_ms = (time.process_time() - python_before) * 1000 / requests
            sql_ms = (_backend_cpu_s(backend) - sql_before) * 1000 / requests
            measured[name].append({"python_ms": round(python_ms, 2), "sql_ms": round(sql_ms, 2),
                                   "total_ms": round(python_ms + sql_ms, 2)})  # fmt: skip
    return {name: median_round(runs) for name, runs in measured.items()}


def median_round(runs: list[dict]) -> dict:
    """A page's median round (by total), with every round's total in `rounds_total_ms`."""
    median = sorted(runs, key=lambda run: run["total_ms"])[len(runs) // 2]
    return {**median, "rounds_total_ms": [run["total_ms"] for run in runs]}


# --- PDFs through Celery ------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _rss_kb(int(child))
    except FileNotFoundError:
        pass
    return total


class Worker:
    """`celery worker` (prefork) against the benchmark's database and Redis DB, as deployed."""

    def __init__(self, concurrency: int, log_dir: Path):
        self.concurrency = concurrency
        self.log = log_dir / f"worker-{concurrency}-{time.monotonic_ns()}.log"

    def __enter__(self):
        from ccm_portal.celery import app

        app.control.purge()
        command = [sys.executable, "-m", "celery", "-A", "ccm_portal", "worker", "--pool=prefork",
                   f"--concurrency={self.concurrency}", "--loglevel=INFO", "-n", f"bench{self.concurrency}@%h",
                   "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while "ready" not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The Celery worker did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        return self

    def rss_kb(self) -> int:
        return _rss_kb(self.process.pid)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _request_and_wait(letters, tag: str, timeout: float = 900) -> float:
    """Ask for the joint letters' PDFs in one transaction; seconds until every one is rendered."""
    from django.db import transaction

    from documents.models import GeneratedDocument
    from documents.services import document_request
    from finance.pdfs import JOINT_LETTER

    started = time.perf_counter()
    with transaction.atomic():
        ids = [
            document_request(kind=JOINT_LETTER, object_id=letter.pk, title=f"Benchmark {letter.pk}",
                             filename=f"bench-{tag}-{letter.pk}.pdf", version=tag, freeze=True).pk
            for letter in letters
        ]  # fmt: skip
    pending = GeneratedDocument.objects.filter(pk__in=ids).exclude(status=GeneratedDocument.Status.DONE)
    while True:
        left = pending.count()
        if not left:
            return time.perf_counter() - started
        failed = GeneratedDocument.objects.filter(pk__in=ids, status=GeneratedDocument.Status.FAILED).first()
        if failed is not None:
            raise SystemExit(f"A PDF failed to render: {failed.error[:1000]}")
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"{left} PDFs still not rendered after {timeout:.0f} s")
        time.sleep(0.2)  # light polling: the worker shares the cores with this process


def pdfs(log_dir: Path) -> dict:
    from documents.rendering import render_pdf
    from finance.models import JointLetter
    from finance.pdfs import build_joint_letter

    run = f"{int(time.time())}"
    letters = list(
        JointLetter.objects.filter(financial_year__year=JointLetter.objects.order_by("-financial_year__year")
                                   .values_list("financial_year__year", flat=True).first())
        .order_by("state__name")[:PDF_COUNT]
    )  # fmt: skip
    if len(letters) < PDF_COUNT:
        raise SystemExit(f"Only {len(letters)} joint letters in the latest year: generate the large data set.")
    result = {"pdf_count": len(letters)}

    contexts = [build_joint_letter(letter.pk) for letter in letters]
    render_pdf(*contexts[0])  # warm-up: fonts and styles loaded once, as in a running worker
    result["pdf_bytes"] = len(render_pdf(*contexts[0]))
    # The machine is shared: the three ways are taken in turn, REPEAT rounds. Each time is the best
    # of its rounds; the one-worker ratio is the median of the rounds' own ratios (a single round
    # varies from 1.13x to 1.38x), each round's worker against the direct run just before it.
    result["workers1_ratio_rounds"] = []
    for attempt in range(REPEAT):
        started = time.perf_counter()
        for template_name, context in contexts:
            render_pdf(template_name, context)
        direct = time.perf_counter() - started
        _best(result, "direct_s", direct)
        for concurrency in (1, 2):
            with Worker(concurrency, log_dir):
                _request_and_wait(letters[:concurrency], f"warm-{concurrency}-{attempt}-{run}")
                seconds = _request_and_wait(letters, f"w{concurrency}-{attempt}-{run}")
            _best(result, f"workers{concurrency}_s", seconds)
            if concurrency == 1:
                result["workers1_ratio_rounds"].append(round(seconds / direct, 3))
    result["workers1_ratio_median"] = statistics.median(result["workers1_ratio_rounds"])

    # memory: one worker (prefork, concurrency 1, as deployed but one child), RSS with its child
    many = list(JointLetter.objects.order_by("-financial_year__year", "state__name")[: MEMORY_COUNTS[-1]])
    if len(many) < MEMORY_COUNTS[-1]:
        raise SystemExit(f"Only {len(many)} joint letters: generate the large data set.")
    result["rss_kb"] = {}
    with Worker(1, log_dir) as worker:
        done = 0
        for count in MEMORY_COUNTS:
            _request_and_wait(many[done:count], f"m{count}-{run}")
            done = count
            result["rss_kb"][str(count)] = worker.rss_kb()
    result["rss_after_50_kb"] = result["rss_kb"]["50"]
    result["rss_after_500_kb"] = result["rss_kb"]["500"]
    return result


def _best(result: dict, key: str, seconds: float) -> None:
    result[key] = min(result.get(key, seconds), seconds)


# --- import and leak check -----------------------------------------------------------------


def import_and_leak() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from meetings.models import Meeting
    from meetings.services import summaries
    from meetings.services.importing import review_import

    from .generate import LEAK_MEETING_TITLE

    data = (BENCH_DIR / "minutes-30kb.md").read_bytes()
    result = {"import_bytes": len(data)}
    review_import(filename="minutes.md", data=data)  # warm-up (imports, regex compilation)
    started = time.perf_counter()
    review = review_import(filename="minutes.md", data=data)
    result["import_s"] = time.perf_counter() - started
    result["import_delegations"] = len(review.delegations)

    isu = get_user_model().objects.get(username="isu")
    meeting = Meeting.objects.get(title=LEAK_MEETING_TITLE)
    with transaction.atomic():
        started = time.perf_counter()
        summary = summaries.summary_generate(meeting=meeting, by=isu)
        result["summary_generate_s"] = time.perf_counter() - started
        result["leak_statements"] = summary.entries.count()
        started = time.perf_counter()
        findings = summaries.summary_check(summary=summary, by=isu)
        result["leak_check_s"] = time.perf_counter() - started
        result["leak_findings"] = len(findings)
        transaction.set_rollback(True)
    return result


def main(argv: list[str]) -> int:
    _setup()
    what = argv[0] if argv else "pages"
    if what == "pages":
        result = pages()
    elif what == "cpu":
        result = cpu(rounds=int(os.environ.get("BENCH_CPU_ROUNDS", "5")))
    elif what == "work":
        log_dir = Path(os.environ.get("BENCH_LOG_DIR") or tempfile.mkdtemp(prefix="ccm-bench-"))
        result = {**import_and_leak(), **pdfs(log_dir)}
    else:
        raise SystemExit(f"unknown measurement {what!r}: pages, cpu or work")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
