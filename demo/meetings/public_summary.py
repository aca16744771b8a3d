"""The sanitised public summary of the informal meeting of 9 June 2017, taken through the
portal's own workflow: categories confirmed, summary generated from the record, leak check
run (a workshop's host country is waived: it names a place, not a speaker), published."""

from __future__ import annotations

from demo.base import Register
from meetings.models import LeakFinding, Meeting, PublicSummary
from meetings.services import summaries

INTRODUCTION = (
    "On Friday 9 June 2017, Australia and Iraq, CCM Coordinators on International Cooperation and Assistance, "
    "hosted an informal meeting in the margins of the Intersessional Meetings of the Anti-Personnel Landmines "
    "Convention. It followed up the informal meeting held in the margins of the 20th International Meeting of "
    "National Mine Action Programme Directors and United Nations Advisers on 8 February, to hear updates and views "
    "on challenges and needs for cooperation and assistance. About 22 representatives of affected States, States "
    "with impending deadlines under the Convention and donor States took part."
)
HEADING = "13:00-15:00, Friday 9 June 2017, Room C2, World Meteorological Organisation"
# Findings the ISU waives, with the reason (matched text → reason).
WAIVERS = {
    "croatia": "Names where a regional workshop was held, not a participant of this meeting.",
    "bangkok": "Names where a regional workshop was held, not a participant of this meeting.",
}


def build(register: Register, meeting: Meeting) -> PublicSummary | None:
    if PublicSummary.objects.filter(meeting=meeting).exists():
        return None
    isu = register.isu
    for participant in summaries.participants_propose(meeting=meeting):
        summaries.participant_categorise(
            participant=participant, category=participant.category, named_openly=participant.named_openly, by=isu
        )
    summary = summaries.summary_generate(meeting=meeting, by=isu)
    summary = summaries.summary_update(
        summary=summary,
        expected_version=summary.lock_version,
        by=isu,
        title="Informal meeting on Enhancing International Cooperation and Assistance under the Convention on "
        "Cluster Munitions (CCM)",
        heading=HEADING,
        introduction=INTRODUCTION,
    )
    for finding in summaries.summary_check(summary=summary, by=isu):
        reason = WAIVERS.get(finding.matched.casefold())
        if reason:
            summaries.finding_waive(finding=finding, reason=reason, by=isu)
    if summary.findings.filter(resolution=LeakFinding.Resolution.OPEN).exists():
        return summary  # left as a draft for the ISU to fix: the demo never publishes a leak
    return summaries.summary_publish(summary=summary, by=isu)
