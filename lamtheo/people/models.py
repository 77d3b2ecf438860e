import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, subtree_q
from lamtheo.lib import vn
from lamtheo.lib.text import clean
from lamtheo.people import validators


def _unit_kinds():
    from lamtheo.units.models import Unit

    return Unit.Kind.choices


UNIT_KINDS = _unit_kinds


class PersonQuerySet(ScopedQuerySet):
    person_field = "pk"

    def search(self, text: str):
        """Every word must appear, accents and case ignored; `19.012 345` finds card number 19012345."""
        for word in vn.fold(validators.join_digit_groups(clean(text, multiline=False))).split():
            self = self.filter(search_text__contains=word)
        return self

    def sorted(self):
        return self.order_by("sort_key", "pk")

    def members(self):
        return self.exclude(party_status=Person.PartyStatus.NON_MEMBER)

    def non_members(self):
        return self.filter(party_status=Person.PartyStatus.NON_MEMBER)

    def active(self):
        return self.filter(status__in=Person.ACTIVE_STATUSES)

    def in_subtree(self, unit):
        return self.filter(subtree_q(unit.path, "unit__path"))


class PersonRecordQuerySet(ScopedQuerySet):
    """Rows about one person (stays, positions): visible in the unit's subtree and to the person."""

    person_field = "person"


