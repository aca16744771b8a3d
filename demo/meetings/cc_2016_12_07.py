"""The Coordination Committee meeting of 7 December 2016 (seed: its minutes).

Attendance, agenda, who spoke under which item, the documents handed out and the commitments
are the record's facts. The minutes and statements are our own short summaries, not the
seed's sentences.
"""

from __future__ import annotations

import datetime

from demo.base import GERMAN_MISSION, Register, create_meeting, without_notice
from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from meetings.services import AttendanceRow

D = datetime.date
PRESENT, APOLOGIES = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES
NUMBER = 3  # the third CC meeting under the German Presidency

# key, title, kind, presenters; then the sub-items of item 5: key, title, area slug, presenters.
AGENDA = (
    ("present", "Present", AgendaItem.Kind.ATTENDANCE, ()),
    ("opening", "Opening remarks by the President", AgendaItem.Kind.STANDARD, ("DEU",)),
    ("approval", "Approval of the minutes of 4 November 2016", AgendaItem.Kind.APPROVAL_OF_MINUTES, ()),
    ("presidency", "Updates from the 7MSP Presidency", AgendaItem.Kind.STANDARD, ("DEU",)),
    (
        "plans",
        "Presentation of operational plans based on thematic concept notes by the Coordinators of their work "
        "up to the 7MSP",
        AgendaItem.Kind.STANDARD,
        (),
    ),
    ("finance", "Implementation of the ISU-CCM Financial Decision", AgendaItem.Kind.STANDARD, ("ISU-CCM",)),
    ("next", "Date of the next CC meeting", AgendaItem.Kind.NEXT_MEETING, ()),
)
PLANS = (
    ("va", "Victim Assistance (Italy and Chile)", "victim-assistance", ("ITA", "CHL")),
    ("univ", "Universalization (France and Zambia)", "universalization", ("FRA", "ZMB")),
    ("stock", "Stockpile Destruction (Croatia and Mexico)", "stockpile-destruction", ("HRV", "MEX")),
    ("clear", "Clearance and Risk Reduction Education (Norway and Netherlands)", "clearance", ("NOR", "NLD")),
    ("ica", "International Cooperation and Assistance (Iraq and Australia)", "cooperation-and-assistance",
     ("IRQ", "AUS")),
    ("transp", "Transparency Measures (Costa Rica)", "transparency", ("CRI",)),
    ("nim", "National Implementation Measures (New Zealand)", "national-implementation", ("NZL",)),
    ("gsoc", "General Status and Operation of the Convention (Bosnia and Herzegovina and Switzerland)",
     "general-status", ("BIH", "CHE")),
)  # fmt: skip

# In the order of the minutes: delegation, person, status, capacity, guest.
ATTENDANCE = (
    ("DEU", "biontino", PRESENT, "7MSP President", False),
    ("DEU", "pilz", PRESENT, "", False),
    ("AUS", "watson", PRESENT, "", False),
    ("AUS", "nguyen", PRESENT, "", False),
    ("BIH", "dorovic", PRESENT, "", False),
    ("CRI", "munoz", PRESENT, "", False),
    ("HRV", "sprem", PRESENT, "", False),
    ("FRA", "guffet", PRESENT, "", False),
    ("IRQ", "al-juhaishi", PRESENT, "", False),
    ("ITA", "dambrosio", PRESENT, "", False),
    ("ITA", "cattaneo", PRESENT, "", False),
    ("MEX", "martinez", PRESENT, "", False),
    ("NLD", "versteden", PRESENT, "", False),
    ("NZL", "donnelly", PRESENT, "", False),
    ("NOR", "hauge", PRESENT, "", False),
    ("CHE", "berdoz", PRESENT, "", False),
    ("ZMB", "lungo", PRESENT, "", False),
    ("UNODA", "mercogliano", PRESENT, "", True),
    ("ISU-CCM", "laruelle", PRESENT, "Secretariat", False),
    ("CMC", "chayer", APOLOGIES, "", True),
    ("ISU-CCM", "mweemba", APOLOGIES, "", False),
)

