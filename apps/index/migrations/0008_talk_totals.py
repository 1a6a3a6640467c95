"""A call's transcript lines rolled up per speaker, side and emotion (apps/index/models.py,
Talk), filled here from the lines already indexed: the insights page's emotion and talk-time
tables sum these rows instead of reading every line."""

import django.db.models.deletion
from django.db import migrations, models


FILL = (
    "INSERT INTO insights_talk (recording_id, speaker, role, emotion, lines, ms) "
    "SELECT recording_id, speaker, role, emotion, count(*), sum(end_ms - start_ms) "
    "FROM insights_line WHERE kind = 'line' GROUP BY recording_id, speaker, role, emotion"
)


def fill(apps, schema_editor):
    schema_editor.execute(FILL)


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0007_call_document'),
    ]

    operations = [
        migrations.CreateModel(
            name='Talk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name='ID')),
                ('speaker', models.CharField(blank=True, max_length=100)),
                ('role', models.CharField(blank=True, max_length=10)),
                ('emotion', models.CharField(blank=True, max_length=20)),
                ('lines', models.PositiveIntegerField(default=0)),
                ('ms', models.BigIntegerField(null=True)),
                ('recording', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                related_name='talk',
                                                to='insights.indexedrecording')),
            ],
            options={
                'db_table': 'insights_talk',
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
