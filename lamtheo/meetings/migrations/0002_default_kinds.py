from django.db import migrations

REQUIRED_MONTHLY = "Đánh giá việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
REVIEW_CONDUCT = "Kiểm điểm việc thực hiện chuẩn mực đạo đức của cơ quan"

# code, name, min minutes, min minutes when combined with a thematic item, required items, chi ủy before
KINDS = [
    ("monthly", "Sinh hoạt chi bộ thường kỳ", 90, 120, REQUIRED_MONTHLY, True),
    ("thematic", "Sinh hoạt chi bộ chuyên đề", None, 120, "", False),
    ("chi_uy", "Họp chi ủy", None, None, "", False),
    ("ban_thuong_vu", "Hội nghị Ban Thường vụ", None, None, "", False),
    ("ban_chap_hanh", "Hội nghị Ban Chấp hành", None, None, "", False),
    ("giao_ban", "Giao ban", None, None, "", False),
    ("so_ket", "Hội nghị sơ kết", None, None, "", False),
    ("tong_ket", "Hội nghị tổng kết", None, None, "", False),
    ("weekly_agency", "Họp giao ban cơ quan hằng tuần", None, None, REVIEW_CONDUCT, False),
]


def add_kinds(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for position, (code, name, minimum, combined, required, committee) in enumerate(KINDS, start=1):
        MeetingKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "min_minutes": minimum,
                "combined_min_minutes": combined,
                "required_items": required,
                "needs_committee_meeting": committee,
                "position": position,
            },
        )


def remove_kinds(apps, schema_editor):
    apps.get_model("meetings", "MeetingKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, remove_kinds)]