MINUTES = {
    "present": "Sixteen delegations attended: the 7MSP President and his deputy, the Coordinators of the eight "
    "thematic areas, UNODA and the ISU-CCM. Apologies came from the CMC and from the ISU-CCM Director.",
    "opening": "The President opened the Committee's third meeting under the German Presidency and welcomed the "
    "members. Nobody asked to add an item, so the agenda was taken as circulated.",
    "approval": "The minutes of 4 November 2016, sent out beforehand, were approved as a correct record with no "
    "comments.",
    "presidency": """**Country Coalitions.** The President had sounded out several partners in the margins of the
APMBC 15MSP in Santiago (among them Norway, Canada and Norwegian People's Aid); first reactions
were encouraging. A regional workshop to put the strategy into practice is planned in Bangkok in
March 2017, funded by the European Union and organised with *La Fondation pour la recherche
stratégique*, which will propose its date and method. The EU has no money at present for a second
workshop in Addis Ababa. To prepare, the Presidency will host a brainstorming session at the
German Mission on 20 December 2016, one participant per delegation or organisation; ICRC, GICHD
and UNMAS will be invited. The Netherlands, Norway and New Zealand cannot attend; written input is
welcome, and the Coordinators of the operative areas are asked to send someone.

**Structured dialogue with States not party.** With the universalization Coordinators (France
and Zambia) the Presidency will take an open, proactive line, with a strategy for each group of
States not party: producers and possessors; States held back by security concerns; States that
see shortcomings in the Convention; States with no fundamental objection. The Netherlands agreed,
expected a process of months or years, and proposed that the conventions reach out together to
producers and possessors, each President reporting to its own convention. Italy saw this as
building on APMBC–CCM synergies but expected reluctance from some APMBC States Parties. The
President favoured a case-by-case approach and will raise the Dutch proposal with the Austrian
APMBC Presidency. He then asked the Coordinators to present how they will put their concept
notes into practice.""",
    "plans": "Each Coordinator, or one for both, outlined the plan for its area up to the 7MSP (items 5.1 to 5.8).",
    "va": """Italy, for both Coordinators, handed out its Victim Assistance Action Plan 2016-2017: six expected
outputs drawn from the Dubrovnik Action Plan, with their activities. It stressed output 2 (at
least five States Parties able to help respond constructively to requests for assistance by
30 June 2017), given its chairmanship of the Mine Action Support Group since January 2016. Italy
will approach six States Parties with victim assistance obligations this year and six more in
2017, settle the target list with the ISU before sharing it, and draft a model letter with points
to raise for the other Coordinators. It will keep close to the APMBC Presidency, which has made
victim assistance a priority.

Coordination between Coordinators followed: Costa Rica's target list was shaped with the ISU and
overlaps with national implementation measures; New Zealand noted that Afghanistan is the one
State targeted both for victim assistance and for national implementation (its letter is signed
but text can still be added); Australia proposed one letter per target State combining the
Coordinators' points. The President will see the APMBC Presidency before the next meeting and
suggested that some Coordinators gather the input for particular target countries.""",
    "univ": """Zambia, for both Coordinators, reported a meeting with the President in Santiago and set out four
groups of target States: signatories; States not party that voted for the December 2016 UNGA
resolution on the Convention; APMBC States Parties outside the CCM; and others with which dialogue
matters. Letters to all four groups will go out soon. France added that the target list and
letters will be agreed with the Presidency and that démarches in capitals and in Geneva start in
January 2017; it had already approached several States not party in Santiago. The President
expects a paper from France in January 2017; the Presidency has thanked the States not party that
voted for the resolution. New Zealand announced the ASEAN Inter-Sessional Meeting on
Non-Proliferation and Disarmament (8-9 March 2017, New Zealand), to be kept in mind when dating
the Bangkok workshop, and will promote the Convention in its bilateral and regional contacts in
2017. The Presidency and the universalization Coordinators will meet before the next meeting.""",
    "stock": """Mexico, for both Coordinators, said their concept note already holds the activities and a
timeline. Croatia explained that they focus on States Parties with approaching deadlines; as some
have no mission in Geneva, the ISU will make the first contact and pass on what it learns. The ISU
Director, invited by the African Union to a consultative meeting in Addis Ababa on APMBC
Article 5 and CCM Article 4, will use it to find focal points; the President offered the help of
Germany's embassy in Addis Ababa.""",
    # The seed dates the Beirut workshop "16 and 17 of November 2017", a slip for 2016: the
    # minutes themselves are of 7 December 2016.
    "clear": """The Netherlands, for both Coordinators, reported on the technical workshop on cluster munition
survey, clearance and Article 4 that it organised with Norway and the Lebanon Mine Action Centre
in Beirut in November 2016. It came as Lebanon revises its national mine action standards, eased
earlier difficulties between the Centre and the operators, and supports Lebanon's wish to become
a regional centre of excellence. Side meetings at the meeting of National Mine Action Programme
Directors in February 2017 will follow it up, and the format may be repeated with another State
with the ISU's help. The Netherlands will provide an operational plan as soon as possible.""",
    "ica": """Australia, for both Coordinators, said their concept note serves as the operational plan and work
has begun: with the APMBC Victim Assistance Committee they launched *Guidance on an Integrated
Approach to Victim Assistance* at the APMBC 15MSP; printed copies will reach the ISU. They are
preparing a side event at the Mine Action Directors' meeting in early February 2017 where affected
and donor States discuss needs and priorities; Coordinators of the related areas met on
22 November and chose a participatory format, with guiding questions in the invitation letters,
which will go out before the end of the year. The President welcomed it as in line with the
Country Coalitions strategy.""",
    "transp": """Costa Rica thanked the ISU for refining its target list. Article 7 reporting being what it is,
the concept note suffices without a separate action plan; the list of States with overdue initial
or annual reports will be annexed to it and has gone to the other Coordinators for comment.
Bilateral contacts start early in 2017, beginning with the States most likely to respond.""",
    "nim": """New Zealand's target list for outreach on national legislation has gone to all Committee members
and matches Costa Rica's transparency targets; its outreach carries Article 7 reminders. It has
offered bilateral meetings in Geneva early in 2017 to States Parties drafting legislation, so that
their status is known before the 7MSP. Ireland and Switzerland may share good practice on
informing national actors of their obligations; the ICRC will announce its 2017 regional meetings;
Article 7 reports look like the best channel for reporting on such dissemination. Guidance on the
financing of cluster munitions has not been started.""",
    "gsoc": """Bosnia and Herzegovina, for both Coordinators, reported a meeting with the ISU Director on finance.
States read the ISU's financial procedures differently, some holding that only the costs under
Article 14 are mandatory. The Coordinators will consult other ISUs and States on how to make
paying easy, including for States that prefer to give directly to the ISU; these are first
thoughts. UNODA reported one reply, from Benin, to the UN Secretary-General's letters of June 2016
encouraging States to join the Convention, and handed out a copy. The President asked the ISU for
a financial update.""",
    "finance": """The ISU has sent 76 personalised reminders; at least 8 States have paid or announced payment,
bringing the shortfall down from just over CHF 100,000 to CHF 1,932.34.

The President proposed one letter signed by the UNOG Director and himself explaining both billing
systems, with two invoices (UN conference services; ISU contribution), sent as early as possible
in 2017 since UNOG must hold the funds 90 days before a meeting, then followed up every two
months. New Zealand asked whether one letter could cover every convention's ISU and the
conference costs, and suggested an electronic platform for the invoices. Bosnia and Herzegovina
noted that the UN's 13% fee cannot be avoided, wanted UNOG involved, recalled the 40/60 model
agreed in Dubrovnik, and asked for a system that serves small and large contributors alike.
Italy pointed out that some States cannot pay without an invoice; the ISU has issued invoices on
request. UNODA will brief its acting Director, who will take it up with UNOG finance. The
President will convene UNOG, the Coordinators on General Status and Operation and the ISU
Director early in 2017.""",
    "next": "The next meeting: Wednesday 25 January 2017, 14:00-15:30, conference room of the Permanent Mission "
    "of the Federal Republic of Germany.",
}

