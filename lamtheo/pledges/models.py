"""Personal registrations (bản đăng ký học tập và làm theo): one per person per year.

A registration is a few concrete commitments (items) for the year. Its life: draft → submitted → returned with
remarks / accepted by the cell secretary (by the committee above for secretaries themselves) → progress notes and
deeds during the year → year-end self-assessment per item → the chi bộ's remark and rating (the four levels of
QĐ 366-QĐ/TW) → locked. Every step is kept as a `Review` row (who, when, what) besides the audit trail. Leaders
publish theirs to the unit they lead, where everyone can read it (seed 004).

Writes go through lamtheo.pledges.actions; the numbers through lamtheo.pledges.figures.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope, subtree_q
from lamtheo.lib import vn
from lamtheo.lib.uploads import StoredFile

# The default wording of the campaign in titles and prints. The campaign's name changes over the years (DOMAIN §1:
# never hard-code it): a deployment sets CAMPAIGN_NAME to follow the current wording.
DEFAULT_CAMPAIGN_NAME = "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def campaign_name() -> str:
    return getattr(settings, "CAMPAIGN_NAME", DEFAULT_CAMPAIGN_NAME)


def ancestor_paths(paths, steplen: int) -> set[str]:
    """Every path above (and including) each of `paths`."""
    return {path[: i * steplen] for path in paths for i in range(1, len(path) // steplen + 1)}


class PledgeQuerySet(ScopedQuerySet):
    person_field = "person"

    def visible_to(self, user):
        """Staff see the registrations of their subtree; a person sees their own; everyone sees the registrations
        published to a unit they belong to or work in, or to a unit above it."""
        from lamtheo.units.models import Unit

        scope = get_scope(user)
        q = scope.subtree_q(self.unit_path_field)
        if scope.person_id:
            q |= Q(person=scope.person_id)
        own_paths = ancestor_paths([a.unit.path for a in scope.assignments], Unit.steplen)
        if own_paths:
            q |= Q(published=True, published_to__path__in=own_paths)
        return self.filter(q)

    def for_year(self, year: int):
        return self.filter(year=year)

    def registered(self):
        """Submitted, or further along (returned ones were submitted once)."""
        return self.filter(status__in=Pledge.REGISTERED_STATES)

    def reviewed(self):
        return self.filter(status__in=Pledge.REVIEWED_STATES)

    def published(self):
        return self.filter(published=True)

    def in_subtree(self, unit):
        return self.filter(subtree_q(unit.path, "unit__path"))


class Pledge(models.Model):
    """A person's registration for one year (bản đăng ký học tập và làm theo)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Chờ chi bộ xem xét")
        RETURNED = "returned", _("Bị trả lại để sửa")
        ACCEPTED = "accepted", _("Đã được chấp nhận")
        SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
        RATED = "rated", _("Đã nhận xét, xếp loại")
        LOCKED = "locked", _("Đã khóa")

    class Level(models.TextChoices):
        """The four levels of QĐ 366-QĐ/TW (2025), best first."""

        EXCELLENT = "xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
        GOOD = "tot", _("Hoàn thành tốt nhiệm vụ")
        DONE = "hoan_thanh", _("Hoàn thành nhiệm vụ")
        NOT_DONE = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")

    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
    REVIEWED_STATES = (Status.ACCEPTED, Status.SELF_ASSESSED, Status.RATED, Status.LOCKED)
    REGISTERED_STATES = (Status.SUBMITTED, Status.RETURNED, *REVIEWED_STATES)
    RATED_STATES = (Status.RATED, Status.LOCKED)

    person = models.ForeignKey(
        "people.Person", models.CASCADE, related_name="pledges", verbose_name=_("người đăng ký")
    )
    unit = models.ForeignKey(
        "units.Unit",
        models.PROTECT,
        related_name="pledges",
        verbose_name=_("chi bộ"),
        help_text=_("Nơi người đăng ký sinh hoạt khi lập bản đăng ký: chi bộ này xem xét, nhận xét."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    topic = models.ForeignKey(
        "topics.Topic",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("chuyên đề năm"),
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published = models.BooleanField(_("công khai"), default=False)
    published_to = models.ForeignKey(
        "units.Unit",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_pledges",
        verbose_name=_("công khai tại"),
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("sao từ bản đăng ký"),
    )
    unchanged_from_copy = models.BooleanField(_("chưa thay đổi so với năm trước"), default=False)
    self_summary = models.TextField(_("tự đánh giá chung"), blank=True)
    result_level = models.CharField(_("xếp loại"), max_length=20, choices=Level.choices, blank=True)
    result_remark = models.TextField(_("nhận xét của chi bộ"), blank=True)
    version = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    self_assessed_at = models.DateTimeField(_("tự đánh giá lúc"), null=True, blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(_("xếp loại lúc"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản đăng ký học tập và làm theo")
        verbose_name_plural = _("bản đăng ký học tập và làm theo")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="one_pledge_per_person_per_year",
                violation_error_message=_("Người này đã có bản đăng ký của năm này."),
            )
        ]
        indexes = [
            models.Index(fields=["unit", "year", "status"]),
            models.Index(fields=["published_to", "year", "published"]),
            models.Index(fields=["year", "status"]),
        ]

    def __str__(self):
        return gettext("Bản đăng ký năm %(year)s của %(name)s") % {"year": self.year, "name": self.person}

    def get_absolute_url(self):
        return reverse("pledges:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES

    @property
    def is_registered(self) -> bool:
        return self.status in self.REGISTERED_STATES

    @property
    def is_reviewed(self) -> bool:
        return self.status in self.REVIEWED_STATES

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED

    def submitted_on(self) -> datetime.date | None:
        return timezone.localdate(self.first_submitted_at) if self.first_submitted_at else None

    def is_late(self, deadline: datetime.date | None, today: datetime.date) -> bool:
        """First submitted after the deadline, or still not submitted once it has passed."""
        if deadline is None:
            return False
        submitted = self.submitted_on()
        return (submitted or today) > deadline


class PledgeItem(models.Model):
    """One commitment of a registration: what the person will do, how it is measured, by when."""

    class Area(models.TextChoices):
        THOUGHT = "tu_tuong", _("Tư tưởng")
        ETHICS = "dao_duc", _("Đạo đức")
        STYLE = "phong_cach", _("Phong cách")
        EXAMPLE = "neu_guong", _("Trách nhiệm nêu gương")
        PROFESSION = "chuyen_mon", _("Chuyên môn")

    class Result(models.TextChoices):
        DONE = "done", _("Hoàn thành")
        PARTLY = "partly", _("Hoàn thành một phần")
        NOT_DONE = "not_done", _("Chưa hoàn thành")

    pledge = models.ForeignKey(Pledge, models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    area = models.CharField(_("lĩnh vực"), max_length=12, choices=Area.choices, default=Area.ETHICS)
    commitment = models.TextField(_("việc sẽ làm"))
    measure = models.TextField(_("cách đo kết quả"))
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    rules = models.ManyToManyField(
        "conduct.ConductRule", blank=True, related_name="pledge_items", verbose_name=_("gắn với chuẩn mực")
    )
    self_result = models.CharField(_("tự đánh giá"), max_length=10, choices=Result.choices, blank=True)
    self_note = models.TextField(_("ghi chú tự đánh giá"), blank=True)

    class Meta:
        verbose_name = _("nội dung đăng ký")
        verbose_name_plural = _("nội dung đăng ký")
        ordering = ["pledge", "position", "pk"]

    def __str__(self):
        return self.commitment[:80]

    def content(self) -> tuple[str, str, str]:
        """What a copy from last year is compared on: the area and the words, spaces ignored."""
        return (self.area, " ".join(self.commitment.split()), " ".join(self.measure.split()))


class ProgressNote(models.Model):
    """Progress during the year, on the registration or on one of its items."""

    pledge = models.ForeignKey(Pledge, models.CASCADE, related_name="progress_notes")
    item = models.ForeignKey(
        PledgeItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_notes",
        verbose_name=_("nội dung"),
    )
    date = models.DateField(_("ngày"))
    text = models.TextField(_("tiến độ, kết quả"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiến độ thực hiện")
        verbose_name_plural = _("tiến độ thực hiện")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.text[:80]


class DeedQuerySet(ScopedQuerySet):
    person_field = "person"


def deed_attachment_path(instance, filename):
    """Where deeds' files were stored before DeedEvidence (their names are kept): read by migration 0001 only."""
    return f"pledges/deeds/{instance.person_id}/{filename}"


class Deed(models.Model):
    """A deed in the person's log (nhật ký làm theo, người tốt việc tốt), evidence for registration items; or a
    good deed of a collective (a chi hội, a tổ), recorded by its unit for the book of good deeds, with no person."""

    person = models.ForeignKey("people.Person", models.CASCADE, null=True, blank=True, related_name="deeds")
    collective = models.CharField(
        _("tập thể"), max_length=200, blank=True, help_text=_("Việc tốt của một tập thể: tên tập thể.")
    )
    unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="deeds", verbose_name=_("đơn vị"))
    pledge = models.ForeignKey(
        Pledge, models.SET_NULL, null=True, blank=True, related_name="deeds", verbose_name=_("bản đăng ký")
    )
    items = models.ManyToManyField(
        PledgeItem, blank=True, related_name="deeds", verbose_name=_("minh chứng cho nội dung")
    )
    date = models.DateField(_("ngày"))
    description = models.TextField(_("việc đã làm"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc làm theo")
        verbose_name_plural = _("nhật ký làm theo")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["person", "date"]), models.Index(fields=["unit", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(collective=""))
                | (models.Q(person__isnull=True) & ~models.Q(collective="")),
                name="deed_person_or_collective",
            )
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def doer(self) -> str:
        """Who did it: the person (select_related("person") when listing) or the collective."""
        return self.person.full_name if self.person_id else self.collective

    @property
    def evidence_file(self) -> "DeedEvidence | None":
        """The photo or document the deed was recorded with, if any (select_related("evidence") when listing)."""
        try:
            return self.evidence
        except DeedEvidence.DoesNotExist:
            return None


class DeedEvidence(StoredFile):
    """The photo or document a deed was recorded with (one per deed), served to those who see the deed or its
    registration."""

    OWNER = "deed"
    KINDS = ("jpg", "jpeg", "png", "pdf", "docx")
    MAX_MB = 10

    deed = models.OneToOneField(Deed, models.CASCADE, related_name="evidence")

    class Meta(StoredFile.Meta):
        verbose_name = _("ảnh hoặc tài liệu minh chứng")
        verbose_name_plural = _("ảnh, tài liệu minh chứng")

    def get_absolute_url(self):
        return reverse("pledges:deed_file", args=[self.deed_id])

    @property
    def is_image(self) -> bool:
        return self.extension in (".jpg", ".jpeg", ".png")


class Review(models.Model):
    """One step of a registration's life, kept for ever: who did what, when, with the remark and the level."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Lập bản đăng ký")
        SUBMITTED = "submitted", _("Nộp bản đăng ký")
        RETURNED = "returned", _("Trả lại để sửa")
        ACCEPTED = "accepted", _("Chấp nhận")
        SELF_ASSESSED = "self_assessed", _("Tự đánh giá cuối năm")
        RATED = "rated", _("Chi bộ nhận xét, xếp loại")
        LOCKED = "locked", _("Khóa bản đăng ký")
        PUBLISHED = "published", _("Công khai")
        UNPUBLISHED = "unpublished", _("Thôi công khai")

    pledge = models.ForeignKey(Pledge, models.CASCADE, related_name="reviews")
    kind = models.CharField(_("bước"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    remark = models.TextField(_("nhận xét"), blank=True)
    level = models.CharField(_("xếp loại"), max_length=20, choices=Pledge.Level.choices, blank=True)
    # The registration's version once this step was saved: tells a late second reviewer which step overtook them.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("bước xem xét")
        verbose_name_plural = _("quá trình xem xét")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.actor_name}"


class DeadlineQuerySet(ScopedQuerySet):
    def for_unit(self, unit, year: int):
        """The deadline that applies to `unit`: its own, else that of the nearest unit above with one."""
        paths = ancestor_paths([unit.path], unit.steplen)
        return self.filter(year=year, unit__path__in=paths).order_by("-unit__depth").first()


class RegistrationDeadline(models.Model):
    """By when a unit's people submit their registrations for a year; units below inherit it."""

    unit = models.ForeignKey(
        "units.Unit", models.CASCADE, related_name="registration_deadlines", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    due_date = models.DateField(_("hạn nộp"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("hạn nộp bản đăng ký")
        verbose_name_plural = _("hạn nộp bản đăng ký")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_deadline_per_unit_year")]

    def __str__(self):
        return f"{self.unit} – {vn.short_date(self.due_date)}"

    def clean(self):
        if self.due_date and self.year and self.due_date.year != self.year:
            raise ValidationError(
                {
                    "due_date": gettext("Hạn nộp %(date)s nằm ngoài năm %(year)s.")
                    % {"date": vn.short_date(self.due_date), "year": self.year}
                }
            )


class Reminder(models.Model):
    """A reminder to submit, recorded for a person (not an account) with the address to reach them by: the list a
    secretary works through for the channels the application does not send (SMS; mail to someone with no account).
    Kept beside lamtheo.notifications, which are sent to accounts: most members have none, and a notification with
    no recipient account would change what a notification is."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn điện thoại")

    unit = models.ForeignKey("units.Unit", models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", models.CASCADE, related_name="pledge_reminders")
    year = models.PositiveSmallIntegerField(_("năm"))
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("địa chỉ / số điện thoại"), max_length=254)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lời nhắc nộp bản đăng ký")
        verbose_name_plural = _("lời nhắc nộp bản đăng ký")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["unit", "year", "created_at"])]

    def __str__(self):
        return f"{self.person} – {self.address}"
