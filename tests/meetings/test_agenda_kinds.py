"""Issue 16, agendas by kind of meeting and the approval recorded automatically.

The Committee's world of January 2017 (from the seeds): the 7MSP term under Germany, Victim
Assistance coordinated by Italy and Chile, Universalization by France and Zambia; the Committee
met on 4 November 2016 (minutes approved) and 7 December 2016 (minutes circulated), and an
informal meeting was held on 20 December 2016. The proposed agenda of the 25 January 2017
Committee meeting is the real one's shape; an informal meeting's and a Country Coalition
meeting's are simple. Approving the 7 December minutes at the 25 January meeting writes the
decision into that meeting's record once, however often it is asked.
"""

import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Mandate
from meetings import services
from meetings.models import ActionItem, AgendaItem, Decision, Meeting, Minutes
from meetings.pdfs import minutes_pdf_request
from meetings.services.minutes import approval_record
from tests.confirming import token_in
from tests.factories import ActionItemFactory, MeetingFactory, StateFactory, TermFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=14)
JANUARY_AGENDA = [
    ("1", "Opening remarks"),
    ("2", "Approval of the minutes of 7 December 2016"),
    ("3", "Matters arising"),
    ("3.1", "Italy: Send the Victim Assistance letters"),
    ("4", "Updates from the 7MSP Presidency"),
    ("5", "Updates from the Coordinators"),
    ("5.1", "Victim Assistance (Italy and Chile)"),
    ("5.2", "Universalization (France and Zambia)"),
    ("6", "Any other business"),
    ("7", "Date of the next meeting"),
]
DECISION = "The minutes of the meeting of 7 December 2016 were approved as a correct record."


def agenda(meeting):
    return [(i.number, i.title) for i in sorted(meeting.agenda_items.all(), key=lambda i: i.sort_key)]


def one_line(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def committee(isu_staff):
    term = TermFactory()  # 7MSP, Germany
    states = {name: StateFactory(name=name, iso3=iso3) for name, iso3 in (("Italy", "ITA"), ("Chile", "CHL"))}
    states |= {name: StateFactory(name=name, iso3=iso3) for name, iso3 in (("France", "FRA"), ("Zambia", "ZMB"))}
    va = ThematicAreaFactory(name="Victim Assistance", slug="va", order=1)
    universalization = ThematicAreaFactory(name="Universalization", slug="universalization", order=2)
    ThematicAreaFactory(name="Area of another term", slug="other-term", order=0)
    for order, (area, name) in enumerate(
        [(universalization, "France"), (universalization, "Zambia"), (va, "Italy"), (va, "Chile")]
    ):
        Mandate.objects.create(area=area, term=term, state=states[name], order=order)

    held = Meeting.Status.HELD
    november = MeetingFactory(title="Second CC meeting", date=datetime.date(2016, 11, 4), status=held, term=term)
    Minutes.objects.create(meeting=november, status=Minutes.Status.APPROVED)
    december = MeetingFactory(title="Third CC meeting", date=datetime.date(2016, 12, 7), status=held, term=term)
    item = services.agenda_item_add(meeting=december, title="Victim Assistance")
    minutes = services.minutes_start(meeting=december)
    services.minutes_item_update(
        item=minutes.items.get(agenda_item=item), text="Italy presented its plan.", expected_version=0, by=isu_staff
    )
    services.minutes_circulate(minutes=minutes, comment_deadline=SOON, by=isu_staff)
    ActionItemFactory(
        meeting=december, owner_delegation=states["Italy"].delegation, text="Send the Victim Assistance letters"
    )
    ActionItemFactory(meeting=december, text="Already sent", status=ActionItem.Status.DONE)
    informal = MeetingFactory(
        title="Brainstorming on Country Coalitions", kind=Meeting.Kind.INFORMAL, date=datetime.date(2016, 12, 20)
    )
    informal.status = held
    informal.save()
    services.minutes_start(meeting=informal)  # a later meeting with minutes, but not the Committee's
    january = MeetingFactory(title="Fourth CC meeting", date=datetime.date(2017, 1, 25), status=held, term=term)
    return {"term": term, "december": december, "january": january, "va": va, "informal": informal}


def test_a_committee_meeting_gets_the_committees_agenda(client, isu_staff, committee):
    january, december = committee["january"], committee["december"]
    client.force_login(isu_staff)
    url = reverse("meetings:agenda-edit", args=[january.pk])
    page = client.get(url).content.decode()
    assert "The Coordination Committee&#x27;s agenda" in page and "approval of the minutes of the previous" in page

    response = client.post(reverse("meetings:agenda-propose", args=[january.pk]), follow=True)
    assert "The Coordination Committee&#x27;s agenda was proposed" in response.content.decode()
    assert agenda(january) == JANUARY_AGENDA
    items = {i.number: i for i in january.agenda_items.all()}
    assert items["2"].kind == AgendaItem.Kind.APPROVAL_OF_MINUTES and items["2"].approves_minutes_of == december
    assert [i.approves_minutes_of for i in items.values() if i.number != "2"] == [None] * 9
    assert items["5.1"].thematic_area == committee["va"] and items["5.2"].thematic_area.name == "Universalization"
    assert [d.name for d in items["5.1"].presenters.all()] == ["Chile", "Italy"]
    assert [d.name for d in items["4"].presenters.all()] == ["Germany"]
    assert items["7"].kind == AgendaItem.Kind.NEXT_MEETING


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            Meeting.Kind.INFORMAL,
            [("1", "Opening"), ("2", "Informal meeting on cooperation and assistance"), ("3", "Any other business")],
        ),
        (
            Meeting.Kind.COUNTRY_COALITION,
            [
                ("1", "Opening"),
                ("2", "Needs and priorities of the State concerned"),
                ("3", "Support from partners"),
                ("4", "Follow-up and next steps"),
                ("5", "Any other business"),
            ],
        ),
    ],
)
def test_other_meetings_get_a_simple_agenda(client, isu_staff, committee, kind, expected):
    meeting = MeetingFactory(
        title="Informal meeting on cooperation and assistance", kind=kind, date=datetime.date(2017, 6, 9)
    )
    meeting.term = committee["term"]
    meeting.save()
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:agenda-edit", args=[meeting.pk])).content.decode()
    assert "The Coordination Committee&#x27;s agenda" not in page
    client.post(reverse("meetings:agenda-propose", args=[meeting.pk]))
    assert agenda(meeting) == expected
    items = list(meeting.agenda_items.all())
    assert {i.kind for i in items} == {AgendaItem.Kind.STANDARD}
    assert [i for i in items if i.approves_minutes_of_id or i.thematic_area_id or i.parent_id] == []