DOCUMENTS = (
    "- Italy: Victim Assistance Action Plan 2016-2017 (paper copy), item 5.1\n"
    "- UNODA: copy of Benin's reply to the UN Secretary-General's letter of June 2016, item 5.8"
)

# item, delegation, on behalf of, text. The President's statements are Germany's, spoken by Biontino.
STATEMENTS = (
    ("opening", "DEU", "", "Welcomed the members and presented the agenda; no additions were asked for."),
    ("presidency", "DEU", "", "Country Coalitions: positive first feedback in Santiago; EU-funded regional workshop in "
     "Bangkok in March 2017 with La Fondation pour la recherche stratégique; brainstorming at the German Mission "
     "on 20 December 2016, one participant per delegation."),
    ("presidency", "NLD", "", "Welcomed the 20 December workshop; cannot attend and will send input by e-mail."),
    ("presidency", "DEU", "", "Structured dialogue with States not party, with France and Zambia: four groups of "
     "States, a strategy for each, bilateral engagement up to the 7MSP."),
    ("presidency", "NLD", "", "Agreed with the groups but expects a long process; proposed joint outreach by the "
     "conventions to producers and possessors, each President reporting to its own convention."),
    ("presidency", "ITA", "", "Saw the idea as consistent with APMBC-CCM synergies, victim assistance being an "
     "example, but expected some APMBC States Parties to resist a joint approach."),
    ("presidency", "DEU", "", "Favoured a case-by-case approach; will follow up with the Austrian APMBC Presidency."),
    ("va", "ITA", "the Coordinators on Victim Assistance", "Presented the Action Plan 2016-2017 (six "
     "outputs); will approach six States Parties this year and six in 2017, settle the target list with the ISU and "
     "share a model letter."),
    ("va", "CRI", "", "The ISU helped define its target list; found overlaps with National Implementation Measures; "
     "letters should be coordinated."),
    ("va", "NZL", "", "Shared a paragraph with Costa Rica; Afghanistan is targeted by both Victim Assistance and "
     "National Implementation Measures."),
    ("va", "AUS", "", "Proposed one letter per target State combining the Coordinators' points, linked to its "
     "February workshop."),
    ("univ", "ZMB", "the Coordinators on Universalization", "Four groups of target States; letters to "
     "all four soon."),
    ("univ", "FRA", "", "Target list and letters with the Presidency; démarches in capitals and Geneva from "
     "January 2017."),
    ("univ", "NZL", "", "ASEAN Inter-Sessional Meeting on Non-Proliferation and Disarmament on 8-9 March 2017 in "
     "New Zealand; will promote the CCM in its 2017 bilateral and regional contacts."),
    ("stock", "MEX", "the Coordinators on Stockpile Destruction and Retention", "The concept note "
     "already holds activities and a timeline."),
    ("stock", "HRV", "", "Focus on States Parties with approaching deadlines; the ISU will first contact those "
     "without a Geneva mission."),
    ("stock", "ISU-CCM", "", "The ISU Director will look for focal points at the African Union meeting in Addis "
     "Ababa."),
    ("clear", "NLD", "the Coordinators on Clearance and Risk Reduction Education", "Reported on the "
     "Beirut technical workshop with the Lebanon Mine Action Centre; an operational plan will follow as soon as "
     "possible."),
    ("ica", "AUS", "the Coordinators on International Cooperation and Assistance", "The concept note "
     "is the operational plan; side event at the Mine Action Directors' meeting in February 2017, invitations "
     "before the end of the year."),
    ("transp", "CRI", "", "No separate action plan needed; target list annexed to the concept note; bilateral "
     "contacts from early 2017."),
    ("nim", "NZL", "", "Target list shared; bilateral meetings in Geneva early 2017 with States drafting "
     "legislation; guidance on financing not yet started."),
    ("gsoc", "BIH", "the Coordinators on General Status and Operation of the Convention", "States read "
     "the ISU's financial procedures differently; the Coordinators will consult other ISUs and States."),
    ("gsoc", "UNODA", "", "One reply, from Benin, to the Secretary-General's letters of June 2016; copy handed out."),
    ("finance", "ISU-CCM", "", "76 reminders sent; at least 8 States paid or announced payment; shortfall down to "
     "CHF 1,932.34."),
    ("finance", "DEU", "", "Proposed a joint letter from the UNOG Director and the President with two invoices, "
     "sent early in 2017."),
    ("finance", "NZL", "", "Asked for one letter covering all ISUs and conference costs, and an electronic "
     "platform for invoices."),
    ("finance", "BIH", "", "The UN's 13% fee is unavoidable; involve UNOG; recalled the 40/60 model."),
    ("finance", "NOR", "", "Asked whether UNOG would send the letters."),
    ("finance", "ITA", "", "Some States cannot pay without an invoice."),
    ("finance", "UNODA", "", "Will brief the acting Director of UNODA, who will raise it with UNOG finance."),
)  # fmt: skip

