"""finance demo data (filled by the finance app)."""


def build():
    return None
