import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.lib.uploads import check_upload


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tai-lieu.pdf", b"%PDF-1.7\n..."),
        ("ke-hoach.docx", ooxml("word/document.xml")),
        ("danh-sach.xlsx", ooxml("xl/workbook.xml")),
        ("danh-sach.csv", "Họ và tên\nNguyễn Văn A\n".encode()),
        ("anh.JPG", b"\xff\xd8\xff\xe0rest"),
    ],
)
def test_accepts_files_whose_content_matches_the_extension(name, content):
    check_upload(SimpleUploadedFile(name, content), allowed=("pdf", "docx", "xlsx", "csv", "jpg"))


def test_refuses_an_extension_not_allowed_naming_the_file():
    with pytest.raises(ValidationError, match=r"«virus\.exe» không đúng loại: chỉ nhận PDF, Word"):
        check_upload(SimpleUploadedFile("virus.exe", b"MZ"), allowed=("pdf", "docx"))


def test_refuses_a_renamed_file():
    with pytest.raises(ValidationError, match="không phải là PDF"):
        check_upload(SimpleUploadedFile("tai-lieu.pdf", b"just text"), allowed=("pdf",))
    with pytest.raises(ValidationError, match="không phải là Word"):
        check_upload(SimpleUploadedFile("ke-hoach.docx", ooxml("xl/workbook.xml")), allowed=("docx",))


def test_refuses_a_file_over_the_limit_with_the_sizes_in_vietnamese_format():
    upload = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 200_000))
    with pytest.raises(ValidationError, match=r"nặng 1,2 MB, vượt mức cho phép 1 MB"):
        check_upload(upload, allowed=("pdf",), max_mb=1)
