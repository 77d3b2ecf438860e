"""Meetings and conferences (sinh hoạt chi bộ, họp chi ủy, giao ban, sơ kết, ...) with attendance, minutes per
agenda item and the assignments their conclusions give.

A meeting's kind is configurable data (MeetingKind): its minimum duration and the agenda items it must carry.
The flags a meeting raises (missing required item, too short, documents sent late, no chi ủy meeting before the
monthly chi bộ meeting) are computed from `Meeting.objects.with_figures()` annotations, so a list of any length
reads them in one query.
"""

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.lib import vn
from lamtheo.lib.attendance import ATTENDED, INVITED, Presence
from lamtheo.people.models import Person

ATTENDANCE_BAR = 80  # percent: attendance over 80% (seed 003)
DOCUMENTS_AHEAD = datetime.timedelta(days=1)  # the 2025 rules: documents at least one day before


def normalized(title: str) -> str:
    """An agenda title compared loosely: accents, case and spacing do not matter."""
    return " ".join(vn.fold(title).split())


class MeetingKind(models.Model):
    """A kind of meeting, with its rules. Data, not code: provinces adjust them in the admin."""

    MONTHLY = "monthly"
    COMMITTEE = "chi_uy"
    # Conferences between a committee and the units below it: invitees are the secretaries of the chosen units,
    # contributions are recorded by unit, conclusions become assignments to those units.
    CONFERENCES = ("giao_ban", "so_ket", "tong_ket")
    EXCHANGE = "giao_luu"  # giao lưu gương điển hình: presents chosen exemplars (lamtheo.exemplars)

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên loại"), max_length=120)
    min_minutes = models.PositiveIntegerField(_("thời lượng tối thiểu (phút)"), null=True, blank=True)
    combined_min_minutes = models.PositiveIntegerField(
        _("thời lượng tối thiểu khi kết hợp sinh hoạt chuyên đề (phút)"), null=True, blank=True
    )
    required_items = models.TextField(
        _("nội dung bắt buộc"), blank=True, help_text=_("Mỗi dòng một nội dung bắt buộc trong chương trình.")
    )
    needs_committee_meeting = models.BooleanField(
        _("chi ủy họp trước trong tháng"),
        default=False,
        help_text=_("Cảnh báo khi không có cuộc họp chi ủy trước đó trong cùng tháng."),
    )
    suggested_items = models.TextField(
        _("nội dung gợi ý"),
        blank=True,
        help_text=_("Mỗi dòng một nội dung thêm sẵn vào chương trình (có thể sửa, xóa)."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("loại cuộc họp")
        verbose_name_plural = _("loại cuộc họp")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def required_titles(self) -> list[str]:
        return [line.strip() for line in self.required_items.splitlines() if line.strip()]

    @property
    def suggested_titles(self) -> list[str]:
        return [line.strip() for line in self.suggested_items.splitlines() if line.strip()]

    @property
    def is_conference(self) -> bool:
        return self.code in self.CONFERENCES

    def is_required(self, title: str) -> bool:
        return normalized(title) in {normalized(t) for t in self.required_titles}

    def minimum_for(self, combined: bool) -> int | None:
        if combined and self.combined_min_minutes:
            return self.combined_min_minutes
        return self.min_minutes


class MeetingQuerySet(ScopedQuerySet):
    # Meetings in the subtrees the user's staff roles cover, and those the user was invited to.
    attended_in = ("meetings.MeetingAttendance", "meeting")

    def in_subtree(self, unit):
        from lamtheo.study.models import units_below

        return self.filter(unit__in=units_below(unit))

    def held(self):
        return self.filter(status=Meeting.Status.HELD)

    def not_cancelled(self):
        return self.exclude(status=Meeting.Status.CANCELLED)

    def newest_first(self):
        return self.order_by("-starts_at", "-pk")

    def with_figures(self):
        """Required items present, and whether a chi ủy meeting came first that month: one query for any number of
        meetings (subqueries, so no row multiplication). The attendance counts are the meeting's own columns."""

        def count(queryset):
            return Coalesce(
                Subquery(queryset.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
            )

        required = (
            AgendaItem.objects.filter(meeting=OuterRef("pk"), required=True).order_by().values("meeting")
        )
        committee_before = Meeting.objects.filter(
            unit=OuterRef("unit"),
            kind__code=MeetingKind.COMMITTEE,
            starts_at__year=OuterRef("starts_at__year"),
            starts_at__month=OuterRef("starts_at__month"),
            starts_at__lt=OuterRef("starts_at"),
        ).exclude(status=Meeting.Status.CANCELLED)
        return self.select_related("unit", "kind").annotate(
            n_required=count(required),
            has_committee_before=Exists(committee_before),
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên lịch")
        HELD = "held", _("Đã họp")
        CANCELLED = "cancelled", _("Đã hủy")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="meetings", verbose_name=_("đơn vị chủ trì")
    )
    kind = models.ForeignKey(
        MeetingKind, models.PROTECT, related_name="meetings", verbose_name=_("loại cuộc họp")
    )
    title = models.CharField(
        _("tiêu đề"), max_length=300, blank=True, help_text=_("Để trống thì dùng loại họp.")
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    is_combined = models.BooleanField(_("kết hợp sinh hoạt chuyên đề"), default=False)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    online_link = models.URLField(_("đường dẫn họp trực tuyến"), blank=True)
    chair = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("chủ trì")
    )
    secretary = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("thư ký")
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    documents_sent_at = models.DateTimeField(_("gửi tài liệu lúc"), null=True, blank=True)
    invited_units = models.ManyToManyField(
        "units.Unit",
        blank=True,
        related_name="invited_to_meetings",
        verbose_name=_("đơn vị được mời"),
        help_text=_("Giao ban, sơ kết, tổng kết: các đơn vị cấp dưới được mời (bí thư, phó bí thư dự)."),
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    schedule = models.ForeignKey(
        "MeetingSchedule",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("lịch định kỳ"),
    )
    # Attendance counted by the action that writes it (actions._replace_attendance, the demo loader): the figures
    # and every list read these columns, never the attendance rows (1,5 million over a province's year).
    n_listed = models.PositiveIntegerField(_("số người trong danh sách"), default=0, editable=False)
    n_present = models.PositiveIntegerField(_("số người có mặt"), default=0, editable=False)
    n_exempt = models.PositiveIntegerField(_("số người miễn sinh hoạt"), default=0, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "starts_at"]),
            models.Index(fields=["unit", "kind", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # Covers the figures' pass over the meetings of some chi bộ in a period (meetings.figures): read from
            # the index alone, attendance counts and the entry's time included, without a lookup of each meeting's
            # row; the unit first, so that a commune's page reads its own chi bộ's meetings only.
            models.Index(
                fields=[
                    "unit",
                    "kind",
                    "status",
                    "starts_at",
                    "is_combined",
                    "n_present",
                    "n_listed",
                    "n_exempt",
                    "created_at",
                ],
                name="meeting_figures_idx",
            ),
        ]

    def __str__(self):
        return f"{self.display_title} ({vn.short_date(self.local_start.date())})"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return self.title or (self.kind.name if self.kind_id else "")

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_conference(self) -> bool:
        return self.kind.is_conference

    @property
    def duration_minutes(self) -> int | None:
        if self.ends_at is None:
            return None
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    # Figures and flags: need `with_figures()` --------------------------------------------------------------

    @property
    def n_expected(self) -> int:
        return self.n_listed - self.n_exempt

    @property
    def attendance_percent(self) -> float | None:
        """Present (late included) / (expected − exempt), in percent; None before attendance is taken."""
        if self.status != self.Status.HELD or not self.n_expected:
            return None
        return 100 * self.n_present / self.n_expected

    @property
    def attendance_rate_text(self) -> str:
        """`85,7%`."""
        return vn.percent(self.n_present, self.n_expected) if self.attendance_percent is not None else ""

    @property
    def below_bar(self) -> bool:
        return self.attendance_percent is not None and self.attendance_percent < ATTENDANCE_BAR

    @property
    def flags(self) -> list[str]:
        """What the chi bộ and the level above should look at, in Vietnamese."""
        flags = []
        kind = self.kind
        if self.status == self.Status.CANCELLED:
            return flags
        if self.n_required < len(kind.required_titles):
            flags.append(
                gettext("Thiếu nội dung bắt buộc: %(items)s.") % {"items": "; ".join(kind.required_titles)}
            )
        minimum = kind.minimum_for(self.is_combined)
        duration = self.duration_minutes
        if self.status == self.Status.HELD and minimum and duration is not None and duration < minimum:
            flags.append(
                gettext("Thời lượng %(minutes)s phút, ít hơn %(minimum)s phút theo quy định.")
                % {"minutes": vn.number(duration), "minimum": vn.number(minimum)}
            )
        if self.documents_sent_at and self.documents_sent_at > self.starts_at - DOCUMENTS_AHEAD:
            flags.append(gettext("Tài liệu gửi muộn: chưa đủ một ngày trước cuộc họp."))
        if kind.needs_committee_meeting and not self.has_committee_before:
            flags.append(gettext("Chi ủy chưa họp trước buổi sinh hoạt chi bộ trong tháng này."))
        if self.below_bar:
            flags.append(
                gettext("Tỷ lệ dự họp %(rate)s, dưới mức %(bar)s%%.")
                % {"rate": vn.percent(self.n_present, self.n_expected), "bar": ATTENDANCE_BAR}
            )
        return flags


class AgendaItem(models.Model):
    """One item of a meeting's agenda, with what was said and concluded (the minutes, item by item)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=300)
    required = models.BooleanField(_("bắt buộc"), default=False)
    notes = models.TextField(_("diễn biến, ý kiến"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    # A vote on the item's resolution (biểu quyết): counted by show of hands, never more than those present.
    vote_subject = models.CharField(_("nội dung biểu quyết"), max_length=300, blank=True)
    votes_for = models.PositiveIntegerField(_("tán thành"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("không tán thành"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("không biểu quyết"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung cuộc họp")
        verbose_name_plural = _("nội dung cuộc họp")
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="unique_agenda_position")]
        # Whether a meeting had its required item(s): one probe of a small index (the indicators ask it per meeting).
        indexes = [models.Index(fields=["meeting"], condition=Q(required=True), name="agenda_required_idx")]

    def __str__(self):
        return self.title

    @property
    def has_vote(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.votes_abstain))

    @property
    def votes_total(self) -> int:
        return sum(v or 0 for v in (self.votes_for, self.votes_against, self.votes_abstain))


def attendance_counts(statuses: Iterable[str]) -> dict[str, int]:
    """The meeting's attendance columns for the statuses of its rows: listed, present (late included), exempt."""
    statuses = list(statuses)
    return {
        "n_listed": len(statuses),
        "n_present": sum(status in ATTENDED for status in statuses),
        "n_exempt": sum(status == Presence.EXEMPT for status in statuses),
    }


class MeetingAttendanceQuerySet(ScopedQuerySet):
    unit_path_field = "meeting__unit__path"
    person_field = "person"


class MeetingAttendance(models.Model):
    """One person on a meeting's list: invited until the meeting is held, then marked (lamtheo.lib.attendance)."""

    Status = Presence
    INVITED = INVITED

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="meeting_attendances", verbose_name=_("người")
    )
    status = models.CharField(
        _("điểm danh"), max_length=8, choices=[(INVITED, _("Được mời")), *Presence.choices], default=INVITED
    )
    reason = models.CharField(_("lý do"), max_length=200, blank=True)

    objects = MeetingAttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("dự họp")
        verbose_name_plural = _("dự họp")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="unique_meeting_person")]
        indexes = [models.Index(fields=["meeting", "status"]), models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"


class AssignmentQuerySet(ScopedQuerySet):
    unit_path_field = "meeting__unit__path"
    person_field = "assignee_person"

    def visible_to(self, user):
        """Those of meetings in the user's subtrees, those given to a unit of those subtrees (a giao ban's
        conclusions to the units below), and the user's own."""
        scope = get_scope(user)
        q = scope.subtree_q(self.unit_path_field) | scope.subtree_q("assignee_unit__path")
        if scope.person_id:
            q |= Q(assignee_person=scope.person_id)
        return self.filter(q)

    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today: datetime.date):
        return self.open().filter(deadline__lt=today)


class Assignment(models.Model):
    """A task given by a meeting's conclusions: what, to whom (a person or a unit), by when; done with evidence."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="assignments")
    what = models.CharField(_("nội dung công việc"), max_length=500)
    assignee_person = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("người thực hiện"),
    )
    assignee_unit = models.ForeignKey(
        "units.Unit",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("đơn vị thực hiện"),
    )
    deadline = models.DateField(_("thời hạn"))
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    evidence = models.TextField(_("kết quả, minh chứng"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["meeting", "deadline"]),
            models.Index(fields=["done_at", "deadline"]),
            # The indicators count a period's assignments by deadline from this index alone (meetings.figures).
            models.Index(fields=["deadline", "meeting", "done_at"], name="assignment_figures_idx"),
        ]

    def __str__(self):
        return self.what[:100]

    @property
    def assignee(self):
        return self.assignee_person or self.assignee_unit

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_at is None and self.deadline < today


class MeetingGuest(models.Model):
    """Someone from outside the unit's list (a member of the level above, the head of the village, ...): named in
    the biên bản, never counted in the attendance rate."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="guests")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("họ và tên"), max_length=200)
    title = models.CharField(_("chức vụ, đơn vị"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("khách mời")
        verbose_name_plural = _("khách mời")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.name} – {self.title}" if self.title else self.name


class Contribution(models.Model):
    """What a unit below said on one discussion topic of a giao ban or conference."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="contributions")
    agenda_item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="meeting_contributions", verbose_name=_("đơn vị")
    )
    speaker = models.CharField(_("người trình bày"), max_length=200, blank=True)
    content = models.TextField(_("nội dung tham luận, ý kiến"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ý kiến của đơn vị")
        verbose_name_plural = _("ý kiến của đơn vị")
        ordering = ["agenda_item", "position", "pk"]
        indexes = [models.Index(fields=["unit", "meeting"])]

    def __str__(self):
        return f"{self.unit} – {self.content[:80]}"


class MemberAssessment(models.Model):
    """One member's part of the minutes: the remark on their "học tập và làm theo" (the required item), their
    self-criticism and the criticism the chi bộ gave them. Their registration of the year is looked up, not stored,
    so a registration written later still shows."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="member_assessments")
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="meeting_assessments", verbose_name=_("người")
    )
    assessment = models.TextField(_("nhận xét việc học tập và làm theo"), blank=True)
    self_criticism = models.TextField(_("tự phê bình"), blank=True)
    criticism = models.TextField(_("ý kiến phê bình, góp ý"), blank=True)

    class Meta:
        verbose_name = _("đánh giá đảng viên trong cuộc họp")
        verbose_name_plural = _("đánh giá đảng viên trong cuộc họp")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_meeting_assessment_person")
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"

    @property
    def is_empty(self) -> bool:
        return not (self.assessment or self.self_criticism or self.criticism)


class MeetingScheduleQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True)


