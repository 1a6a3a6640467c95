import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_roles(apps, schema_editor):
    """Existing users get a role: superusers Admin, everyone else Member."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.bulk_create(
        Membership(user_id=user.pk, role="admin" if user.is_superuser else "member")
        for user in User.objects.filter(membership__isnull=True).only("pk", "is_superuser")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_key_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("role", models.CharField(choices=[("viewer", "Viewer"), ("member", "Member"),
                                                   ("admin", "Admin")],
                                          default="member", max_length=10)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="membership",
                                              to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.RunPython(give_roles, migrations.RunPython.noop),
    ]
