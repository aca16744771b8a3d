"""The finance year end to end, as the ISU does it (issue 15), with what people receive read back.

The ISU issues the year's invoices on 5 January; nothing is overdue that day, so a reminder round
has nothing to send. Past the due date Iraq pays part of its contribution, a bank statement line
names Italy's invoice but comes from Australia with exactly Australia's outstanding amount (the
ISU chooses Australia), and a reminder round e-mails the States still in arrears their letter.
Iraq's focal point then reads its account in the State portal, and the ISU exports the invoices.

Every figure is checked against the ledger (finance.selectors.positions.state_position), never
against a number the page printed elsewhere. The clock is moved with time_machine: the live
server runs in this process, so it sees the travelled time too."""

import datetime
import io
import re
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from directory.models import Contact
from directory.roles import FOCAL_POINTS
from finance.models import Invoice, Reminder
from finance.selectors.positions import state_position
from tests.factories import user_with_role
from tests.finance.conftest import TREASURY_EMAIL, assessed, iraq_treasury, msp, year  # noqa: F401  (fixtures)

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZURICH = ZoneInfo("Europe/Zurich")
ISSUE_DAY = datetime.datetime(2017, 1, 5, 10, 0, tzinfo=ZURICH)
ITALY_TREASURY = "finance@italy-mission.invalid"  # invented


def chf(amount: Decimal) -> str:
    """An amount as the pages print it (the ledger's figure, formatted)."""
    return f"{amount:,.2f}"


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def amounts_in(line: str) -> list[Decimal]:
    return [Decimal(a.replace(",", "").replace("'", "")) for a in re.findall(r"\d[\d,']*\.\d\d", line)]


