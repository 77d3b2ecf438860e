"""Checking uploaded files: size, extension, and that the content is what the extension says."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.lib import vn

# The extensions an upload may have, by what a person calls them.
KINDS = {
    "pdf": gettext_lazy("PDF"),
    "docx": gettext_lazy("Word (.docx)"),
    "xlsx": gettext_lazy("Excel (.xlsx)"),
    "csv": gettext_lazy("CSV"),
    "jpg": gettext_lazy("ảnh JPEG"),
    "jpeg": gettext_lazy("ảnh JPEG"),
    "png": gettext_lazy("ảnh PNG"),
}
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _content_matches(extension: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in _OOXML_PART:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and _OOXML_PART[extension] in names
    if extension == "csv":
        sample = upload.read(64 * 1024)
        upload.seek(0)
        return b"\x00" not in sample
    return False


def check_upload(upload, *, allowed: tuple[str, ...], max_mb: int | None = None) -> None:
    """Raise ValidationError with a Vietnamese message naming the file, unless it is acceptable."""
    max_mb = max_mb or settings.UPLOAD_MAX_MB
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError(
            _("Tệp «%(name)s» không đúng loại: chỉ nhận %(kinds)s.")
            % {"name": name, "kinds": ", ".join(dict.fromkeys(str(KINDS[e]) for e in allowed))},
            code="file_type",
        )
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("Tệp «%(name)s» nặng %(size)s MB, vượt mức cho phép %(max)s MB.")
            % {"name": name, "size": vn.number(upload.size / 1024 / 1024, 1), "max": vn.number(max_mb)},
            code="file_size",
        )
    if not _content_matches(extension, upload):
        raise ValidationError(
            _(
                "Nội dung tệp «%(name)s» không phải là %(kind)s như đuôi tệp ghi; tệp có thể bị hỏng hoặc đã bị đổi tên."
            )
            % {"name": name, "kind": KINDS[extension]},
            code="file_content",
        )
