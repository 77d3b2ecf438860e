"""Year-end review and classification (đánh giá, xếp loại chất lượng, QĐ 366-QĐ/TW, 2025) of the people of a
committee's subtree, and of its chi bộ.

A committee opens a round (`AppraisalRound`) for a period with the deadline of each step and its criteria as data
(general criteria summing 30 points, results summing 70). Each person of the subtree has an `Appraisal`: the
self-assessment (bản kiểm điểm: a `Score` and a note per criterion, the total and the level its band gives), the
chi bộ's proposal with its vote, and the committee's decision, which checks the cap (xuất sắc at most 20% of those
rated tốt in a grassroots unit) and the chi bộ's own rating (`CellAppraisal`). A decided round is locked: a change
after it is an `Amendment` (who, when, why), shown with the appraisal.

Writes go through lamtheo.appraisal.actions; the evidence shown to assessors through lamtheo.appraisal.evidence.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.pledges.models import Pledge

# The four levels of QĐ 366-QĐ/TW, best first: the registrations' vocabulary, one for both.
Level = Pledge.Level

# The score bands of the levels (QĐ 366-QĐ/TW): the lowest score of each, best first. Declared once.
BANDS = (
    (Decimal(90), Level.EXCELLENT),
    (Decimal(70), Level.GOOD),
    (Decimal(50), Level.DONE),
    (Decimal(0), Level.NOT_DONE),
)
# The order of the levels, best first, for "at least tốt".
RANK = {level: index for index, (_floor, level) in enumerate(BANDS)}


def level_for(score: Decimal) -> str:
    """The level a total of points gives: ≥ 90 xuất sắc; 70 – < 90 tốt; 50 – < 70 hoàn thành; < 50 không."""
    for floor, level in BANDS:
        if score >= floor:
            return level
    return Level.NOT_DONE


def at_least(level: str, floor: str) -> bool:
    """Whether `level` is `floor` or better."""
    return RANK[level] <= RANK[floor]


class RoundQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The rounds of the user's subtrees, and those opened by a unit above one they belong to (a member sees
        the round they are reviewed in)."""
        from lamtheo.units.models import Unit

        scope = get_scope(user)
        own = [a.unit.path for a in scope.assignments]
        above = {path[:i] for path in own for i in range(Unit.steplen, len(path) + 1, Unit.steplen)}
        return self.filter(scope.subtree_q("unit__path") | models.Q(unit__path__in=above))


