"""factory_boy factories for the register, meetings, coordinators' plans, outreach and finance.

Every factory builds a valid object (it passes full_clean(): tests/test_factories.py) with invented
names; its relations come from the other factories (StateFactory, ThematicAreaFactory, TermFactory)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from coordinators.models import ActionPlan, Activity, ConceptNote, Output, ProgressUpdate, TargetState
from directory.models import Convention, Organisation, Person, State, Term, ThematicArea
from finance.models import (
    Assessment,
    FinancialYear,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    Payment,
    PaymentAllocation,
    ScalePeriod,
)
from meetings.models import ActionItem, AgendaItem, Meeting
from outreach.models import Campaign, FollowUp, Letter, LetterTemplate, Response


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention
        django_get_or_create = ("code",)

    code = "ccm"
    short_name = "CCM"
    name = "Convention on Cluster Munitions"


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    # 'Q' codes are user-assigned in ISO 3166, so they never collide with a real State's.
    iso3 = factory.Sequence(lambda n: "Q" + chr(65 + (n // 26) % 26) + chr(65 + n % 26))
    name = factory.Sequence(lambda n: f"Testland {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = "Ms."
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    delegation = factory.LazyAttribute(lambda o: StateFactory().delegation)


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("name",)

    name = "7MSP"
    presidency = factory.SubFactory(StateFactory, iso3="DEU", name="Germany")
    start = datetime.date(2016, 9, 7)
    end = datetime.date(2017, 9, 6)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = Meeting.Kind.COORDINATION_COMMITTEE
    title = factory.Sequence(lambda n: f"Coordination Committee meeting {n}")
    date = datetime.date(2016, 12, 7)
    status = Meeting.Status.PLANNED

    @factory.post_generation
    def conventions(self, create, extracted, **kwargs):
        if create:
            self.conventions.set(extracted or [ConventionFactory()])


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    position = factory.Sequence(lambda n: n + 1)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Send the letters ({n})")
    owner_delegation = factory.LazyAttribute(lambda o: StateFactory().delegation)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("demo")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])


def user_with_role(username: str, role: str | None, state: State | None = None) -> User:
    """A login with a role, tied to a person of a State's delegation when state is given."""
    user = UserFactory(username=username, roles=[role] if role else [])
    if state is not None:
        PersonFactory(user=user, delegation=state.delegation, last_name=username)
    return user


# --- Coordinators: action plans, outputs, activities, progress, target lists, concept notes ----


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    area = factory.SubFactory(ThematicAreaFactory)
    term = factory.SubFactory(TermFactory)
    title = factory.LazyAttribute(lambda o: f"{o.area.name} Action Plan ({o.term.name})")
    starts = factory.SelfAttribute("term.start")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"At least five (5) States Parties report on measure {n}")
    indicator = "States Parties reporting"
    baseline = Decimal("0")
    target_value = Decimal("5")
    unit = "States Parties"
    # the end of the plan's term, or a year after the plan starts when the term has no end
    deadline = factory.LazyAttribute(lambda o: o.plan.term.end or o.plan.starts + datetime.timedelta(days=365))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    output = factory.SubFactory(OutputFactory)
    what = factory.Sequence(lambda n: f"Regional workshop {n}")
    who = "The Coordinators"
    start = factory.SelfAttribute("output.plan.starts")
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=2))
    status = Activity.Status.PLANNED


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    output = factory.SubFactory(OutputFactory)
    date = factory.LazyAttribute(lambda o: o.output.plan.starts + datetime.timedelta(days=30))
    value = Decimal("1")
    narrative = "One State Party reported."
    evidence = "Letter of the Permanent Mission (invented)"


class TargetStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetState

    area = factory.SubFactory(ThematicAreaFactory)
    term = factory.SubFactory(TermFactory)
    state = factory.SubFactory(StateFactory)
    reason = TargetState.Reason.LEGISLATION


class ConceptNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConceptNote

    area = factory.SubFactory(ThematicAreaFactory)
    term = factory.SubFactory(TermFactory)
    text = factory.LazyAttribute(lambda o: f"What {o.area.name} means to achieve in the {o.term.name} term.")


# --- Outreach: templates, campaigns, letters, answers, follow-ups -----------------------------
# (no Contact factory: contacts belong to the register, directory.Contact)

