"""Each key page costs a fixed number of SQL queries, whatever the amount of data.

The benchmark's own generator (bench/generate.py) builds a small portal on top of the demo; the
page's queries are counted; then it adds several times more meetings, statements, letters,
invoices and years, and the same pages must cost exactly as many queries, and at most 15.
No timing is asserted here: `make bench` measures speed.
"""

import datetime

import pytest
import time_machine
from django.test import Client

from bench.generate import TODAY, Generator, Size
from bench.probe import count_queries, key_pages

MAX_QUERIES = 15
SMALL = Size(states=25, terms=2, meetings=16, statements=400, actions=40, letters=100, invoice_years=2, summaries=2)
BIGGER = Size(states=60, terms=5, meetings=60, statements=3000, actions=300, letters=600, invoice_years=5, summaries=6)
STEPS = ("states", "terms", "plans", "meetings", "summaries", "outreach", "finance")


def _build(size: Size, seed: int) -> None:
    generator = Generator(size, seed)
    for step in STEPS:
        getattr(generator, step)()


def _counts(isu) -> dict[str, tuple[int, int]]:
    staff, anonymous = Client(), Client()
    staff.force_login(isu)
    return {
        name: count_queries(staff if audience == "staff" else anonymous, path) for name, audience, path in key_pages()
    }


@pytest.mark.django_db
def test_key_pages_cost_the_same_queries_as_data_grows(django_user_model):
    from demo import coordinators as coordinators_demo
    from demo import finance as finance_demo
    from demo.meetings import load_demo
    from meetings.models import Statement

    with time_machine.travel(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=datetime.UTC)):
        load_demo()
        coordinators_demo.build()
        finance_demo.build()
        isu = django_user_model.objects.get(username="isu")
        _build(SMALL, seed=1)
        statements_before = Statement.objects.count()
        small = _counts(isu)
        _build(BIGGER, seed=2)
        assert Statement.objects.count() > 5 * statements_before
        bigger = _counts(isu)

    for name, (status, queries) in small.items():
        assert status == 200, name
        assert bigger[name][0] == 200, name
        assert queries <= MAX_QUERIES, f"{name}: {queries} queries"
        assert bigger[name][1] == queries, f"{name}: {queries} queries, then {bigger[name][1]} with more data"
