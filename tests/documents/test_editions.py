"""Every generated file has its own visibility: what is served for a document id depends on which
edition of its object the file is, not only on the object's state now.

Issue [1/7], cases 1 and 3: a summary withdrawn, reopened, given a State's name, previewed, fixed
and published again must leave exactly one public file (the current published edition); the
preview with the name and the withdrawn edition are the ISU's. Minutes circulated after a draft
PDF was rendered offer members only the file of the circulated text."""

import datetime
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from directory.roles import COORDINATORS
from documents.models import GeneratedDocument
from meetings import services
from meetings.models import Meeting, Minutes
from tests.confirming import confirm
from tests.factories import user_with_role
from tests.meetings.test_summaries import cast, confirm_all  # noqa: F401  (the cast is a fixture)

pytestmark = pytest.mark.django_db

LEAKED_NAME = "Croatia"  # a participant's name written into an entry by mistake, then fixed


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def served(client: Client, ids) -> dict[int, int]:
    return {pk: client.get(reverse("documents:document-download", args=[pk])).status_code for pk in ids}


@pytest.fixture
def isu(isu_staff):
    client = Client()
    client.force_login(isu_staff)
    return client


@pytest.fixture
def coordinator(db):
    client = Client()
    client.force_login(user_with_role("coord-editions", COORDINATORS))
    return client


def act(isu, meeting, action, **data):
    url = reverse("meetings:summary-transition", args=[meeting.pk, action])
    response = confirm(isu, url, data) if action == "publish" else isu.post(url, data)  # publish: on its page
    assert response.status_code == 302
    return response


def test_after_withdraw_fix_and_republish_only_the_current_edition_is_public(
    cast,  # noqa: F811
    isu_staff,
    isu,
    coordinator,
    django_capture_on_commit_callbacks,
):
    from meetings.services import summaries

    meeting = cast["meeting"]
    confirm_all(meeting, isu_staff)
    summary = summaries.summary_generate(meeting=meeting, by=isu_staff)
    entry = summary.entries.order_by("order").first()

    def edit(text):
        url = reverse("meetings:summary-entry-edit", args=[meeting.pk, entry.pk])
        assert isu.post(url, {f"e{entry.pk}-speaker": entry.speaker, f"e{entry.pk}-text": text}).status_code == 302

    steps = [
        lambda: act(isu, meeting, "publish"),
        lambda: act(isu, meeting, "withdraw", reason="A correction is needed."),
        lambda: act(isu, meeting, "reopen"),
        lambda: edit(f"{LEAKED_NAME} funds clearance."),
        lambda: act(isu, meeting, "preview"),  # rendered now, with the name in it
        lambda: edit("The State funds clearance."),
        lambda: act(isu, meeting, "publish"),
    ]
    for step in steps:  # each step's tasks run after its own commit, as the worker would
        with django_capture_on_commit_callbacks(execute=True):
            step()
    summary.refresh_from_db()
    assert summary.status == "published"

    files = {d.edition: d for d in GeneratedDocument.objects.filter(kind="summary", object_id=summary.pk)}
    assert set(files) == {"published-1", "preview", "published-2"}
    assert all(d.is_ready for d in files.values())
    # the preview really holds the name: the ISU reads it, nobody else may
    assert LEAKED_NAME in pdf_text(isu.get(reverse("documents:document-download", args=[files["preview"].pk])))

    # the anonymous sweep of every document id there is (and a few beyond): only the current edition
    every_id = list(GeneratedDocument.objects.values_list("pk", flat=True))
    sweep = range(1, max(every_id) + 5)
    answers = served(Client(), sweep)
    assert {pk for pk, status in answers.items() if status == 200} == {files["published-2"].pk}
    assert {status for status in answers.values()} == {200, 404}
    public = pdf_text(Client().get(reverse("public:summary-pdf", args=[summary.pk]), follow=True))
    assert LEAKED_NAME not in public and "The State funds clearance." in public

    # a Committee member who may not edit the summary gets what the public gets
    assert served(coordinator, [files["preview"].pk, files["published-1"].pk]) == {
        files["preview"].pk: 404,
        files["published-1"].pk: 404,
    }
    # and once withdrawn again, no edition is public any more
    with django_capture_on_commit_callbacks(execute=True):
        act(isu, meeting, "withdraw", reason="Withdrawn again.")
    assert 200 not in served(Client(), sweep).values()
    assert served(isu, [d.pk for d in files.values()]) == {d.pk: 200 for d in files.values()}


DRAFT_ONLY = "This sentence was removed before circulation."


@pytest.fixture
def circulated(isu_staff, isu, django_capture_on_commit_callbacks):
    """Minutes whose draft PDF held a sentence removed before they were circulated."""
    from tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(date=datetime.date(2017, 1, 25), status=Meeting.Status.HELD)
    AgendaItemFactory(meeting=meeting, title="Opening")
    minutes = services.minutes_start(meeting=meeting)
    item = minutes.items.get()
    services.minutes_item_update(item=item, text=f"Opened. {DRAFT_ONLY}", expected_version=0, by=isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        isu.post(reverse("meetings:minutes-pdf", args=[meeting.pk]) + f"?version={minutes.version}")
    item.refresh_from_db()
    services.minutes_item_update(item=item, text="Opened.", expected_version=item.lock_version, by=isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=minutes, comment_deadline=datetime.date.today(), by=isu_staff)
    return meeting, minutes


def test_members_get_the_circulated_text_not_the_draft_pdf(circulated, isu, coordinator):
    meeting, minutes = circulated
    draft, circulated_file = (
        GeneratedDocument.objects.get(kind="minutes", object_id=minutes.pk, edition=edition)
        for edition in (Minutes.Status.DRAFT, Minutes.Status.CIRCULATED)
    )
    assert DRAFT_ONLY in pdf_text(isu.get(reverse("documents:document-download", args=[draft.pk])))

    page = coordinator.get(reverse("meetings:minutes-detail", args=[meeting.pk])).content.decode()
    download = reverse("documents:document-download", args=[circulated_file.pk])
    assert download in page
    assert reverse("documents:document-download", args=[draft.pk]) not in page
    text = pdf_text(coordinator.get(download))
    assert "Opened." in text and DRAFT_ONLY not in text
    assert served(coordinator, [draft.pk]) == {draft.pk: 404}
    assert served(Client(), [draft.pk, circulated_file.pk]) == {draft.pk: 404, circulated_file.pk: 404}


def test_once_approved_the_circulated_file_is_superseded_for_members(
    circulated, isu_staff, coordinator, django_capture_on_commit_callbacks
):
    from tests.factories import MeetingFactory

    meeting, minutes = circulated
    later = MeetingFactory(date=datetime.date(2017, 3, 1), status=Meeting.Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(minutes=minutes, at_meeting=later, by=isu_staff)
    files = {d.edition: d.pk for d in GeneratedDocument.objects.filter(kind="minutes", object_id=minutes.pk)}
    assert served(coordinator, files.values()) == {
        files["draft"]: 404,
        files["circulated"]: 404,
        files["approved"]: 200,
    }
