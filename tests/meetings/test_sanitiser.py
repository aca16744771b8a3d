"""The Chatham House sanitiser: pure functions, tested with plain stand-ins for the register."""

import dataclasses
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.sanitiser import (
    CASE_SENSITIVE_NAMES,
    Lexicon,
    Participant,
    build_summary_record,
    find_leaks,
    letter,
    lexicon_from_register,
    sanitise_statement,
    scan_document,
)
from tests import strength


def state(iso3, name, official_name="", demonyms="", capital="", aliases=()):
    return SimpleNamespace(
        iso3=iso3,
        name=name,
        official_name=official_name,
        demonyms=demonyms,
        capital=capital,
        aliases=SimpleNamespace(all=lambda: [SimpleNamespace(alias=a) for a in aliases]),
    )


def delegation_of(a_state=None, organisation=None):
    return SimpleNamespace(state=a_state, organisation=organisation)


GERMANY = state("DEU", "Germany", "Federal Republic of Germany", "German", "Berlin")
IRAQ = state("IRQ", "Iraq", "Republic of Iraq", "Iraqi", "Baghdad")
AUSTRALIA = state("AUS", "Australia", "Commonwealth of Australia", "Australian", "Canberra")
LEBANON = state("LBN", "Lebanon", "Lebanese Republic", "Lebanese")
NETHERLANDS = state("NLD", "Netherlands", "Kingdom of the Netherlands", "Dutch", "Amsterdam", ["The Netherlands"])
LAOS = state("LAO", "Lao People's Democratic Republic", "", "Lao", "Vientiane", ["Lao PDR", "Laos"])
BOSNIA = state("BIH", "Bosnia and Herzegovina", "", "Bosnian", "Sarajevo", ["Bosnia & Herzegovina", "BiH"])
ITALY = state("ITA", "Italy", "Italian Republic", "Italian", "Rome")
NIGER = state("NER", "Niger", "Republic of the Niger", "Nigerien", "Niamey")
OMAN = state("OMN", "Oman", "Sultanate of Oman", "Omani", "Muscat")
CHAD = state("TCD", "Chad", "Republic of Chad", "Chadian", "N'Djamena")
TURKEY = state("TUR", "Turkey", "Republic of Türkiye", "Turkish", "Ankara", ["Türkiye"])
CHINA = state("CHN", "China", "People's Republic of China", "Chinese", "Beijing")
IRAN = state("IRN", "Iran", "Islamic Republic of Iran", "Iranian", "Tehran")
CROATIA = state("HRV", "Croatia", "Republic of Croatia", "Croatian", "Zagreb")
THAILAND = state("THA", "Thailand", "Kingdom of Thailand", "Thai", "Bangkok")
STATES = [GERMANY, IRAQ, AUSTRALIA, LEBANON, NETHERLANDS, LAOS, BOSNIA, ITALY, NIGER, OMAN, CHAD, TURKEY, CHINA]
STATES += [IRAN, CROATIA, THAILAND]

UNODA = SimpleNamespace(name="United Nations Office for Disarmament Affairs", acronym="UNODA")
CMC = SimpleNamespace(name="Cluster Munition Coalition", acronym="CMC")
ISU = SimpleNamespace(name="Implementation Support Unit", acronym="ISU")

BIONTINO = SimpleNamespace(
    pk=12, title="H.E.", first_name="Michael", last_name="Biontino", function="", delegation=delegation_of(GERMANY)
)
DOROVIC = SimpleNamespace(
    pk=13, title="Mr.", first_name="Zoran", last_name="Dorović", function="", delegation=delegation_of(BOSNIA)
)
LEE = SimpleNamespace(pk=14, title="Ms.", first_name="Ana", last_name="Lee", function="", delegation=None)

ROLES = {
    "state:DEU": ["7MSP President", "the Presidency", "President of the Seventh Meeting of States Parties"],
    "state:ITA": ["Coordinator on Victim Assistance"],
}
PLACES = {"LBN": ["Beirut"]}


@pytest.fixture(scope="module")
def lexicon():
    return lexicon_from_register(
        STATES, [UNODA, CMC, ISU], [BIONTINO, DOROVIC, LEE], roles=ROLES, places=PLACES, allowed_keys=()
    )


@pytest.fixture(scope="module")
def hosts_lexicon(lexicon):
    """The 9 June 2017 meeting: hosted by Australia and Iraq; the summary names the ISU."""
    return lexicon.allowing(["state:AUS", "state:IRQ", "org:ISU"])


