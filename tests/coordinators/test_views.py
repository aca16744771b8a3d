"""The Coordinators' pages, and the rule that a Coordinator edits only their own area's plan,
even by a crafted POST."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coordinators.models import TargetState
from directory.models import Mandate
from tests.factories import ActionPlanFactory, OutputFactory, StateFactory, TermFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(italy, australia):
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    va = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1)
    ica = ThematicAreaFactory(name="International Cooperation and Assistance", slug="ica", order=5)
    Mandate.objects.create(area=va, term=term, state=italy)
    Mandate.objects.create(area=ica, term=term, state=australia)
    plan = ActionPlanFactory(area=va, term=term, title="VA Action Plan 2016-2017", starts=datetime.date(2016, 12, 1))
    OutputFactory(
        plan=plan,
        number=2,
        text="At least five States Parties respond constructively",
        target_value=Decimal(5),
        unit="States Parties",
        deadline=datetime.date(2017, 6, 30),
    )
    return plan


def progress_url(plan):
    return reverse("coordinators:progress-add", args=[plan.outputs.get().pk])


def progress_data(plan, value="5"):
    prefix = f"p{plan.outputs.get().pk}"
    return {f"{prefix}-date": "2017-05-01", f"{prefix}-value": value, f"{prefix}-narrative": "Five replied"}


def test_area_list_shows_the_areas_with_their_coordinators(client, coordinator_va, plan):
    client.force_login(coordinator_va)
    content = client.get(reverse("coordinators:area-list")).content.decode()
    assert "Victim Assistance" in content and "Your area" in content and "VA Action Plan 2016-2017" in content


def test_plan_page_shows_target_deadline_progress_and_status(client, coordinator_va, plan):
    client.force_login(coordinator_va)
    response = client.get(reverse("coordinators:plan-detail", args=[plan.pk]))
    content = response.content.decode()
    assert "5 States Parties" in content and "30 June 2017" in content
    assert "Off track" in content  # the deadline passed with nothing reported
    assert "You can edit this plan" in content and "Record progress" in content


def test_each_output_carries_its_own_progress_form_and_the_activity_form(client, coordinator_va, plan):
    OutputFactory(plan=plan, number=3, text="A workshop held", target_value=Decimal(1), unit="workshop")
    client.force_login(coordinator_va)
    content = client.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    outputs = list(plan.outputs.all())
    for output in outputs:
        assert f'<label for="id_p{output.pk}-value" class="form-label requiredField">Value reached' in content
        assert f'name="p{output.pk}-date"' in content and f'id="id_p{output.pk}-narrative"' in content
        assert f'action="{reverse("coordinators:activity-add", args=[output.pk])}"' in content
    assert content.count('<textarea name="what"') == len(outputs) == 2
    assert content.count('<option value="planned" selected>Planned</option>') == 2
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    content = client.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    assert f'for="id_p{outputs[1].pk}-value" class="form-label requiredField">Valeur atteinte' in content
    assert content.count('<option value="planned" selected>Prévue</option>') == 2


def test_coordinator_records_progress_and_sees_the_status_change(client, coordinator_va, plan):
    client.force_login(coordinator_va)
    response = client.post(progress_url(plan), progress_data(plan), follow=True)
    assert "output 2 is Achieved" in response.content.decode()
    assert plan.outputs.get().current_value == Decimal(5)


def test_other_coordinator_reads_only_and_a_forged_post_is_refused(client, coordinator_ica, plan):
    client.force_login(coordinator_ica)
    content = client.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    assert "Read only" in content and "Record progress" not in content
    output = plan.outputs.get()
    assert client.post(progress_url(plan), progress_data(plan)).status_code == 403
    assert client.post(reverse("coordinators:output-edit", args=[output.pk]), {"text": "x"}).status_code == 403
    assert client.post(reverse("coordinators:activity-add", args=[output.pk]), {"what": "x"}).status_code == 403
    assert not output.progress_updates.exists()


def test_invalid_progress_is_refused_with_a_message(client, coordinator_va, plan):
    client.force_login(coordinator_va)
    response = client.post(progress_url(plan), progress_data(plan, value="-1"), follow=True)
    assert "Progress not recorded" in response.content.decode()
    assert not plan.outputs.get().progress_updates.exists()


def test_stale_output_edit_shows_the_conflict_and_keeps_the_saved_version(client, coordinator_va, isu_staff, plan):
    output = plan.outputs.get()
    url = reverse("coordinators:output-edit", args=[output.pk])
    data = {
        "text": output.text,
        "indicator": output.indicator,
        "baseline": "0",
        "target_value": "5",
        "unit": "States Parties",
        "deadline": "2017-06-30",
        "serves_action": "",
        "lock_version": "0",
    }
    client.force_login(isu_staff)
    assert client.post(url, {**data, "target_value": "6"}).status_code == 302
    client.force_login(coordinator_va)
    response = client.post(url, {**data, "deadline": "2017-12-31"})
    assert response.status_code == 200 and "Somebody else changed this output" in response.content.decode()
    output.refresh_from_db()
    assert (output.target_value, output.deadline) == (Decimal(6), datetime.date(2017, 6, 30))


def test_output_history_shows_who_changed_what(client, coordinator_va, plan):
    output = plan.outputs.get()
    client.force_login(coordinator_va)
    client.post(
        reverse("coordinators:output-edit", args=[output.pk]),
        {
            "text": output.text,
            "indicator": output.indicator,
            "baseline": "0",
            "target_value": "7",
            "unit": "States Parties",
            "deadline": "2017-06-30",
            "serves_action": "",
            "lock_version": "0",
        },
    )
    content = client.get(reverse("coordinators:output-history", args=[output.pk])).content.decode()
    assert "Target value" in content and "coordinator-va" in content  # the field as the form names it


def test_targets_page_shows_the_overlap_and_lets_a_coordinator_add_to_their_list(client, coordinator_va, plan):
    afghanistan = StateFactory(iso3="AFG", name="Afghanistan")
    nim = ThematicAreaFactory(name="National Implementation Measures", slug="nim", order=7)
    TargetState.objects.create(area=nim, term=plan.term, state=afghanistan, reason="legislation")
    client.force_login(coordinator_va)
    response = client.post(
        reverse("coordinators:targets"),
        {"area": plan.area.pk, "state": afghanistan.pk, "reason": "assistance"},
        follow=True,
    )
    content = response.content.decode()
    assert "Target added." in content
    assert "States targeted by more than one area" in content and "overlap-matrix" in content


def test_a_coordinator_cannot_add_to_another_areas_list(client, coordinator_ica, plan):
    afghanistan = StateFactory(iso3="AFG", name="Afghanistan")
    client.force_login(coordinator_ica)
    response = client.post(
        reverse("coordinators:targets"), {"area": plan.area.pk, "state": afghanistan.pk, "reason": "other"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not TargetState.objects.exists()


def test_removing_a_target_of_another_area_is_refused(client, coordinator_ica, plan):
    target = TargetState.objects.create(
        area=plan.area, term=plan.term, state=StateFactory(iso3="AFG", name="Afghanistan"), reason="other"
    )
    client.force_login(coordinator_ica)
    assert client.post(reverse("coordinators:target-remove", args=[target.pk])).status_code == 403
    assert TargetState.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("name", ["coordinators:area-list", "coordinators:targets"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_anonymous_cannot_open_a_plan(client, plan):
    for name in ("coordinators:plan-detail",):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 302
    output = plan.outputs.get()
    for name in (
        "coordinators:progress-add",
        "coordinators:output-edit",
        "coordinators:activity-add",
        "coordinators:output-history",
    ):
        assert client.post(reverse(name, args=[output.pk])).status_code == 302


def test_annual_progress_report_pdf_lists_each_output_with_its_status(
    client, coordinator_va, plan, django_capture_on_commit_callbacks
):
    import subprocess

    from documents.models import GeneratedDocument

    client.force_login(coordinator_va)  # those who write the plan (and the ISU) ask for the report
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinators:plan-report", args=[plan.pk]))
    document = GeneratedDocument.objects.get(kind="plan-report", object_id=plan.pk)
    page = client.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    assert "Download PDF" in page
    pdf = client.get(reverse("documents:document-download", args=[document.pk]))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=b"".join(pdf.streaming_content), capture_output=True, check=True
    ).stdout.decode()
    assert "Annual progress report: Victim Assistance" in text
    assert "At least five States Parties respond constructively" in text and "Off track" in text


def test_anonymous_cannot_download_the_report(client, plan, django_capture_on_commit_callbacks):
    from coordinators.pdfs import plan_report_request

    with django_capture_on_commit_callbacks(execute=True):
        document = plan_report_request(plan)
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("fmt, magic", [("csv", b"\xef\xbb\xbfoutput,text"), ("xlsx", b"PK")])
def test_plan_and_targets_export(client, coordinator_va, plan, fmt, magic):
    client.force_login(coordinator_va)
    response = client.get(reverse("coordinators:plan-export", args=[plan.pk, fmt]))
    assert response.status_code == 200 and response.content.startswith(magic)
    assert client.get(reverse("coordinators:targets-export", args=[fmt])).status_code == 200
    assert client.get(reverse("coordinators:plan-export", args=[plan.pk, "exe"])).status_code == 404


def test_quarterly_update_pdf_covers_every_area(client, isu_staff, plan, django_capture_on_commit_callbacks):
    import subprocess

    from documents.models import GeneratedDocument

    client.force_login(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinators:quarterly-update"))
    document = GeneratedDocument.objects.get(kind="quarterly-update", object_id=plan.term_id)
    assert "Download PDF" in client.get(reverse("coordinators:area-list")).content.decode()
    pdf = b"".join(client.get(reverse("documents:document-download", args=[document.pk])).streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())  # table cells wrap
    assert "Victim Assistance" in text and "Off track" in text


def test_the_coordinator_writes_and_uploads_the_concept_note(client, coordinator_va, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator_va)
    url = reverse("coordinators:concept-note", args=[plan.pk])
    pdf = SimpleUploadedFile("concept-note.pdf", b"%PDF-1.4 fake but typed", content_type="application/pdf")
    response = client.post(url, {"text": "Victim assistance up to the 7MSP.", "file": pdf}, follow=True)
    assert "Concept note saved." in response.content.decode()
    download = client.get(reverse("coordinators:concept-note-file", args=[plan.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_concept_note_upload_is_checked_by_content(client, coordinator_va, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator_va)
    fake = SimpleUploadedFile("note.pdf", b"MZ this is a program", content_type="application/pdf")
    response = client.post(reverse("coordinators:concept-note", args=[plan.pk]), {"text": "x", "file": fake})
    assert "Upload a PDF or a Word" in response.content.decode()
    assert not plan.area.concept_notes.exists()


def test_another_areas_coordinator_cannot_write_the_concept_note(client, coordinator_ica, plan):
    client.force_login(coordinator_ica)
    url = reverse("coordinators:concept-note", args=[plan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Hijacked"}).status_code == 403


def test_the_public_sees_only_plans_marked_public(client, plan):
    url = reverse("coordinators:public-plans")
    assert (
        "VA Action Plan" not in client.get(url).content.decode()
        and "Victim Assistance" not in client.get(url).content.decode()
    )
    plan.is_public = True
    plan.save()
    content = client.get(url).content.decode()
    assert "Victim Assistance" in content and "At least five States Parties respond constructively" in content


def test_progress_through_htmx_swaps_the_output_in_place(client, coordinator_va, plan):
    client.force_login(coordinator_va)
    response = client.post(progress_url(plan), progress_data(plan), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "output 2 is Achieved" in content and 'id="output-' in content and "Achieved" in content