class AppraisalRound(models.Model):
    """A committee's review of its subtree for a period, with the deadline of each step and its criteria."""

    class PeriodKind(models.TextChoices):
        YEAR = "year", _("Năm")
        QUARTER = "quarter", _("Quý")
        AD_HOC = "ad_hoc", _("Đột xuất")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang đánh giá")
        DECIDED = "decided", _("Đã quyết định xếp loại")
        PUBLISHED = "published", _("Đã công khai")

    LOCKED_STATES = (Status.DECIDED, Status.PUBLISHED)

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="appraisal_rounds", verbose_name=_("cấp ủy đánh giá")
    )
    title = models.CharField(_("tên đợt đánh giá"), max_length=300)
    period_kind = models.CharField(_("kỳ đánh giá"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    include_non_members = models.BooleanField(
        _("đánh giá cả cán bộ, công chức chưa là đảng viên"), default=False
    )
    self_assessment_due = models.DateField(_("hạn tự đánh giá"))
    cell_review_due = models.DateField(_("hạn chi bộ đánh giá"))
    appraisal_due = models.DateField(_("hạn cấp ủy thẩm định"))
    decision_due = models.DateField(_("hạn quyết định xếp loại"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decision_reference = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-starts_on", "pk"]
        indexes = [models.Index(fields=["unit", "year"])]
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = _("đợt đánh giá, xếp loại")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("appraisal:detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED_STATES


class Criterion(models.Model):
    """One criterion of the round's bản kiểm điểm, with the most points it gives."""

    class Group(models.TextChoices):
        GENERAL = "general", _("Tiêu chí chung")
        RESULTS = "results", _("Kết quả thực hiện nhiệm vụ")

    # The points of each group (QĐ 366-QĐ/TW): a round whose criteria do not sum to these is refused.
    GROUP_POINTS = {Group.GENERAL: 30, Group.RESULTS: 70}

    round = models.ForeignKey(AppraisalRound, models.CASCADE, related_name="criteria")
    group = models.CharField(_("nhóm tiêu chí"), max_length=10, choices=Group.choices)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("tiêu chí"), max_length=300)
    points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="appraisal_criterion_position_once")
        ]
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")

    def __str__(self):
        return self.text


class AppraisalQuerySet(ScopedQuerySet):
    person_field = "person"

    def in_round(self, round_):
        return self.filter(round=round_)


class Appraisal(models.Model):
    """One person's review in a round: the self-assessment, the chi bộ's proposal and vote, the decided level."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Chưa tự đánh giá")
        SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
        PROPOSED = "proposed", _("Chi bộ đã đề xuất")
        DECIDED = "decided", _("Đã xếp loại")

    round = models.ForeignKey(AppraisalRound, models.CASCADE, related_name="appraisals")
    person = models.ForeignKey("people.Person", models.CASCADE, related_name="appraisals")
    unit = models.ForeignKey(
        "units.Unit",
        models.PROTECT,
        related_name="appraisals",
        verbose_name=_("chi bộ"),
        help_text=_("Nơi người được đánh giá sinh hoạt khi mở đợt: chi bộ này đánh giá, đề xuất."),
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.WAITING)
    self_total = models.DecimalField(_("tổng điểm tự chấm"), max_digits=5, decimal_places=1, null=True)
    self_level = models.CharField(_("tự xếp loại"), max_length=20, choices=Level.choices, blank=True)
    self_summary = models.TextField(_("tự nhận xét chung"), blank=True)
    self_assessed_at = models.DateTimeField(_("tự đánh giá lúc"), null=True, blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_level = models.CharField(_("chi bộ đề xuất"), max_length=20, choices=Level.choices, blank=True)
    votes_for = models.PositiveIntegerField(_("tán thành"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("không tán thành"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("không biểu quyết"), null=True, blank=True)
    proposal_remark = models.TextField(_("nhận xét của chi bộ"), blank=True)
    proposed_at = models.DateTimeField(_("đề xuất lúc"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    level = models.CharField(_("xếp loại"), max_length=20, choices=Level.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        ordering = ["round", "unit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_appraisal_per_person_per_round")
        ]
        indexes = [models.Index(fields=["round", "unit", "status"]), models.Index(fields=["person", "round"])]
        verbose_name = _("phiếu đánh giá, xếp loại")
        verbose_name_plural = _("phiếu đánh giá, xếp loại")

    def __str__(self):
        return gettext("%(round)s: %(name)s") % {"round": self.round, "name": self.person}

    def get_absolute_url(self):
        return reverse("appraisal:person", args=[self.pk])


class Score(models.Model):
    """The points a person gave themselves on one criterion, with their note."""

    appraisal = models.ForeignKey(Appraisal, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="scores")
    points = models.DecimalField(_("điểm"), max_digits=4, decimal_places=1)
    note = models.TextField(_("giải trình"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "criterion"], name="appraisal_score_once")
        ]
        verbose_name = _("điểm tự chấm")
        verbose_name_plural = _("điểm tự chấm")

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class CellAppraisal(models.Model):
    """The level the committee decides for one chi bộ of the round's subtree."""

    round = models.ForeignKey(AppraisalRound, models.CASCADE, related_name="cell_appraisals")
    unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="cell_appraisals")
    level = models.CharField(_("xếp loại"), max_length=20, choices=Level.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_cell_appraisal_per_round")]
        verbose_name = _("xếp loại chi bộ")
        verbose_name_plural = _("xếp loại chi bộ")

    def __str__(self):
        return f"{self.unit}: {self.get_level_display()}"


class Amendment(models.Model):
    """A change of a decided level after the round was locked: who, when, why; kept for ever and shown."""

    appraisal = models.ForeignKey(Appraisal, models.CASCADE, related_name="amendments")
    from_level = models.CharField(_("xếp loại cũ"), max_length=20, choices=Level.choices)
    to_level = models.CharField(_("xếp loại mới"), max_length=20, choices=Level.choices)
    reason = models.TextField(_("lý do điều chỉnh"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(_("người điều chỉnh"), max_length=150, blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("điều chỉnh xếp loại")
        verbose_name_plural = _("điều chỉnh xếp loại")

    def __str__(self):
        return f"{self.appraisal}: {self.from_level} → {self.to_level}"
