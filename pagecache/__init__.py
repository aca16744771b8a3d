"""Exact page caching for logged-in pages: a change stamp that every write bumps in its own
transaction (database triggers, stamps.py) and a per-user cache of the allowlisted GET pages keyed
by it (middleware.py). Imports none of the portal's apps."""
