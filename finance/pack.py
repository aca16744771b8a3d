"""Finance's part of the meeting pack (meetings/pack.py, registered in apps.py): the year's
contributions and shortfall, the meeting's year (the latest year before it when it has none).
Totals only: the pack goes to the Committee, and a State's arrears are the ISU's."""

from __future__ import annotations

import datetime

from .models import FinancialYear
from .selectors.reports import year_rows


def year_shortfall(meeting, today: datetime.date) -> dict | None:
    year = FinancialYear.objects.filter(year__lte=meeting.date.year).order_by("-year").first()
    if year is None:
        return None
    row = next(row for row in year_rows() if row.financial_year.pk == year.pk)
    return {
        "year": year.year,
        "assessed": row.assessed,
        "received": row.received,
        "percent_received": row.percent_received,
        "shortfall": row.shortfall,
        "isu_shortfall": row.isu_shortfall,
        "un_shortfall": row.un_shortfall,
        "states_in_arrears": row.states_in_arrears,
    }
