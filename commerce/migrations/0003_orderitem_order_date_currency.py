"""Order items carry their order's date and currency (copied; neither changes), so that a
product's sales are read from one index of its items."""

from django.db import migrations, models

import crm.currencies

FILL = """
UPDATE commerce_orderitem SET
    order_date = (SELECT o.order_date FROM commerce_order o WHERE o.id = commerce_orderitem.order_id),
    currency = (SELECT o.currency FROM commerce_order o WHERE o.id = commerce_orderitem.order_id)
"""


class Migration(migrations.Migration):
    dependencies = [("commerce", "0002_permissions")]

    operations = [
        migrations.AddField(
            model_name="orderitem",
            name="order_date",
            field=models.DateTimeField(null=True, verbose_name="order date"),
        ),
        migrations.AddField(
            model_name="orderitem",
            name="currency",
            field=models.CharField(
                choices=crm.currencies.CURRENCY_CHOICES,
                max_length=3,
                null=True,
                verbose_name="currency",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="orderitem",
            name="order_date",
            field=models.DateTimeField(verbose_name="order date"),
        ),
        migrations.AlterField(
            model_name="orderitem",
            name="currency",
            field=models.CharField(
                choices=crm.currencies.CURRENCY_CHOICES, max_length=3, verbose_name="currency"
            ),
        ),
        migrations.AddIndex(
            model_name="orderitem",
            index=models.Index(
                fields=[
                    "product",
                    "order_date",
                    "status",
                    "currency",
                    "quantity",
                    "cancelled_quantity",
                    "line_total",
                ],
                name="orderitem_sales_idx",
            ),
        ),
    ]
