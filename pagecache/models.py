"""No Django models: the stamp's tables are created in SQL by stamps.install(), so that dumps,
row counts and the test suite's snapshots of the models' tables never see them. The module is
here so that Django sends this app the post_migrate signal (apps.py)."""
