"""Study sessions (lớp / hội nghị học tập chuyên đề) and who attended them.

A unit holds a session for a topic that applies to it (issued by the unit itself or by a committee above it). Its
attendance lists the people who belonged to the unit's subtree on the session's date: a chi bộ's own people (and
those of its tổ đảng), a committee's whole subtree. Each attendance row keeps the topic and the unit the person
belonged to on that date, so the coverage figures (coverage.py) read one indexed table.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.lib import vn
from lamtheo.lib.attendance import ATTENDED, Presence
from lamtheo.lib.uploads import StoredFile
from lamtheo.people.models import Membership, Person


class StudySessionQuerySet(ScopedQuerySet):
    # Sessions in the subtrees the user's staff roles cover, and the sessions the user attended.
    attended_in = ("study.Attendance", "session")

    def in_subtree(self, unit):
        return self.filter(unit__in=units_below(unit))

    def for_topic(self, topic):
        return self.filter(topic=topic)

    def held(self, today: datetime.date):
        """Sessions that have taken place (dated today or before)."""
        return self.filter(date__lte=today)

    def planned(self, today: datetime.date):
        return self.filter(date__gt=today)

    def newest_first(self):
        return self.order_by("-date", "-start_time", "-pk")


class StudySession(models.Model):
    """A study session or conference on a topic, held by a unit, with its attendance."""

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến (điểm cầu)")
        COMBINED = "combined", _("Trực tiếp kết hợp trực tuyến")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="study_sessions", verbose_name=_("đơn vị tổ chức")
    )
    topic = models.ForeignKey(
        "topics.Topic", models.PROTECT, related_name="study_sessions", verbose_name=_("chuyên đề")
    )
    title = models.CharField(
        _("tên lớp / hội nghị"),
        max_length=300,
        blank=True,
        help_text=_("Để trống thì dùng tên chuyên đề."),
    )
    date = models.DateField(_("ngày học"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    form = models.CharField(_("hình thức"), max_length=12, choices=Form.choices, default=Form.IN_PERSON)
    lecturers = models.TextField(
        _("báo cáo viên"), blank=True, help_text=_("Họ tên, chức vụ của người trình bày chuyên đề.")
    )
    audience = models.CharField(
        _("thành phần tham dự"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: toàn thể đảng viên chi bộ và cán bộ, công chức chưa là đảng viên."),
    )
    is_makeup = models.BooleanField(_("buổi học bù"), default=False)
    makeup_for = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="makeups",
        verbose_name=_("học bù cho buổi"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StudySessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi học tập chuyên đề")
        verbose_name_plural = _("buổi học tập chuyên đề")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["topic", "unit"]),
            models.Index(fields=["topic", "date"]),
        ]

    def __str__(self):
        return f"{self.display_title} ({vn.short_date(self.date)})"

    def get_absolute_url(self):
        return reverse("study:detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return self.title or (self.topic.title if self.topic_id else "")

    @property
    def weekday(self) -> str:
        """`Thứ sáu`."""
        return vn.weekday(self.date) if self.date else ""

    def is_future(self, today: datetime.date) -> bool:
        return self.date > today

    def clean(self):
        """The rules of the domain, each refused with a message that names the field."""
        errors = {}
        unit = self.unit if self.unit_id else None
        topic = self.topic if self.topic_id else None
        if unit is not None and topic is not None and not unit.path.startswith(topic.unit.path):
            errors["topic"] = gettext(
                "Chuyên đề «%(topic)s» do %(issuer)s ban hành, không áp dụng cho %(unit)s: hãy chọn chuyên đề của "
                "đơn vị mình hoặc của cấp ủy cấp trên."
            ) % {"topic": topic.title, "issuer": topic.unit, "unit": unit}
        if (
            topic is not None
            and self.date is not None
            and not topic.start_year <= self.date.year <= topic.end_year
        ):
            errors["date"] = gettext(
                "Ngày %(date)s nằm ngoài thời gian của chuyên đề «%(topic)s» (%(period)s)."
            ) % {"date": vn.short_date(self.date), "topic": topic.title, "period": topic.period}
        if unit is not None and self.date is not None and unit.active_to and self.date >= unit.active_to:
            errors["date"] = gettext("%(unit)s đã ngừng hoạt động từ ngày %(closed)s.") % {
                "unit": unit,
                "closed": vn.short_date(unit.active_to),
            }
        if self.makeup_for_id:
            errors.update(self._makeup_errors(unit, topic))
        if errors:
            raise ValidationError(errors)

    def _makeup_errors(self, unit, topic) -> dict:
        original = self.makeup_for
        if self.pk and original.pk == self.pk:
            return {"makeup_for": gettext("Một buổi học không thể là buổi học bù cho chính nó.")}
        if topic is not None and original.topic_id != topic.pk:
            return {
                "makeup_for": gettext(
                    "Buổi học bù phải cùng chuyên đề với buổi «%(session)s» (chuyên đề «%(topic)s»)."
                )
                % {"session": original, "topic": original.topic.title}
            }
        if self.date is not None and original.date > self.date:
            return {
                "date": gettext("Buổi học bù không thể diễn ra trước buổi học chính (%(date)s).")
                % {"date": vn.short_date(original.date)}
            }
        if unit is not None and not (
            original.unit.path.startswith(unit.path) or unit.path.startswith(original.unit.path)
        ):
            return {
                "makeup_for": gettext(
                    "Buổi «%(session)s» là của %(unit)s, không phải đơn vị này hay cấp trên, cấp dưới."
                )
                % {"session": original, "unit": original.unit}
            }
        return {}


class AttendanceQuerySet(ScopedQuerySet):
    unit_path_field = "session__unit__path"
    person_field = "person"

    def present(self):
        """Those who attended (on time or late)."""
        return self.filter(status__in=ATTENDED)


class Attendance(models.Model):
    """One person at one session, marked as at any list (lamtheo.lib.attendance), with the reason when given."""

    Status = Presence

    session = models.ForeignKey(StudySession, models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="study_attendances", verbose_name=_("người")
    )
    # Copied from the session so the coverage reads one indexed table: kept equal by the actions.
    topic = models.ForeignKey("topics.Topic", models.PROTECT, related_name="+")
    # Where the person belonged on the session's date: their chi bộ then, not now.
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="+", verbose_name=_("sinh hoạt tại (ngày học)")
    )
    status = models.CharField(_("điểm danh"), max_length=8, choices=Status.choices)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_attendance_person"),
            models.CheckConstraint(
                condition=~Q(status=Presence.PRESENT) | Q(reason=""),
                name="attendance_no_reason_when_present",
            ),
        ]
        indexes = [
            # Who studied a topic: coverage.studied_people.
            models.Index(fields=["topic", "status", "person"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"

    @property
    def is_present(self) -> bool:
        return self.status in ATTENDED


class StudyMaterial(StoredFile):
    """A file used at a session (slides, the lecture, a list signed on paper): PDF or DOCX, served through a
    view that checks the session's scope."""

    OWNER = "session"

    session = models.ForeignKey(StudySession, models.CASCADE, related_name="materials")

    class Meta(StoredFile.Meta):
        verbose_name = _("tài liệu buổi học")

    def get_absolute_url(self):
        return reverse("study:material", args=[self.session_id, self.pk])


