"""Every generated file × every role: who may download which file is written in this test, as a
table of facts about the file (its kind, the edition it is, the State it concerns), never by asking
the portal's own permission code. Everything else answers 404, the same as a file that does not
exist, so a sweep of sequential ids learns nothing.

The world is the demo, plus the flow of issue [1/7] case 1 (the published summary withdrawn,
reopened, given a State's name, previewed, fixed and published again), a PDF of every minutes
version at its stage, and a PDF of every letter, reminder, joint letter, credit note and report."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from directory.models import Person, State
from directory.roles import FOCAL_POINTS
from documents.models import GeneratedDocument
from tests.confirming import confirm
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=False)

ROLES = ("anonymous", "no role", "focal point of Iraq", "focal point of Lebanon", "coordinator", "isu")
LOGGED_IN = set(ROLES) - {"anonymous"}
COMMITTEE = {"coordinator", "isu"}
ISU = {"isu"}


def focal_point_of(iso3: str) -> set[str]:
    return {f"focal point of {State.objects.get(iso3=iso3).name}"} & set(ROLES)


def readers(document: GeneratedDocument) -> set[str]:
    """Who may read this file, from the facts of the world (not from the portal's rules)."""
    from finance.models import Invoice, JointLetter, Reminder
    from meetings.models import Minutes, PublicSummary
    from outreach.models import Letter

    kind, edition, pk = document.kind, document.edition, document.object_id
    if kind == "summary":
        summary = PublicSummary.objects.get(pk=pk)
        latest = f"published-{summary.events.filter(action='published').count()}"
        if summary.status == "published" and edition == latest:
            return set(ROLES)  # the current published edition: the public's
        return ISU  # a preview or a withdrawn edition
    if kind == "minutes":
        status = Minutes.objects.get(pk=pk).status
        return COMMITTEE if edition == status and status in ("circulated", "approved") else ISU
    if kind == "participants":
        return COMMITTEE
    if kind == "letter":
        letter = Letter.objects.get(pk=pk)
        return COMMITTEE | (focal_point_of(letter.state.iso3) if letter.sent_at else set())
    if kind == "finance-reminder":
        return ISU | focal_point_of(Reminder.objects.get(pk=pk).state.iso3)
    if kind == "finance-joint-letter":
        return ISU | focal_point_of(JointLetter.objects.get(pk=pk).state.iso3)
    if kind == "finance-credit-note":
        return ISU | focal_point_of(Invoice.objects.get(pk=pk).state.iso3)
    if kind in ("plan-report", "quarterly-update"):
        return LOGGED_IN  # action plans are read by every logged-in user, by design
    raise AssertionError(f"the table does not say who reads a {kind!r}: add it")


def _the_summary_flow(isu_client):
    from meetings.models import PublicSummary
    from meetings.services import summaries

    summary = PublicSummary.objects.published().get(meeting__date=datetime.date(2017, 6, 9))
    meeting = summary.meeting
    entry = summary.entries.order_by("order").first()

    def act(action, **data):
        url = reverse("meetings:summary-transition", args=[meeting.pk, action])
        if action == "publish":  # confirmed on its page, with its one-time token
            confirm(isu_client, url, data)
        else:
            isu_client.post(url, data)

    def edit(text):
        url = reverse("meetings:summary-entry-edit", args=[meeting.pk, entry.pk])
        isu_client.post(url, {f"e{entry.pk}-speaker": entry.speaker, f"e{entry.pk}-text": text})

    act("withdraw", reason="A correction is needed.")
    act("reopen")
    edit("Iraq said its survey was finished.")
    act("preview")
    edit("A State said its survey was finished.")
    act("publish")
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.PUBLISHED, list(summaries.summary_parts(summary))
    return summary


def _every_kind_rendered(isu_user):
    from coordinators.models import ActionPlan, Term
    from coordinators.pdfs import plan_report_request, quarterly_update_request
    from finance import services as finance
    from finance.models import Invoice, JointLetter, Reminder
    from finance.pdfs import credit_note_request, joint_letter_request, reminder_request
    from meetings.models import Meeting, Minutes
    from meetings.pdfs import minutes_pdf_request, participants_pdf_request
    from outreach.models import Letter
    from outreach.services import letter_pdf_request

    for minutes in Minutes.objects.select_related("meeting"):
        minutes_pdf_request(minutes)
    participants_pdf_request(Meeting.objects.order_by("date").first())
    for letter in Letter.objects.select_related("state", "campaign"):
        letter_pdf_request(letter)
    for reminder in Reminder.objects.all():
        reminder_request(reminder)
    for letter in JointLetter.objects.all():
        joint_letter_request(letter)
    for iso3 in ("IRQ", "LBN"):
        invoice = Invoice.objects.filter(state__iso3=iso3, kind=Invoice.Kind.ISU_CONTRIBUTION).order_by("pk").first()
        if invoice is not None:
            credit_note_request(finance.credit_note_issue(invoice=invoice, reason="Sweep", by=isu_user))
    plan_report_request(ActionPlan.objects.first())
    quarterly_update_request(Term.objects.first())


@pytest.fixture
def world(demo_world_rendered, django_capture_on_commit_callbacks):
    User = get_user_model()
    isu_user = User.objects.get(username="isu")
    lebanon = State.objects.get(iso3="LBN")
    focal_lebanon = user_with_role("focal-lebanon", FOCAL_POINTS)
    Person.objects.create(last_name="Sweeper", delegation=lebanon.delegation, user=focal_lebanon)
    users = {
        "no role": User.objects.create_user("no-role"),
        "focal point of Iraq": User.objects.get(username="focal-iraq"),
        "focal point of Lebanon": focal_lebanon,
        "coordinator": User.objects.get(username="coordinator-va"),
        "isu": isu_user,
    }
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    for step in (lambda: _the_summary_flow(clients["isu"]), lambda: _every_kind_rendered(isu_user)):
        with django_capture_on_commit_callbacks(execute=True):
            step()
    return clients


def test_each_file_is_served_to_exactly_the_roles_the_table_names(world):
    documents = list(GeneratedDocument.objects.order_by("pk"))
    assert all(document.is_ready for document in documents)
    kinds = {(d.kind, d.edition.split("-")[0] if d.kind == "summary" else d.edition) for d in documents}
    # the world holds every kind of file, and the editions that matter
    assert {("summary", "published"), ("summary", "preview"), ("minutes", "draft")} <= kinds
    assert {("minutes", "circulated"), ("minutes", "approved"), ("letter", ""), ("finance-reminder", "")} <= kinds
    assert {("finance-joint-letter", ""), ("finance-credit-note", "")} <= kinds
    assert {"plan-report", "quarterly-update", "participants"} <= {kind for kind, _ in kinds}

    wrong, served_wrongly, tried = [], 0, 0
    beyond = max(d.pk for d in documents) + 3
    for role, client in world.items():
        for document in documents:
            allowed = role in readers(document)
            response = client.get(reverse("documents:document-download", args=[document.pk]))
            status = client.get(reverse("documents:document-status", args=[document.pk])).status_code
            tried += 1
            expected = 200 if allowed else 404
            if response.status_code != expected or status != expected:
                wrong.append(f"{role}: {document.kind} {document.edition!r} #{document.pk} → {response.status_code}")
                served_wrongly += response.status_code == 200
            elif allowed:
                assert b"".join(response.streaming_content).startswith(b"%PDF")
        for pk in range(beyond, beyond + 3):  # ids that do not exist answer the same 404
            assert client.get(reverse("documents:document-download", args=[pk])).status_code == 404
    print(f"\n{len(documents)} files × {len(world)} roles = {tried} downloads tried; {served_wrongly} served wrongly")
    assert wrong == [], "\n".join(wrong)
    public = [d for d in documents if readers(d) == set(ROLES)]
    assert [(d.kind, d.edition) for d in public] == [("summary", "published-2")]