def leaks(text, lexicon):
    """The findings, without the possible ones (ordinary words: see possible_leaks)."""
    return [(f.text, f.participant_key, f.kind) for f in find_leaks(text, lexicon, "test") if not f.possible]


def possible_leaks(text, lexicon):
    return [(f.text, f.participant_key) for f in find_leaks(text, lexicon, "test") if f.possible]


# ------------------------------------------------------------- one kind of leak each


def test_state_name(lexicon):
    assert leaks("Germany supported the idea.", lexicon) == [("Germany", "state:DEU", "state name")]


def test_official_name(lexicon):
    assert leaks("The Federal Republic of Germany said", lexicon) == [
        ("Federal Republic of Germany", "state:DEU", "state name")
    ]


@pytest.mark.parametrize(
    ("text", "found", "key"),
    [
        ("the delegation of Lao PDR said", "Lao PDR", "state:LAO"),
        ("The Netherlands said", "The Netherlands", "state:NLD"),
        ("Laos said", "Laos", "state:LAO"),
    ],
)
def test_alias(lexicon, text, found, key):
    assert leaks(text, lexicon) == [(found, key, "alias")]


@pytest.mark.parametrize(
    "written", ["Bosnia & Herzegovina", "Bosnia-Herzegovina", "Bosnia and Herzegovina", "Bosnia –\nHerzegovina"]
)
def test_ampersand_and_hyphen_variants_are_one_name(lexicon, written):
    (finding,) = find_leaks(f"Then {written} spoke.", lexicon, "test")
    assert (finding.text, finding.participant_key) == (written, "state:BIH")


def test_short_alias_in_mixed_case_is_an_acronym(lexicon):
    assert leaks("BiH said", lexicon) == [("BiH", "state:BIH", "alias")]
    assert leaks("bih said", lexicon) == []


@pytest.mark.parametrize(
    ("text", "found", "key"),
    [
        ("Iraqi authorities", "Iraqi", "state:IRQ"),
        ("several Iraqis attended", "Iraqis", "state:IRQ"),
        ("the Australian view", "Australian", "state:AUS"),
        ("an Iranian expert", "Iranian", "state:IRN"),
    ],
)
def test_demonym(lexicon, text, found, key):
    assert leaks(text, lexicon) == [(found, key, "demonym")]


@pytest.mark.parametrize(
    ("text", "found", "key"),
    [("a workshop in Beirut", "Beirut", "state:LBN"), ("officials in Baghdad", "Baghdad", "state:IRQ")],
)
def test_capital_or_place(lexicon, text, found, key):
    assert leaks(text, lexicon) == [(found, key, "capital/place")]


@pytest.mark.parametrize(
    "written",
    ["H.E. Michael Biontino", "H. E. Michael Biontino", "Michael Biontino", "Ambassador Biontino", "Mr Biontino"],
)
def test_person_with_and_without_title(lexicon, written):
    assert leaks(f"As {written} explained,", lexicon) == [(written, "person:12", "person")]


def test_surname_alone_counts_when_capitalised(lexicon):
    assert leaks("Biontino noted", lexicon) == [("Biontino", "person:12", "person")]
    assert leaks("as noted by biontino", lexicon) == []
    assert possible_leaks("as noted by biontino", lexicon) == [("biontino", "person:12")]


def test_short_surname_counts_only_with_a_title(lexicon):
    assert leaks("Ms. Lee said", lexicon) == [("Ms. Lee", "person:14", "person")]
    assert leaks("Lee said", lexicon) == []


@pytest.mark.parametrize("written", ["Dorovic", "Dorović", "DOROVIĆ"])
def test_diacritics_do_not_matter(lexicon, written):
    assert leaks(f"{written} said", lexicon) == [(written, "person:13", "person")]


def test_diacritics_do_not_matter_either_way():
    lexicon = Lexicon([Participant("person:1", "person", ["Mr. Dorovic"])])
    assert [f.text for f in find_leaks("Mr. Dorović said", lexicon, "t")] == ["Mr. Dorović"]


def test_decomposed_accents_stay_in_the_match(lexicon):
    text = "Mr. Dorovic\u0301 said"
    (finding,) = find_leaks(text, lexicon, "t")
    assert text[finding.start : finding.end] == finding.text == "Mr. Dorovic\u0301"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("the 7MSP President", "state:DEU"),
        ("the Presidency", "state:DEU"),
        ("the President of the Seventh Meeting of States Parties", "state:DEU"),
        ("the Coordinator on Victim Assistance", "state:ITA"),
    ],
)
def test_role(lexicon, written, key):
    found = leaks(f"As {written} said,", lexicon)
    assert [(key, "role")] == [(k, kind) for _, k, kind in found]
    assert found[0][0] in written