@pytest.mark.usefixtures("assessed", "iraq_treasury")
def test_the_finance_year_from_issuing_to_reminders_and_the_export(page, isu_staff, italy, australia, iraq):
    Contact.objects.create(
        state=italy, kind=Contact.Kind.GENEVA_MISSION, name="Finance Office, Permanent Mission of Italy",
        email=ITALY_TREASURY, for_mission=False, for_finance=True, is_primary=True,
    )  # fmt: skip
    states = (italy, australia, iraq)

    # 1. Issue day: the ISU issues the year's invoices through the confirmation page.
    with time_machine.travel(ISSUE_DAY, tick=True):
        today = ISSUE_DAY.date()
        log_in(page, "isu")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Finance", exact=True).click()
        page.get_by_role("link", name="Budgets and assessments").click()
        page.get_by_role("link", name="Issue the invoices…").click()
        what = page.locator("#confirm-what").inner_text()
        said = re.fullmatch(r"(\d+) invoices, numbers \S+ to \S+, to (\d+) States, total CHF ([\d,]+\.\d\d)\.", what)
        assert said, what
        page.locator("#confirm-submit").click()
        expect(page.get_by_text(f"{said[1]} invoices issued")).to_be_visible()
        assert Invoice.objects.count() == int(said[1])
        assert Invoice.objects.values("state").distinct().count() == int(said[2]) == 3
        ledger = {s.iso3: state_position(state=s, as_of=today) for s in states}
        assert sum(p.invoiced for p in ledger.values()) == Decimal(said[3].replace(",", ""))
        assert set(Invoice.objects.values_list("issue_date", flat=True)) == {today}

        # 2. The same day nothing is overdue: the dashboard says so, and a round has nothing to send.
        page.get_by_role("link", name="Overview").click()
        assert all(p.overdue == 0 for p in ledger.values())
        expect(page.get_by_text("0 States in arrears", exact=True)).to_be_visible()
        expect(page.get_by_text("Nobody is in arrears.")).to_be_visible()
        outstanding = sum(p.outstanding for p in ledger.values())
        expect(page.locator("#outstanding-not-due")).to_have_text(
            f"Outstanding, not yet due (not arrears): CHF {chf(outstanding)}, 3 States."
        )
        page.goto("/finance/reminders/start/")
        expect(page.locator("#confirm-blocked")).to_have_text(
            "No invoice is overdue on 5 January 2017: no reminder to send."
        )
        assert page.locator("#confirm-submit").count() == 0
        assert mail.outbox == []
        assert not Reminder.objects.exists()

    due = Invoice.objects.values_list("due_date", flat=True).distinct().get()  # one due date for the year
    after_due = datetime.datetime.combine(due + datetime.timedelta(days=10), datetime.time(9, 30), tzinfo=ZURICH)
    with time_machine.travel(after_due, tick=True):
        today = after_due.date()
        log_in(page, "isu")  # the session of January has expired

        # 3. Iraq pays part of its contribution invoice, recorded through the payment form.
        iraq_invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
        owed = state_position(state=iraq, as_of=today)
        partial = (next(r for r in owed.rows if r.invoice == iraq_invoice).outstanding / 2).quantize(Decimal("0.01"))
        page.goto("/finance/")
        page.get_by_role("link", name="Record a payment").first.click()
        page.wait_for_load_state("load")  # htmx set up: the State's change reloads the invoice list
        page.locator("#id_state").select_option(label="Iraq")
        page.locator(f"#id_invoice option[value='{iraq_invoice.pk}']").wait_for(state="attached")
        page.get_by_label("Invoice paid").select_option(value=str(iraq_invoice.pk))
        assert page.locator("#id_date").input_value() == today.isoformat()
        page.locator("#id_amount").fill(str(partial))
        page.get_by_label("Reference").fill("IQ MOF PARTIAL CCM 2017")
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_text(f"Payment of CHF {chf(partial)} from Iraq recorded.")).to_be_visible()
        iraq_now = state_position(state=iraq, as_of=today)
        assert iraq_now.paid == partial and iraq_now.outstanding == owed.outstanding - partial
        expect(page.locator("#account-outstanding")).to_have_text(f"CHF {chf(iraq_now.outstanding)}")

        # 4. A bank line: Italy's invoice number in the reference, Australia as payer, Australia's amount.
        italy_invoice = Invoice.objects.get(state=italy, kind=Invoice.Kind.ISU_CONTRIBUTION)
        australia_owes = state_position(state=australia, as_of=today).outstanding
        assert australia_owes != state_position(state=italy, as_of=today).outstanding
        csv = (
            "date,amount,reference\n"
            f"{today.isoformat()},{australia_owes},DFAT AUSTRALIA CANBERRA CCM REF {italy_invoice.display_number}\n"
        )
        page.get_by_role("link", name="Bank statements").click()
        page.get_by_label("Bank statement (CSV)").set_input_files(
            {"name": "statement-april.csv", "mimeType": "text/csv", "buffer": csv.encode()}
        )
        page.get_by_role("button", name="Read the statement").click()
        warning = page.get_by_role("alert").filter(has_text="Check before recording")
        expect(warning).to_contain_text(
            f"The reference names Italy's invoice {italy_invoice.display_number} but the payer looks like "
            f"Australia and the amount equals Australia's outstanding CHF {chf(australia_owes)}."
        )
        expect(warning).to_contain_text("Choose which State paid.")
        page.get_by_role("button", name=re.compile(r"^Record as Australia's payment")).click()
        expect(page.get_by_text("Line 1 recorded as a payment of Australia.")).to_be_visible()
        paid = state_position(state=australia, as_of=today)
        assert (paid.outstanding, paid.overdue, paid.paid) == (0, 0, australia_owes)
        assert state_position(state=italy, as_of=today).paid == 0  # Italy's invoice stays unpaid

        # 5. A reminder round, through its confirmation page: Iraq and Italy are written to, not Australia.
        arrears = {s.iso3: state_position(state=s, as_of=today) for s in states}
        assert arrears["IRQ"].overdue > 0 and arrears["ITA"].overdue > 0 and arrears["AUS"].overdue == 0
        page.get_by_role("link", name="Reminders").first.click()
        page.locator("#start-round").click()
        expect(page.locator("#confirm-what")).to_contain_text("Reminders to 2 States in arrears")
        expect(page.locator("#confirm-what")).to_contain_text("Iraq")
        expect(page.locator("#confirm-what")).not_to_contain_text("Australia")
        items = page.locator(".confirm-items li")
        expect(items).to_have_text(
            sorted([f"Iraq: CHF {chf(arrears['IRQ'].overdue)}", f"Italy: CHF {chf(arrears['ITA'].overdue)}"])
        )
        page.locator("#confirm-submit").click()
        expect(page.get_by_text("Reminder round started")).to_be_visible()
        deadline = time.monotonic() + 20
        while len(mail.outbox) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        to = sorted(address for message in mail.outbox for address in message.to)
        assert to == sorted([TREASURY_EMAIL, ITALY_TREASURY])  # Australia (paid) gets nothing
        assert set(Reminder.objects.values_list("state__iso3", flat=True)) == {"IRQ", "ITA"}

        message = next(m for m in mail.outbox if TREASURY_EMAIL in m.to)
        ledger = state_position(state=iraq, as_of=today)  # the reminder's date
        assert message.subject == "CCM: contributions outstanding, Iraq"
        assert f"still outstanding: CHF {chf(ledger.overdue)}." in " ".join(message.body.split())
        [(filename, content, mimetype)] = message.attachments
        assert mimetype == "application/pdf" and filename.endswith(".pdf")
        letter = pdf_text(content)
        rows = [line for line in letter.splitlines() if re.search(r"\b\d{4}-\d{4}\b", line)]
        assert {r.invoice.display_number for r in ledger.overdue_rows} == {
            re.search(r"\b\d{4}-\d{4}\b", line)[0] for line in rows
        }
        total_line = next(line for line in letter.splitlines() if "Total outstanding" in line)
        [printed_total] = amounts_in(total_line)
        assert sum(amounts_in(line)[-1] for line in rows) == printed_total == ledger.overdue
        assert Reminder.objects.get(state=iraq).outstanding == ledger.overdue

        # 6. The ISU downloads the invoice export from the finance overview.
        page.get_by_role("link", name="Overview").click()
        with page.expect_download() as download:
            page.get_by_role("link", name="Export Excel").click()
        workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        sheet = workbook.active
        header = [cell.value for cell in sheet[1]]
        column = {name: header.index(name) for name in header}
        records = list(sheet.iter_rows(min_row=2))
        assert len(records) == Invoice.objects.count()
        for record in records:
            for name in ("amount_chf", "paid_chf", "outstanding_chf"):
                assert record[column[name]].data_type == "n", (name, record[column[name]].value)
            for name in ("issue_date", "due_date"):
                assert record[column[name]].is_date, (name, record[column[name]].value)
        iraq_rows = [r for r in records if r[column["iso3"]].value == "IRQ"]
        outstanding = sum(Decimal(str(r[column["outstanding_chf"]].value)) for r in iraq_rows)
        assert outstanding == ledger.outstanding

        # 7. Iraq's focal point reads the same outstanding amount in the State portal.
        page.context.clear_cookies()
        user_with_role("focal-iraq", FOCAL_POINTS, state=iraq)
        log_in(page, "focal-iraq")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices and payments").click()
        expect(page.locator("#account-outstanding")).to_have_text(f"CHF {chf(ledger.outstanding)}")
        expect(page.locator("#account-overdue")).to_have_text(f"CHF {chf(ledger.overdue)}")
        expect(page.get_by_text(f"(CHF {chf(ledger.overdue)})")).to_be_visible()  # its reminder, listed
