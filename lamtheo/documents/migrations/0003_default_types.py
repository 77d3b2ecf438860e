from django.db import migrations

# (key, code, name, requires consultation by default): Party document types (QĐ 66-QĐ/TW, HD 36-HD/VPTW).
TYPES = [
    ("nghi_quyet", "NQ", "Nghị quyết", True),
    ("quyet_dinh", "QĐ", "Quyết định", False),
    ("quy_dinh", "QĐ", "Quy định", True),
    ("chi_thi", "CT", "Chỉ thị", False),
    ("ket_luan", "KL", "Kết luận", False),
    ("quy_che", "QC", "Quy chế", True),
    ("huong_dan", "HD", "Hướng dẫn", False),
    ("thong_bao", "TB", "Thông báo", False),
    ("bao_cao", "BC", "Báo cáo", False),
    ("ke_hoach", "KH", "Kế hoạch", True),
    ("chuong_trinh", "CTr", "Chương trình", True),
    ("de_an", "ĐA", "Đề án", False),
    ("to_trinh", "TTr", "Tờ trình", False),
    ("cong_van", "CV", "Công văn", False),
    ("bien_ban", "BB", "Biên bản", False),
]


def create_types(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for key, code, name, consult in TYPES:
        DocumentType.objects.update_or_create(
            key=key, defaults={"code": code, "name": name, "requires_consultation": consult}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]
    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
