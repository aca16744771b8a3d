"""load_demo: the seed meetings recorded as the minutes give them, the logins, and a second run
that adds nothing."""

import io
import subprocess

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from directory.models import State
from directory.roles import COORDINATORS, FOCAL_POINTS, ISU_STAFF
from meetings.models import ActionItem, Attendance, Meeting, Minutes
from meetings.services import invitation_send

pytestmark = pytest.mark.django_db

CATEGORIES = {
    "A donor/partner State",
    "An affected State",
    "A State with an impending deadline under the Convention",
    "The ISU",
}


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_world):
    """The demo as load_demo builds it (recorded once per process: tests/demo_world.py)."""


@pytest.fixture
def december(demo):
    return Meeting.objects.get(date="2016-12-07", kind=Meeting.Kind.COORDINATION_COMMITTEE)


@pytest.fixture
def june(demo):
    return Meeting.objects.get(date="2017-06-09")


def test_december_attendance_is_as_the_minutes_list_it(december):
    attended = december.attendances.filter(status=Attendance.Status.PRESENT)
    delegations = list(dict.fromkeys(a.delegation.name for a in attended.order_by("order")))
    assert delegations == [
        "Germany", "Australia", "Bosnia and Herzegovina", "Costa Rica", "Croatia", "France", "Iraq", "Italy",
        "Mexico", "Netherlands", "New Zealand", "Norway", "Switzerland", "Zambia", "UNODA", "ISU-CCM",
    ]  # fmt: skip
    assert attended.count() == 19
    apologies = december.attendances.filter(status=Attendance.Status.APOLOGIES).select_related("person")
    assert sorted((a.person.last_name, a.delegation.name) for a in apologies) == [
        ("Chayer", "CMC"),
        ("Mweemba", "ISU-CCM"),
    ]
    president = attended.get(person__last_name="Biontino")
    assert president.capacity == "7MSP President" and president.person.title == "H.E."
    assert december.number == 3 and december.term.name == "7MSP" and december.chair == president.person


def test_december_agenda_is_numbered_1_to_7_with_5_1_to_5_8(december):
    items = sorted(december.agenda_items.all(), key=lambda i: i.sort_key)
    assert [i.number for i in items] == [
        "1", "2", "3", "4", "5", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "6", "7",
    ]  # fmt: skip
    va = next(i for i in items if i.number == "5.1")
    assert va.title == "Victim Assistance (Italy and Chile)"
    assert va.thematic_area.name == "Victim Assistance"
    assert sorted(d.name for d in va.presenters.all()) == ["Chile", "Italy"]
    assert all(i.thematic_area_id for i in items if i.number.startswith("5."))


def test_december_record_has_statements_documents_and_owned_actions(december):
    minutes = december.current_minutes
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at_meeting.date.isoformat() == "2017-01-25"
    assert "Victim Assistance Action Plan 2016-2017" in minutes.documents_distributed
    assert minutes.items.exclude(text="").count() == 15
    assert december.decisions.count() == 2
    actions = december.action_items.all()
    assert actions.count() >= 10
    assert all(a.owner_delegation_id for a in actions)
    assert {a.status for a in actions} == {ActionItem.Status.OPEN, ActionItem.Status.DONE}
    netherlands_plan = actions.get(owner_delegation__name="Netherlands")
    assert "operational plan" in netherlands_plan.text and netherlands_plan.owner_person.last_name == "Versteden"


def test_december_statements_read_on_behalf_of_once(december, client):
    """A Coordinator's statement names whom it speaks for once: the page adds "on behalf of"."""
    client.force_login(get_user_model().objects.get(username="isu"))
    page = client.get(f"/meetings/{december.pk}/minutes/").content.decode()
    assert "on behalf of the Coordinators on Victim Assistance" in page
    assert "on behalf of on behalf of" not in page
    assert not december.agenda_items.filter(statements__on_behalf_of__istartswith="on behalf of").exists()


def test_june_meeting_names_only_its_hosts(june):
    assert sorted(d.name for d in june.hosts.all()) == ["Australia", "Iraq"]
    assert june.confidentiality == Meeting.Confidentiality.CHATHAM_HOUSE
    statements = sorted(
        (s for item in june.agenda_items.all() for s in item.statements.all()),
        key=lambda s: (s.agenda_item.sort_key, s.order),
    )
    assert len(statements) == 15  # a) to o)
    anonymous, closing = statements[:-1], statements[-1]
    assert all(s.delegation_id is None and s.anonymous_category in CATEGORIES for s in anonymous)
    assert {s.anonymous_category for s in anonymous} == CATEGORIES
    assert closing.delegation.name == "Australia"
    assert "14 of its 17 provinces" in statements[2].text
    assert "232 registered" in statements[8].text


def test_the_dashboard_has_something_ahead_and_something_late(demo):
    assert Meeting.objects.upcoming().filter(title__contains="demo").exists()
    assert ActionItem.objects.overdue().exists()
    assert ActionItem.objects.due_soon().exists()
    assert Minutes.objects.awaiting_approval().exists()
    assert Minutes.objects.awaiting_circulation().exists()


