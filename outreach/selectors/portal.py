"""What a State's focal point sees of outreach on their portal page: the letters sent to their
State, with the answer status and the PDF (served by documents, readable by whoever may see the letter)."""

from ..models import Letter


def letters_for_state(state, limit: int = 20):
    if state is None:
        return Letter.objects.none()
    return (
        Letter.objects.filter(state=state, sent_at__isnull=False)
        .select_related("campaign", "document")
        .order_by("-sent_at")[:limit]
    )