class MeetingSchedule(models.Model):
    """A unit's recurring meeting: "sinh hoạt thường kỳ ngày 5 hằng tháng lúc 19:30 tại hội trường ấp". A day past
    the month's end means the month's last day."""

    unit = models.ForeignKey(
        "units.Unit", models.CASCADE, related_name="meeting_schedules", verbose_name=_("đơn vị")
    )
    kind = models.ForeignKey(
        MeetingKind, models.PROTECT, related_name="schedules", verbose_name=_("loại cuộc họp")
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("ngày trong tháng"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    time = models.TimeField(_("giờ bắt đầu"))
    duration_minutes = models.PositiveIntegerField(
        _("thời lượng (phút)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(24 * 60)]
    )
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch họp định kỳ")
        verbose_name_plural = _("lịch họp định kỳ")
        ordering = ["unit", "kind__position"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_schedule_per_unit_kind")]

    def __str__(self):
        return gettext("%(kind)s ngày %(day)s hằng tháng lúc %(time)s") % {
            "kind": self.kind.name,
            "day": self.day_of_month,
            "time": self.time.strftime("%H:%M"),
        }

    def date_in(self, year: int, month: int) -> datetime.date:
        """The meeting's day in that month; the month's last day when the month is shorter."""
        last = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, min(self.day_of_month, last))

    def starts_in(self, year: int, month: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date_in(year, month), self.time))
