"""The register the demo meetings need, recorded as facts of the public record.

Treaty dates: for States in ../shared/data/ccm-states-partial.csv the values are copied from
it; the others are the depositary's dates as publicly recorded. A date we were not sure of
is left blank rather than guessed. Obligations hold original Article 3/4 deadlines only for
States known to have declared stockpiles or contaminated areas; extensions granted later are
not recorded here (the ISU adds them, with their source, in the admin).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, User

from demo.base import Register, ensure
from directory import roles
from directory.importers import ensure_conventions
from directory.models import (
    Mandate,
    Obligation,
    Organisation,
    Person,
    State,
    StateAlias,
    Term,
    ThematicArea,
    TreatyStatus,
    normalise_name,
)

D = datetime.date
PASSWORD = "demo"

CSV_SOURCE = "UN Treaty Collection, MTDSG chapter XXVI-6 (as in ccm-states-partial.csv)"
PUBLIC_RECORD = "Public record (UN depositary), entered by the demo loader"
APMBC_SOURCE = "Public record (UN depositary, MTDSG chapter XXVI-5), entered by the demo loader"


@dataclass(frozen=True)
class Status:
    signature: datetime.date | None
    ratification: datetime.date | None
    entry_into_force: datetime.date | None
    instrument: str = TreatyStatus.Instrument.RATIFICATION
    source: str = CSV_SOURCE
    status: str = TreatyStatus.Status.PARTY


@dataclass(frozen=True)
class StateFacts:
    iso3: str
    iso2: str
    name: str
    official_name: str
    demonyms: str
    capital: str
    ccm: Status | None = None
    apmbc: Status | None = None
    aliases: tuple[str, ...] = ()
    obligations: tuple[tuple[int, datetime.date], ...] = ()


ART3 = Obligation.Article.STOCKPILE_DESTRUCTION
ART4 = Obligation.Article.CLEARANCE
OSLO = D(2008, 12, 3)  # the CCM opened for signature in Oslo
OTTAWA = D(1997, 12, 3)  # the APMBC opened for signature in Ottawa
CCM_EIF = D(2010, 8, 1)
APMBC_EIF = D(1999, 3, 1)

STATES = (
    StateFacts("AFG", "AF", "Afghanistan", "", "Afghan", "Kabul",
               ccm=Status(OSLO, D(2011, 9, 8), D(2012, 3, 1)),
               apmbc=Status(None, D(2002, 9, 11), D(2003, 3, 1), "accession", APMBC_SOURCE)),
    StateFacts("AUS", "AU", "Australia", "Commonwealth of Australia", "Australian", "Canberra",
               ccm=Status(OSLO, D(2012, 10, 8), D(2013, 4, 1))),
    StateFacts("AUT", "AT", "Austria", "Republic of Austria", "Austrian", "Vienna",
               ccm=Status(OSLO, D(2009, 4, 2), CCM_EIF)),
    StateFacts("BEN", "BJ", "Benin", "Republic of Benin", "Beninese", "Porto-Novo",
               ccm=Status(OSLO, D(2017, 7, 10), D(2018, 1, 1))),
    StateFacts("BIH", "BA", "Bosnia and Herzegovina", "Bosnia and Herzegovina", "Bosnian, Herzegovinian", "Sarajevo",
               ccm=Status(OSLO, D(2010, 9, 7), D(2011, 3, 1)),
               aliases=("Bosnia-Herzegovina", "Bosnia & Herzegovina", "BiH"),
               # Declared both stockpiles and contaminated areas.
               obligations=((ART3, D(2019, 3, 1)), (ART4, D(2021, 3, 1)))),
    StateFacts("CAN", "CA", "Canada", "Canada", "Canadian", "Ottawa",
               ccm=Status(OSLO, D(2015, 3, 16), D(2015, 9, 1)),
               apmbc=Status(OTTAWA, OTTAWA, APMBC_EIF, source=APMBC_SOURCE)),
    StateFacts("CHL", "CL", "Chile", "Republic of Chile", "Chilean", "Santiago",
               ccm=Status(OSLO, D(2010, 12, 16), D(2011, 6, 1))),
    StateFacts("CRI", "CR", "Costa Rica", "Republic of Costa Rica", "Costa Rican", "San José",
               ccm=Status(OSLO, D(2011, 4, 28), D(2011, 10, 1))),
    StateFacts("HRV", "HR", "Croatia", "Republic of Croatia", "Croatian", "Zagreb",
               ccm=Status(OSLO, D(2009, 8, 17), CCM_EIF)),
    StateFacts("FRA", "FR", "France", "French Republic", "French", "Paris",
               ccm=Status(OSLO, D(2009, 9, 25), CCM_EIF)),
    StateFacts("DEU", "DE", "Germany", "Federal Republic of Germany", "German", "Berlin",
               ccm=Status(OSLO, D(2009, 7, 8), CCM_EIF),
               apmbc=Status(OTTAWA, D(1998, 7, 23), APMBC_EIF, source=APMBC_SOURCE)),
    StateFacts("IRQ", "IQ", "Iraq", "Republic of Iraq", "Iraqi", "Baghdad",
               ccm=Status(D(2009, 11, 12), D(2013, 5, 14), D(2013, 11, 1), source=PUBLIC_RECORD),
               apmbc=Status(None, D(2007, 8, 15), D(2008, 2, 1), "accession", APMBC_SOURCE),
               obligations=((ART4, D(2023, 11, 1)),)),
    StateFacts("IRL", "IE", "Ireland", "Ireland", "Irish", "Dublin",
               ccm=Status(OSLO, OSLO, CCM_EIF, source=PUBLIC_RECORD)),
    StateFacts("ITA", "IT", "Italy", "Italian Republic", "Italian", "Rome",
               ccm=Status(OSLO, D(2011, 9, 21), D(2012, 3, 1), source=PUBLIC_RECORD)),
    StateFacts("LAO", "LA", "Lao People's Democratic Republic", "Lao People's Democratic Republic", "Lao, Laotian",
               "Vientiane",
               ccm=Status(OSLO, D(2009, 3, 18), CCM_EIF, source=PUBLIC_RECORD),
               aliases=("Lao PDR", "Laos"),
               obligations=((ART4, D(2020, 8, 1)),)),
    StateFacts("LBN", "LB", "Lebanon", "Lebanese Republic", "Lebanese", "Beirut",
               ccm=Status(OSLO, D(2010, 11, 5), D(2011, 5, 1), source=PUBLIC_RECORD),
               obligations=((ART4, D(2021, 5, 1)),)),
    StateFacts("MEX", "MX", "Mexico", "United Mexican States", "Mexican", "Mexico City",
               ccm=Status(OSLO, D(2009, 5, 6), CCM_EIF, source=PUBLIC_RECORD)),
    StateFacts("NLD", "NL", "Netherlands", "Kingdom of the Netherlands", "Dutch", "Amsterdam",
               ccm=Status(OSLO, D(2011, 2, 23), D(2011, 8, 1), source=PUBLIC_RECORD),
               aliases=("The Netherlands",)),
    StateFacts("NZL", "NZ", "New Zealand", "New Zealand", "New Zealander", "Wellington",
               ccm=Status(OSLO, D(2009, 12, 22), CCM_EIF, source=PUBLIC_RECORD)),
    StateFacts("NOR", "NO", "Norway", "Kingdom of Norway", "Norwegian", "Oslo",
               ccm=Status(OSLO, OSLO, CCM_EIF, source=PUBLIC_RECORD),
               apmbc=Status(OTTAWA, D(1998, 7, 9), APMBC_EIF, source=APMBC_SOURCE)),
    # The CSV does not give Switzerland's signature; it signed in Oslo on the opening day.
    StateFacts("CHE", "CH", "Switzerland", "Swiss Confederation", "Swiss", "Bern",
               ccm=Status(OSLO, D(2012, 7, 17), D(2013, 1, 1),
                          source=CSV_SOURCE + "; signature: public record")),
    StateFacts("ZMB", "ZM", "Zambia", "Republic of Zambia", "Zambian", "Lusaka",
               ccm=Status(OSLO, D(2009, 8, 12), CCM_EIF, source=PUBLIC_RECORD)),
)  # fmt: skip

# (acronym, name, kind)
ORGANISATIONS = (
    ("UNODA", "United Nations Office for Disarmament Affairs", Organisation.Kind.UN),
    ("ICRC", "International Committee of the Red Cross", Organisation.Kind.INTERNATIONAL),
    ("CMC", "Cluster Munition Coalition", Organisation.Kind.NGO),
    ("GICHD", "Geneva International Centre for Humanitarian Demining", Organisation.Kind.INTERNATIONAL),
    ("UNMAS", "United Nations Mine Action Service", Organisation.Kind.UN),
    ("UNOG", "United Nations Office at Geneva", Organisation.Kind.UN),
    ("EU", "European Union", Organisation.Kind.INTERNATIONAL),
    ("ISU-CCM", "Implementation Support Unit of the Convention on Cluster Munitions", Organisation.Kind.ISU),
    ("NPA", "Norwegian People's Aid", Organisation.Kind.NGO),
)

# The thematic areas in the order the Committee takes them, and their 7MSP Coordinators.
AREAS = (
    ("victim-assistance", "Victim Assistance", ("ITA", "CHL")),
    ("universalization", "Universalization", ("FRA", "ZMB")),
    ("stockpile-destruction", "Stockpile Destruction and Retention", ("HRV", "MEX")),
    ("clearance", "Clearance and Risk Reduction Education", ("NOR", "NLD")),
    ("cooperation-and-assistance", "International Cooperation and Assistance", ("IRQ", "AUS")),
    ("transparency", "Transparency Measures", ("CRI",)),
    ("national-implementation", "National Implementation Measures", ("NZL",)),
    ("general-status", "General Status and Operation of the Convention", ("BIH", "CHE")),
)

# The 7MSP Presidency: from the close of the 6MSP (7 September 2016) to the 7MSP (4-6 September 2017).
TERM_7MSP = {"name": "7MSP", "presidency": "DEU", "start": D(2016, 9, 7), "end": D(2017, 9, 6)}

# key: (delegation, title, first name, last name, function). As the minutes of 7 December 2016
# list them; a function is given only where the record states it.
PEOPLE = {
    "biontino": ("DEU", "H.E.", "Michael", "Biontino", "Ambassador, 7MSP President"),
    "pilz": ("DEU", "Mr.", "Toralf", "Pilz", ""),
    "watson": ("AUS", "Mr.", "Hugh", "Watson", ""),
    "nguyen": ("AUS", "Ms.", "Thuy", "Nguyen", ""),
    "dorovic": ("BIH", "Mr.", "Asim", "Dorović", ""),
    "munoz": ("CRI", "Ms.", "Maricela", "Muñoz", ""),
    "sprem": ("HRV", "Ms.", "Ines", "Sprem Scigliano", ""),
    "guffet": ("FRA", "Ms.", "Camille", "Guffet", ""),
    "al-juhaishi": ("IRQ", "Mr.", "Emad", "Al-Juhaishi", ""),
    "dambrosio": ("ITA", "Ms.", "Palma", "D'Ambrosio", ""),
    "cattaneo": ("ITA", "Dr.", "Silvia", "Cattaneo", ""),
    "martinez": ("MEX", "Mr.", "Víctor", "Martínez", ""),
    "versteden": ("NLD", "Mr.", "Marc", "Versteden", ""),
    "donnelly": ("NZL", "Ms.", "Katy", "Donnelly", ""),
    "hauge": ("NOR", "Ms.", "Malgorzata", "Hauge", ""),
    "berdoz": ("CHE", "Ms.", "Aline", "Berdoz", ""),
    "lungo": ("ZMB", "Mr.", "Samson", "Lungo", ""),
    "mercogliano": ("UNODA", "Ms.", "Silvia", "Mercogliano", ""),
    "laruelle": ("ISU-CCM", "Mr.", "Matthieu", "Laruelle", ""),
    "chayer": ("CMC", "Ms.", "Amélie", "Chayer", ""),
    "mweemba": ("ISU-CCM", "Ms.", "Sheila", "Mweemba", "Director, ISU-CCM"),
    # Iraq's focal point for the demo login: a role, not a real person's name.
    "focal-iraq": ("IRQ", "", "", "Focal point (demo)", "CCM focal point"),
}

# username: (person key, role group, is_staff)
USERS = {
    "isu": ("laruelle", roles.ISU_STAFF, True),
    "coordinator-va": ("dambrosio", roles.COORDINATORS, False),
    "coordinator-ica": ("watson", roles.COORDINATORS, False),
    "focal-iraq": ("focal-iraq", roles.FOCAL_POINTS, False),
}
# The admin needs model permissions; the ISU login gets all of the portal's own apps rather
# than superuser rights, so that the demo shows what an ISU account really holds.
ISU_ADMIN_APPS = ("directory", "meetings", "coordinators", "outreach", "finance", "documents", "outbox")


def _status(state: State, convention, status: Status | None) -> None:
    if status is None:
        return
    ensure(
        TreatyStatus,
        {"state": state, "convention": convention},
        {
            "status": status.status,
            "signature": status.signature,
            "ratification": status.ratification,
            "instrument": status.instrument,
            "entry_into_force": status.entry_into_force,
            "source": status.source,
        },
    )


def _states(register: Register) -> None:
    for facts in STATES:
        state = ensure(
            State,
            {"iso3": facts.iso3},
            {
                "iso2": facts.iso2,
                "name": facts.name,
                "official_name": facts.official_name,
                "demonyms": facts.demonyms,
                "capital": facts.capital,
            },
        )
        for alias in facts.aliases:
            if not StateAlias.objects.filter(normalised=normalise_name(alias)).exists():
                StateAlias.objects.create(state=state, alias=alias)
        _status(state, register.conventions["ccm"], facts.ccm)
        _status(state, register.conventions["apmbc"], facts.apmbc)
        for article, deadline in facts.obligations:
            ensure(Obligation, {"state": state, "article": article}, {"original_deadline": deadline})
        register.states[facts.iso3] = state
        register.delegations[facts.iso3] = state.delegation


def _organisations(register: Register) -> None:
    for acronym, name, kind in ORGANISATIONS:
        organisation = ensure(Organisation, {"name": name}, {"acronym": acronym, "kind": kind})
        register.delegations[acronym] = organisation.delegation


def _areas_and_mandates(register: Register) -> None:
    facts = dict(TERM_7MSP, presidency=register.states[TERM_7MSP["presidency"]])
    term = ensure(Term, {"name": facts.pop("name")}, facts)
    register.terms[term.name] = term
    for order, (slug, name, coordinators) in enumerate(AREAS, start=1):
        area = ensure(ThematicArea, {"slug": slug}, {"name": name, "order": order})
        register.areas[slug] = area
        for position, iso3 in enumerate(coordinators, start=1):
            ensure(Mandate, {"area": area, "term": term, "state": register.states[iso3]}, {"order": position})


def _people(register: Register) -> None:
    for key, (delegation, title, first_name, last_name, function) in PEOPLE.items():
        register.people[key] = ensure(
            Person,
            {"delegation": register.delegations[delegation], "first_name": first_name, "last_name": last_name},
            {"title": title, "function": function},
        )


def _users(register: Register) -> None:
    """The demo logins (password "demo"), created only here; an existing login keeps its password."""
    for username, (person_key, group_name, is_staff) in USERS.items():
        person = register.people[person_key]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{username}@demo.invalid",
                is_staff=is_staff,
            )
            user.set_password(PASSWORD)
            user.save()
        elif is_staff and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        if group_name == roles.ISU_STAFF:
            user.user_permissions.add(
                *Permission.objects.filter(content_type__app_label__in=ISU_ADMIN_APPS),
                # to tie a person to a login in the admin (the person form looks logins up)
                Permission.objects.get(content_type__app_label="auth", codename="view_user"),
            )
        if person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
        register.users[username] = user


def load_register() -> Register:
    """Conventions, States, organisations, areas, the 7MSP term and mandates, people and logins."""
    register = Register(conventions=ensure_conventions())
    _states(register)
    _organisations(register)
    _areas_and_mandates(register)
    _people(register)
    _users(register)
    return register
