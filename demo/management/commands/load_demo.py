"""manage.py load_demo: the demo data and logins (a second run adds nothing twice).

It lives in the `demo` app, above every other app, because it loads the data of all of them
(directory, meetings, coordinators, outreach, finance): imports run one way, from the higher
layers to the lower, and no app imports `demo`."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import coordinators as coordinators_demo
from demo import finance as finance_demo
from demo import outreach as outreach_demo
from demo.meetings import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the register (States, organisations, people, thematic areas, the 7MSP term), "
        "the Coordination Committee meetings of 7 December 2016 and 25 January 2017, the informal meeting of "
        "9 June 2017 with its published summary, a planned meeting ahead, the Victim Assistance action plan "
        "and target lists, and the demo logins. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            report = load_demo()
            plan = coordinators_demo.build()
            outreach_report = outreach_demo.build()
            finance_report = finance_demo.build()
        if report.meetings_created:
            self.stdout.write("Meetings created:")
            for meeting in report.meetings_created:
                self.stdout.write(f"  {meeting}")
        else:
            self.stdout.write("The demo meetings were already there: nothing added.")
        if plan is not None:
            self.stdout.write(f"Action plan created: {plan} ({plan.outputs.count()} outputs).")
        for extra in (outreach_report, finance_report):
            if extra:
                self.stdout.write(str(extra))
        self.stdout.write(", ".join(f"{count} {name}" for name, count in report.counts.items()) + ".")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password '{report.password}'):"))
        for username, role in report.logins:
            self.stdout.write(f"  {username:<16} {role}")
