"""The informal meeting on Enhancing International Cooperation and Assistance, 9 June 2017
(seed: its summary), held under the Chatham House rule.

The summary names only the hosts (Australia and Iraq). Who else spoke is not known: the
statements a) to n) are recorded with the category the summary gives them, never with a
delegation, and o) is Australia's closing summary. About 22 representatives attended; they
are not named, so attendance holds only the hosts and the ISU (which spoke). Texts are short
paraphrases that keep the facts a State profile needs.
"""

from __future__ import annotations

import datetime

from demo.base import Register, create_meeting
from meetings import services
from meetings.models import ActionItem, Attendance, Meeting
from meetings.services import AttendanceRow

TITLE = "Informal meeting on Enhancing International Cooperation and Assistance under the CCM"
DATE = datetime.date(2017, 6, 9)

DONOR = "A donor/partner State"
AFFECTED = "An affected State"
DEADLINE = "A State with an impending deadline under the Convention"
ISU = "The ISU"

# key, title, parent key, presenters
AGENDA = (
    ("key", "Key points raised", None, ()),
    ("questions", "Guiding questions", "key", ()),
    ("record", "Detailed record of the meeting", None, ()),
    ("intro", "Introductory remarks", "record", ("AUS", "IRQ")),
    ("coalition", "Country Coalition concept", "record", ()),
    ("exchange", "General exchange of views", "record", ()),
    ("closing", "Concluding remarks", "record", ("AUS",)),
)

MINUTES = {
    "key": """- Participants want more meetings centred on one country and its needs, as the practical form of
  the Country Coalition concept.
- Such meetings get information to capitals, and can run alongside plenary sessions to save time.
- Where it suits the country, they could cover the CCM, the APLC and CCW Protocol V together, since the
  contamination problems overlap.
- When possible, Country Coalition meetings should take place in the country, with local authorities, NGOs and
  communities.
- The approach needs continuous dialogue between meetings.
- Coordinators could meet affected/implementing States and donors separately before meeting them jointly, and
  hold meetings throughout the year.
- The next Action Plan should give weight to the Country Coalition approach.
- Coordinators should set more concrete actions and track them, so that progress on Action Plan commitments
  can be measured.
- Reports on the work of the Coordinators and of the Committee should reach more people.""",
    "questions": """Participants had been asked beforehand to consider:

1. What has changed since the meeting of 8 February in their State's challenges, needs or capacities for
   cooperation and assistance?
2. How much could targeted initiatives (Country Coalitions under the CCM, the individualised approach under
   the APLC) strengthen cooperation between donors and affected States, and would their State join a Country
   Coalition?
3. What could the Coordinators do better, and which specific challenges should they take on, to improve
   cooperation and assistance between affected and donor States?
4. Which actions should the next (2020) Action Plan contain to strengthen cooperation and assistance between
   affected States and donors?""",
    "record": "About 22 representatives of affected States, States with impending deadlines under the Convention "
    "and donor States took part. Under the Chatham House rule the record gives each speaker's category only; "
    "the hosts are named.",
    "intro": "Australia and Iraq, Coordinators on International Cooperation and Assistance, presented the meeting "
    "as the follow-up to their informal meeting of 8 February 2017 in the margins of the 20th NDM-UN: to hear "
    "updates on the issues raised then, to exchange views on challenges and needs, to lay foundations for "
    "stronger partnerships between affected and donor States, and to learn how the Coordinators could do more.",
    "closing": "Australia summed up the key points (item 1). The Coordinators will circulate an informal summary "
    "to participants for input, put a sanitised version on the website, and look into a further meeting in the "
    "margins of the Meeting of States Parties.",
}

