"""outreach demo data (filled by the outreach app)."""


def build():
    return None
