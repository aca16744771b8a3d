"""The finance URLs and the test files that check who may reach them (read by tests/test_url_coverage.py)."""

COVERED: dict[str, str] = {}
