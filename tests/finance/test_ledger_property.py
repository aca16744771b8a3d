"""Every figure reconciles, whatever happens (hypothesis): invoices, credit notes, partial and
over-payments are made through the real services, then the State portal, the CSV export and the
reminder letter (its PDF) must each add up to the sum of their rows and to the ledger worked out
here from the stored rows (invoice amounts − credit notes − allocated payments), to the centime."""

import csv
import datetime
import io
import re
from collections import defaultdict
from decimal import Decimal as D

import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.services import document_render
from finance import services
from finance.models import Invoice, PaymentAllocation, Reminder, ReminderRound
from tests.finance.test_positions import pdf_rows_and_total

START = datetime.date(2017, 1, 5)  # the invoices of conftest's `issued` year; due on 6 June 2017
TODAY = datetime.date(2018, 1, 15)  # after everything below: what the pages and the letter show
STATES = ("ITA", "IRQ", "AUS")

days = st.integers(min_value=0, max_value=300).map(lambda n: START + datetime.timedelta(days=n))
cents = st.integers(min_value=1, max_value=250_000).map(lambda n: D(n) / 100)
operation = st.one_of(
    st.tuples(st.just("pay"), st.sampled_from(STATES), cents, days, st.booleans()),
    st.tuples(st.just("credit"), st.integers(0, 20), days),
    st.tuples(st.just("invoice"), st.sampled_from(STATES), cents, st.integers(0, 120)),
)


def ledger(iso3: str, as_of: datetime.date) -> dict[str, D]:
    """The plain reckoning from the stored rows: what the pages must show."""
    invoices = list(Invoice.objects.filter(state__iso3=iso3, issue_date__lte=as_of).values())
    allocations = PaymentAllocation.objects.filter(payment__date__lte=as_of, invoice__state__iso3=iso3)
    paid = defaultdict(D)
    for invoice_id, amount in allocations.values_list("invoice_id", "amount"):
        paid[invoice_id] += amount
    credited = defaultdict(D)
    for row in invoices:
        if row["kind"] == "credit_note":
            credited[row["credit_note_for_id"]] -= row["amount"]
    figures = {"invoiced": D("0.00"), "credited": D("0.00"), "paid": D("0.00"), "overdue": D("0.00")}
    for row in invoices:
        if row["kind"] == "credit_note":
            continue
        owed = row["amount"] - credited[row["id"]] - paid[row["id"]]
        figures["invoiced"] += row["amount"]
        figures["credited"] += credited[row["id"]]
        figures["paid"] += paid[row["id"]]
        if row["due_date"] < as_of and owed > 0:
            figures["overdue"] += owed
    figures["outstanding"] = figures["invoiced"] - figures["credited"] - figures["paid"]
    return {k: v.quantize(D("0.01")) for k, v in figures.items()}


def chf(page: str, element_id: str) -> D:
    return D(re.search(rf'id="{element_id}">CHF ([\d,.]+)<', page).group(1).replace(",", ""))


def apply(operations, states, year, by) -> None:
    for op in operations:
        try:
            if op[0] == "pay":
                _, iso3, amount, day, name_one = op
                invoice = states[iso3].invoices.exclude(kind="credit_note").order_by("pk").first() if name_one else None
                services.payment_record(state=states[iso3], date=day, amount=amount, invoice=invoice)
            elif op[0] == "credit":
                _, n, day = op
                invoices = list(Invoice.objects.receivable().order_by("pk"))
                invoice = invoices[n % len(invoices)]
                services.credit_note_issue(
                    invoice=invoice, reason="Test", by=by, issue_date=max(day, invoice.issue_date)
                )
            else:
                _, iso3, amount, offset = op
                services.invoice_create(
                    financial_year=year, state=states[iso3], kind=Invoice.Kind.UN_SERVICES, by=by,
                    lines=[("Extra services", "", amount)], issue_date=START + datetime.timedelta(days=offset),
                )  # fmt: skip
        except ValidationError:
            pass  # refused (an absurd amount, an invoice already cancelled): nothing was saved


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=8))
def test_every_total_is_the_sum_of_its_rows_and_of_the_ledger(
    client, issued, italy, iraq, australia, isu_staff, focal_point_iraq, operations
):
    states = {"ITA": italy, "IRQ": iraq, "AUS": australia}
    with transaction.atomic():
        apply(operations, states, issued, isu_staff)
        expected = {iso3: ledger(iso3, TODAY) for iso3 in STATES}

        # the State portal
        client.force_login(focal_point_iraq)
        with time_machine.travel(datetime.datetime(2018, 1, 15, 10, 0), tick=False):
            page = client.get(reverse("finance:my-account")).content.decode()
        shown = {f: chf(page, f"account-{f}") for f in ("invoiced", "credited", "paid", "outstanding", "overdue")}
        assert shown == expected["IRQ"]

        # the export: its outstanding column, State by State
        client.force_login(isu_staff)
        rows = list(csv.DictReader(io.StringIO(client.get(reverse("finance:export", args=["csv"])).content.decode())))
        for iso3 in STATES:
            column = [D(r["outstanding_chf"]) for r in rows if r["iso3"] == iso3 and r["kind"] != "Credit note"]
            assert sum(column, D("0.00")) == expected[iso3]["outstanding"]

        # the reminder letters, as of TODAY
        reminder_round = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, today=TODAY)
        reminded = {r.state.iso3: r for r in Reminder.objects.filter(round=reminder_round)} if reminder_round else {}
        assert set(reminded) == {iso3 for iso3 in STATES if expected[iso3]["overdue"] > 0}
        if "IRQ" in reminded:
            services.reminder_send(reminder_id=reminded["IRQ"].pk)
            reminder = Reminder.objects.get(pk=reminded["IRQ"].pk)
            letter, total = pdf_rows_and_total(document_render(document_id=reminder.document_id).file.path)
            assert total == sum(letter) == expected["IRQ"]["overdue"] == reminder.outstanding
        for iso3, reminder in reminded.items():
            assert reminder.outstanding == expected[iso3]["overdue"]
        transaction.set_rollback(True)
