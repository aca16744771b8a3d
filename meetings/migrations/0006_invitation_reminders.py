from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="cancelled_at",
            field=models.DateTimeField(
                blank=True, help_text="When the cancellation (METHOD:CANCEL) went to the invitees.", null=True
            ),
        ),
    ]
