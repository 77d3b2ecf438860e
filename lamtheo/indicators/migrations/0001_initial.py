import uuid

from django.db import migrations, models


def first_row(apps, schema_editor):
    DataVersion = apps.get_model("indicators", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64)),
            ],
            options={"verbose_name": "data version"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