def test_an_item_is_renamed_through_the_agenda_page(client, isu_staff, coordinator_va, committee):
    january = committee["january"]
    services.agenda_propose(meeting=january)
    approval = january.agenda_items.get(number="2")
    url = reverse("meetings:agenda-item-rename", args=[january.pk, approval.pk])
    client.force_login(isu_staff)

    response = client.post(url, {"title": "  Approval of the minutes of  7 December 2016 (as circulated)"}, follow=True)
    assert "Item 2 renamed." in response.content.decode()
    assert "Approval of the minutes of 7 December 2016 (as circulated)" in response.content.decode()
    approval.refresh_from_db()
    assert approval.title == "Approval of the minutes of 7 December 2016 (as circulated)"
    assert approval.number == "2" and approval.approves_minutes_of == committee["december"]

    response = client.post(url, {"title": "AOB and closing"}, HTTP_HX_REQUEST="true")
    assert 'id="agenda-items"' in response.content.decode() and "AOB and closing" in response.content.decode()

    for refused, message in ((" ", "An agenda item needs a title."), ("x" * 301, "at most 300 characters")):
        response = client.post(url, {"title": refused}, follow=True)
        assert message in response.content.decode()
    approval.refresh_from_db()
    assert approval.title == "AOB and closing"

    client.force_login(coordinator_va)
    assert client.post(url, {"title": "Mine"}).status_code == 403
    assert client.get(url).status_code == 405
    approval.refresh_from_db()
    assert approval.title == "AOB and closing"


def test_approving_minutes_records_the_decision_in_the_approving_meeting(
    client, isu_staff, committee, django_capture_on_commit_callbacks
):
    january, december = committee["january"], committee["december"]
    services.agenda_propose(meeting=january)
    approval = january.agenda_items.get(approves_minutes_of=december)
    january_minutes = services.minutes_start(meeting=january)
    entry = january_minutes.items.get(agenda_item=approval)
    services.minutes_item_update(
        item=entry, text="The President presented the draft minutes.", expected_version=0, by=isu_staff
    )

    client.force_login(isu_staff)
    url = reverse("meetings:minutes-approve", args=[december.pk])
    token = token_in(client.get(url, {"at_meeting": january.pk}))
    assert client.post(url, {"at_meeting": january.pk, "confirm_token": token}).status_code == 302

    decisions = list(Decision.objects.filter(meeting=january).values_list("text", "agenda_item"))
    assert decisions == [(DECISION, approval.pk)]
    entry.refresh_from_db()
    assert entry.text == f"The President presented the draft minutes.\n\n{DECISION}"
    assert entry.updated_by == isu_staff and entry.history.first().text == entry.text
    assert Decision.objects.filter(meeting=december).count() == 0

    # asked again, or the record reopened: nothing doubles
    approval_record(minutes=december.current_minutes, by=isu_staff)
    services.minutes_start(meeting=january)
    assert Decision.objects.filter(meeting=january).count() == 1
    entry.refresh_from_db()
    assert entry.text.count("were approved") == 1

    with django_capture_on_commit_callbacks(execute=True):
        document = minutes_pdf_request(january_minutes)
    document.refresh_from_db()
    with document.file.open("rb") as f:
        text = subprocess.run(["pdftotext", "-", "-"], input=f.read(), capture_output=True, check=True).stdout
    text = one_line(text.decode())
    item_text, decisions_section = text.split("7. Date of the next meeting Decisions")
    assert f"2. Approval of the minutes of 7 December 2016 The President presented the draft minutes. {DECISION}" in (
        item_text
    )
    assert decisions_section.count(DECISION) == 1


def test_a_record_written_by_hand_is_not_repeated(isu_staff, committee):
    """As the demo's meeting of 25 January 2017 does: the ISU wrote the decision and the text
    before approving, in its own words."""
    january, december = committee["january"], committee["december"]
    approval = services.agenda_item_add(meeting=january, title="Approval of the minutes", approves_minutes_of=december)
    own_words = (
        "The minutes of the meeting of 7 December 2016, circulated beforehand, were approved as a correct record."
    )
    services.decision_add(meeting=january, agenda_item=approval, text=own_words)
    minutes = services.minutes_start(meeting=january)
    entry = minutes.items.get(agenda_item=approval)
    services.minutes_item_update(item=entry, text=own_words, expected_version=0, by=isu_staff)

    services.minutes_approve(minutes=december.current_minutes, at_meeting=january, by=isu_staff)

    assert list(january.decisions.values_list("text", flat=True)) == [own_words]
    entry.refresh_from_db()
    assert entry.text == own_words