LETTER_SENT_AT = datetime.datetime(2017, 2, 1, 10, 0, tzinfo=datetime.UTC)


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    """A model letter (merge fields from outreach.merge.FIELDS); `paragraph=True` gives an area's paragraph."""

    class Meta:
        model = LetterTemplate

    class Params:
        paragraph = factory.Trait(
            kind=LetterTemplate.Kind.PARAGRAPH,
            area=factory.SubFactory(ThematicAreaFactory),
            subject="",
            body="{{ area.name }} counts on {{ state.the_name }}.",
        )

    name = factory.Sequence(lambda n: f"Model letter {n}")
    kind = LetterTemplate.Kind.LETTER
    language = "en"
    area = None
    subject = "Universalisation of the Convention"
    body = "{{ address.salutation }}\n\nWe write to {{ state.the_official_name }}.\n\n{{ signatory.name }}"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Campaign {n}")
    term = factory.SubFactory(TermFactory)
    template = factory.SubFactory(LetterTemplateFactory)
    language = factory.SelfAttribute("template.language")
    signatory_name = "Ambassador Ana Inventada"
    signatory_title = "President of the Seventh Meeting of States Parties"
    period_start = factory.SelfAttribute("term.start")
    selection = "Chosen by hand"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create and extracted:
            self.recipients.set(extracted)


class LetterFactory(factory.django.DjangoModelFactory):
    """A draft letter of a campaign to a State (the State becomes one of the campaign's recipients);
    `sent=True` gives a letter sent by e-mail, `answered=True` one that was answered as well."""

    class Meta:
        model = Letter
        skip_postgeneration_save = True

    class Params:
        sent = factory.Trait(
            status=Letter.Status.SENT,
            generated_at=LETTER_SENT_AT - datetime.timedelta(days=2),
            approved_at=LETTER_SENT_AT - datetime.timedelta(days=1),
            sent_at=LETTER_SENT_AT,
            sent_channel=Letter.Channel.EMAIL,
            sent_to="mission@example.invalid",
        )
        answered = factory.Trait(sent=True, status=Letter.Status.ANSWERED)

    campaign = factory.SubFactory(CampaignFactory)
    state = factory.SubFactory(StateFactory)
    # Generated letters are numbered CCM/ISU/<year>/<nnnn> (ReferenceCounter.next_reference):
    # a TEST/ prefix can never take one of their numbers.
    reference = factory.Sequence(lambda n: f"TEST/ISU/{n:05d}")
    subject = factory.SelfAttribute("campaign.template.subject")
    body = factory.LazyAttribute(lambda o: f"Excellency,\n\nWe write to {o.state.name}.\n\n{o.campaign.signatory_name}")
    addressee = factory.LazyAttribute(lambda o: f"Permanent Mission of {o.state.name}")
    owner = factory.SelfAttribute("campaign.created_by")

    @factory.post_generation
    def recipient(self, create, extracted, **kwargs):
        if create:
            self.campaign.recipients.add(self.state)


class ResponseFactory(factory.django.DjangoModelFactory):
    """A State's answer to a sent letter (the letter is answered), dated after it was sent."""

    class Meta:
        model = Response

    letter = factory.SubFactory(LetterFactory, answered=True)
    date = factory.LazyAttribute(lambda o: timezone.localtime(o.letter.sent_at).date() + datetime.timedelta(days=14))
    channel = Response.Channel.NOTE_VERBALE
    summary = "The Ministry is considering accession and will report by the next meeting."
    logged_by = factory.SubFactory(UserFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A planned follow-up with a State (the letter's State when a letter is given)."""

    class Meta:
        model = FollowUp

    letter = None
    state = factory.LazyAttribute(lambda o: o.letter.state if o.letter else StateFactory())
    kind = FollowUp.Kind.FOLLOW_UP
    planned_on = datetime.date(2017, 3, 15)
    place = "Geneva"
    who = "The ISU"
    owner = factory.SubFactory(UserFactory)


# --- Finance: years, assessments, invoices, credit notes, payments ----------------------------
# Years from 2041 on, never the demo's (2017); a year is got or created, so a test may name one.


class ScalePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScalePeriod
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"{2041 + 3 * n}-{2043 + 3 * n}")
    source = "Invented for the tests"


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2041 + n)
    isu_budget = Decimal("1000.00")
    scale_period = factory.SubFactory(ScalePeriodFactory)

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A State's assessment for a year: 60 % share only (it does not take part in the meeting)."""

    class Meta:
        model = Assessment

    financial_year = factory.SubFactory(FinancialYearFactory)
    state = factory.SubFactory(StateFactory)
    un_rate = Decimal("1.000000")
    adjusted_rate60 = Decimal("10.0000000000")
    share60 = Decimal("60.00")


class InvoiceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceLine

    invoice = None  # given by InvoiceFactory
    position = 1
    description = factory.LazyAttribute(lambda o: f"Contribution to the ISU budget {o.invoice.year}")
    amount = factory.SelfAttribute("invoice.amount")


