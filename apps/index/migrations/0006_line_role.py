"""Each transcript line's side of the call (agent, customer, other; apps/index/roles.py), so the
insights page groups emotions and talk time by role. Lines indexed before this migration get the
role their speaker labels alone give (the summary's speakers were not kept); the next analysis a
sync reads for a recording sets the full rule's roles.

On SQLite the column is added with ALTER TABLE: Django's AddField would rebuild insights_line
there (a NOT NULL column), dropping the triggers that keep the FTS5 table in step (0002)."""

from itertools import groupby

from django.db import migrations, models
from django.db.models import Q

from apps.index.roles import roles_of

CHUNK = 200


def _role_field():
    field = models.CharField(blank=True, max_length=10)
    field.set_attributes_from_name("role")
    return field


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "ALTER TABLE insights_line ADD COLUMN role varchar(10) NOT NULL DEFAULT ''"
        )
    else:
        schema_editor.add_field(apps.get_model("insights", "Line"), _role_field())


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE insights_line DROP COLUMN role")
    else:
        schema_editor.remove_field(apps.get_model("insights", "Line"), _role_field())


def fill_roles(apps, schema_editor):
    Line = apps.get_model("insights", "Line")
    pairs = (
        Line.objects.filter(kind="line").values_list("recording_id", "speaker")
        .distinct().order_by("recording_id", "speaker")
    )
    by_role = {}
    for recording_id, group in groupby(pairs.iterator(), key=lambda pair: pair[0]):
        speakers = [speaker for _, speaker in group]
        for (speaker, _profile), role in roles_of((s, "") for s in speakers).items():
            by_role.setdefault(role, []).append((recording_id, speaker))
    for role, found in by_role.items():
        for start in range(0, len(found), CHUNK):
            which = Q()
            for recording_id, speaker in found[start:start + CHUNK]:
                which |= Q(recording_id=recording_id, speaker=speaker)
            Line.objects.filter(which, kind="line").update(role=role)


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0005_line_emotion_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="line",
                    name="role",
                    field=models.CharField(blank=True, max_length=10),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.RunPython(fill_roles, migrations.RunPython.noop),
    ]
