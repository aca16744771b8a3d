"""“On behalf of” on an attendance line becomes a delegation chosen from the register.

Earlier lines held free text. Text that names a delegation (its name, a State's alias, an
organisation's acronym, with or without a leading "on behalf of") becomes the delegation and the
text is cleared; any other text stays in `on_behalf_of`, so nothing is lost."""

import unicodedata

import django.db.models.deletion
from django.db import migrations, models

PREFIXES = ("on behalf of ",)


def _normalise(value: str) -> str:
    """Fold a name for matching (as directory.models.normalise_name does, copied so that this
    migration stays as it is when that function changes): no diacritics, no case, '&' read as
    'and', no punctuation, no leading 'on behalf of' or 'the'."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.lower().replace("&", " and ").replace("-", " ")
    value = " ".join("".join(c if c.isalnum() or c.isspace() else " " for c in value).split())
    for prefix in PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix) :]
    words = value.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _delegations_by_name(apps) -> dict:
    Delegation = apps.get_model("directory", "Delegation")
    StateAlias = apps.get_model("directory", "StateAlias")
    names: dict = {}
    for delegation in Delegation.objects.select_related("state", "organisation"):
        keys = [delegation.name]
        if delegation.state_id:
            keys += [delegation.state.name, delegation.state.official_name]
        if delegation.organisation_id:
            keys += [delegation.organisation.name, delegation.organisation.acronym]
        for key in filter(None, keys):
            names.setdefault(_normalise(key), delegation)
    states = {d.state_id: d for d in Delegation.objects.filter(state__isnull=False)}
    for alias in StateAlias.objects.all():
        if alias.state_id in states:
            names.setdefault(_normalise(alias.alias), states[alias.state_id])
    names.pop("", None)
    return names


def convert_free_text(apps, schema_editor):
    """Each line whose free text names a delegation gets that delegation; other text is kept."""
    Attendance = apps.get_model("meetings", "Attendance")
    lines = Attendance.objects.exclude(on_behalf_of="").filter(on_behalf_of_delegation__isnull=True)
    if not lines.exists():
        return
    names = _delegations_by_name(apps)
    for line in lines:
        delegation = names.get(_normalise(line.on_behalf_of))
        if delegation is not None:
            line.on_behalf_of_delegation = delegation
            line.on_behalf_of = ""
            line.save(update_fields=["on_behalf_of_delegation", "on_behalf_of"])


def back_to_free_text(apps, schema_editor):
    """Undo: the chosen delegation's name goes back into the free text."""
    Attendance = apps.get_model("meetings", "Attendance")
    for line in Attendance.objects.filter(on_behalf_of_delegation__isnull=False).select_related(
        "on_behalf_of_delegation"
    ):
        line.on_behalf_of = line.on_behalf_of or line.on_behalf_of_delegation.name
        line.save(update_fields=["on_behalf_of"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_state_names_articles"),
        ("meetings", "0006_invitation_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="on_behalf_of_delegation",
            field=models.ForeignKey(
                blank=True,
                help_text="The delegation this person speaks for, chosen from the register.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.delegation",
                verbose_name="on behalf of",
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="on_behalf_of",
            field=models.CharField(
                blank=True,
                help_text="Free text from before the choice from the register, kept when it named no delegation.",
                max_length=300,
                verbose_name="on behalf of (earlier text)",
            ),
        ),
        migrations.RunPython(convert_free_text, back_to_free_text),
    ]
