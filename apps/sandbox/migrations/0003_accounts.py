"""Accounts: every key, project, operator and virtual number belongs to one; what was there before
becomes the demo account's (recordings and calls follow their project and number)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import apps.sandbox.models


def create_demo_account(apps, schema_editor):
    # Before the fields are added, so their default (models.demo_account) only has to read its id.
    Account = apps.get_model("sandbox", "Account")
    Account.objects.get_or_create(slug="demo", defaults={"name": "Demo account"})


def account_field():
    return models.ForeignKey(
        default=apps.sandbox.models.demo_account,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="sandbox.account",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox", "0002_seeded_statuses_finish"),
    ]

    operations = [
        migrations.CreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(unique=True)),
                ("name", models.CharField(max_length=255)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "db_table": "sandbox_account",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(create_demo_account, migrations.RunPython.noop),
        migrations.AddField(model_name="apikey", name="account", field=account_field()),
        migrations.AddField(model_name="project", name="account", field=account_field()),
        migrations.AddField(model_name="operator", name="account", field=account_field()),
        migrations.AddField(model_name="virtualnumber", name="account", field=account_field()),
        migrations.AlterField(
            model_name="operator",
            name="phone_number",
            field=models.CharField(max_length=32),
        ),
        migrations.AddConstraint(
            model_name="operator",
            constraint=models.UniqueConstraint(
                fields=("account", "phone_number"), name="sandbox_operator_unique_phone"
            ),
        ),
    ]