class Person(models.Model):
    """A Party member (đảng viên) or a non-member official (cán bộ, công chức, viên chức, người lao động)."""

    class Gender(models.TextChoices):
        MALE = "nam", _("Nam")
        FEMALE = "nu", _("Nữ")

    class PartyStatus(models.TextChoices):
        FULL = "chinh_thuc", _("Đảng viên chính thức")
        PROBATIONARY = "du_bi", _("Đảng viên dự bị")
        NON_MEMBER = "quan_chung", _("Chưa là đảng viên")

    class Status(models.TextChoices):
        ACTIVE = "dang_sinh_hoat", _("Đang sinh hoạt")
        EXEMPT = "mien_sinh_hoat", _("Miễn sinh hoạt")
        TRANSFERRED_OUT = "chuyen_di", _("Đã chuyển đi")
        DECEASED = "tu_tran", _("Từ trần")
        LEFT = "ra_khoi_dang", _("Ra khỏi Đảng / thôi việc")

    ACTIVE_STATUSES = (Status.ACTIVE, Status.EXEMPT)

    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=5, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    national_id = models.CharField(_("số CCCD"), max_length=12, unique=True, null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    job_title = models.CharField(_("chức danh công tác"), max_length=200, blank=True)
    party_status = models.CharField(_("đảng tịch"), max_length=12, choices=PartyStatus.choices)
    party_card_number = models.CharField(
        _("số thẻ đảng viên"), max_length=12, unique=True, null=True, blank=True
    )
    date_joined_party = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    date_official = models.DateField(_("ngày chính thức"), null=True, blank=True)
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="people", verbose_name=_("chi bộ / đơn vị sinh hoạt")
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1)
    search_text = models.CharField(max_length=300, editable=False)
    sort_key = models.CharField(max_length=250, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        indexes = [
            models.Index(fields=["unit", "sort_key"]),
            models.Index(fields=["unit", "party_status", "status"]),
            models.Index(fields=["sort_key"]),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.pk])

    def refresh_derived(self):
        identifiers = " ".join(filter(None, [self.national_id, self.party_card_number, self.phone]))
        self.search_text = vn.fold(f"{self.full_name} {identifiers}")[:300]
        self.sort_key = vn.collation_key(self.full_name, given_name_first=True)

    def clean_fields(self, exclude=None):
        # Identifiers are typed with spaces, dots or +84: the stored length limits apply once they are bare
        # digits. Whether they are valid is clean()'s business, with messages that say what is expected.
        for field in ("national_id", "party_card_number"):
            if getattr(self, field):
                setattr(self, field, validators.digits_only(getattr(self, field)))
        if self.phone:
            with contextlib.suppress(ValidationError):
                self.phone = validators.clean_phone(self.phone)
        super().clean_fields(exclude)

    def clean(self):
        errors = {}
        self.full_name = " ".join((self.full_name or "").split())
        if not self.full_name:
            errors["full_name"] = _("Họ và tên không được để trống.")
        for field, cleaner, kwargs in (
            (
                "national_id",
                validators.clean_national_id,
                {"gender": self.gender, "date_of_birth": self.date_of_birth},
            ),
            ("party_card_number", validators.clean_party_card_number, {}),
            ("phone", validators.clean_phone, {}),
        ):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, cleaner(value, **kwargs))
                except ValidationError as error:
                    errors[field] = error.messages
            elif field != "phone":
                setattr(self, field, None)
        if self.is_member:
            if not self.date_joined_party:
                errors["date_joined_party"] = _("Đảng viên phải có ngày vào Đảng.")
            if self.party_status == self.PartyStatus.FULL and not self.date_official:
                errors["date_official"] = _("Đảng viên chính thức phải có ngày chính thức.")
        elif self.party_card_number:
            errors["party_card_number"] = _("Người chưa là đảng viên không có số thẻ đảng viên.")
        if self.date_joined_party and self.date_official and self.date_official < self.date_joined_party:
            errors["date_official"] = _("Ngày chính thức không thể trước ngày vào Đảng.")
        if self.date_of_birth and self.date_joined_party and self.date_joined_party <= self.date_of_birth:
            errors["date_joined_party"] = _("Ngày vào Đảng phải sau ngày sinh.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_member(self) -> bool:
        return self.party_status != self.PartyStatus.NON_MEMBER

    def current_positions(self):
        return [p for p in self.positions.all() if p.end_date is None]


class Membership(models.Model):
    """Where a person was, when: one row per stay in a unit (sinh hoạt đảng / công tác)."""

    class Reason(models.TextChoices):
        INITIAL = "initial", _("Ghi nhận ban đầu")
        TRANSFER = "transfer", _("Chuyển sinh hoạt")
        RESTRUCTURING = "restructuring", _("Sắp xếp tổ chức")

    person = models.ForeignKey(Person, models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=16, choices=Reason.choices, default=Reason.INITIAL)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("quá trình sinh hoạt")
        ordering = ["person", "-start_date", "-pk"]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"])]

    def __str__(self):
        return f"{self.person} – {self.unit}"


class PositionQuerySet(PersonRecordQuerySet):
    def key_cadres(self):
        """The positions held today that make their holder a key cadre (cán bộ chủ chốt): those the KeyPosition
        table names for the kind of unit they are held in."""
        key = KeyPosition.objects.filter(
            unit_kind=models.OuterRef("unit__kind"), position_kind=models.OuterRef("kind")
        )
        return self.filter(models.Exists(key), end_date__isnull=True)


class Position(models.Model):
    """A position held in a unit, dated: bí thư, phó bí thư, chi ủy viên, người đứng đầu, cán bộ chủ chốt..."""

    class Kind(models.TextChoices):
        SECRETARY = "bi_thu", _("Bí thư")
        DEPUTY_SECRETARY = "pho_bi_thu", _("Phó Bí thư")
        CELL_COMMITTEE_MEMBER = "chi_uy_vien", _("Chi ủy viên")
        COMMITTEE_MEMBER = "cap_uy_vien", _("Cấp ủy viên")
        HEAD = "nguoi_dung_dau", _("Người đứng đầu")
        KEY_CADRE = "can_bo_chu_chot", _("Cán bộ chủ chốt")

    # Who leads a unit by position: its secretary and deputy secretaries (with the accounts holding
    # lamtheo.accounts.rules.LEADER_ROLES at the unit).
    LEADING_KINDS = (Kind.SECRETARY, Kind.DEPUTY_SECRETARY)

    person = models.ForeignKey(Person, models.CASCADE, related_name="positions")
    unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="positions", verbose_name=_("đơn vị"))
    kind = models.CharField(_("chức vụ"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ")
        ordering = ["person", "-start_date"]
        indexes = [models.Index(fields=["unit", "kind", "end_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit}"


class KeyPosition(models.Model):
    """A position whose holders, at units of one kind, are key cadres (cán bộ chủ chốt) in the figures' split.

    Data, per level: committees count the holders of their level's key positions (the bí thư and phó bí thư of a
    committee, those named cán bộ chủ chốt), not every chi bộ secretary. A province adjusts it in the admin."""

    unit_kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UNIT_KINDS)
    position_kind = models.CharField(_("chức vụ"), max_length=20, choices=Position.Kind.choices)

    class Meta:
        verbose_name = _("chức vụ chủ chốt")
        verbose_name_plural = _("chức vụ chủ chốt")
        constraints = [
            models.UniqueConstraint(fields=["unit_kind", "position_kind"], name="unique_key_position")
        ]

    def __str__(self):
        return f"{self.get_position_kind_display()} – {self.get_unit_kind_display()}"
