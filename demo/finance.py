"""Finance demo data: the 2017 contributions of the demo States under the 40/60 model.

Everything here is MADE UP for the demo: the scale rates are not the UN's (they are round figures
of the right order of size), the ISU budget and the meeting's cost estimate are plausible
illustrations, and the payments are invented. The seed's real figures (a shortfall of just over
CHF 100,000 reduced to CHF 1,932.34) concern the whole membership, which the demo register lacks.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.models import Convention, State, Term
from finance import services
from finance.models import FinancialYear, Invoice, JointLetter, Reminder, ReminderRound
from finance.pdfs import joint_letter_request, reminder_request
from meetings.models import Meeting

D = datetime.date
YEAR = 2017
PERIOD = "2016-2018"

# MADE-UP rates in % for the demo States (not the UN scale of assessments).
DEMO_RATES = {
    "AFG": "0.006", "AUS": "2.300", "AUT": "0.720", "BEN": "0.003", "BIH": "0.013", "CAN": "2.900",
    "CHL": "0.400", "CRI": "0.047", "HRV": "0.099", "FRA": "4.850", "DEU": "6.400", "IRQ": "0.130",
    "IRL": "0.335", "ITA": "3.750", "LAO": "0.003", "LBN": "0.046", "MEX": "1.430", "NLD": "1.480",
    "NZL": "0.270", "NOR": "0.850", "CHE": "1.140", "ZMB": "0.007",
}  # fmt: skip

# Who took part in the 7MSP (bears the 40 % and the UN costs): made up, Benin as an observer.
NOT_AT_THE_MSP = {"AFG", "ZMB", "LAO", "CRI"}
OBSERVERS = {"BEN"}

# iso3: (date, amount or "full", reference). Paid in full, partly, or not at all (made up).
PAYMENTS = {
    "DEU": (D(2017, 2, 3), "full", "CCM 2017 contributions"),
    "NOR": (D(2017, 1, 27), "full", "Norway CCM 2017"),
    "CHE": (D(2017, 2, 14), "full", "Swiss contribution CCM ISU 2017"),
    "NLD": (D(2017, 3, 2), "full", "NL CCM 2017"),
    "AUS": (D(2017, 3, 20), "full", "Australia CCM"),
    "FRA": (D(2017, 4, 11), "full", "France contribution CCM"),
    "ITA": (D(2017, 2, 21), "12000.00", "Italy part payment CCM 2017"),
    "CAN": (D(2017, 4, 3), "full", "Canada CCM ISU and meeting costs"),
    "IRQ": (D(2017, 4, 24), "500.00", "Iraq part payment, invoice ISU"),
    "AUT": (D(2017, 5, 8), "full", "Austria CCM 2017"),
    "NZL": (D(2017, 3, 28), "full", "New Zealand CCM"),
    "IRL": (D(2017, 5, 30), "full", "Ireland CCM contribution"),
    "MEX": (D(2017, 6, 15), "5000.00", "Mexico CCM"),
}


def _msp(ccm) -> Meeting:
    meeting = Meeting.objects.filter(kind=Meeting.Kind.MSP, date=D(2017, 9, 4)).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            kind=Meeting.Kind.MSP,
            title="Seventh Meeting of States Parties (7MSP)",
            date=D(2017, 9, 4),
            venue="Palais des Nations, Geneva",
            confidentiality=Meeting.Confidentiality.OPEN,
            term=Term.objects.filter(name="7MSP").first(),
        )
        if ccm is not None:
            meeting.conventions.add(ccm)
    return meeting


def _reminder_round(day: datetime.date) -> None:
    """One scheduled round on that day, logged as sent to the States' finance (or mission) contacts
    (no e-mail goes out; a State with no address on record, Zambia, waits in the portal). Only
    Iraq's letter is rendered here, to keep the demo load fast."""
    sent_at = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))
    reminder_round = ReminderRound.objects.create(
        trigger=ReminderRound.Trigger.SCHEDULED, run_on=day, started_at=sent_at
    )
    for state, position in services.states_in_arrears(day).items():  # overdue on that day
        reminder = Reminder.objects.create(
            round=reminder_round,
            state=state,
            outstanding=position.overdue,
            emailed_at=sent_at,
            recipients="\n".join(services.reminder_recipients(state)),
        )
        reminder.invoices.set([row.invoice for row in position.overdue_rows])
        if state.iso3 == "IRQ":
            reminder.document = reminder_request(reminder)
            reminder.save(update_fields=["document"])


def build() -> str | None:
    if FinancialYear.objects.filter(year=YEAR).exists():
        return None
    states = {s.iso3: s for s in State.objects.filter(iso3__in=DEMO_RATES)}
    if "IRQ" not in states:
        return None
    isu = get_user_model().objects.filter(username="isu").first()
    text = "iso3,rate_percent\n" + "".join(f"{iso3},{rate}\n" for iso3, rate in DEMO_RATES.items())
    period = services.scale_import(period=PERIOD, text=text, source="Made-up rates for the demo (not the UN's)")
    meeting = _msp(Convention.objects.filter(code="ccm").first())
    financial_year = FinancialYear.objects.create(
        year=YEAR,
        isu_budget=Decimal("520000.00"),
        scale_period=period,
        floor_percent=Decimal("0.01"),
        ceiling_percent=Decimal("22"),
        meeting=meeting,
        meeting_cost=Decimal("318400.00"),
    )
    parties = {s.iso3 for s in services.states_parties(financial_year)}
    participants = [s for iso3, s in states.items() if (iso3 in parties and iso3 not in NOT_AT_THE_MSP)]
    participants += [states[iso3] for iso3 in OBSERVERS if iso3 in states]
    financial_year.participants.set(participants)
    services.assessments_compute(financial_year=financial_year)
    services.invoices_issue(financial_year=financial_year, by=isu, issue_date=D(2017, 1, 9))

    round_day = D(2017, 6, 7)  # the invoices were due on 6 June: overdue from the 7th
    reminded = False
    for iso3, (date, amount, reference) in sorted(PAYMENTS.items(), key=lambda kv: kv[1][0]):
        if date > round_day and not reminded:
            _reminder_round(round_day)
            reminded = True
        state = states.get(iso3)
        if state is None:
            continue
        value = services.state_balance(state, financial_year).outstanding if amount == "full" else Decimal(amount)
        if value > 0:
            services.payment_record(state=state, date=date, amount=value, reference=reference, by=isu)
    joint_letter_request(JointLetter.objects.get(financial_year=financial_year, state=states["IRQ"]))

    shortfall = sum(i.outstanding for i in Invoice.objects.outstanding().filter(financial_year=financial_year))
    return (
        f"Finance {YEAR}: {financial_year.assessments.count()} States assessed, "
        f"{Invoice.objects.filter(year=YEAR).count()} invoices issued, shortfall CHF {shortfall:,}."
    )
