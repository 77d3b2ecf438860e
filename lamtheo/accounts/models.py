from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    COMMITTEE_STAFF = "committee_staff", _("Cán bộ cơ quan tham mưu")
    COMMITTEE_LEADER = "committee_leader", _("Lãnh đạo cấp ủy")
    CELL_SECRETARY = "cell_secretary", _("Bí thư / Phó Bí thư chi bộ")
    MEMBER = "member", _("Đảng viên / cán bộ")


class User(AbstractUser):
    """An account. Logs in with username, email or phone; may be linked to a Person."""

    phone = models.CharField(_("số điện thoại"), max_length=10, unique=True, null=True, blank=True)
    person = models.OneToOneField(
        "people.Person", models.SET_NULL, null=True, blank=True, related_name="user", verbose_name=_("hồ sơ")
    )
    is_demo = models.BooleanField(
        _("tài khoản trình diễn"), default=False, help_text=_("Chỉ đăng nhập được khi DEBUG bật.")
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"), condition=~models.Q(email=""), name="unique_user_email"
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names (last_name) before the given name (first_name)."""
        return f"{self.last_name} {self.first_name}".strip()


class RoleAssignment(models.Model):
    """A (role, unit) pair: the role applies to the unit and its whole subtree."""

    user = models.ForeignKey(User, models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="role_assignments", verbose_name=_("đơn vị")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment")
        ]

    def __str__(self):
        return f"{self.get_role_display()} – {self.unit}"
