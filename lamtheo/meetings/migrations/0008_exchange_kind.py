from django.db import migrations

# Giao lưu gương điển hình (seed 002: twice a year): an event presenting chosen recognised exemplars.
CODE, NAME = "giao_luu", "Giao lưu gương điển hình"


def add_kind(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    position = (MeetingKind.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    MeetingKind.objects.update_or_create(code=CODE, defaults={"name": NAME, "position": position})


def remove_kind(apps, schema_editor):
    apps.get_model("meetings", "MeetingKind").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_figures_index_by_unit")]
    operations = [migrations.RunPython(add_kind, remove_kind)]
