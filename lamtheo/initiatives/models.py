"""Models and breakthrough tasks (mô hình, nội dung đột phá): what a committee launches so that units and people act
on what they studied (seed 003: "Tổ 1 - Khối Vận xã", "Tổ 2 - Khối chính quyền", "Tổ 3 - Cơ sở đảng").

An initiative belongs to the committee that launched it (its unit), for a period, set up by a decision (a document).
Teams (tổ) carry it, each with a leader, members from anywhere in the committee's subtree and its own theme. Each
team declares goals (chỉ tiêu of the team: a measure with a baseline and a target, e.g. dossiers handled on time)
and records a value each month; the progress is where the latest value stands between the baseline and the target.
A replica (nhân rộng) is the same initiative launched in another unit, linked to its origin.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope


class InitiativeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The initiatives of the user's subtrees, and those whose teams the user's person belongs to."""
        visible = super().visible_to(user)
        person_id = get_scope(user).person_id
        if person_id is None:
            return visible
        carried = Team.objects.filter(members=person_id).values("initiative")
        return self.filter(models.Q(pk__in=visible.values("pk")) | models.Q(pk__in=carried))


class Initiative(models.Model):
    class Kind(models.TextChoices):
        MODEL = "model", _("Mô hình")
        BREAKTHROUGH = "breakthrough", _("Nội dung đột phá")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="initiatives", verbose_name=_("đơn vị thực hiện")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.MODEL)
    name = models.CharField(_("tên"), max_length=300)
    theme = models.TextField(_("nội dung"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    decision = models.ForeignKey(
        "documents.Document",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("quyết định thành lập"),
    )
    origin = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicas",
        verbose_name=_("nhân rộng từ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["unit", "starts_on"])]
        verbose_name = _("mô hình, nội dung đột phá")
        verbose_name_plural = _("mô hình, nội dung đột phá")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])


class TeamQuerySet(ScopedQuerySet):
    unit_path_field = "initiative__unit__path"

    def visible_to(self, user):
        """The teams of the initiatives the user sees."""
        return self.filter(initiative__in=Initiative.objects.visible_to(user).values("pk"))


class Team(models.Model):
    """A team (tổ) carrying an initiative, with its own theme."""

    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="teams")
    name = models.CharField(_("tên tổ"), max_length=200)
    theme = models.TextField(_("nhiệm vụ của tổ"), blank=True)
    leader = models.ForeignKey(
        "people.Person", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tổ trưởng")
    )
    members = models.ManyToManyField(
        "people.Person", blank=True, related_name="initiative_teams", verbose_name=_("thành viên")
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "name"]
        constraints = [models.UniqueConstraint(fields=["initiative", "name"], name="team_name_once")]
        verbose_name = _("tổ")
        verbose_name_plural = _("tổ")

    def __str__(self):
        return self.name


class GoalQuerySet(ScopedQuerySet):
    unit_path_field = "team__initiative__unit__path"


class Goal(models.Model):
    """A team's measurable result: a baseline, a target, and a value each month."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="goals")
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    measure = models.CharField(_("đơn vị tính"), max_length=40, help_text=_("Ví dụ: hồ sơ, cuộc, lượt, %."))
    baseline = models.DecimalField(_("mức khởi điểm"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("mục tiêu"), max_digits=14, decimal_places=2)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["team", "pk"]
        verbose_name = _("chỉ tiêu của tổ")
        verbose_name_plural = _("chỉ tiêu của tổ")

    def __str__(self):
        return self.name

    @property
    def lower_is_better(self) -> bool:
        """A target below the baseline (late dossiers down from 40 to 0) is reached by going down."""
        return self.target < self.baseline

    def progress(self, value: Decimal | None) -> float | None:
        """Where `value` stands on the way from the baseline to the target, in percent (100 = reached; may pass)."""
        if value is None or self.target == self.baseline:
            return None
        return float((value - self.baseline) / (self.target - self.baseline) * 100)


class GoalValue(models.Model):
    """A goal's value for one month (the first day of the month)."""

    goal = models.ForeignKey(Goal, models.CASCADE, related_name="values")
    month = models.DateField(_("tháng"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal", "month"]
        constraints = [models.UniqueConstraint(fields=["goal", "month"], name="goal_value_once_a_month")]
        verbose_name = _("giá trị tháng")
        verbose_name_plural = _("giá trị tháng")

    def __str__(self):
        return f"{self.goal} {self.month:%m/%Y}: {self.value}"


class ReviewQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The reviews of the initiatives the user sees."""
        return self.filter(initiative__in=Initiative.objects.visible_to(user).values("pk"))


class Review(models.Model):
    """The sơ kết or tổng kết of an initiative: a report pre-filled from its goals and the teams' notes, which the
    committee rewrites, read at a conference (a meeting of lamtheo.meetings) whose conclusions become its
    assignments."""

    class Kind(models.TextChoices):
        INTERIM = "so_ket", _("Sơ kết")
        FINAL = "tong_ket", _("Tổng kết")

    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="reviews")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.INTERIM)
    until = models.DateField(_("số liệu đến hết tháng"))
    meeting = models.OneToOneField(
        "meetings.Meeting",
        models.CASCADE,  # the conference's report: it goes with the conference (meetings are cancelled, not deleted)
        related_name="initiative_review",
        verbose_name=_("hội nghị"),
    )
    results = models.TextField(_("kết quả thực hiện"), blank=True)
    limitations = models.TextField(_("hạn chế, khó khăn"), blank=True)
    directions = models.TextField(
        _("phương hướng, nhiệm vụ"), blank=True, help_text=_("Mỗi dòng một nhiệm vụ; có thể giao thành việc.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "-until", "-pk"]
        verbose_name = _("sơ kết, tổng kết mô hình")
        verbose_name_plural = _("sơ kết, tổng kết mô hình")

    def __str__(self):
        return f"{self.get_kind_display()} {self.initiative}"

    def get_absolute_url(self):
        return reverse("initiatives:review", args=[self.pk])

    @property
    def direction_lines(self) -> list[str]:
        return [line.strip().lstrip("-–• ").strip() for line in self.directions.splitlines() if line.strip()]