def test_the_isu_invites_the_committee_to_the_demos_next_meeting(demo, django_capture_on_commit_callbacks):
    """Issue 16, done when: from the demo's next meeting, the invitation goes with a valid .ics and
    the meeting pack, and its proposed agenda is the Committee's."""
    upcoming = Meeting.objects.get(title="Coordination Committee (demo: next meeting)")
    titles = [item.title for item in upcoming.agenda_items.order_by("position") if item.parent_id is None]
    assert titles[:3] == ["Opening remarks", "Approval of the minutes of 25 January 2017", "Matters arising"]
    assert titles[-2:] == ["Any other business", "Date of the next meeting"]
    isu = get_user_model().objects.get(username="isu")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(meeting=upcoming, by=isu)
    assert len(mail.outbox) >= 5  # the 7MSP Coordinators' and the Presidency's addresses
    message = mail.outbox[0]
    attachments = {name: content for name, content, _type in message.attachments}
    (pack,) = [name for name in attachments if name.startswith("meeting-pack-")]
    event = Calendar.from_ical(attachments["invitation.ics"]).walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{upcoming.pk}@ccm-portal"
    assert event.decoded("DTSTART").date() == upcoming.date
    text = subprocess.run(["pdftotext", "-", "-"], input=attachments[pack], capture_output=True, check=True).stdout
    text = " ".join(text.decode().split())
    for part in ("Approval of the minutes of 25 January 2017", "Send the invitation and the provisional agenda"):
        assert part in text


def test_register_facts(demo):
    netherlands = State.objects.get(iso3="NLD")
    assert netherlands.official_name == "Kingdom of the Netherlands"
    assert "The Netherlands" in netherlands.aliases.values_list("alias", flat=True)
    bih = State.objects.get(iso3="BIH")
    assert {"Bosnia-Herzegovina", "BiH"} <= set(bih.aliases.values_list("alias", flat=True))
    lao = State.objects.get(iso3="LAO")
    assert lao.obligations.get(article=4).original_deadline.isoformat() == "2020-08-01"
    germany = State.objects.get(iso3="DEU")
    assert germany.status_under("ccm").entry_into_force.isoformat() == "2010-08-01"
    assert germany.presidencies.get().name == "7MSP"
    assert germany.status_under("apmbc") is not None


def test_a_second_run_adds_nothing():
    first = load()
    for username in ("isu", "coordinator-va", "coordinator-ica", "focal-iraq"):
        assert f"  {username}" in first  # the first run lists the demo logins
    before = {model._meta.label: model.objects.count() for model in apps.get_models()}
    output = load()
    after = {model._meta.label: model.objects.count() for model in apps.get_models()}
    assert after == before
    assert "nothing added" in output


@pytest.mark.parametrize(
    "username, group, state",
    [
        ("isu", ISU_STAFF, None),
        ("coordinator-va", COORDINATORS, "Italy"),
        ("coordinator-ica", COORDINATORS, "Australia"),
        ("focal-iraq", FOCAL_POINTS, "Iraq"),
    ],
)
def test_demo_logins_work_with_their_roles(demo, client, username, group, state):
    from django.contrib.auth.models import User

    user = User.objects.get(username=username)
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert (user.person.state.name if user.person.state else None) == state
    assert client.login(username=username, password="demo")


def test_the_isu_login_reaches_the_admin(demo, client):
    client.login(username="isu", password="demo")
    assert client.get("/admin/meetings/meeting/").status_code == 200
    assert client.get("/admin/directory/state/?q=Lao+PDR").status_code == 200


def test_the_9_june_summary_is_published_in_the_seed_form(client, demo):
    from django.urls import reverse

    from documents.models import GeneratedDocument
    from documents.services import document_render
    from meetings.models import PublicSummary

    summary = PublicSummary.objects.get(meeting__date="2017-06-09")
    assert summary.status == PublicSummary.Status.PUBLISHED
    page = client.get(reverse("public:summary-detail", args=[summary.pk])).content.decode()
    assert "A donor/partner State said:" in page and "An affected State said:" in page
    assert "Australia said:" in page  # the host is named openly
    assert "232 registered" in page
    document = GeneratedDocument.objects.get(kind="summary", object_id=summary.pk, frozen=True)
    document_render(document_id=document.pk)  # queued on commit; the test transaction never commits
    pdf = client.get(reverse("public:summary-pdf", args=[summary.pk]), follow=True)
    document.refresh_from_db()
    assert b"".join(pdf.streaming_content).startswith(b"%PDF") and len(document.sha256) == 64
    # nothing else of that meeting is public
    meeting = summary.meeting
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 302
    assert client.get(reverse("meetings:minutes-detail", args=[meeting.pk])).status_code == 302


def test_the_victim_assistance_plan_and_overlapping_target_lists(demo):
    import datetime
    from decimal import Decimal

    from coordinators.models import ActionPlan
    from coordinators.selectors import overlap_matrix

    plan = ActionPlan.objects.get(area__slug="victim-assistance", term__name="7MSP")
    assert plan.outputs.count() == 6
    output = plan.outputs.get(number=2)
    assert (output.target_value, output.deadline) == (Decimal(5), datetime.date(2017, 6, 30))
    assert output.progress_updates.exists()
    _, rows = overlap_matrix(plan.term)
    overlapping = {state.iso3: {t.area.slug for t in targets} for state, _marks, targets in rows}
    assert {"victim-assistance", "national-implementation"} <= overlapping["AFG"]
