"""Django's PostgreSQL back end with a health check that costs no round trip (base.py)."""