DECISIONS = (
    ("approval", "The minutes of the Coordination Committee meeting of 4 November 2016 were approved as a correct "
     "record."),
    ("next", "The next meeting will be held on Wednesday 25 January 2017, 14:00-15:30, at the Permanent Mission of "
     "the Federal Republic of Germany."),
)  # fmt: skip

DONE, OPEN = ActionItem.Status.DONE, ActionItem.Status.OPEN
# item, owner delegation, owner person, text, due date, status. Due dates follow what was said
# ("before the end of the year", "at the beginning of 2017", "before the next meeting"). Only
# the invitation letters are known to have gone out (the 8 February 2017 meeting took place);
# the other items marked done are the demo's choice, so the dashboard is not all backlog.
ACTIONS = (
    ("ica", "AUS", "watson", "Send the invitation letters, with the guiding questions, for the cooperation and "
     "assistance side event at the Mine Action Directors' meeting (February 2017).", D(2016, 12, 31), DONE),
    ("ica", "AUS", None, "Deliver printed copies of the Guidance on an Integrated Approach to Victim Assistance to "
     "the ISU.", D(2016, 12, 16), DONE),
    ("clear", "NLD", "versteden", "Provide the operational plan of the Coordinators on Clearance and Risk "
     "Reduction Education.", D(2017, 1, 25), OPEN),
    ("va", "ITA", "dambrosio", "Draft a model letter with points to raise and share it with the other "
     "Coordinators.", D(2017, 1, 25), DONE),
    ("va", "ITA", None, "Consult the ISU on the Victim Assistance target list of States, then share it with the "
     "other Coordinators.", D(2016, 12, 31), DONE),
    ("va", "DEU", "biontino", "Meet the Austrian APMBC Presidency before the next meeting: victim assistance, and "
     "the Netherlands' proposal of joint outreach to producers and possessors.", D(2017, 1, 25), DONE),
    ("univ", "DEU", "biontino", "Meet the Coordinators on Universalization (France, Zambia) before the next "
     "meeting to fine-tune the approach.", D(2017, 1, 25), DONE),
    ("univ", "FRA", None, "Send the President a paper on the structured dialogue with States not party.",
     D(2017, 1, 31), DONE),
    ("stock", "ISU-CCM", None, "Use the African Union meeting in Addis Ababa to find focal points of target States "
     "without a Geneva mission, and pass them to the Coordinators.", None, OPEN),
    ("transp", "CRI", "munoz", "Start contacting target States for bilateral meetings on Article 7 reporting.",
     D(2017, 2, 28), OPEN),
    ("nim", "NZL", "donnelly", "Hold bilateral meetings in Geneva with States Parties developing implementing "
     "legislation.", D(2017, 3, 31), OPEN),
    ("finance", "DEU", "biontino", "Call a meeting with UNOG, the Coordinators on General Status and Operation and "
     "the ISU Director on the billing system (one joint letter, two invoices).", D(2017, 1, 13), OPEN),
    ("finance", "UNODA", "mercogliano", "Brief the acting Director of UNODA on the joint letter, for discussion "
     "with UNOG finance.", D(2017, 1, 25), DONE),
)  # fmt: skip


