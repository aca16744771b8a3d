"""The benchmark world's outreach letters and finance: years, invoices, letters, payments (mixed into Generator)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from bench.world import BATCH, SYLLABLES, TODAY, D, _bulk, _text  # noqa: F401


class OutreachFinanceSteps:
    def outreach(self):
        from django.contrib.auth import get_user_model

        from directory.models import Contact
        from outreach.models import (
            Campaign,
            FollowUp,
            Letter,
            LetterTemplate,
            ReferenceCounter,
            Response,
        )

        rng, size = self.rng, self.size
        isu = get_user_model().objects.get(username="isu")
        _bulk(
            Contact,
            [
                Contact(state=s, kind=Contact.Kind.GENEVA_MISSION, name=f"Permanent Mission of {s.name} in Geneva",
                        addressee="H.E. the Ambassador", address="Geneva",
                        email=f"mission.{s.iso3.lower()}@example.org", is_primary=True, for_finance=True)
                for s in self.all_states
            ],
        )  # fmt: skip
        template = LetterTemplate.objects.create(
            name="Benchmark letter", subject="Universalization of the Convention",
            body="Excellency,\n\nThe Coordinators write to {{ state.official_name }}.\n\nYours sincerely",
        )  # fmt: skip
        per_campaign = min(50, len(self.all_states))
        n_campaigns = max(1, size.letters // per_campaign)
        counters = dict(ReferenceCounter.objects.values_list("year", "last"))
        campaigns, letters_spec = [], []
        for c in range(n_campaigns):
            term = self.terms_list[c * len(self.terms_list) // n_campaigns]
            start = term.start + datetime.timedelta(days=rng.randint(10, 300))
            if start > TODAY - datetime.timedelta(days=10):
                start = TODAY - datetime.timedelta(days=10 + c % 30)
            area = self.areas[c % len(self.areas)]
            campaigns.append(
                Campaign(title=f"{area.name}: letters of {start:%B %Y}", term=term, area=area, template=template,
                         signatory_name="The Coordinators", period_start=start, selection="benchmark",
                         created_by=isu)
            )  # fmt: skip
            letters_spec.append((start, rng.sample(self.all_states, per_campaign)))
        campaigns = _bulk(Campaign, campaigns)
        letters = []
        for campaign, (start, states) in zip(campaigns, letters_spec, strict=True):
            for state in states:
                counters[start.year] = counters.get(start.year, 0) + 1
                sent = datetime.datetime(start.year, start.month, start.day, 9, tzinfo=datetime.UTC)
                answered = rng.random() < 0.4
                letters.append(
                    Letter(campaign=campaign, state=state, reference=f"CCM/ISU/{start.year}/{counters[start.year]:04d}",
                           status=Letter.Status.ANSWERED if answered else Letter.Status.SENT,
                           subject=template.subject, body=_text(rng, 60), addressee="H.E. the Ambassador",
                           owner=isu, generated_at=sent, approved_at=sent, sent_at=sent,
                           sent_channel=Letter.Channel.EMAIL, sent_to=f"mission.{state.iso3.lower()}@example.org")
                )  # fmt: skip
        letters = _bulk(Letter, letters)
        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        _bulk(
            Response,
            [
                Response(letter=letter, date=letter.sent_at.date() + datetime.timedelta(days=rng.randint(5, 60)),
                         channel=Response.Channel.NOTE_VERBALE, summary=_text(rng, 20), logged_by=isu)
                for letter in letters
                if letter.status == Letter.Status.ANSWERED
            ],
        )  # fmt: skip
        followups = []
        for letter in letters[:: max(1, len(letters) // (len(letters) // 6 or 1))]:
            planned = letter.sent_at.date() + datetime.timedelta(days=30)
            followups.append(
                FollowUp(state=letter.state, letter=letter, kind=rng.choice(["follow_up", "bilateral", "demarche"]),
                         planned_on=planned, done_on=planned if planned < TODAY else None, place="Geneva",
                         who="The ISU", owner=isu)
            )  # fmt: skip
        _bulk(FollowUp, followups)

    # --- finance ----------------------------------------------------------------------------
    def finance(self):
        from django.contrib.auth import get_user_model

        from finance.models import (
            Assessment,
            FinancialYear,
            Invoice,
            InvoiceLine,
            InvoiceSequence,
            JointLetter,
            Payment,
            PaymentAllocation,
            ScalePeriod,
            ScaleRate,
        )
        from meetings.models import Meeting

        rng, size = self.rng, self.size
        isu = get_user_model().objects.get(username="isu")
        have = set(FinancialYear.objects.values_list("year", flat=True))
        years = [y for y in range(TODAY.year - size.invoice_years + 1, TODAY.year + 1) if y not in have]
        rates = {s.pk: Decimal(rng.randint(1, 5000)) / Decimal(1000) for s in self.all_states}
        total_rate = sum(rates.values())
        periods = {}
        for y in years:
            first = y - (y - 2010) % 3
            name = f"{first}-{first + 2}"
            if name not in periods:
                period, created = ScalePeriod.objects.get_or_create(name=name, defaults={"source": "benchmark"})
                if created:
                    _bulk(ScaleRate, [ScaleRate(period=period, iso3=s.iso3, rate_percent=rates[s.pk])
                                      for s in self.all_states])  # fmt: skip
                periods[name] = period
        msp = {m.date.year: m for m in Meeting.objects.filter(kind=Meeting.Kind.MSP)}
        sequences = dict(InvoiceSequence.objects.values_list("year", "last_number"))
        invoices, lines, letters, assessments, participants = [], [], [], [], []
        fyears = []
        for y in years:
            first = y - (y - 2010) % 3
            fyears.append(
                FinancialYear(year=y, isu_budget=Decimal(1_200_000), scale_period=periods[f"{first}-{first + 2}"],
                              meeting=msp.get(y), meeting_cost=Decimal(350_000),
                              assessed_at=datetime.datetime(y, 1, 10, tzinfo=datetime.UTC),
                              invoices_issued_at=datetime.datetime(y, 1, 15, tzinfo=datetime.UTC))
            )  # fmt: skip
        fyears = _bulk(FinancialYear, fyears)
        for fy in fyears:
            issue = D(fy.year, 1, 15)
            due = (fy.meeting.date - datetime.timedelta(days=90)) if fy.meeting else D(fy.year, 3, 31)
            for s in self.all_states:
                share = (Decimal(1_200_000) * rates[s.pk] / total_rate).quantize(Decimal("0.01"))
                un = (Decimal(350_000) * rates[s.pk] / total_rate).quantize(Decimal("0.01"))
                assessments.append(Assessment(financial_year=fy, state=s, un_rate=rates[s.pk], is_participant=True,
                                              share60=share, share40=Decimal(0), un_cost=un))  # fmt: skip
                participants.append(FinancialYear.participants.through(financialyear_id=fy.pk, state_id=s.pk))
                pair = []
                for kind, amount in ((Invoice.Kind.ISU_CONTRIBUTION, share), (Invoice.Kind.UN_SERVICES, un)):
                    sequences[fy.year] = sequences.get(fy.year, 0) + 1
                    pair.append(Invoice(financial_year=fy, year=fy.year, number=sequences[fy.year], kind=kind, state=s,
                                        amount=amount, issue_date=issue, due_date=due, issued_by=isu))  # fmt: skip
                invoices.extend(pair)
        _bulk(Assessment, assessments)
        FinancialYear.participants.through.objects.bulk_create(participants, batch_size=BATCH)
        invoices = _bulk(Invoice, invoices)
        for i in invoices:
            lines.append(InvoiceLine(invoice=i, position=1, description=i.get_kind_display(), amount=i.amount))
        _bulk(InvoiceLine, lines)
        for isu_invoice, un_invoice in zip(invoices[::2], invoices[1::2], strict=True):
            letters.append(JointLetter(financial_year=isu_invoice.financial_year, state=isu_invoice.state,
                                       isu_invoice=isu_invoice, un_invoice=un_invoice))  # fmt: skip
        _bulk(JointLetter, letters)
        # credit notes: one invoice in forty is cancelled by a credit note (numbered after the rest)
        credits = []
        for i in invoices[::40]:
            sequences[i.year] = sequences.get(i.year, 0) + 1
            credits.append(Invoice(financial_year=i.financial_year, year=i.year, number=sequences[i.year],
                                   kind=Invoice.Kind.CREDIT_NOTE, state=i.state, amount=-i.amount,
                                   issue_date=i.issue_date + datetime.timedelta(days=20), due_date=i.due_date,
                                   credit_note_for=i, reason="Issued in error (benchmark)", issued_by=isu))  # fmt: skip
        _bulk(Invoice, credits)
        for year, last in sequences.items():
            InvoiceSequence.objects.update_or_create(year=year, defaults={"last_number": last})
        # payments: most States pay both invoices of a year in one transfer; some are in arrears
        cancelled = {c.credit_note_for_id for c in credits}
        payments, allocations = [], []
        for isu_invoice, un_invoice in zip(invoices[::2], invoices[1::2], strict=True):
            if rng.random() < (0.6 if isu_invoice.year == TODAY.year else 0.9):
                pay = [i for i in (isu_invoice, un_invoice) if i.pk not in cancelled and i.amount > 0]
                if not pay:
                    continue
                payments.append(Payment(state=isu_invoice.state, date=isu_invoice.issue_date + datetime.timedelta(
                    days=rng.randint(20, 200)), amount=sum(i.amount for i in pay), reference=f"TRF {isu_invoice.pk}",
                    recorded_by=isu))  # fmt: skip
                allocations.append(pay)
        payments = _bulk(Payment, payments)
        _bulk(
            PaymentAllocation,
            [PaymentAllocation(payment=p, invoice=i, amount=i.amount) for p, pay in zip(payments, allocations,
                                                                                     strict=True) for i in pay],
        )  # fmt: skip
        # written in bulk behind the services' back: each invoice's stored balance from the ledger
        Invoice.objects.filter(year__in=years).store_balances()
