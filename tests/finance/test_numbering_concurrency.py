"""Invoice numbers are unique and gapless per year even when several people issue at once.

Real PostgreSQL, real row locks: each thread has its own connection and transaction."""

import threading
from decimal import Decimal as D

import pytest
from django.db import connection, transaction

from finance import services
from finance.models import FinancialYear, Invoice, InvoiceSequence, JointLetter
from tests.factories import StateFactory, user_with_role

from .conftest import make_party

pytestmark = [pytest.mark.postgres]


def _run_together(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as error:  # reported below, with the thread's index
            errors.append((index, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


class Rollback(Exception):
    pass


def test_numbers_taken_at_once_are_1_to_n_and_rolled_back_ones_are_given_again(transactional_db):
    taken, lock = [], threading.Lock()

    def work(index):
        for attempt in range(5):
            try:
                with transaction.atomic():
                    number = InvoiceSequence.next_number(2017)
                    if (index + attempt) % 3 == 0:
                        raise Rollback  # this number was never used: the next transaction gets it
                    with lock:
                        taken.append(number)
            except Rollback:
                pass

    _run_together(20, work)
    assert sorted(taken) == list(range(1, len(taken) + 1))
    assert InvoiceSequence.objects.get(year=2017).last_number == len(taken)


PEOPLE = 20


def test_twenty_people_issuing_the_year_at_once_issue_each_invoice_once(transactional_db, msp):
    states = [make_party(StateFactory()) for _ in range(6)]
    period = services.scale_import(
        period="2016-2018",
        text="iso3,rate_percent\n" + "".join(f"{s.iso3},{n + 1}\n" for n, s in enumerate(states)),  # made up
    )
    year = FinancialYear.objects.create(
        year=2017, isu_budget=D("999.99"), scale_period=period, ceiling_percent=None, meeting=msp,
        meeting_cost=D("333.33"),
    )  # fmt: skip
    year.participants.set(states[:4])
    services.assessments_compute(financial_year=year)
    users = [user_with_role(f"isu-{n}", "ISU staff") for n in range(PEOPLE)]

    _run_together(PEOPLE, lambda index: services.invoices_issue(financial_year=year, by=users[index]))

    numbers = sorted(Invoice.objects.filter(year=2017).values_list("number", flat=True))
    assert numbers == list(range(1, 11))  # six ISU invoices and four UN ones, no gap, no duplicate
    assert JointLetter.objects.count() == 6
    assert sum(Invoice.objects.filter(kind=Invoice.Kind.ISU_CONTRIBUTION).values_list("amount", flat=True)) == D(
        "999.99"
    )
