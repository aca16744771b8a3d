"""How well the leak check finds what identifies a participant, and only that.

    python -m bench.leak_corpus            # the report
    python -m bench.leak_corpus --json     # the figures, for bench/run.py

The corpus (tests/meetings/fixtures/leak_corpus/, written for this, invented people) is read
against a demo-sized register (register.json: the hosts Australia and Iraq and the ISU named
openly) and the register of the world:

- planted.txt: draft-summary paragraphs with planted leaks of every kind (States in and outside
  the register, French and Spanish names, official names, demonyms, capitals, cities, provinces,
  people, roles, possessives, lower case, diacritics stripped, look-alike letters), each leak
  annotated on a line "@ written | participant key" (and "| possible" where the name is an
  ordinary word written as the word, which the check must report as a possible finding);
- clean.txt: ordinary treaty prose that names nobody.

Recall: the planted leaks reported (as findings or possible findings, for the right participant).
False positives: the clean paragraphs in which anything is reported, and the findings in planted
paragraphs that no annotation expects. Targets: 100 % recall, at most 2 % false positives.
No database is needed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "meetings" / "fixtures" / "leak_corpus"


@dataclass
class Paragraph:
    line: int
    text: str
    expected: list[tuple[str, str, bool]] = field(default_factory=list)  # written, key, possible


def read_paragraphs(path: Path) -> list[Paragraph]:
    """Paragraphs separated by blank lines; '#' lines are comments, '@' lines annotate leaks."""
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        if line.startswith("#"):
            continue
        if line.startswith("@ "):
            written, key, *flags = [part.strip() for part in line[2:].split("|")]
            current.expected.append((written, key, "possible" in flags))
            continue
        if current is None:
            current = Paragraph(number, line)
            paragraphs.append(current)
        else:
            current.text += "\n" + line
    return paragraphs


def corpus_lexicon():
    from meetings.sanitiser import lexicon_from_register, load_world

    register = json.loads((CORPUS / "register.json").read_text(encoding="utf-8"))
    states = {
        s["iso3"]: SimpleNamespace(
            **{k: v for k, v in s.items() if k != "aliases"},
            aliases=[SimpleNamespace(alias=a) for a in s.get("aliases", [])],
        )
        for s in register["states"]
    }
    organisations = [SimpleNamespace(**o) for o in register["organisations"]]
    people = [
        SimpleNamespace(
            **{k: v for k, v in p.items() if k != "delegation"},
            function="",
            delegation=SimpleNamespace(state=states[p["delegation"]], organisation=None),
        )
        for p in register["people"]
    ]
    return lexicon_from_register(
        states.values(),
        organisations,
        people,
        roles=register["roles"],
        allowed_keys=register["allowed"],
        world=load_world(),
    )


def _same(finding, written: str, key: str) -> bool:
    return finding.participant_key == key and finding.text.casefold() == written.casefold()


def measure() -> dict:
    from meetings.sanitiser import find_leaks

    started = time.perf_counter()
    lexicon = corpus_lexicon()
    find_leaks("warm-up", lexicon, "x")
    load_s = time.perf_counter() - started
    planted, clean = read_paragraphs(CORPUS / "planted.txt"), read_paragraphs(CORPUS / "clean.txt")
    missed, misjudged, unexpected = [], [], []
    expected_total = 0
    started = time.perf_counter()
    for paragraph in planted:
        findings = find_leaks(paragraph.text, lexicon, f"planted.txt:{paragraph.line}")
        for written, key, possible in paragraph.expected:
            expected_total += 1
            match = next((f for f in findings if f.text == written and f.participant_key == key), None)
            match = match or next((f for f in findings if _same(f, written, key)), None)
            if match is None:
                missed.append(f"planted.txt:{paragraph.line}: {written} ({key})")
            elif match.possible != possible:
                misjudged.append(f"planted.txt:{paragraph.line}: {written} possible={match.possible}")
        for f in findings:
            if not any(_same(f, written, key) for written, key, _ in paragraph.expected):
                unexpected.append(f"planted.txt:{paragraph.line}: {f.text} ({f.participant_key}, {f.kind})")
    flagged = []
    for paragraph in clean:
        findings = find_leaks(paragraph.text, lexicon, f"clean.txt:{paragraph.line}")
        if findings:
            flagged.append(
                f"clean.txt:{paragraph.line}: "
                + ", ".join(f"{f.text} ({f.participant_key}{', possible' if f.possible else ''})" for f in findings)
            )
    check_s = time.perf_counter() - started
    characters = sum(len(p.text) for p in planted + clean)
    return {
        "planted_paragraphs": len(planted),
        "planted_leaks": expected_total,
        "recalled": expected_total - len(missed),
        "recall": (expected_total - len(missed)) / expected_total if expected_total else 1.0,
        "missed": missed,
        "misjudged": misjudged,
        "unexpected": unexpected,
        "clean_paragraphs": len(clean),
        "clean_flagged": len(flagged),
        "false_positive_rate": len(flagged) / len(clean) if clean else 0.0,
        "flagged": flagged,
        "load_s": load_s,
        "check_s": check_s,
        "characters": characters,
    }


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")
    import django

    django.setup()
    result = measure()
    if "--json" in argv:
        print(json.dumps(result))
        return 0
    print(f"planted: {result['recalled']}/{result['planted_leaks']} leaks reported in "
          f"{result['planted_paragraphs']} paragraphs: recall {result['recall']:.1%} (target 100 %)")  # fmt: skip
    print(f"clean:   {result['clean_flagged']}/{result['clean_paragraphs']} paragraphs flagged: "
          f"false positives {result['false_positive_rate']:.1%} (target <= 2 %)")  # fmt: skip
    print(f"findings no annotation expects, in planted paragraphs: {len(result['unexpected'])}")
    print(f"possible/certain judged otherwise than annotated: {len(result['misjudged'])}")
    print(f"time: world loaded in {result['load_s']:.2f} s; {result['characters']:,} characters checked in "
          f"{result['check_s'] * 1000:.0f} ms")  # fmt: skip
    for title in ("missed", "flagged", "unexpected", "misjudged"):
        for item in result[title]:
            print(f"  {title}: {item}")
    ok = result["recall"] == 1.0 and result["false_positive_rate"] <= 0.02
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
