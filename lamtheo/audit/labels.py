from django.utils.translation import gettext_lazy as _

# What each audited action is called on a history page.
ACTION_LABELS = {
    "person.create": _("Tạo hồ sơ"),
    "person.update": _("Sửa hồ sơ"),
    "person.import_create": _("Tạo khi nhập tệp"),
    "person.import_update": _("Cập nhật khi nhập tệp"),
    "person.transfer": _("Chuyển sinh hoạt"),
    "person.position": _("Thay đổi chức vụ"),
    "unit.create": _("Thành lập / tạo đơn vị"),
    "unit.update": _("Sửa thông tin đơn vị"),
    "unit.import_create": _("Tạo khi nhập tệp"),
    "unit.import_update": _("Cập nhật khi nhập tệp"),
    "unit.rename": _("Đổi tên"),
    "unit.merge": _("Hợp nhất"),
    "unit.split": _("Chia tách"),
    "topic.create": _("Ban hành chuyên đề"),
    "topic.update": _("Sửa chuyên đề"),
    "topic.attachment": _("Thêm tài liệu chuyên đề"),
    "document.create": _("Soạn dự thảo"),
    "document.update": _("Sửa dự thảo"),
    "document.consultation_open": _("Mở đợt lấy ý kiến"),
    "document.consultation_answer": _("Góp ý dự thảo"),
    "document.consultation_close": _("Kết thúc lấy ý kiến"),
    "document.issue": _("Ban hành"),
    "document.recall": _("Thu hồi"),
    "conduct.create": _("Soạn dự thảo chuẩn mực đạo đức"),
    "conduct.update": _("Sửa dự thảo chuẩn mực đạo đức"),
    "conduct.adopt": _("Thông qua chuẩn mực đạo đức"),
    "conduct.retire": _("Chuẩn mực đạo đức hết hiệu lực"),
}

# Changes recorded under names that are not fields of the record.
FIELD_LABELS = {
    "position": _("chức vụ"),
    "merged_from": _("hợp nhất từ"),
    "split_into": _("chia tách thành"),
    "deadline": _("hạn góp ý"),
    "invitees": _("số người được xin ý kiến"),
    "verdict": _("ý kiến"),
    "pending": _("số người chưa trả lời"),
    "recipients": _("số đơn vị nhận"),
    "rules": _("các điều chuẩn mực"),
}