@pytest.mark.parametrize(
    "written",
    [
        "Permanent Mission of the Federal Republic of Germany",
        "Permanent Mission of\nthe Federal Republic of Germany",
        "Permanent  Mission of the\r\nFederal   Republic of Germany",
        "Permanent Mission of Germany",
    ],
)
def test_venue_across_line_breaks(lexicon, written):
    text = f"held at the {written}, 15:00-17:00"
    assert leaks(text, lexicon) == [(written, "state:DEU", "venue")]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("United Nations Office for Disarmament Affairs", "org:UNODA"),
        ("UNODA", "org:UNODA"),
        ("Unoda", "org:UNODA"),
        ("the CMC", "org:CMC"),
        ("Cluster Munition Coalition", "org:CMC"),
    ],
)
def test_organisation_name_and_acronym(lexicon, written, key):
    assert [(k, kind) for _, k, kind in leaks(f"{written} said", lexicon)] == [(key, "organisation")]


def test_short_acronym_only_in_capitals(lexicon):
    assert leaks("the cmc and the isu", lexicon) == []


# ------------------------------------------------------------------ matching rules


@pytest.mark.parametrize("written", ["Iraq's", "Iraq’s", "IRAQ'S"])
def test_possessive(lexicon, written):
    assert leaks(f"{written} territory", lexicon) == [(written, "state:IRQ", "state name")]


def test_longest_match_wins(lexicon):
    assert leaks("the Permanent Mission of Germany and the Republic of Iraq", lexicon) == [
        ("Permanent Mission of Germany", "state:DEU", "venue"),
        ("Republic of Iraq", "state:IRQ", "state name"),
    ]


def test_allowed_hosts_are_not_flagged(hosts_lexicon):
    text = "Australia and Iraq, Coordinators, met at the Permanent Mission of Australia. The ISU said: Iraqi views."
    assert find_leaks(text, hosts_lexicon, "summary") == []


def test_allowed_hosts_do_not_hide_others(hosts_lexicon):
    assert leaks("Australia and Germany", hosts_lexicon) == [("Germany", "state:DEU", "state name")]


@pytest.mark.parametrize(
    "text",
    [
        "a woman from the ministry",  # Oman
        "Nigeria and Nigerian officials",  # Niger only
        "Mr. Chadwick",  # Chad
        "A donor/partner State said:",
        "An affected State said:",
        "A State with an impending deadline under the Convention said:",
        "donor/partner states and affected/implementing States; States Parties",
        "to operationalise the Country Coalition concept",
        "the Coordinators on International Cooperation and Assistance",
        "Meetings of States Parties",
    ],
)
def test_no_false_positives(hosts_lexicon, text):
    assert find_leaks(text, hosts_lexicon, "test") == []


def test_case_sensitive_names_count_as_written_or_in_capitals(lexicon):
    assert {"Chad", "Turkey", "China", "Jordan", "Guinea", "Georgia"} <= CASE_SENSITIVE_NAMES
    assert [k for _, k, _ in leaks("Turkey, CHAD and China", lexicon)] == ["state:TUR", "state:TCD", "state:CHN"]
    assert leaks("the Turkish delegation and the Republic of turkey", lexicon) == [("Turkish", "state:TUR", "demonym")]


def test_ordinary_words_in_lower_case_are_possible_findings_never_skipped(lexicon):
    found = possible_leaks("a turkey sandwich on fine china", lexicon)
    assert found == [("turkey", "state:TUR"), ("china", "state:CHN")]
    assert possible_leaks("a guinea pig, chad and jordan", lexicon) == [("chad", "state:TCD")]
    assert possible_leaks("the Republic of turkey", lexicon) == [("turkey", "state:TUR")]
    assert leaks("a guinea pig, chad and jordan", lexicon) == []


def test_seed_summary_excerpt_flags_only_what_identifies(hosts_lexicon):
    excerpt = (
        "On Friday 9 June 2017, Australia and Iraq, CCM Coordinators on International Cooperation\n"
        "and Assistance, hosted an informal meeting.\n"
        "a) A donor/partner State said:\n"
        " Practical stimulus had been provided to the Country Coalition concept through dedicated\n"
        "workshops with Southeast Asian countries in March 2017 in Bangkok, and with Southern\n"
        "European countries in Croatia on 12-13 June 2017.\n"
        "h) The ISU said:\n"
        " The ISU produced quarterly updates on activities under the CCM."
    )
    assert leaks(excerpt, hosts_lexicon) == [
        ("Bangkok", "state:THA", "capital/place"),
        ("Croatia", "state:HRV", "state name"),
    ]


