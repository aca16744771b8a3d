"""The public summary: categories proposed from the register, generation, the leak check,
and the publication workflow with each of its refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from directory.models import Convention, Obligation, Organisation, TreatyStatus
from meetings import services
from meetings.models import LeakFinding, Meeting, ParticipantCategory, PublicSummary, SummaryEvent
from meetings.services import AttendanceRow, summaries
from tests.factories import MeetingFactory, OrganisationFactory, PersonFactory, StateFactory

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2017, 6, 9)


def party(state, since=datetime.date(2011, 1, 1)):
    ccm, _ = Convention.objects.get_or_create(code="ccm", defaults={"short_name": "CCM", "name": "CCM"})
    TreatyStatus.objects.create(state=state, convention=ccm, status="party", entry_into_force=since)
    return state


@pytest.fixture
def cast():
    """An informal meeting hosted by Australia, with an affected State, a State with an
    impending deadline, a donor, a State not party, the ISU and an organisation."""
    australia = party(StateFactory(iso3="AUS", name="Australia", demonyms="Australian", capital="Canberra"))
    laos = party(
        StateFactory(iso3="LAO", name="Lao People's Democratic Republic", demonyms="Laotian", capital="Vientiane")
    )
    laos.aliases.create(alias="Lao PDR")
    Obligation.objects.create(state=laos, article=4, original_deadline=datetime.date(2030, 8, 1))
    croatia = party(StateFactory(iso3="HRV", name="Croatia", demonyms="Croatian", capital="Zagreb"))
    Obligation.objects.create(state=croatia, article=3, original_deadline=datetime.date(2019, 8, 1))
    norway = party(StateFactory(iso3="NOR", name="Norway", demonyms="Norwegian", capital="Oslo"))
    finland = StateFactory(iso3="FIN", name="Finland", demonyms="Finnish")
    isu = OrganisationFactory(name="Implementation Support Unit", acronym="ISU", kind=Organisation.Kind.ISU)
    icrc = OrganisationFactory(name="International Committee of the Red Cross", acronym="ICRC")
    meeting = MeetingFactory(
        kind=Meeting.Kind.INFORMAL,
        title="Informal meeting on cooperation and assistance",
        date=MEETING_DAY,
        status=Meeting.Status.HELD,
        confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE,
        venue="Room C2",
    )
    meeting.hosts.set([australia.delegation])
    rows = [AttendanceRow(s.delegation, "present") for s in (australia, laos, croatia, norway, finland)]
    rows += [AttendanceRow(isu.delegation, "present"), AttendanceRow(icrc.delegation, "present")]
    services.attendance_record(meeting=meeting, rows=rows)
    PersonFactory(title="Mr.", first_name="Khamsone", last_name="Phommavong", delegation=laos.delegation)
    intro = services.agenda_item_add(meeting=meeting, title="Key points raised")
    views = services.agenda_item_add(meeting=meeting, title="General exchange of views")
    minutes = services.minutes_start(meeting=meeting)
    minutes.items.filter(agenda_item=intro).update(text="- Country Coalitions need national ownership.")
    services.statement_add(agenda_item=views, delegation=norway.delegation, text="Norway funds clearance through NGOs.")
    services.statement_add(
        agenda_item=views,
        delegation=laos.delegation,
        text="Lao PDR has 232 registered victims; the Laotian authority leads the coalition.",
    )
    services.statement_add(agenda_item=views, delegation=croatia.delegation, text="It has a 2019 stockpile deadline.")
    services.statement_add(agenda_item=views, delegation=isu.delegation, text="Quarterly updates are circulated.")
    services.statement_add(agenda_item=views, delegation=australia.delegation, text="Australia will follow up.")
    return {"meeting": meeting, "laos": laos, "croatia": croatia, "norway": norway, "finland": finland, "isu": isu}


def categories_of(meeting):
    return {p.delegation.name: p.category.code for p in meeting.participants.select_related("delegation", "category")}


def test_categories_are_proposed_from_the_register(cast):
    summaries.participants_propose(meeting=cast["meeting"])
    assert categories_of(cast["meeting"]) == {
        "Australia": "donor",
        "Lao People's Democratic Republic": "affected",  # its 2030 deadline is more than 3 years away
        "Croatia": "deadline",  # 2019, within three years of the meeting
        "Norway": "donor",
        "Finland": "not-party",
        "ISU": "isu",
        "ICRC": "organisation",
    }
    assert cast["meeting"].participants.get(delegation__name="Australia").named_openly


def test_confirmed_categories_survive_a_new_proposal(cast, isu_staff):
    summaries.participants_propose(meeting=cast["meeting"])
    norway = cast["meeting"].participants.get(delegation=cast["norway"].delegation)
    affected = ParticipantCategory.objects.get(code="affected")
    summaries.participant_categorise(participant=norway, category=affected, named_openly=False, by=isu_staff)
    summaries.participants_propose(meeting=cast["meeting"])
    assert categories_of(cast["meeting"])["Norway"] == "affected"


def test_the_categories_page_confirms_every_delegation_in_one_post(client, cast, isu_staff):
    meeting = cast["meeting"]
    summaries.participants_propose(meeting=meeting)
    affected = ParticipantCategory.objects.get(code="affected")
    participants = {p.delegation.name: p for p in meeting.participants.select_related("delegation")}
    data = {f"category-{p.pk}": affected.pk for p in participants.values()}
    data[f"open-{participants['Norway'].pk}"] = "on"  # Norway named openly, Australia (the host) no longer
    client.force_login(isu_staff)
    url = reverse("meetings:summary-categories", args=[meeting.pk])
    page = client.post(url, data, follow=True).content.decode()
    assert "Categories confirmed." in page
    assert page.count(f'<option value="{affected.pk}" selected>') == 7
    named = [name for name, p in participants.items() if f'id="open-{p.pk}" checked' in page]
    assert named == ["Norway"]


def test_the_categories_page_saves_nothing_once_the_summary_is_published(client, cast, isu_staff):
    meeting = cast["meeting"]
    confirm_all(meeting, isu_staff)
    summary = summaries.summary_generate(meeting=meeting, by=isu_staff)
    PublicSummary.objects.filter(pk=summary.pk).update(status=PublicSummary.Status.PUBLISHED)
    affected = ParticipantCategory.objects.get(code="affected")
    data = {f"category-{p.pk}": affected.pk for p in meeting.participants.all()}
    client.force_login(isu_staff)
    page = client.post(reverse("meetings:summary-categories", args=[meeting.pk]), data, follow=True)
    assert "withdraw it before changing categories" in page.content.decode()
    page = client.get(reverse("meetings:summary-detail", args=[meeting.pk])).content.decode()
    assert page.count(f'<option value="{affected.pk}" selected>') == 1  # Laos only, as proposed


def confirm_all(meeting, user):
    for participant in summaries.participants_propose(meeting=meeting):
        summaries.participant_categorise(
            participant=participant, category=participant.category, named_openly=participant.named_openly, by=user
        )


def test_generation_waits_for_confirmed_categories(cast, isu_staff):
    summaries.participants_propose(meeting=cast["meeting"])
    with pytest.raises(ValidationError, match="Confirm the category"):
        summaries.summary_generate(meeting=cast["meeting"], by=isu_staff)


@pytest.fixture
def summary(cast, isu_staff):
    confirm_all(cast["meeting"], isu_staff)
    return summaries.summary_generate(meeting=cast["meeting"], by=isu_staff)


def test_the_record_is_lettered_and_anonymised_as_in_the_seed(summary):
    entries = list(summary.entries.values_list("letter", "speaker", "text"))
    assert [(letter, speaker) for letter, speaker, _ in entries] == [
        ("a", "A donor/partner State"),
        ("b", "An affected State"),
        ("c", "A State with an impending deadline under the Convention"),
        ("d", "The ISU"),
        ("e", "Australia"),
    ]
    texts = " ".join(text for *_, text in entries)
    assert "Norway" not in texts and "Lao PDR" not in texts and "Laotian" not in texts
    assert "232 registered victims" in texts
    assert "Australia will follow up." in texts  # the host is named openly
    assert summary.key_points == "- Country Coalitions need national ownership."
    assert summary.status == PublicSummary.Status.DRAFT


def test_a_state_name_in_the_text_blocks_publication_with_the_finding_shown(summary, isu_staff):
    summary.key_points += "\n- Croatia asked for help with its stockpile."
    summary.save()
    with pytest.raises(ValidationError, match="could identify a participant"):
        summaries.summary_publish(summary=summary, by=isu_staff)
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.DRAFT
    finding = summary.findings.get(resolution=LeakFinding.Resolution.OPEN)
    assert (finding.matched, finding.where, finding.kind) == ("Croatia", "key points", "state name")
    assert "asked for help" in finding.context


def test_a_fixed_leak_is_recorded_as_fixed_and_publication_proceeds(summary, isu_staff):
    summary.key_points += "\n- The Croatian delegation asked for help."
    summary.save()
    assert len(summaries.summary_check(summary=summary, by=isu_staff)) == 1
    summary.key_points = summary.key_points.replace("The Croatian delegation", "A State")
    summary.save()
    summaries.summary_publish(summary=summary, by=isu_staff)
    finding = summary.findings.get()
    assert finding.resolution == LeakFinding.Resolution.FIXED and finding.resolved_by == isu_staff
    summary.refresh_from_db()
    assert summary.status == PublicSummary.Status.PUBLISHED


def test_a_waived_finding_needs_a_reason_and_stays_waived(summary, isu_staff):
    summary.introduction += " A workshop was held in Vientiane."
    summary.save()
    [finding] = summaries.summary_check(summary=summary, by=isu_staff)
    with pytest.raises(ValidationError):
        summaries.finding_waive(finding=finding, reason="  ", by=isu_staff)
    summaries.finding_waive(finding=finding, reason="The workshop venue is public knowledge.", by=isu_staff)
    summaries.summary_publish(summary=summary, by=isu_staff)
    finding.refresh_from_db()
    assert finding.resolution == LeakFinding.Resolution.WAIVED


def test_a_waiver_holds_when_the_check_runs_again_from_a_french_or_spanish_page(summary, isu_staff):
    """The place of a finding is its key from one check to the next: it does not change with the
    language of whoever runs the check, and it is shown in the reader's language."""
    entry = summary.entries.get(letter="a")
    entry.text += " A workshop was held in Vientiane."
    entry.save()
    [finding] = summaries.summary_check(summary=summary, by=isu_staff)
    summaries.finding_waive(finding=finding, reason="The workshop venue is public knowledge.", by=isu_staff)
    for language in ("fr", "es"):
        with translation.override(language):
            assert summaries.summary_check(summary=summary, by=isu_staff) == []
    assert summary.findings.count() == 1
    finding.refresh_from_db()
    assert (finding.where, finding.resolution) == ("record a)", LeakFinding.Resolution.WAIVED)
    with translation.override("fr"):
        assert finding.where_label == "compte rendu a)"
    with translation.override("es"):
        assert finding.where_label == "relación a)"