class InvoiceFactory(factory.django.DjangoModelFactory):
    """An issued ISU-contribution invoice, with one line of its amount.

    Its number comes from the numbering service: InvoiceSequence.next_number, taken in the same
    transaction as the invoice is saved (as finance.services.invoice_create does), so it never
    collides with, nor leaves a gap among, the numbers the services give. (Not in a post_generation
    hook: the number cannot be empty, and an issued invoice's number never changes.)"""

    class Meta:
        model = Invoice
        skip_postgeneration_save = True

    financial_year = factory.SubFactory(FinancialYearFactory)
    number = None  # taken in _create
    kind = Invoice.Kind.ISU_CONTRIBUTION
    state = factory.SubFactory(StateFactory)
    amount = Decimal("1000.00")
    issue_date = factory.LazyAttribute(lambda o: datetime.date(o.financial_year.year, 1, 5))
    due_date = factory.LazyAttribute(lambda o: o.financial_year.due_date)
    issued_by = factory.SubFactory(UserFactory)
    line = factory.RelatedFactory(InvoiceLineFactory, factory_related_name="invoice")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with transaction.atomic():
            if kwargs.get("number") is None:
                kwargs["number"] = InvoiceSequence.next_number(kwargs["financial_year"].year)
            return super()._create(model_class, *args, **kwargs)


class CreditNoteFactory(InvoiceFactory):
    """A credit note cancelling an invoice in full (negative amount, same State and year)."""

    credit_note_for = factory.SubFactory(InvoiceFactory)
    kind = Invoice.Kind.CREDIT_NOTE
    financial_year = factory.SelfAttribute("credit_note_for.financial_year")
    state = factory.SelfAttribute("credit_note_for.state")
    amount = factory.LazyAttribute(lambda o: -o.credit_note_for.amount)
    issue_date = factory.LazyAttribute(lambda o: o.credit_note_for.issue_date + datetime.timedelta(days=20))
    due_date = factory.SelfAttribute("issue_date")
    reason = "Issued in error (invented)"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        credit_note = super()._create(model_class, *args, **kwargs)
        # as credit_note_issue does: the invoice it cancels stores its balance again
        Invoice.objects.filter(pk=credit_note.credit_note_for_id).store_balances()
        return credit_note

    line = factory.RelatedFactory(
        InvoiceLineFactory,
        factory_related_name="invoice",
        description=factory.LazyAttribute(
            lambda o: f"Cancellation of invoice {o.invoice.credit_note_for.display_number}"
        ),
    )


class PaymentAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentAllocation

    invoice = factory.SubFactory(InvoiceFactory)
    payment = factory.SubFactory(
        "tests.factories.PaymentFactory",
        state=factory.SelfAttribute("..invoice.state"),
        date=factory.LazyAttribute(lambda o: o.factory_parent.invoice.issue_date + datetime.timedelta(days=30)),
        amount=factory.SelfAttribute("..invoice.amount"),
    )
    amount = factory.SelfAttribute("payment.amount")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        allocation = super()._create(model_class, *args, **kwargs)
        # as the payment services do: the invoice paid stores its balance again
        Invoice.objects.filter(pk=allocation.invoice_id).store_balances()
        return allocation


class PaymentFactory(factory.django.DjangoModelFactory):
    """Money received from a State. `invoice=...`: from that invoice's State, 30 days after its issue,
    of its amount unless given, and allocated to it up to what it still owes (the rest is credit)."""

    class Meta:
        model = Payment
        skip_postgeneration_save = True

    class Params:
        invoice = None

    state = factory.LazyAttribute(lambda o: o.invoice.state if o.invoice else StateFactory())
    date = factory.LazyAttribute(
        lambda o: o.invoice.issue_date + datetime.timedelta(days=30) if o.invoice else datetime.date(2041, 2, 1)
    )
    amount = factory.LazyAttribute(lambda o: o.invoice.amount if o.invoice else Decimal("100.00"))
    reference = factory.Sequence(lambda n: f"Bank transfer {n}")
    recorded_by = factory.SubFactory(UserFactory)
    allocation = factory.Maybe(
        "invoice",
        yes_declaration=factory.RelatedFactory(
            PaymentAllocationFactory,
            factory_related_name="payment",
            invoice=factory.SelfAttribute("..invoice"),
            amount=factory.LazyAttribute(lambda o: min(o.payment.amount, _owed(o.invoice))),
        ),
    )


def _owed(invoice: Invoice) -> Decimal:
    """What an invoice still owes, read afresh (the instance a test holds keeps its balance cached)."""
    return Invoice.objects.with_balance().get(pk=invoice.pk).outstanding