def test_findings_carry_location_offsets_and_snippet(lexicon):
    text = "x" * 60 + " The delegation of Lebanon\nsaid it had 232 registered victims. " + "y" * 60
    (finding,) = find_leaks(text, lexicon, "item 2.3 c)")
    assert finding.where == "item 2.3 c)"
    assert text[finding.start : finding.end] == "Lebanon"
    # 40 characters either side, line breaks folded, cuts marked.
    assert finding.snippet == "…" + "x" * 21 + " The delegation of Lebanon said it had 232 registered victims. yyy…"


def test_offsets_point_into_the_original_text(lexicon):
    text = "Café ﬁrst: the Bosnia & Herzegovina delegation and Dorović."
    assert [text[f.start : f.end] for f in find_leaks(text, lexicon, "t")] == [
        "Bosnia & Herzegovina",
        "Dorović",
    ]


def test_scan_document_reports_each_part(lexicon):
    parts = [
        ("summary title", "Informal meeting at the Permanent Mission of Germany"),
        ("key point 1.2", "There was a clear interest."),
        ("item 2.3 c)", "Lebanon had 14 of its 17 provinces contaminated."),
        ("file name", "summary-LBN-iraq.pdf"),
        ("file name", "notes_Germany_2017.docx"),
    ]
    assert [(f.where, f.participant_key) for f in scan_document(parts, lexicon)] == [
        ("summary title", "state:DEU"),
        ("item 2.3 c)", "state:LBN"),
        ("file name", "state:IRQ"),
        ("file name", "state:DEU"),
    ]


def test_a_name_shared_by_two_participants_reports_both():
    lexicon = Lexicon(
        [
            Participant("state:COG", "state", {"Congo": "state name"}),
            Participant("state:COD", "state", {"Democratic Republic of the Congo": "state name", "Congo": "alias"}),
        ]
    )
    assert [f.participant_key for f in find_leaks("Congo said", lexicon, "t")] == ["state:COG", "state:COD"]
    assert [f.participant_key for f in find_leaks("the Democratic Republic of Congo", lexicon, "t")] == ["state:COD"]


def test_allowing_more_keys_reuses_the_compiled_lexicon(lexicon):
    wider = lexicon.allowing(["state:DEU"])
    assert wider._matcher is lexicon._matcher
    assert leaks("Germany", wider) == []
    assert dataclasses.replace(lexicon, allowed=frozenset())._matcher is lexicon._matcher


SAFE_WORDS = [
    "meeting",
    "clearance",
    "deadline",
    "donor/partner",
    "States",
    "Parties",
    "woman",
    "cooperation",
    "assistance",
    "said",
    "it",
    "was",
    "the",
    "and",
    "Convention",
    "Country",
    "Coalition",
    "report",
    "victims",
    "turkey",
    "china",
    "Chadwick",
    "Nigeria",
    "2017",
]


def _participant_names():
    lexicon = lexicon_from_register(STATES, [UNODA, CMC, ISU], [BIONTINO, DOROVIC, LEE], roles=ROLES, places=PLACES)
    return [(p.key, name) for p in lexicon.participants for name in p.names], lexicon


NAMES, PROPERTY_LEXICON = _participant_names()


@settings(max_examples=strength.pick(300, 100), deadline=None)
@given(
    before=st.lists(st.sampled_from(SAFE_WORDS), max_size=12),
    after=st.lists(st.sampled_from(SAFE_WORDS), max_size=12),
    separator=st.sampled_from([" ", "\n", ", ", "  ", " - "]),
    name=st.sampled_from(NAMES),
    suffix=st.sampled_from(["", "'s", ".", ","]),
)
def test_an_inserted_name_is_always_found(before, after, separator, name, suffix):
    key, written = name
    head = separator.join(before) + (separator if before else "")
    text = head + written + suffix + (" " if after else "") + separator.join(after)
    start, end = len(head), len(head) + len(written)
    findings = find_leaks(text, PROPERTY_LEXICON, "t")
    assert any(f.participant_key == key and f.start <= start and f.end >= end for f in findings), findings


# ------------------------------------------------------------------ sanitising


