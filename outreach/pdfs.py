"""The letters' PDFs: letterhead, date, reference, addressee, body and signature block; who may
read one (whoever may see the letter: Letter.objects.visible_to, registered with the documents
app); a campaign's ready PDFs in a zip."""

import io
import zipfile

from django.utils import timezone

from documents import registry

from .models import Letter

PLACE = {"en": "Geneva", "fr": "Genève", "es": "Ginebra"}
REF = {"en": "Ref.", "fr": "Réf.", "es": "Ref."}


def build_letter_pdf(letter_id: int):
    letter = Letter.objects.select_related("campaign", "campaign__term", "state").get(pk=letter_id)
    from .merge import format_date

    when = letter.sent_at or letter.generated_at
    return "outreach/pdf/letter.html", {
        "letter": letter,
        "campaign": letter.campaign,
        "date": format_date(timezone.localdate(when), letter.campaign.language) if when else "",  # Geneva's date
        "paragraphs": [p for p in letter.body.split("\n\n") if p.strip()],
        "language": letter.campaign.language,
        "place": PLACE.get(letter.campaign.language, "Geneva"),
        "ref": REF.get(letter.campaign.language, "Ref."),
    }


def campaign_letters_zip(campaign) -> io.BytesIO | None:
    """The campaign's ready PDFs in one zip, read from storage; None when none is ready yet."""
    buffer = io.BytesIO()
    names = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in campaign.letters.select_related("document", "state"):
            if letter.document_id and letter.document.is_ready:
                with letter.document.file.open("rb") as pdf:
                    archive.writestr(letter.pdf_filename, pdf.read())
                names += 1
    if not names:
        return None
    buffer.seek(0)
    return buffer


def register_documents() -> None:
    registry.register("letter", build=build_letter_pdf, can_view=registry.readers_of(Letter))
