from django.db import migrations

# HD 36-HD/VPTW's codes: Quy định is QĐi (its own number series, e.g. 05-QĐi/TW), Quyết định QĐ; the two types the
# list lacked: Thông tri (TT) and Quy hoạch (QH). Documents already issued keep the code they were issued with.
CODES = [("quy_dinh", "QĐi", "Quy định", True), ("thong_tri", "TT", "Thông tri", False), ("quy_hoach", "QH", "Quy hoạch", True)]


def set_codes(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for key, code, name, consult in CODES:
        row, created = DocumentType.objects.get_or_create(
            key=key, defaults={"code": code, "name": name, "requires_consultation": consult}
        )
        if not created and row.code != code:
            row.code = code
            row.save(update_fields=["code"])


def restore_codes(apps, schema_editor):
    apps.get_model("documents", "DocumentType").objects.filter(key="quy_dinh").update(code="QĐ")


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_alter_documenttype_key")]
    operations = [migrations.RunPython(set_codes, restore_codes)]
