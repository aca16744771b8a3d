"""The finance URLs and the test files that check who may reach them (read by tests/test_url_coverage.py)."""

MATRIX = "tests/finance/test_views.py (URL × role matrix)"
COVERED: dict[str, str] = {
    name: MATRIX
    for name in (
        "finance:dashboard", "finance:export", "finance:scale-list", "finance:year-create", "finance:year-detail",
        "finance:year-edit", "finance:invoice-list", "finance:invoice-detail", "finance:payment-list",
        "finance:payment-create", "finance:bank-import", "finance:bank-import-detail", "finance:reminder-list",
        "finance:reminder-round-detail", "finance:reminder-round-progress", "finance:state-account",
        "finance:year-assess", "finance:year-issue", "finance:year-letters", "finance:invoice-credit",
    )
} | {
    "finance:letter-pdf": "tests/finance/test_views.py (portal isolation, forged URLs)",
    "finance:my-account": "tests/finance/test_views.py (portal isolation)",
    "finance:credit-note-pdf": "tests/finance/test_views.py (portal isolation, forged URLs)",
    "finance:reminder-pdf": "tests/finance/test_views.py (portal isolation, forged URLs)",
}  # fmt: skip
