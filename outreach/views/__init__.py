"""Outreach pages, one module per page family (urls.py imports the modules): campaigns (with the
reminders run), letters (and their answers), templates (with the live preview), states (the
States' outreach and each one's history, contacts), followups (démarches planned and done),
calendar (the démarches' month and iCalendar feed).

Committee members read; managing follows outreach.rules; everyone else gets a 404 (nothing is
revealed: the loaders are in outreach.selectors.access)."""
