"""The demo world, above every app: `manage.py load_demo` and the data it loads.

`demo.register` (States, organisations, people, logins), `demo.meetings` (the seed meetings and
their summary), `demo.coordinators`, `demo.outreach` and `demo.finance`. It may import any app;
no app imports it (an import-linter contract in pyproject.toml)."""
