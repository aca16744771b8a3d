"""The Coordinators' pages, one module per family (coordinators/urls.py names them): areas and
plans of the term, progress and activities, reports and exports, target lists and their
overlaps, Country Coalitions, the public plans. Every logged-in user reads; editing follows
coordinators.rules."""
