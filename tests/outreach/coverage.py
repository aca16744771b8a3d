"""The outreach URLs and the test files that check who may reach them (read by tests/test_url_coverage.py)."""

MATRIX = "tests/outreach/test_views.py (test_permission_matrix: ISU, both Coordinators, focal point, anonymous)"

COVERED: dict[str, str] = {
    "outreach:campaign-list": MATRIX,
    "outreach:campaign-create": MATRIX,
    "outreach:campaign-detail": MATRIX,
    "outreach:campaign-generate": MATRIX,
    "outreach:campaign-approve": MATRIX,
    "outreach:campaign-send": MATRIX,
    "outreach:campaign-progress": MATRIX,
    "outreach:campaign-zip": MATRIX,
    "outreach:letter-detail": MATRIX,
    "outreach:letter-approve": MATRIX,
    "outreach:letter-mark-sent": MATRIX,
    "outreach:letter-send": MATRIX,
    "outreach:letter-edit": MATRIX,
    "outreach:response-add": MATRIX,
    "outreach:response-file": MATRIX,
    "outreach:state-list": MATRIX,
    "outreach:state-history": MATRIX,
    "outreach:contact-add": MATRIX,
    "outreach:followup-add": MATRIX,
    "outreach:followup-done": MATRIX,
    "outreach:calendar": MATRIX,
    "outreach:calendar-ics": MATRIX,
    "outreach:template-list": MATRIX,
    "outreach:template-create": MATRIX,
    "outreach:template-edit": MATRIX,
    "outreach:template-preview": MATRIX,
    "outreach:reminders-run": MATRIX,
}