REPLACEMENTS = {"state:IRQ": "the affected State", "state:DEU": "a donor/partner State"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It supported Iraq.", "It supported the affected State."),
        ("Iraq had cleared 4 km².", "The affected State had cleared 4 km²."),
        ("It praised Iraq's plan.", "It praised the affected State's plan."),
        ("Iraqi deminers and an Iraqi official", "The affected State's deminers and the affected State's official"),
        ("Iraqis were trained.", "Nationals of the affected State were trained."),
        ("The 7MSP President said", "A donor/partner State said"),
        ("as the Presidency's note", "as a donor/partner State's note"),
        ("Ambassador Biontino spoke.", "A representative of a donor/partner State spoke."),
        ("at the Permanent Mission of\nGermany", "at the mission of a donor/partner State"),
        ("Lebanon and Beirut", "A State and a State"),
        ("said:\n Iraq had", "said:\n The affected State had"),
    ],
)
def test_sanitise_statement_replaces_names(lexicon, text, expected):
    assert sanitise_statement(text, lexicon, REPLACEMENTS) == expected


def test_sanitise_statement_leaves_allowed_names(hosts_lexicon):
    text = "Australia and Iraq thanked Germany."
    assert sanitise_statement(text, hosts_lexicon, REPLACEMENTS) == "Australia and Iraq thanked a donor/partner State."


def test_sanitised_text_has_no_leaks_left(lexicon):
    text = "Germany's H.E. Michael Biontino, at the Permanent Mission of Germany, met Lao PDR, Dorović and UNODA."
    assert find_leaks(sanitise_statement(text, lexicon, REPLACEMENTS), lexicon, "t") == []


# ------------------------------------------------------------------ the record


@pytest.mark.parametrize(("n", "expected"), [(0, "a"), (1, "b"), (25, "z"), (26, "aa"), (27, "ab"), (52, "ba")])
def test_letter(n, expected):
    assert letter(n) == expected


def test_letter_refuses_negative():
    with pytest.raises(ValueError):
        letter(-1)


CATEGORIES = {
    "state:DEU": "A donor/partner State",
    "state:LBN": "An affected State",
    "state:HRV": "A State with an impending deadline under the Convention",
}
NAMED_OPENLY = {"state:AUS": "Australia", "org:ISU": "The ISU"}


def test_summary_record_in_seed_form(lexicon):
    statements = [
        {"agenda_label": "2.2", "delegation_key": "state:DEU", "text": "Germany's concept aimed to help."},
        {"agenda_label": "2.3", "delegation_key": None, "anonymous_category": "A donor/partner State", "text": "Yes."},
        {"agenda_label": "2.3", "delegation_key": "state:LBN", "text": "Lebanon had 232 victims, many in Beirut."},
        {"agenda_label": "2.3", "delegation_key": "org:ISU", "text": "The ISU produced quarterly updates."},
        {"agenda_label": "2.3", "delegation_key": "state:HRV", "text": "Croatia had a 2019 deadline."},
        SimpleNamespace(
            agenda_label="2.4", delegation_key="state:AUS", anonymous_category="", text="Australian views."
        ),
    ]
    record = build_summary_record(statements, CATEGORIES, NAMED_OPENLY, lexicon=lexicon)
    assert [(e.agenda_label, e.label, e.speaker_line) for e in record] == [
        ("2.2", "a)", "A donor/partner State said:"),
        ("2.3", "b)", "A donor/partner State said:"),
        ("2.3", "c)", "An affected State said:"),
        ("2.3", "d)", "The ISU said:"),
        ("2.3", "e)", "A State with an impending deadline under the Convention said:"),
        ("2.4", "f)", "Australia said:"),
    ]
    assert [e.text for e in record] == [  # the speaker is "it"; categories only in the speaker lines
        "Its concept aimed to help.",
        "Yes.",
        "It had 232 victims, many in its capital.",
        "The ISU produced quarterly updates.",
        "It had a 2019 deadline.",
        "Australian views.",
    ]


def test_summary_record_letters_continue_past_z(lexicon):
    statements = [{"agenda_label": "2.3", "delegation_key": "state:DEU", "text": "."}] * 28
    record = build_summary_record(statements, CATEGORIES, NAMED_OPENLY, lexicon=lexicon)
    assert [e.letter for e in record[24:]] == ["y", "z", "aa", "ab"]


def test_summary_record_refuses_a_speaker_without_category(lexicon):
    statements = [{"agenda_label": "2.3", "delegation_key": "state:IRQ", "text": "Iraq said so."}]
    with pytest.raises(ValueError, match="state:IRQ"):
        build_summary_record(statements, CATEGORIES, NAMED_OPENLY, lexicon=lexicon)
