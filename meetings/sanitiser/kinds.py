"""The kinds of leak and of participant, and the names and titles the sanitiser treats specially."""

# Kinds of leak, as reported in Finding.kind.
STATE_NAME = "state name"
ALIAS = "alias"
DEMONYM = "demonym"
PLACE = "capital/place"
CITY = "city"
PROVINCE = "province"
PERSON = "person"
ROLE = "role"
VENUE = "venue"
ORGANISATION = "organisation"
LEAK_KINDS = (STATE_NAME, ALIAS, DEMONYM, PLACE, CITY, PROVINCE, PERSON, ROLE, VENUE, ORGANISATION)
PLACE_KINDS = frozenset({PLACE, CITY, PROVINCE})

PARTICIPANT_KINDS = ("state", "organisation", "person")
_DEFAULT_LEAK_KIND = {"state": STATE_NAME, "organisation": ORGANISATION, "person": PERSON}

# Names that are also ordinary words in lower case ("turkey sandwich", "fine china"): written as
# in the register, or in capitals (headings), they are findings; written otherwise ("chile had
# pledged"), *possible* findings, for the ISU to confirm or waive. The world's names that are
# ordinary English words are marked so in directory/data (meetings/sanitiser/world.py).
CASE_SENSITIVE_NAMES = frozenset(
    {
        "Chad",
        "Chile",
        "Chili",  # French for Chile
        "China",
        "Chine",  # French for China
        "Georgia",
        "Grenade",  # French for Grenada
        "Guinea",
        "Jordan",
        "Lima",
        "Male",
        "Nice",
        "Panama",
        "Polish",
        "Swede",
        "Turkey",
        "Victoria",
    }
)
_CASE_SENSITIVE_FOLDED = frozenset(name.lower() for name in CASE_SENSITIVE_NAMES)

# What a mention becomes in sanitised text when the caller gave no phrase for its participant.
DEFAULT_PHRASES = {"state": "a State", "organisation": "an organisation", "person": "a representative"}

TITLES = ("H.E.", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Ambassador", "Amb.")

SNIPPET_WIDTH = 40
