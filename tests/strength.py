"""How hard the brute-force sweeps push (fuzzing, the XSS crawl, the backup round trip).

At full strength in CI (CI=true) or with SWEEPS=full: every hostile value, every fuzz example,
every page of the crawl, the backup of a database migrated from zero. Elsewhere (`make test` on a
laptop) each sweep still visits everything it covers, with fewer values per place, so that the
whole suite stays within two minutes.
"""

import os

FULL = os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("SWEEPS") == "full"


def pick(full, quick):
    """`full` in CI (or SWEEPS=full), `quick` elsewhere."""
    return full if FULL else quick
