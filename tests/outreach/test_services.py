"""Campaigns: consolidation, idempotent generation, approval, e-mail with the PDF, answers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Contact
from documents.models import GeneratedDocument
from outreach import services
from outreach.models import Campaign, Letter, LetterParagraph, LetterTemplate, Response

pytestmark = pytest.mark.django_db


def test_consolidated_campaign_has_one_letter_per_state_with_every_area_in_order(consolidated, world):
    result = services.campaign_generate(campaign=consolidated)
    assert result.created == 3 and not result.errors
    assert Letter.objects.filter(campaign=consolidated).count() == 3
    afghanistan = consolidated.letters.get(state=world["afg"])
    areas = list(afghanistan.paragraphs.values_list("area__name", flat=True))
    assert areas == ["Victim Assistance", "National Implementation Measures"]  # the areas' order
    body = afghanistan.body
    assert body.index("victim assistance plan of Afghanistan") < body.index("New Zealand stands ready")
    assert "Islamic Republic of Afghanistan" in body and "31 March 2017" in body
    assert consolidated.letters.get(state=world["ben"]).paragraphs.get().area == world["nim"]
    assert consolidated.letters.get(state=world["lbn"]).paragraphs.get().area == world["va"]


def test_generating_twice_changes_nothing(consolidated):
    services.campaign_generate(campaign=consolidated)
    before = list(consolidated.letters.order_by("pk").values_list("pk", "reference", "body", "document_id"))
    documents = GeneratedDocument.objects.count()
    paragraphs = LetterParagraph.objects.count()
    result = services.campaign_generate(campaign=consolidated)
    assert result.created == 0 and result.rendered == 0 and result.unchanged == 3
    after = list(consolidated.letters.order_by("pk").values_list("pk", "reference", "body", "document_id"))
    assert before == after
    assert GeneratedDocument.objects.count() == documents and LetterParagraph.objects.count() == paragraphs


def test_references_are_unique_and_kept(consolidated, va_campaign):
    services.campaign_generate(campaign=consolidated)
    services.campaign_generate(campaign=va_campaign)
    references = list(Letter.objects.values_list("reference", flat=True))
    assert len(set(references)) == 5
    assert all(r.startswith("CCM/ISU/") for r in references)


def test_sent_letters_are_never_changed_and_new_recipients_are_added(consolidated, world, isu_staff):
    services.campaign_generate(campaign=consolidated)
    letter = consolidated.letters.get(state=world["afg"])
    services.letter_approve(letter=letter, by=isu_staff)
    services.letter_mark_sent(letter=letter, channel="hand", by=isu_staff)
    template = world["letter_template"]
    template.body += "\n\nA new closing line."
    template.save()
    consolidated.recipients.add(world["nzl"])
    result = services.campaign_generate(campaign=consolidated)
    assert result.created == 1 and result.kept == 1 and result.rendered == 3  # Lebanon, Benin, New Zealand
    letter.refresh_from_db()
    assert "A new closing line" not in letter.body and letter.status == Letter.Status.SENT
    assert "A new closing line" in consolidated.letters.get(state=world["lbn"]).body


def test_a_missing_value_is_an_error_for_that_state_only(world, isu_staff):
    template = LetterTemplate.objects.create(name="Deadline letter", body="Your deadline: {{ deadline.article4 }}.")
    campaign = services.campaign_create(
        by=isu_staff, recipients=[world["lbn"], world["ben"]], title="Deadlines", term=world["term"], area=None,
        consolidated=False, template=template, signatory_name="ISU Director", period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip
    result = services.campaign_generate(campaign=campaign)
    assert list(result.errors) == [world["ben"]]
    assert "no value for {{ deadline.article4 }}" in result.errors[world["ben"]]
    benin = campaign.letters.get(state=world["ben"])
    assert benin.error and not benin.body and benin.document_id is None
    assert "1 May 2021" in campaign.letters.get(state=world["lbn"]).body
    with pytest.raises(ValidationError):
        services.letter_approve(letter=benin, by=isu_staff)


def test_a_missing_area_paragraph_in_the_language_is_reported(consolidated, world):
    world["paragraphs"][world["nim"]].delete()
    result = services.campaign_generate(campaign=consolidated)
    assert set(result.errors) == {world["afg"], world["ben"]}
    assert "National Implementation Measures has no paragraph in English" in result.errors[world["afg"]]


def test_generation_queues_one_pdf_per_letter(consolidated, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_generate(campaign=consolidated)
    documents = GeneratedDocument.objects.filter(kind="letter")
    assert documents.count() == 3
    assert services.campaign_progress(consolidated) == {
        "total": 3, "done": 3, "failed": 0, "pending": 0, "errors": 0, "percent": 100, "finished": True,
    }  # fmt: skip
    with documents.first().file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_hundred_states_are_queued_as_hundred_documents(world, isu_staff):
    # The rendering tasks are queued on commit; this test's transaction never commits, so
    # they stay queued and the progress shows 0 of 100 (a real worker: tests/integration).
    from tests.factories import StateFactory

    states = [StateFactory() for _ in range(100)]
    template = LetterTemplate.objects.create(name="Short", body="{{ address.salutation }} {{ state.name }}")
    campaign = services.campaign_create(
        by=isu_staff, recipients=states, title="Hundred", term=world["term"], area=None, consolidated=False,
        template=template, signatory_name="ISU", period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip
    result = services.campaign_generate(campaign=campaign)
    assert result.created == 100
    assert GeneratedDocument.objects.filter(kind="letter").count() == 100
    progress = services.campaign_progress(campaign)
    assert progress["total"] == 100 and progress["done"] == 0 and progress["pending"] == 100


def test_email_carries_the_pdf_and_is_sent_once(consolidated, world, isu_staff, django_capture_on_commit_callbacks):
    Contact.objects.create(state=world["afg"], kind="capital_ministry", name="Ministry of Foreign Affairs",
                           email="mfa@afg.invalid")  # fmt: skip
    services.campaign_generate(campaign=consolidated)
    assert services.campaign_approve_all(campaign=consolidated, by=isu_staff) == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queued, without = services.campaign_send(campaign=consolidated, by=isu_staff)
    assert queued == 3 and without == []
    assert len(mail.outbox) == 3
    afghan = next(m for m in mail.outbox if "mission@afg.invalid" in m.to)
    assert afghan.to == ["mfa@afg.invalid", "mission@afg.invalid"]
    ((filename, content, mimetype),) = afghan.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF") and filename.endswith("-AFG.pdf")
    letter = consolidated.letters.get(state=world["afg"])
    assert letter.status == Letter.Status.SENT and letter.sent_at and letter.document.frozen
    # a second send, or the task delivered twice, sends nothing more
    assert services.campaign_send(campaign=consolidated, by=isu_staff) == (0, [])
    assert services.letter_send_email(letter_id=letter.pk) is False
    assert len(mail.outbox) == 3


def test_states_without_email_are_listed_for_delivery_by_hand(consolidated, world, isu_staff):
    Contact.objects.filter(state=world["ben"]).update(email="")
    services.campaign_generate(campaign=consolidated)
    services.campaign_approve_all(campaign=consolidated, by=isu_staff)
    queued, without = services.campaign_send(campaign=consolidated, by=isu_staff)
    assert queued == 2 and without == [world["ben"]]
    benin = consolidated.letters.get(state=world["ben"])
    services.letter_mark_sent(letter=benin, channel="note", by=isu_staff)
    benin.refresh_from_db()
    assert benin.status == Letter.Status.SENT and benin.sent_channel == "note"


def _sent_letter(campaign, state, by):
    services.campaign_generate(campaign=campaign)
    letter = campaign.letters.get(state=state)
    services.letter_approve(letter=letter, by=by)
    return services.letter_mark_sent(letter=letter, channel="hand", by=by)


def test_logging_an_answer_marks_the_letter_answered(consolidated, world, isu_staff):
    letter = _sent_letter(consolidated, world["afg"], isu_staff)
    upload = SimpleUploadedFile("answer.pdf", b"%PDF-1.4 answer", content_type="application/pdf")
    response = services.response_log(letter=letter, date=datetime.date.today(), channel="note",
                                      summary="Will report by June.", file=upload, by=isu_staff)  # fmt: skip
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ANSWERED and response.file
    assert services.response_rate(consolidated) == {"sent": 1, "answered": 1, "unanswered": 0, "percent": 100}


def test_an_answer_file_is_checked_by_content(consolidated, world, isu_staff):
    letter = _sent_letter(consolidated, world["afg"], isu_staff)
    fake = SimpleUploadedFile("answer.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="checked by its content"):
        services.response_log(letter=letter, date=datetime.date.today(), channel="note", summary="x", file=fake,
                              by=isu_staff)  # fmt: skip
    assert not Response.objects.exists()


def test_an_unsent_letter_cannot_be_answered(consolidated, world, isu_staff):
    services.campaign_generate(campaign=consolidated)
    with pytest.raises(ValidationError):
        services.response_log(letter=consolidated.letters.first(), date=datetime.date.today(), channel="email",
                              summary="x", by=isu_staff)  # fmt: skip


def test_a_paragraph_template_cannot_start_a_campaign(world, isu_staff):
    with pytest.raises(ValidationError):
        services.campaign_create(
            by=isu_staff, recipients=[world["afg"]], title="x", term=world["term"], area=None, consolidated=False,
            template=world["paragraphs"][world["va"]], signatory_name="x", period_start=datetime.date(2017, 1, 1),
        )  # fmt: skip
    assert not Campaign.objects.exists()


def test_template_save_refuses_unknown_fields_and_stale_versions(world, isu_staff):
    template = world["letter_template"]
    template.body = "{{ state.nmae }}"
    with pytest.raises(ValidationError, match="Unknown merge field"):
        services.template_save(template=template, by=isu_staff, lock_version=0)
    template.body = "Hello {{ state.name }}"
    services.template_save(template=template, by=isu_staff, lock_version=0)
    template.body = "Other"
    with pytest.raises(ValidationError, match="meanwhile"):
        services.template_save(template=template, by=isu_staff, lock_version=0)


def test_letters_already_sent_in_the_period_are_found(consolidated, va_campaign, world, isu_staff, coordinator_va):
    from outreach.recipients import letters_in_period

    _sent_letter(va_campaign, world["afg"], coordinator_va)
    found = letters_in_period([world["afg"], world["lbn"]], start=datetime.date(2016, 12, 1),
                              exclude_campaign=consolidated)  # fmt: skip
    assert list(found) == [world["afg"].pk]
    assert found[world["afg"].pk][0].campaign == va_campaign


def test_a_french_consolidated_letter_uses_french_paragraphs_and_dates(world, isu_staff):
    letter = LetterTemplate.objects.create(
        name="Lettre",
        language="fr",
        body="{{ address.salutation }}\n\n{{ area_paragraphs }}\n\nAvant le {{ reply_by }}.",
    )
    for area, text in ((world["va"], "Assistance aux victimes : {{ state.name }}."), (world["nim"], "Législation.")):
        LetterTemplate.objects.create(name=f"{area} fr", kind="paragraph", area=area, language="fr", body=text)
    campaign = services.campaign_create(
        by=isu_staff, recipients=[world["afg"]], title="Lettre consolidée", term=world["term"], area=None,
        consolidated=True, template=letter, signatory_name="Le Président", reply_by=datetime.date(2017, 3, 31),
        period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip
    services.campaign_generate(campaign=campaign)
    body = campaign.letters.get().body
    assert campaign.language == "fr"
    assert body == "Excellence,\n\nAssistance aux victimes : Afghanistan.\n\nLégislation.\n\nAvant le 31 mars 2017."


def test_a_letter_sent_without_a_pdf_gets_a_frozen_one_of_its_own_text(consolidated, world, isu_staff):
    services.campaign_generate(campaign=consolidated, pdfs=False)
    letter = consolidated.letters.get(state=world["afg"])
    services.letter_approve(letter=letter, by=isu_staff)
    Letter.objects.filter(pk=letter.pk).update(status="sent", sent_at="2017-02-06T10:00:00Z")  # recorded on paper
    body = letter.body
    result = services.campaign_generate(campaign=consolidated)
    letter.refresh_from_db()
    assert result.kept == 1 and letter.body == body
    assert letter.document.frozen and letter.document.kind == "letter"
    assert services.campaign_generate(campaign=consolidated).unchanged == 2
