"""Outreach pages: who may reach each one (a URL × role matrix) and what each page does."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Contact
from outreach import services
from outreach.models import Campaign, FollowUp, Letter, LetterTemplate, Response
from tests.confirming import confirm

pytestmark = pytest.mark.django_db

ROLES = ("isu_staff", "coordinator_va", "coordinator_ica", "focal_point_iraq", "anonymous")


READ = {"isu_staff": 200, "coordinator_va": 200, "coordinator_ica": 200, "focal_point_iraq": 404, "anonymous": 302}
VA_WRITE = {"isu_staff": 302, "coordinator_va": 302, "coordinator_ica": 403, "focal_point_iraq": 404, "anonymous": 302}
ISU_WRITE = {"isu_staff": 302, "coordinator_va": 403, "coordinator_ica": 403, "focal_point_iraq": 404, "anonymous": 302}
COORD_WRITE = {
    "isu_staff": 302,
    "coordinator_va": 302,
    "coordinator_ica": 302,
    "focal_point_iraq": 404,
    "anonymous": 302,
}
ISU_EDIT_PAGE = {
    "isu_staff": 200,
    "coordinator_va": 403,
    "coordinator_ica": 403,
    "focal_point_iraq": 404,
    "anonymous": 302,
}
VA_EDIT_PAGE = {
    "isu_staff": 200,
    "coordinator_va": 200,
    "coordinator_ica": 403,
    "focal_point_iraq": 404,
    "anonymous": 302,
}

# url name, args (keys of `objects`), method, data, expected by role
MATRIX = [
    ("campaign-list", (), "get", None, READ),
    ("campaign-create", (), "get", None, READ),
    ("campaign-detail", ("va_campaign",), "get", None, READ),
    ("campaign-detail", ("consolidated",), "get", None, READ),
    ("campaign-progress", ("consolidated",), "get", None, READ),
    ("campaign-zip", ("consolidated",), "get", None, READ),
    ("letter-detail", ("letter",), "get", None, READ),
    ("response-file", ("response",), "get", None, READ),
    ("state-list", (), "get", None, READ),
    ("state-history", ("state",), "get", None, READ),
    ("calendar", (), "get", None, READ),
    ("calendar-ics", (), "get", None, READ),
    ("template-list", (), "get", None, READ),
    ("template-create", (), "get", None, READ),
    ("template-edit", ("paragraph",), "get", None, VA_EDIT_PAGE),
    ("template-preview", (), "post", {"body": "{{ state.name }}"}, READ),
    ("campaign-generate", ("va_campaign",), "post", {}, VA_WRITE),
    ("campaign-generate", ("consolidated",), "post", {}, ISU_WRITE),
    ("campaign-approve", ("va_campaign",), "post", {}, VA_WRITE),
    ("campaign-approve", ("consolidated",), "post", {}, ISU_WRITE),
    ("campaign-send", ("va_campaign",), "post", {}, VA_WRITE),  # no token: refused, back to its page
    ("campaign-send", ("consolidated",), "post", {}, ISU_WRITE),
    ("campaign-send", ("va_campaign",), "get", None, VA_EDIT_PAGE),  # its confirmation page
    ("campaign-send", ("consolidated",), "get", None, ISU_EDIT_PAGE),
    ("letter-approve", ("consolidated_letter",), "post", {}, ISU_WRITE),
    ("letter-send", ("consolidated_letter",), "post", {}, ISU_WRITE),
    ("letter-edit", ("consolidated_letter",), "get", None, ISU_EDIT_PAGE),
    ("letter-mark-sent", ("letter",), "post", {"channel": "hand", "on": "2017-01-01"}, VA_WRITE),
    ("response-add", ("letter",), "post", {}, VA_WRITE),
    ("contact-add", ("state",), "post", {"kind": "embassy", "name": "Embassy", "for_mission": "on"}, ISU_WRITE),
    ("followup-add", ("state",), "post", {"kind": "demarche", "planned_on": "2017-05-01"}, COORD_WRITE),
    ("followup-done", ("followup",), "post", {"on": "2017-05-02"}, VA_WRITE),
    ("reminders-run", (), "post", {}, ISU_WRITE),
]


class _Undo(Exception):
    pass


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, objects, role):
    """Each row of MATRIX for this role, on the same objects: each request in a savepoint that is
    rolled back, so that no case sees what another changed (the objects are built once per role)."""
    from django.core.cache import cache
    from django.db import transaction

    user = request.getfixturevalue(role)
    if role != "anonymous":
        client.force_login(user)
    wrong = []
    for name, args, method, data, expected in MATRIX:
        url = reverse(f"outreach:{name}", args=[objects[key].pk for key in args])
        cache.clear()
        mail.outbox = []
        try:
            with transaction.atomic():
                response = client.get(url) if method == "get" else client.post(url, data)
                raise _Undo
        except _Undo:
            pass
        if response.status_code != expected[role]:
            wrong.append(f"{method} {url}: {response.status_code}, expected {expected[role]}")
        elif role == "anonymous" and not response["Location"].startswith("/accounts/login/"):
            wrong.append(f"{method} {url}: sent to {response['Location']}, not to the login")
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)


def test_isu_creates_a_campaign_after_seeing_the_recipients_and_earlier_letters(client, isu_staff, objects, world):
    client.force_login(isu_staff)
    data = {
        "title": "Consolidated letter, spring",
        "template": world["letter_template"].pk,
        "consolidated": "on",
        "signatory_name": "H.E. the President",
        "period_start": "2016-12-01",
        "target_areas": [world["va"].pk, world["nim"].pk],
        "deadline_years": 3,
    }
    preview = client.post(reverse("outreach:campaign-create"), data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "3 recipients" in html and "Create the campaign" in html
    assert objects["letter"].reference in html  # Afghanistan already had the Victim Assistance letter
    assert not Campaign.objects.filter(title="Consolidated letter, spring").exists()
    created = client.post(reverse("outreach:campaign-create"), {**data, "confirm": "1"})
    campaign = Campaign.objects.get(title="Consolidated letter, spring")
    assert created["Location"] == reverse("outreach:campaign-detail", args=[campaign.pk])
    assert campaign.consolidated and set(campaign.recipients.values_list("iso3", flat=True)) == {"AFG", "LBN", "BEN"}


def test_recipients_by_category(client, isu_staff, world):
    from directory.models import Obligation

    soon = datetime.date.today() + datetime.timedelta(days=700)
    Obligation.objects.create(state=world["ben"], article=3, original_deadline=soon)  # Lebanon's (2021) is past
    client.force_login(isu_staff)
    response = client.post(reverse("outreach:campaign-create"), {
        "title": "Deadlines", "template": world["letter_template"].pk, "signatory_name": "ISU",
        "period_start": "2016-12-01", "categories": ["deadline"], "deadline_years": 3,
    })  # fmt: skip
    assert [state for state, _prior in response.context["preview"]] == [world["ben"]]


def test_a_coordinator_cannot_create_a_consolidated_campaign(client, coordinator_va, world):
    client.force_login(coordinator_va)
    page = client.get(reverse("outreach:campaign-create"))
    assert "consolidated" not in page.context["form"].fields
    assert list(page.context["form"].fields["area"].queryset) == [world["va"]]
    response = client.post(reverse("outreach:campaign-create"), {
        "title": "x", "template": world["letter_template"].pk, "area": world["nim"].pk, "signatory_name": "x",
        "period_start": "2016-12-01", "states": [world["afg"].pk], "confirm": "1",
    })  # fmt: skip
    assert response.status_code == 200 and not Campaign.objects.filter(title="x").exists()


def test_campaign_page_shows_progress_answers_and_rate(client, isu_staff, objects):
    client.force_login(isu_staff)
    page = client.get(reverse("outreach:campaign-detail", args=[objects["va_campaign"].pk]))
    html = page.content.decode()
    assert "Response rate: 1 of 1 sent" in html and "100%" in html
    progress = client.get(reverse("outreach:campaign-progress", args=[objects["consolidated"].pk]))
    assert "3 of 3 PDFs ready" in progress.content.decode()
    assert "hx-trigger" not in progress.content.decode()  # finished: polling stops


def test_zip_holds_every_ready_pdf(client, isu_staff, objects):
    client.force_login(isu_staff)
    response = client.get(reverse("outreach:campaign-zip", args=[objects["consolidated"].pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
    assert archive.read(names[0]).startswith(b"%PDF")


def test_generate_view_reports_missing_values_per_state(client, isu_staff, world):
    template = LetterTemplate.objects.create(name="Deadline", body="By {{ deadline.article4 }}")
    campaign = services.campaign_create(
        by=isu_staff, recipients=[world["ben"], world["lbn"]], title="Deadlines", term=world["term"], area=None,
        consolidated=False, template=template, signatory_name="ISU", period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip
    client.force_login(isu_staff)
    response = client.post(reverse("outreach:campaign-generate", args=[campaign.pk]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Benin: no value for {{ deadline.article4 }}" in html


def test_send_view_emails_and_warns_about_states_without_email(
    client, isu_staff, objects, world, django_capture_on_commit_callbacks
):
    Contact.objects.filter(state=world["ben"]).update(email="")
    client.force_login(isu_staff)
    client.post(reverse("outreach:campaign-approve", args=[objects["consolidated"].pk]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, reverse("outreach:campaign-send", args=[objects["consolidated"].pk]), follow=True)
    assert len(mail.outbox) == 2
    assert "No e-mail address for Benin" in response.content.decode()


def test_logging_an_answer_from_the_letter_page(client, isu_staff, objects, world):
    letter = objects["consolidated"].letters.get(state=world["lbn"])
    services.letter_approve(letter=letter, by=isu_staff)
    services.letter_mark_sent(letter=letter, channel="note", by=isu_staff)
    client.force_login(isu_staff)
    response = client.post(
        reverse("outreach:response-add", args=[letter.pk]),
        {"date": datetime.date.today().isoformat(), "channel": "note", "summary": "Will reply in May.",
         "file": SimpleUploadedFile("answer.pdf", b"%PDF-1.4 answer")},
        follow=True,
    )  # fmt: skip
    assert "Answer logged" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ANSWERED and Response.objects.filter(letter=letter).count() == 1


def test_a_bad_answer_file_is_refused_with_a_message(client, isu_staff, objects):
    client.force_login(isu_staff)
    response = client.post(
        reverse("outreach:response-add", args=[objects["letter"].pk]),
        {"date": datetime.date.today().isoformat(), "channel": "email", "summary": "x",
         "file": SimpleUploadedFile("answer.pdf", b"<html>not a pdf</html>")},
        follow=True,
    )  # fmt: skip
    assert "checked by its content" in response.content.decode()
    assert Response.objects.count() == 1


def test_template_edit_refuses_unknown_fields_and_preview_renders(client, coordinator_va, objects, world):
    client.force_login(coordinator_va)
    paragraph = objects["paragraph"]
    url = reverse("outreach:template-edit", args=[paragraph.pk])
    data = {"name": paragraph.name, "kind": "paragraph", "language": "en", "area": world["va"].pk,
            "body": "Dear {{ state.nmae }}", "lock_version": paragraph.lock_version}  # fmt: skip
    response = client.post(url, data)
    assert "Unknown merge field {{ state.nmae }}" in response.content.decode()
    response = client.post(url, {**data, "body": "For {{ state.name }}: {{ deadline.article4 }}"})
    assert response.status_code == 302
    preview = client.post(reverse("outreach:template-preview"), {"body": "{{ deadline.article4 }}",
                                                                  "state": world["lbn"].pk})  # fmt: skip
    assert "1 May 2021" in preview.content.decode()
    missing = client.post(reverse("outreach:template-preview"), {"body": "{{ deadline.article4 }}",
                                                                  "state": world["ben"].pk})  # fmt: skip
    assert "Benin: no value for {{ deadline.article4 }}" in missing.content.decode()


def test_state_history_lists_letters_answers_followups_and_meetings(client, isu_staff, objects, world):
    from meetings.models import Attendance
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(title="Bilateral in Geneva")
    Attendance.objects.create(meeting=meeting, delegation=world["afg"].delegation)
    client.force_login(isu_staff)
    html = client.get(reverse("outreach:state-history", args=[world["afg"].pk])).content.decode()
    for text in (objects["letter"].reference, objects["consolidated_letter"].reference, "Thanks.", "Démarche",
                 "Bilateral in Geneva", "Permanent Mission of Afghanistan in Geneva"):  # fmt: skip
        assert text in html


def test_calendar_lists_planned_demarches_and_the_feed(client, isu_staff, objects):
    client.force_login(isu_staff)
    html = client.get(reverse("outreach:calendar")).content.decode()
    assert "Démarche" in html and "Afghanistan" in html
    feed = client.get(reverse("outreach:calendar-ics"))
    assert feed["Content-Type"].startswith("text/calendar") and b"SUMMARY:D" in feed.content


def test_followup_done_by_its_owner(client, coordinator_va, objects):
    client.force_login(coordinator_va)
    client.post(reverse("outreach:followup-done", args=[objects["followup"].pk]), {"on": "2017-05-02"})
    assert FollowUp.objects.get(pk=objects["followup"].pk).done_on == datetime.date(2017, 5, 2)


def test_focal_point_downloads_only_the_letters_sent_to_their_state(client, focal_point_iraq, objects, world):
    from documents.services import document_render
    from outreach.services import letter_pdf_request

    sent_to_afghanistan = letter_pdf_request(objects["letter"])
    document_render(document_id=sent_to_afghanistan.pk)
    client.force_login(focal_point_iraq)
    for document in (sent_to_afghanistan, objects["consolidated_letter"].document):
        assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404


def test_preview_of_a_consolidated_letter_shows_the_paragraphs_of_the_areas_targeting_the_state(
    client, isu_staff, world
):
    client.force_login(isu_staff)
    template = world["letter_template"]
    preview = client.post(reverse("outreach:template-preview"), {
        "subject": template.subject, "body": template.body, "language": "en", "state": world["afg"].pk,
    })  # fmt: skip
    html = preview.content.decode()
    assert "victim assistance plan of Afghanistan" in html and "New Zealand stands ready" in html


def test_dashboard_panels_list_unanswered_letters_and_coming_demarches(objects, world, isu_staff, settings):
    import time_machine

    from outreach.selectors.dashboard import outreach_panels

    letter = objects["consolidated"].letters.get(state=world["lbn"])
    services.letter_approve(letter=letter, by=isu_staff)
    services.letter_mark_sent(letter=letter, channel="hand", by=isu_staff)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(weeks=7)):
        panels = outreach_panels()
    assert [row.state for row in panels["letters_unanswered"]["rows"]] == [world["lbn"]]  # Afghanistan answered
    assert panels["letters_unanswered"]["total"] == 1
    assert outreach_panels()["demarches_coming"]["total"] == 1


def test_focal_point_portal_lists_the_letters_sent_to_their_state(objects, world, isu_staff, focal_point_iraq):
    from django.template.loader import render_to_string

    from outreach.selectors.portal import letters_for_state

    letter = objects["letter"]  # sent to Afghanistan
    assert list(letters_for_state(world["afg"])) == [letter]
    assert list(letters_for_state(focal_point_iraq.person.state)) == []
    html = render_to_string("outreach/_portal_letters.html", {"outreach_letters": letters_for_state(world["afg"])})
    assert letter.reference in html


def test_one_letter_emailed_from_its_page(client, isu_staff, objects, world, django_capture_on_commit_callbacks):
    letter = objects["consolidated_letter"]
    services.letter_approve(letter=letter, by=isu_staff)
    client.force_login(isu_staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:letter-send", args=[letter.pk]), follow=True)
    assert "queued to be e-mailed with its PDF" in response.content.decode()  # the task runs after the view
    (message,) = mail.outbox
    assert message.to == ["mission@afg.invalid"] and message.attachments[0][1].startswith(b"%PDF")
    again = client.post(reverse("outreach:letter-send", args=[letter.pk]), follow=True)
    assert "Only an approved letter not yet sent" in again.content.decode() and len(mail.outbox) == 1


def test_a_second_paragraph_for_the_same_area_and_language_is_a_form_error(client, coordinator_va, world):
    client.force_login(coordinator_va)
    response = client.post(reverse("outreach:template-create"), {
        "name": "Another VA paragraph", "kind": "paragraph", "language": "en", "area": world["va"].pk,
        "body": "Hello {{ state.name }}",
    })  # fmt: skip
    assert response.status_code == 200
    assert LetterTemplate.objects.filter(area=world["va"], kind="paragraph").count() == 1
    created = client.post(reverse("outreach:template-create"), {
        "name": "VA paragraph (French)", "kind": "paragraph", "language": "fr", "area": world["va"].pk,
        "body": "Bonjour {{ state.name }}",
    })  # fmt: skip
    assert created.status_code == 302
    assert LetterTemplate.objects.get(language="fr").updated_by == coordinator_va


def test_a_coordinator_cannot_write_another_areas_paragraph(client, coordinator_va, world):
    client.force_login(coordinator_va)
    response = client.post(reverse("outreach:template-create"), {
        "name": "NIM paragraph fr", "kind": "paragraph", "language": "fr", "area": world["nim"].pk, "body": "x",
    })  # fmt: skip
    assert response.status_code == 200 and not LetterTemplate.objects.filter(name="NIM paragraph fr").exists()


def test_forged_values_are_refused_without_an_error_page(client, isu_staff, objects, world):
    client.force_login(isu_staff)
    preview = client.post(reverse("outreach:template-preview"), {"body": "{{ state.name }}", "area": "x", "state": "y"})
    assert preview.status_code == 200
    forged = client.post(reverse("outreach:followup-add", args=[world["afg"].pk]), {"letter": "abc"})
    assert forged.status_code == 404
    calendar = client.get(reverse("outreach:calendar"), {"month": "2017-13"})
    assert calendar.status_code == 200


def test_a_letter_with_a_missing_value_is_written_by_hand_and_kept_by_regeneration(client, isu_staff, world):
    template = LetterTemplate.objects.create(name="Deadline", body="Your deadline: {{ deadline.article4 }}.")
    campaign = services.campaign_create(
        by=isu_staff, recipients=[world["ben"]], title="Deadlines", term=world["term"], area=None,
        consolidated=False, template=template, signatory_name="ISU", period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip
    services.campaign_generate(campaign=campaign)
    letter = campaign.letters.get()
    assert letter.error
    client.force_login(isu_staff)
    page = client.get(reverse("outreach:letter-edit", args=[letter.pk]))
    assert "no value for {{ deadline.article4 }}" in page.content.decode()
    client.post(reverse("outreach:letter-edit", args=[letter.pk]), {"subject": "S", "body": "Benin has no deadline."})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED and letter.body == "Benin has no deadline." and not letter.error
    assert letter.document_id
    result = services.campaign_generate(campaign=campaign)
    assert result.kept == 1
    letter.refresh_from_db()
    assert letter.body == "Benin has no deadline."
