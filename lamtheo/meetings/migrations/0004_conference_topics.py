from django.db import migrations

# The four discussion topics a giao ban on the campaign carries (seed 004), offered as its default agenda.
GIAO_BAN = "\n".join(
    [
        "Cách làm, kinh nghiệm trong lãnh đạo, chỉ đạo, quán triệt và tổ chức thực hiện việc học tập và làm theo "
        "gắn với nhiệm vụ chính trị; phát huy vai trò của người đứng đầu",
        "Những nội dung đột phá, cách làm mới, mô hình hay, hiệu quả có thể nhân rộng",
        "Những khó khăn, hạn chế và bài học kinh nghiệm cần tránh trong tổ chức thực hiện",
        "Đề xuất giải pháp, kiến nghị cấp trên để thực hiện hiệu quả hơn trong thời gian tới",
    ]
)
REVIEW = "\n".join(
    [
        "Báo cáo kết quả thực hiện",
        "Tham luận của các đơn vị",
        "Khen thưởng tập thể, cá nhân tiêu biểu",
        "Phương hướng, nhiệm vụ thời gian tới",
    ]
)
SUGGESTED = {"giao_ban": GIAO_BAN, "so_ket": REVIEW, "tong_ket": REVIEW}


def add_topics(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for code, items in SUGGESTED.items():
        MeetingKind.objects.filter(code=code, suggested_items="").update(suggested_items=items)


def remove_topics(apps, schema_editor):
    apps.get_model("meetings", "MeetingKind").objects.filter(code__in=list(SUGGESTED)).update(
        suggested_items=""
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_conferences_minutes_schedule")]
    operations = [migrations.RunPython(add_topics, remove_topics)]