# a) to o), in the order of the summary: item, category (or a named host), text.
STATEMENTS = (
    ("coalition", DONOR, "The Country Coalition concept gives each State Party a country-specific platform for its "
     "CCM obligations, led by the affected or implementing State itself for national ownership, and bringing "
     "together its authorities, donor and partner States, operators, experts and communities on clearance and land "
     "release, stockpiles, victim assistance and risk education. It should allow long-term donor engagement and "
     "more predictable planning. Workshops in Bangkok (South-East Asia, March 2017) and in Croatia (Southern "
     "Europe, 12-13 June 2017) have given it practical momentum; States are encouraged to build their own."),
    ("exchange", DONOR, "Supports assistance targeted at individual countries, bringing donors, operators and "
     "national authorities together to meet the Convention's targets and deadlines. Would like country-focused "
     "informal meetings to become a regular part of intersessional meetings and Meetings of States Parties."),
    ("exchange", AFFECTED, "Among the countries most affected by unexploded ordnance: about a third of its "
     "territory, 14 of its 17 provinces, is contaminated, and clearance is beyond its own means. Bilateral and "
     "multilateral assistance is key. The Coordinators could do more to convey the urgency of cluster munition "
     "contamination and to help affected States reach assistance, for example by meeting affected and donor "
     "States separately before joint meetings."),
    ("exchange", DONOR, "The previous speaker shows how a tailored, individual approach such as a Country Coalition "
     "could help. A standing contact group of donors and partners meeting regularly could give support a coherent "
     "shape."),
    ("exchange", DONOR, "Country Coalitions and the APLC's individualised approach must change things on the "
     "ground, which takes continuous dialogue, also in the countries concerned, not occasional side meetings. They "
     "should be central to the next Action Plan; CCM and APLC challenges could ideally be discussed together."),
    ("exchange", AFFECTED, "Has signed a cooperation programme with a donor/partner State, focused on the "
     "socio-economic empowerment of victims. Taking donors to demining sites helps them see the challenges. With "
     "less than two square kilometres left to clear, its situation is very different from that of the affected "
     "State that spoke before: approaches must be tailored to each country."),
    ("exchange", DONOR, "Combined CCM and MBC meetings make sense, especially for States party to both, and "
     "closed-door dialogue under the Chatham House rule encourages frankness. More communication through the year, "
     "including on the Committee's priorities, would help, as would a results-based approach with concrete, "
     "measurable commitments."),
    ("exchange", ISU, "Results-based management is already in place: the Coordinators report against the Action "
     "Plan in the annual progress report. The ISU circulates quarterly updates to all States Parties; reports on "
     "the monthly Committee meetings could perhaps be circulated too."),
    ("exchange", AFFECTED, "Has 7.3 square kilometres of contaminated land left after clearing 4 square kilometres "
     "in 2016, and 232 registered cluster munition victims. Four organisations are accredited for cluster munition "
     "clearance: two governmental, two non-governmental. Expects to complete clearance in 2017."),
    ("exchange", DONOR, "Interested in cross-conventional, country-focused informal meetings in the margins of "
     "intersessional meetings and Meetings of States Parties. Funds mine action only through NGOs, on specific "
     "requests. Country Coalitions would allow a longer-term, broader approach and more accountability; their "
     "meetings should involve NGOs and victims and agree specific action items."),
    ("exchange", DEADLINE, "Sees great potential in the Country Coalition approach and supports cross-conventional "
     "meetings. Its deadline for destroying its cluster munition stockpile falls in 2019: the funds are secured, "
     "but it needs a new implementing agent because the one first contracted could not do the work."),
    ("exchange", DONOR, "Supports the individualised or Country Coalition approach in practice, not only as policy, "
     "and cross-conventional meetings where they fit, especially for States party to the CCM, the APLC and CCW "
     "Protocol V."),
    ("exchange", AFFECTED, "Regular meetings in the margins of intersessional meetings and Meetings of States "
     "Parties should continue: they keep capital-based staff up to date when intersessional information does not "
     "reach them."),
    ("exchange", DONOR, "Its internal procedures make it hard to commit to a Country Coalition. Meetings on "
     "individual States present information in a form capitals can use and suit capital-based officers; they could "
     "run in parallel with plenaries to make the most of the time."),
    ("closing", "AUS", "Summed up: interest in more country-focused meetings to put Country Coalitions into "
     "practice, alongside plenaries where useful, cross-conventional where it suits the country, in the country "
     "where possible, with dialogue continuing between meetings; separate then joint meetings of affected and donor "
     "States through the year; Country Coalitions as a focus of the next Action Plan; more concrete, tracked "
     "actions; wider reporting. An informal summary will go to participants for input and a sanitised version to "
     "the website; a further meeting at the Meeting of States Parties will be explored."),
)  # fmt: skip

ACTIONS = (
    ("closing", "Circulate an informal summary of the meeting to participants for input, then put a sanitised "
     "version on the website", None, ActionItem.Status.DONE),
    ("closing", "Explore a further informal meeting in the margins of the 7MSP", datetime.date(2017, 9, 4),
     ActionItem.Status.OPEN),
)  # fmt: skip


def build(register: Register) -> tuple[Meeting, bool]:
    """The meeting, its agenda, its minutes (draft) and its anonymised record."""
    existing = Meeting.objects.filter(kind=Meeting.Kind.INFORMAL, date=DATE, title=TITLE).first()
    if existing is not None:
        return existing, False
    isu = register.isu
    hosts = [register.delegations["AUS"], register.delegations["IRQ"]]
    meeting = create_meeting(
        kind=Meeting.Kind.INFORMAL,
        title=TITLE,
        term=register.terms["7MSP"],
        date=DATE,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(15, 0),
        venue="Room C2, World Meteorological Organisation",
        confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE,
        status=Meeting.Status.HELD,
        created_by=isu,
        conventions=[register.conventions["ccm"]],
        hosts=hosts,
    )
    items = {}
    for key, title, parent, presenters in AGENDA:
        items[key] = services.agenda_item_add(
            meeting=meeting,
            title=title,
            parent=items[parent] if parent else None,
            presenters=[register.delegations[p] for p in presenters],
        )
    host_capacity = "Host; Coordinator on International Cooperation and Assistance"
    services.attendance_record(
        meeting=meeting,
        rows=[
            *(
                AttendanceRow(delegation=host, status=Attendance.Status.PRESENT, capacity=host_capacity)
                for host in hosts
            ),
            AttendanceRow(delegation=register.delegations["ISU-CCM"], status=Attendance.Status.PRESENT),
        ],
    )
    minutes = services.minutes_start(meeting=meeting)
    for key, text in MINUTES.items():
        item = minutes.items.get(agenda_item=items[key])
        services.minutes_item_update(item=item, text=text, expected_version=item.lock_version, by=isu)
    for key, speaker, text in STATEMENTS:
        named = register.delegations.get(speaker) if speaker == "AUS" else None
        services.statement_add(
            agenda_item=items[key],
            delegation=named,
            anonymous_category="" if named else speaker,
            text=text,
        )
    for key, text, due, status in ACTIONS:
        action = services.action_item_create(
            meeting=meeting,
            agenda_item=items[key],
            owner_delegation=register.delegations["AUS"],
            text=f"{text} (with Iraq, as co-host)",
            due_date=due,
            by=isu,
        )
        if status != action.status:
            services.action_item_update(action=action, expected_version=action.lock_version, by=isu, status=status)
    return meeting, True
