"""What the year, invoice and account pages read of the joint letters and their PDFs."""

from __future__ import annotations

from collections.abc import Iterable

from directory.models import State
from documents.models import GeneratedDocument

from ..models import Assessment, FinancialYear, Invoice, JointLetter
from ..pdfs import JOINT_LETTER


def pdfs_by_object(kind: str, ids: Iterable[int]) -> dict[int, GeneratedDocument]:
    """The generated PDF of each object of a kind (joint letter, credit note), by object id."""
    found = {}
    for document in GeneratedDocument.objects.filter(kind=kind, object_id__in=list(ids)).order_by("pk"):
        found[document.object_id] = document
    return found


def year_assessments(financial_year: FinancialYear) -> list[Assessment]:
    """The year's assessments, each with the State's latest joint letter (.letter) and its PDF (.document)."""
    # some 200 rows: only the columns the year page shows (the State's name and code, the letter's id)
    own = [f.name for f in Assessment._meta.concrete_fields]
    state_fields = ["state__iso3", *(f"state__{f}" for f in State.NAME_FIELDS)]
    assessments = list(financial_year.assessments.select_related("state").only(*own, *state_fields))
    letters = list(JointLetter.objects.filter(financial_year=financial_year).only("pk", "state_id"))
    documents = pdfs_by_object(JOINT_LETTER, (letter.pk for letter in letters))
    latest_letter = {}
    for letter in letters:
        if letter.state_id not in latest_letter or letter.pk > latest_letter[letter.state_id].pk:
            latest_letter[letter.state_id] = letter
    for assessment in assessments:
        assessment.letter = latest_letter.get(assessment.state_id)
        assessment.document = documents.get(assessment.letter.pk) if assessment.letter else None
    return assessments


def invoice_letter(invoice: Invoice) -> JointLetter | None:
    """The joint letter that carries an invoice."""
    return (
        JointLetter.objects.filter(financial_year=invoice.financial_year, state=invoice.state)
        .filter(isu_invoice=invoice)
        .first()
        or JointLetter.objects.filter(un_invoice=invoice).order_by("-pk").first()
    )
