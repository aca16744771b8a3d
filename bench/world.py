"""What the benchmark world is made of: its sizes, the words it writes, and bulk inserts."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

D = datetime.date
BATCH = 2000
# The last generated year ends before this date, so the "current" data looks like today's.
TODAY = D(2026, 11, 23)


@dataclass(frozen=True)
class Size:
    states: int
    terms: int
    meetings: int
    statements: int
    actions: int
    letters: int
    invoice_years: int
    summaries: int


SIZES = {
    # 15 years, 130 States, ~400 meetings, 40,000 statements, 3,000 action items, 8 areas x 15 terms
    # of plans, 6,000 letters, ~4,000 invoices (130 States x 2 kinds x 15 years + credit notes).
    "large": Size(states=130, terms=15, meetings=400, statements=40_000, actions=3_000, letters=6_000,
                  invoice_years=15, summaries=60),
    "small": Size(states=40, terms=3, meetings=40, statements=4_000, actions=300, letters=600,
                  invoice_years=5, summaries=6),
}  # fmt: skip

# The meeting whose minutes the benchmark opens, and the one whose summary it checks for leaks:
# found by these titles, the same shape in both sizes.
MINUTES_MEETING_TITLE = "Coordination Committee meeting (benchmark reference)"
LEAK_MEETING_TITLE = "Informal meeting with 200 statements (benchmark leak check)"
SYLLABLES = ["bar", "cor", "dal", "esta", "fen", "gor", "han", "ist", "jor", "kal", "lum", "mar", "nor", "ost",
             "pal", "quen", "ros", "sel", "tan", "ur", "val", "wen", "yar", "zem"]  # fmt: skip
WORDS = (
    "the coordinators welcomed progress on national plans and recalled the obligations under the convention "
    "states parties were encouraged to submit their transparency reports on time and to share information "
    "on clearance survey victim assistance stockpile destruction cooperation and the mobilisation of resources "
    "the committee took note of the update and agreed to follow up with the delegations concerned before the "
    "next meeting including bilateral meetings in geneva and letters to capitals"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)
