"""How much of each minutes layout the importer recovers, against the truth written beside it.

    python -m bench.importer_corpus

For each fixture in tests/meetings/fixtures/layouts/ (a text file, the same printed as a PDF, and
the layouts only a PDF has as .pdf and .docx, each with its .json truth, invented names) it
prints the delegations, people, apologies and agenda numbers recovered against the truth, and
whether the date is right; then the totals. No database is needed; the PDFs need poppler's
pdftotext.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent.parent / "tests" / "meetings" / "fixtures" / "layouts"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")
    import django

    django.setup()


def score(parsed, truth: dict) -> dict[str, tuple[int, int]]:
    """(recovered, expected) per kind; a recovered item is one of the truth's, found as written."""
    from directory.models import normalise_name as n

    delegations = {n(d.name) for d in parsed.delegations}
    people = {(n(d.name), n(f"{p.first_name} {p.last_name}")) for d in parsed.delegations for p in d.people}
    apologies = {n(a) for a in parsed.apology_delegations} | {
        n(f"{p.delegation}: {p.first_name} {p.last_name}") for p in parsed.apologies
    }
    agenda = [item.number for item in parsed.agenda]
    want_people = {(n(d), n(p)) for d, p in truth["people"]}
    return {
        "delegations": (len({n(d) for d in truth["delegations"]} & delegations), len(truth["delegations"])),
        "people": (len(want_people & people), len(want_people)),
        "apologies": (len({n(a) for a in truth["apologies"]} & apologies), len(truth["apologies"])),
        "agenda": (sum(1 for number in truth["agenda"] if number in agenda), len(truth["agenda"])),
        "date": (int(str(parsed.date) == truth["date"]), 1),
    }


def main() -> int:
    _setup()
    from meetings.importer import parse_minutes, read_document

    totals: dict[str, list[int]] = {}
    print(f"{'fixture':34} {'delegations':>12} {'people':>8} {'apologies':>10} {'agenda':>7} {'date':>5}")
    files = [p for suffix in ("txt", "pdf", "docx") for p in LAYOUTS.glob(f"*.{suffix}")]
    for path in sorted(files, key=lambda p: (p.stem, p.suffix != ".txt", p.suffix)):
        truth_path = path.with_suffix(".json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        parsed = parse_minutes(read_document(path.name, path.read_bytes()))
        row = score(parsed, truth)
        for kind, (got, want) in row.items():
            totals.setdefault(kind, [0, 0])
            totals[kind][0] += got
            totals[kind][1] += want
        cells = [f"{got}/{want}" for got, want in row.values()]
        print(f"{path.name:34} {cells[0]:>12} {cells[1]:>8} {cells[2]:>10} {cells[3]:>7} {cells[4]:>5}")
    cells = [f"{got}/{want}" for got, want in totals.values()]
    print(f"{'TOTAL':34} {cells[0]:>12} {cells[1]:>8} {cells[2]:>10} {cells[3]:>7} {cells[4]:>5}")
    share = {kind: (got / want if want else 1.0) for kind, (got, want) in totals.items()}
    print("recovered: " + ", ".join(f"{kind} {100 * value:.0f} %" for kind, value in share.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
