from django.db import migrations, models


def drop_triggers_and_row(apps, schema_editor):
    """The triggers of 0001's single token go (SQLite would refuse to remake the table under them; versioning.install
    recreates them, per table, after the migrate), and so does its one row (install adds one row per table)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'indicators\\_bump%' ESCAPE '\\'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        elif connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS indicators_bump() CASCADE")  # and the triggers calling it
    DataVersion = apps.get_model("indicators", "DataVersion")
    DataVersion.objects.using(connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [
        migrations.RunPython(drop_triggers_and_row, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dataversion",
            name="name",
            field=models.CharField(max_length=100, unique=True, default=""),
            preserve_default=False,
        ),
    ]
