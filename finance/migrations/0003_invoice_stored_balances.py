"""Each invoice keeps its balance (paid, credited, outstanding), stored by the services that write
the ledger; this works it out for the invoices already issued (from their allocations and credit
notes, in Decimal, on SQLite and PostgreSQL alike)."""

from decimal import Decimal

from django.db import migrations, models
from django.db.models import Sum

ZERO = Decimal("0.00")


def store_balances(apps, schema_editor):
    Invoice = apps.get_model("finance", "Invoice")
    PaymentAllocation = apps.get_model("finance", "PaymentAllocation")
    db = schema_editor.connection.alias
    paid = dict(
        PaymentAllocation.objects.using(db)
        .values("invoice_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("invoice_id", "total")
    )
    credited = dict(
        Invoice.objects.using(db)
        .filter(credit_note_for__isnull=False)
        .values("credit_note_for_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("credit_note_for_id", "total")
    )
    changed = []
    for invoice in Invoice.objects.using(db).only("pk", "kind", "amount").iterator(chunk_size=2000):
        if invoice.kind == "credit_note":
            continue  # a credit note's balance is 0 (the default)
        invoice.paid = Decimal(paid.get(invoice.pk) or 0).quantize(ZERO)
        invoice.credited = -Decimal(credited.get(invoice.pk) or 0).quantize(ZERO)
        invoice.outstanding = Decimal(invoice.amount).quantize(ZERO) - invoice.credited - invoice.paid
        changed.append(invoice)
    Invoice.objects.using(db).bulk_update(changed, ["paid", "credited", "outstanding"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_bank_line_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinvoice",
            name="credited",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=14),
        ),
        migrations.AddField(
            model_name="historicalinvoice",
            name="outstanding",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=14),
        ),
        migrations.AddField(
            model_name="historicalinvoice",
            name="paid",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=14),
        ),
        migrations.AddField(
            model_name="invoice",
            name="credited",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=14),
        ),
        migrations.AddField(
            model_name="invoice",
            name="outstanding",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=14),
        ),
        migrations.AddField(
            model_name="invoice",
            name="paid",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=14),
        ),
        migrations.RunPython(store_balances, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(
                condition=models.Q(
                    ("outstanding__gte", Decimal("0.005")), models.Q(("kind", "credit_note"), _negated=True)
                ),
                fields=["due_date", "state"],
                name="invoice_open_by_due_date",
            ),
        ),
    ]