def test_leaks_are_found_in_titles_speakers_and_the_record(summary, isu_staff):
    summary.title = "Informal meeting with Mr. Phommavong"
    summary.save()
    entry = summary.entries.get(letter="a")
    entry.text = "The Norwegian delegation funds clearance."
    entry.save()
    found = {(f.where, f.matched) for f in summaries.summary_check(summary=summary, by=isu_staff)}
    assert found == {("title", "Mr. Phommavong"), ("record a)", "Norwegian")}


def test_the_workflow_is_recorded_step_by_step(summary, isu_staff):
    deadline = datetime.date.today() + datetime.timedelta(days=7)
    summaries.summary_circulate(summary=summary, deadline=deadline, by=isu_staff)
    with pytest.raises(ValidationError):
        summaries.summary_circulate(summary=summary, deadline=deadline, by=isu_staff)
    summaries.summary_publish(summary=summary, by=isu_staff)
    with pytest.raises(ValidationError):
        summaries.summary_withdraw(summary=summary, reason="", by=isu_staff)
    summaries.summary_withdraw(summary=summary, reason="A participant objected.", by=isu_staff)
    summary.refresh_from_db()
    assert (summary.status, summary.withdrawn_reason) == (PublicSummary.Status.WITHDRAWN, "A participant objected.")
    actions = list(SummaryEvent.objects.filter(summary=summary).values_list("action", flat=True))
    assert actions == ["generated", "circulated", "checked", "checked", "published", "withdrawn"]


def test_a_published_summary_cannot_be_edited_or_regenerated(summary, isu_staff, cast):
    summaries.summary_publish(summary=summary, by=isu_staff)
    with pytest.raises(ValidationError):
        summaries.summary_update(summary=summary, expected_version=summary.lock_version, by=isu_staff, title="New")
    with pytest.raises(ValidationError):
        summaries.summary_generate(meeting=cast["meeting"], by=isu_staff)


def test_a_stale_summary_edit_is_refused(summary, isu_staff):
    version = summary.lock_version
    summaries.summary_update(summary=summary, expected_version=version, by=isu_staff, title="First")
    with pytest.raises(ValidationError, match="Somebody else"):
        summaries.summary_update(summary=summary, expected_version=version, by=isu_staff, title="Second")
    summary.refresh_from_db()
    assert summary.title == "First"


def test_a_past_input_deadline_is_refused(summary, isu_staff):
    with pytest.raises(ValidationError):
        summaries.summary_circulate(summary=summary, deadline=datetime.date(2017, 1, 1), by=isu_staff)
