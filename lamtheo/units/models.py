from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope, subtree_q
from lamtheo.lib import vn
from lamtheo.lib.text import clean


class Area(models.Model):
    """An administrative area (province, commune, ward, special zone) from the `vietnam-provinces` package."""

    code = models.CharField(_("mã địa bàn"), max_length=10, unique=True)
    name = models.CharField(_("tên địa bàn"), max_length=120)
    division_type = models.CharField(_("loại địa bàn"), max_length=40)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        verbose_name = _("địa bàn hành chính")
        verbose_name_plural = _("địa bàn hành chính")

    def __str__(self):
        return self.name


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    unit_path_field = "path"

    def visible_to(self, user):
        scope = get_scope(user)
        return self.filter(scope.subtree_q("path") | Q(pk__in=scope.member_unit_ids))

    def subtree_of(self, unit):
        """`unit` and every unit below it, at any depth, in one indexed range query."""
        return self.filter(subtree_q(unit.path))

    def children_of(self, unit):
        """The units directly below `unit` (whatever its cached child count says)."""
        return self.subtree_of(unit).filter(depth=unit.depth + 1)

    def active(self, on=None):
        qs = (
            self.filter(active_to__isnull=True)
            if on is None
            else self.filter(
                Q(active_from__isnull=True) | Q(active_from__lte=on),
                Q(active_to__isnull=True) | Q(active_to__gt=on),
            )
        )
        return qs

    def search(self, text: str):
        for word in vn.fold(clean(text, multiline=False)).split():
            self = self.filter(search_text__contains=word)
        return self

    def sorted(self):
        return self.order_by("sort_key", "pk")


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        # treebeard orders by path; keep that as the tree order.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    """A Party organisation: committee (cấp ủy), chi bộ or tổ đảng. Tree of any depth."""

    class Kind(models.TextChoices):
        PROVINCE_COMMITTEE = "tinh_uy", _("Tỉnh ủy / Thành ủy")
        DISTRICT_COMMITTEE = "huyen_uy", _("Huyện ủy / Quận ủy / Thị ủy (trước 2025)")
        COMMUNE_COMMITTEE = "dang_uy_xa", _("Đảng ủy xã / phường / đặc khu")
        GRASSROOTS_COMMITTEE = "dang_uy_co_so", _("Đảng ủy cơ sở / Đảng bộ cơ sở")
        AGENCY_COMMITTEE = "dang_uy_co_quan", _("Đảng ủy cơ quan / khối")
        GRASSROOTS_CELL = "chi_bo_co_so", _("Chi bộ cơ sở")
        CELL = "chi_bo", _("Chi bộ trực thuộc")
        GROUP = "to_dang", _("Tổ đảng")

    COMMITTEE_KINDS = (
        Kind.PROVINCE_COMMITTEE,
        Kind.DISTRICT_COMMITTEE,
        Kind.COMMUNE_COMMITTEE,
        Kind.GRASSROOTS_COMMITTEE,
        Kind.AGENCY_COMMITTEE,
    )
    # A chi bộ, of either kind (DOMAIN §1): what "a cell" means in the figures, the plans and the demo.
    CELL_KINDS = (Kind.GRASSROOTS_CELL, Kind.CELL)
    # A chi bộ or one of its tổ đảng: where a cell secretary does what the committee does above.
    CELL_AND_GROUP_KINDS = (*CELL_KINDS, Kind.GROUP)

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại tổ chức"), max_length=20, choices=Kind.choices)
    area = models.ForeignKey(
        Area, models.PROTECT, null=True, blank=True, related_name="units", verbose_name=_("địa bàn")
    )
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("hợp nhất vào"),
    )
    version = models.PositiveIntegerField(default=1)
    search_text = models.CharField(max_length=300, editable=False, db_index=True)
    sort_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])

    def refresh_derived(self):
        self.search_text = vn.fold(f"{self.name} {self.short_name} {self.code}")[:300]
        self.sort_key = vn.collation_key(self.name)

    def clean(self):
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError(
                {"active_to": _("Ngày ngừng hoạt động không thể trước ngày bắt đầu hoạt động.")}
            )

    @property
    def is_active(self) -> bool:
        return self.active_to is None

    @property
    def is_committee(self) -> bool:
        return self.kind in self.COMMITTEE_KINDS

    def ancestors(self):
        """The units above, from the root down, in one query."""
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth)]
        return Unit.objects.filter(path__in=paths).order_by("depth")


class UnitName(models.Model):
    """A name the unit carried before, with the dates (names are versioned: bodies get renamed)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="former_names")
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên cũ")
        ordering = ["-valid_to"]

    def __str__(self):
        return self.name


class Restructuring(models.Model):
    """A dated merge, split or rename of units (sắp xếp, hợp nhất, chia tách tổ chức đảng)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Hợp nhất")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")

    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("căn cứ quyết định"), max_length=200, blank=True)
    sources = models.ManyToManyField(Unit, related_name="restructurings_out", verbose_name=_("đơn vị cũ"))
    targets = models.ManyToManyField(Unit, related_name="restructurings_in", verbose_name=_("đơn vị mới"))
    created_by = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        ordering = ["-effective_date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {vn.short_date(self.effective_date)}"
