"""Optimistic locking: a record carries a `version`; a save names the version it was read at."""

from django.db.models import F
from django.utils.translation import gettext as _


class ConflictError(Exception):
    """Someone else saved the record after it was read: nothing was written."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Hồ sơ này vừa được người khác sửa sau khi anh/chị mở nó. Thay đổi của anh/chị chưa được lưu; "
                "hãy tải lại trang để xem bản mới nhất rồi sửa lại."
            )
        )


def save_versioned(obj, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `obj` only if its row is still at `expected_version`; bump the version."""
    values = {field: getattr(obj, field) for field in fields}
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=expected_version)
        .update(**values, version=F("version") + 1)
    )
    if not updated:
        raise ConflictError
    obj.version = expected_version + 1
