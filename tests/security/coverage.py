"""The security pages' permission tests (read by tests/test_url_coverage.py)."""

COVERED = {
    "otp-setup": "tests/security/test_two_factor.py (anonymous → login; any logged-in user may enrol)",
    "otp-verify": "tests/security/test_two_factor.py (anonymous → login; wrong code refused)",
}
