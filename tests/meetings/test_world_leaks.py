"""Issue 17: the leak check knows the world, and generated summaries read like the ISU's.

The corpus (tests/meetings/fixtures/leak_corpus/, measured by bench/leak_corpus.py) holds draft
paragraphs with planted leaks of every kind and ordinary treaty prose; the statements below are
written in and out as the ISU's summary of 9 June 2017 would have them."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bench.leak_corpus import corpus_lexicon, measure
from meetings import services
from meetings.models import LeakFinding, Meeting, PublicSummary, SummaryEntry
from meetings.sanitiser import build_summary_record
from meetings.services import AttendanceRow, summaries
from tests.factories import MeetingFactory, PersonFactory, StateFactory


def test_the_corpus_is_recalled_entirely_with_few_false_positives():
    result = measure()
    assert result["missed"] == []
    assert result["recall"] == 1.0
    assert result["planted_leaks"] >= 140 and result["clean_paragraphs"] >= 100
    assert result["false_positive_rate"] <= 0.02, result["flagged"]
    assert result["unexpected"] == [] and result["misjudged"] == []


# (speaker, what the record says, what the summary says after "<category> said:")
STATEMENTS = [
    (
        "state:DEU",
        "Germany, speaking as the 7MSP President, said Ambassador Olsberg's paper would be circulated.",
        "Its representative's paper would be circulated.",
    ),
    (
        "state:DEU",
        "Germany, speaking as the 7MSP President, said that Ms. Varnholt's paper had been useful.",
        "Another delegation's paper had been useful.",
    ),
    (
        "state:ITA",
        "Italy welcomed the idea and thanked Chile and the Presidency for their support.",
        "It welcomed the idea and thanked another State and another delegation for their support.",
    ),
    (
        "state:LBN",
        "Lebanon had 14 of its 17 provinces contaminated; Lebanon's teams worked in Nabatieh and around Beirut.",
        "It had 14 of its 17 provinces contaminated; its teams worked in a province and around its capital.",
    ),
    (
        "state:NOR",
        "Norway said: the Netherlands' proposal deserved support; Dutch deminers were well trained.",
        "Another State's proposal deserved support; that State's deminers were well trained.",
    ),
    (
        "state:ITA",
        "Italy informed the meeting that it would write to six States Parties, and that Cambodia had replied.",
        "It informed the meeting that it would write to six States Parties, and that another State had replied.",
    ),
    (
        None,
        "It supported the approach of the Lebanese authorities, as Dr. Haddouche had explained in Xieng Khouang.",
        "It supported the approach of another State's authorities, as another delegation had explained in a province.",
    ),
    (
        "state:NLD",
        "The Netherlands, speaking on behalf of the Coordinators on Clearance and Risk Reduction Education, "
        "reported on a workshop in Split.",
        "It, speaking on behalf of the Coordinators, reported on a workshop in a city.",
    ),
]
CATEGORIES = {
    "state:DEU": "A donor/partner State",
    "state:ITA": "A donor/partner State",
    "state:NOR": "A donor/partner State",
    "state:NLD": "A donor/partner State",
    "state:LBN": "An affected State",
}


def test_statements_keep_their_sentences_and_replace_only_the_speaker():
    statements = [
        {
            "agenda_label": "2.3",
            "delegation_key": key,
            "anonymous_category": "" if key else "A donor/partner State",
            "text": text,
        }
        for key, text, _ in STATEMENTS
    ]
    record = build_summary_record(statements, CATEGORIES, {"org:ISU": "The ISU"}, lexicon=corpus_lexicon())
    assert [e.text for e in record] == [expected for *_, expected in STATEMENTS]
    assert [f"{e.label} {e.speaker_line}" for e in record][:2] == [
        "a) A donor/partner State said:",
        "b) A donor/partner State said:",
    ]
    for entry in record:  # a category names the speaker once, in its line, never inside a text
        assert "partner State" not in entry.text and "affected State" not in entry.text


@pytest.mark.django_db
def test_a_summary_generated_and_checked_names_nobody_and_lists_possible_findings(isu_staff):
    norway = StateFactory(iso3="NOR", iso2="NO", name="Norway", demonyms="Norwegian", capital="Oslo")
    laos = StateFactory(iso3="LAO", iso2="LA", name="Lao People's Democratic Republic", demonyms="Lao")
    PersonFactory(title="Ms.", first_name="Edda", last_name="Strandvik", delegation=norway.delegation)
    meeting = MeetingFactory(
        kind=Meeting.Kind.INFORMAL,
        title="Informal meeting on clearance",
        date=datetime.date(2017, 6, 9),
        status=Meeting.Status.HELD,
        confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE,
    )
    services.attendance_record(meeting=meeting, rows=[AttendanceRow(s.delegation, "present") for s in (norway, laos)])
    item = services.agenda_item_add(meeting=meeting, title="General exchange of views")
    services.statement_add(
        agenda_item=item,
        delegation=norway.delegation,
        text="Norway, speaking as a donor, said that Ms. Strandvik's paper on the Lao PDR survey would follow.",
    )
    services.statement_add(
        agenda_item=item,
        delegation=laos.delegation,
        text="Laos had cleared 60 km² in Xieng Khouang province; chile had pledged support, and Cambodia too.",
    )
    for row in summaries.participants_propose(meeting=meeting):
        summaries.participant_categorise(participant=row, category=row.category, named_openly=False, by=isu_staff)
    summary = summaries.summary_generate(meeting=meeting, by=isu_staff)
    texts = list(summary.entries.order_by("order").values_list("text", flat=True))
    assert texts == [
        "Its representative's paper on another State's survey would follow.",
        "It had cleared 60 km² in a province; chile had pledged support, and another State too.",
    ]

    # The ISU writes the places back in a draft: the check knows them, and "chile" is only possible.
    SummaryEntry.objects.filter(summary=summary, order=1).update(
        text="Laos had cleared 60 km² in Xieng Khouang province; chile had pledged support, as had Liban."
    )
    open_findings = summaries.summary_check(summary=summary, by=isu_staff)
    found = {(f.matched, f.participant_key, f.kind, f.possible) for f in open_findings}
    assert found == {
        ("Laos", "state:LAO", "alias", False),
        ("Xieng Khouang province", "state:LAO", "province", False),
        ("chile", "state:CHL", "state name", True),
        ("Liban", "state:LBN", "state name", False),
    }
    client = Client()
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:summary-detail", args=[meeting.pk])).content.decode()
    assert page.count("alert-warning py-2 leak-finding") == 1 and "Possible finding" in page
    assert LeakFinding.objects.filter(summary=summary, possible=True).count() == 1
    assert PublicSummary.objects.get(pk=summary.pk).status == PublicSummary.Status.DRAFT


def test_a_lexicon_without_the_world_knows_only_the_register():
    from meetings.sanitiser import find_leaks, lexicon_from_register

    laos = SimpleNamespace(iso3="LAO", name="Lao People's Democratic Republic", official_name="", demonyms="")
    lexicon = lexicon_from_register([laos])
    assert [f.text for f in find_leaks("Xieng Khouang province, Lao People's Democratic Republic", lexicon, "t")] == [
        "Lao People's Democratic Republic"
    ]
