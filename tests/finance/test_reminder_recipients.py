"""Finance letters go to the State, not to a portal user (issue 15): a reminder is e-mailed to the
State's finance contacts (its mission contacts when it has none), never to a Coordinator's or a
focal point's account nor to a delegate; the joint letter and the reminder print that contact's
addressee and address; a State with no e-mail on record is listed before a round starts."""

import datetime
import subprocess

import pytest
from django.core import mail

from directory.models import Contact, Person
from finance import services
from finance.models import JointLetter, Reminder, ReminderRound
from finance.pdfs import joint_letter_request
from finance.selectors.recipients import states_without_address

pytestmark = pytest.mark.django_db

AFTER_DUE = datetime.date(2017, 7, 1)  # the invoices fell due on 6 June

# Every address the round may write to, by State: nothing else may appear in any e-mail's To.
ALLOWED = {
    "Italy": ["finance@italy-mission.invalid"],  # its finance contact, not its mission nor its Coordinator
    "Australia": ["mission@australia-mission.invalid"],  # no finance contact: its mission
}


def _contact(state, email, *, finance, **fields):
    return Contact.objects.create(
        state=state,
        kind=Contact.Kind.GENEVA_MISSION,
        name=fields.pop("name", f"Permanent Mission of {state.name}"),
        email=email,
        for_mission=not finance,
        for_finance=finance,
        **fields,
    )


@pytest.fixture
def contacts(issued, italy, australia, iraq, coordinator_va, focal_point_iraq):
    """Italy: a Coordinator's portal account, a delegate with an e-mail, a mission and a finance
    contact. Australia: a mission contact only. Iraq: a focal point's account and no contact."""
    Person.objects.create(last_name="Delegato", delegation=italy.delegation, email="delegate@italy.invalid")
    _contact(italy, "mission@italy-mission.invalid", finance=False, is_primary=True)
    _contact(
        italy,
        "finance@italy-mission.invalid",
        finance=True,
        name="Administrative and Financial Office, Permanent Mission of Italy",
        addressee="The First Secretary for Budget Matters",
        address="Chemin Inventé 3\n1292 Chambésy",
    )
    _contact(
        australia,
        "mission@australia-mission.invalid",
        finance=False,
        addressee="H.E. the Ambassador of Australia",
        address="Rue Imaginaire 21\n1209 Geneva",
    )


@pytest.fixture
def round_sent(contacts, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminder_round = services.reminder_round_start(trigger=ReminderRound.Trigger.MANUAL, today=AFTER_DUE)
    return {r.state.name: r for r in reminder_round.reminders.select_related("state", "document")}


def _sent_to(state_name: str) -> list[list[str]]:
    return [message.to for message in mail.outbox if message.subject.endswith(f", {state_name}")]


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout


def test_a_coordinators_state_is_reminded_at_its_finance_contact_and_nowhere_else(round_sent, coordinator_va):
    assert _sent_to("Italy") == [ALLOWED["Italy"]]
    assert round_sent["Italy"].recipients == "\n".join(ALLOWED["Italy"])
    everyone = {address for message in mail.outbox for address in message.to}
    assert everyone <= {address for addresses in ALLOWED.values() for address in addresses}
    assert coordinator_va.email not in everyone and "delegate@italy.invalid" not in everyone


def test_a_state_with_a_mission_contact_only_is_reminded_there(round_sent):
    assert _sent_to("Australia") == [ALLOWED["Australia"]]


def test_a_state_with_no_contact_gets_no_email_and_is_listed_before_the_round(round_sent, iraq, italy, australia):
    assert _sent_to("Iraq") == []  # its focal point's portal account is not an address for finance
    reminder = round_sent["Iraq"]
    assert reminder.recipients == "" and reminder.emailed_at is not None  # waits in the portal
    assert services.reminder_recipients(iraq) == []
    assert states_without_address([italy, australia, iraq]) == [iraq]
    assert states_without_address(Reminder.objects.none()) == []


def test_a_finance_contact_without_email_is_not_replaced_by_the_mission(contacts, italy, australia):
    Contact.objects.filter(state=italy, for_finance=True).update(email="")
    assert services.reminder_recipients(italy) == []
    assert states_without_address([italy, australia]) == [italy]


def test_the_joint_letter_is_addressed_to_the_finance_contact(contacts, italy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = joint_letter_request(JointLetter.objects.get(state=italy))
    document.refresh_from_db()
    text = _pdf_text(document.file.path)
    assert "The First Secretary for Budget Matters" in text
    assert "Administrative and Financial Office, Permanent Mission of Italy" in text
    assert "Chemin Inventé 3" in text and "1292 Chambésy" in text


def test_without_a_finance_contact_the_joint_letter_goes_to_the_mission(
    contacts, australia, iraq, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        australian = joint_letter_request(JointLetter.objects.get(state=australia))
        iraqi = joint_letter_request(JointLetter.objects.get(state=iraq))
    australian.refresh_from_db()
    iraqi.refresh_from_db()
    text = _pdf_text(australian.file.path)
    assert "H.E. the Ambassador of Australia" in text and "Rue Imaginaire 21" in text
    assert "To the Permanent Mission of Iraq" in _pdf_text(iraqi.file.path)  # nobody on record: as before


def test_the_reminder_letter_is_addressed_to_the_finance_contact(round_sent):
    text = _pdf_text(round_sent["Italy"].document.file.path)
    assert "The First Secretary for Budget Matters" in text and "Chemin Inventé 3" in text