# Who belonged where, when ------------------------------------------------------------------------------------


def units_below(unit):
    """`unit` and every unit below it, as a subquery of ids.

    Filtering rows on it lets the database start from the subtree's few units and use each table's unit index,
    where a join on the unit's path would have it read the whole province's rows to pick out fifty.
    """
    from lamtheo.units.models import Unit

    return Unit.objects.subtree_of(unit).values("pk")


def _covers(date: datetime.date) -> Q:
    return (Q(start_date__isnull=True) | Q(start_date__lte=date)) & (
        Q(end_date__isnull=True) | Q(end_date__gt=date)
    )


def stays_on(unit, date: datetime.date):
    """Stays (Membership rows) in `unit`'s subtree that cover `date` (a stay runs from its start to the day
    before its end: on a transfer date the person already belongs to the new unit)."""
    return Membership.objects.filter(unit__in=units_below(unit)).filter(_covers(date))


def people_on(unit, date: datetime.date):
    """People who belonged to `unit`'s subtree on `date`.

    By their stays; a person with no stay recorded at all (entered before stays were kept) by their current unit,
    if they are active.
    """
    unrecorded = (
        Person.objects.filter(unit__in=units_below(unit))
        .active()
        .filter(~Exists(Membership.objects.filter(person=OuterRef("pk"))))
        .values("pk")
    )
    return Person.objects.filter(Q(pk__in=stays_on(unit, date).values("person_id")) | Q(pk__in=unrecorded))


def units_on(unit, date: datetime.date, person_ids) -> dict[int, int]:
    """For each of `person_ids` who belonged to `unit`'s subtree on `date`: the unit they belonged to then.

    Two queries whatever the number of people. Those missing from the answer did not belong there.
    """
    ids = set(person_ids)
    where = dict(
        stays_on(unit, date).filter(person__in=ids).order_by("start_date").values_list("person_id", "unit_id")
    )
    rest = ids - set(where)
    if rest:
        unrecorded = (
            Person.objects.filter(unit__in=units_below(unit))
            .active()
            .filter(pk__in=rest)
            .filter(~Exists(Membership.objects.filter(person=OuterRef("pk"))))
            .values_list("pk", "unit_id")
        )
        where.update(unrecorded)
    return where
