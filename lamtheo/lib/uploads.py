"""Uploaded files: checking them (size, extension, and that the content is what the extension says), and the one
kind of record that keeps a file attached to another record (`StoredFile`, with `store` its one upload path)."""

import zipfile
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
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


# Files attached to a record -------------------------------------------------------------------------------------


def stored_file_path(instance, filename: str) -> str:
    """`<app>/<id of the record it belongs to>/<file name>`: documents/12/…, topics/3/…, study/40/…, pledges/7/…"""
    return f"{instance._meta.app_label}/{getattr(instance, instance.OWNER + '_id')}/{filename}"


class StoredFile(models.Model):
    """A file attached to a record (a document's attachment, a topic's or a study session's material): stored by
    `store` after the same checks, never at a public address, served by a view that checks the record's scope.
    A concrete model names the foreign key to its record in OWNER, the extensions it accepts in KINDS and, when
    smaller than the general limit, its size limit in MAX_MB; FILE_LABEL is the upload field's label
    (lib.forms.StoredFileForm)."""

    OWNER: str = ""
    KINDS: tuple[str, ...] = ("pdf", "docx")
    MAX_MB: int | None = None  # None: settings.UPLOAD_MAX_MB
    FILE_LABEL = gettext_lazy("Tệp tài liệu (PDF hoặc Word .docx)")

    file = models.FileField(gettext_lazy("tệp"), upload_to=stored_file_path)
    name = models.CharField(gettext_lazy("tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lower()

    @property
    def download_name(self) -> str:
        return self.name if self.name.lower().endswith(self.extension) else f"{self.name}{self.extension}"

    @property
    def size_display(self) -> str:
        """`350 KB`, `1,2 MB`."""
        if self.size < 1024 * 1024:
            return f"{vn.number(max(self.size / 1024, 1))} KB"
        return f"{vn.number(self.size / 1024 / 1024, 1)} MB"


def store(
    record: StoredFile, upload, *, name: str = "", then: Callable[[], object] | None = None
) -> StoredFile:
    """Check `upload` (the model's KINDS, the size limit, the content), then save it as `record` (its owner and
    uploader already set), `then()` (the audit row) in the same transaction. The file is written before the row;
    if anything fails after that it is removed again, so a refused or failed upload leaves neither a row nor a
    stray file. A refusal is a ValidationError on the field `file`."""
    try:
        check_upload(upload, allowed=record.KINDS, max_mb=record.MAX_MB)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    record.name = (name.strip() or upload.name or "")[: record._meta.get_field("name").max_length]
    record.size = upload.size
    try:
        with transaction.atomic():
            record.file.save(upload.name, upload, save=False)
            record.save()
            if then is not None:
                then()
    except BaseException:
        if record.file.name:
            record.file.storage.delete(record.file.name)
        raise
    return record