def _agenda(meeting: Meeting, register: Register) -> dict[str, AgendaItem]:
    items: dict[str, AgendaItem] = {}
    for key, title, kind, presenters in AGENDA:
        items[key] = services.agenda_item_add(
            meeting=meeting,
            title=title,
            kind=kind,
            presenters=[register.delegations[p] for p in presenters],
        )
        if key == "plans":
            for sub_key, sub_title, area, coordinators in PLANS:
                items[sub_key] = services.agenda_item_add(
                    meeting=meeting,
                    parent=items["plans"],
                    title=sub_title,
                    thematic_area=register.areas[area],
                    presenters=[register.delegations[c] for c in coordinators],
                )
    return items


def _speaker(register: Register, delegation: str):
    """Biontino speaks for Germany (the President); otherwise the delegation's only member present."""
    if delegation == "DEU":
        return register.people["biontino"]
    present = [p for d, p, status, *_ in ATTENDANCE if d == delegation and status == PRESENT]
    return register.people[present[0]] if len(present) == 1 else None


def build(register: Register, today: datetime.date) -> tuple[Meeting, bool]:
    """The meeting with its full record; its minutes are left circulated, for approval on 25 January 2017."""
    term = register.terms["7MSP"]
    existing = Meeting.objects.filter(kind=Meeting.Kind.COORDINATION_COMMITTEE, term=term, number=NUMBER).first()
    if existing is not None:
        return existing, False
    isu = register.isu
    meeting = create_meeting(
        kind=Meeting.Kind.COORDINATION_COMMITTEE,
        title="Coordination Committee meeting",
        term=term,
        number=NUMBER,
        date=D(2016, 12, 7),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 30),
        venue=GERMAN_MISSION,
        chair=register.people["biontino"],
        confidentiality=Meeting.Confidentiality.RESTRICTED,
        status=Meeting.Status.HELD,
        created_by=isu,
        conventions=[register.conventions["ccm"]],
        hosts=[register.delegations["DEU"]],
    )
    items = _agenda(meeting, register)
    services.attendance_record(
        meeting=meeting,
        rows=[
            AttendanceRow(
                delegation=register.delegations[delegation],
                person=register.people[person],
                status=status,
                capacity=capacity,
                is_guest=guest,
            )
            for delegation, person, status, capacity, guest in ATTENDANCE
        ],
    )
    minutes = services.minutes_start(meeting=meeting)
    for key, text in MINUTES.items():
        item = minutes.items.get(agenda_item=items[key])
        services.minutes_item_update(item=item, text=text, expected_version=item.lock_version, by=isu)
    services.minutes_update(
        minutes=minutes, documents_distributed=DOCUMENTS, expected_version=minutes.lock_version, by=isu
    )
    for key, delegation, on_behalf_of, text in STATEMENTS:
        services.statement_add(
            agenda_item=items[key],
            delegation=register.delegations[delegation],
            speaker=_speaker(register, delegation),
            on_behalf_of=on_behalf_of,
            text=text,
        )
    for key, text in DECISIONS:
        services.decision_add(meeting=meeting, agenda_item=items[key], text=text)
    for key, owner, person, text, due, status in ACTIONS:
        action = services.action_item_create(
            meeting=meeting,
            agenda_item=items[key],
            owner_delegation=register.delegations[owner],
            owner_person=register.people[person] if person else None,
            text=text,
            due_date=due,
            by=isu,
        )
        if status != action.status:
            services.action_item_update(action=action, expected_version=action.lock_version, by=isu, status=status)
    minutes.refresh_from_db()
    services.minutes_circulate(minutes=minutes, comment_deadline=today, by=isu)
    # When the minutes went out in 2016 and until when comments were taken is not recorded.
    without_notice(minutes, comment_deadline=None)
    return meeting, True
