"""The demo province's reports: the communes' reports of the last ended period on their way up, and the Tỉnh ủy's.

`build_reports(root, rng, actor=..., today=...)` runs once the documents (terms, issuer profiles), study sessions,
meetings and registrations exist. The period is the last one ended a week before `today`: the year before (its
annual report) or the first half of the year (its six-month report; `report_plan`). Through the reports actions
(numbering, frozen figures, audit rows) it writes:

- the Tỉnh ủy's due date (the 10th after the period ends: 10/01/2026 for the annual reports of 2025, the tests'
  case) for the communes' reports;
- a report from a few communes, issued and sent up around the due date (the last one after it): the first
  accepted, the second returned with a remark, the others waiting; the other communes have sent nothing (each
  step only once its day has come before `today`);
- the Tỉnh ủy's own report, a draft whose figures come from the records, quoting the accepted commune.

The actions stamp the real clock's time; as in the documents' demo, each step's rows are then dated at the step's
moment of the demo's history (before its "today"). Deterministic for the same database and generator
state. `delete_reports(units)` removes all of it; it must run before the documents of the units are deleted (a
report PROTECTs its document).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.audit.models import AuditEvent
from lamtheo.demo.population import AS_OF
from lamtheo.documents.models import Distribution, Document, DocumentVersion
from lamtheo.indicators.periods import Period
from lamtheo.people.models import Position
from lamtheo.reports import actions
from lamtheo.reports.models import Deadline, Report, ReportKind, Submission
from lamtheo.units.models import Unit

SENT_AFTER_DUE = (
    -5,
    -3,
    -2,
    -1,
    3,
)  # days from the due date to each sending commune's report; the last is late
SENDERS = len(SENT_AFTER_DUE)  # communes that have sent their report (never all of them)


@dataclass(frozen=True)
class ReportPlan:
    """The demo's report cycle on its "today": which period, when it is due, when each step happened."""

    kind: str
    period: Period
    due_date: datetime.date

    @property
    def sent_on(self) -> tuple[datetime.date, ...]:
        return tuple(self.due_date + datetime.timedelta(days=days) for days in SENT_AFTER_DUE)

    @property
    def set_on(self) -> datetime.date:  # the Tỉnh ủy sets the due date
        return self.period.end - datetime.timedelta(days=16)

    @property
    def drafted_on(self) -> datetime.date:  # the communes draft
        return self.period.end + datetime.timedelta(days=2)

    @property
    def accepted_on(self) -> datetime.date:
        return self.due_date + datetime.timedelta(days=5)

    @property
    def returned_on(self) -> datetime.date:
        return self.due_date + datetime.timedelta(days=6)


def report_plan(today: datetime.date) -> ReportPlan:
    """The last period ended at least a week before `today`: the first half of this year, or last year."""
    half = Period.half(today.year, 1)
    if half.end + datetime.timedelta(days=7) <= today:
        return ReportPlan(ReportKind.SIX_MONTH, half, half.end + datetime.timedelta(days=10))
    last_year = Period.year(today.year - 1)
    return ReportPlan(ReportKind.ANNUAL, last_year, last_year.end + datetime.timedelta(days=10))


# The tests' report cycle (on AS_OF): the annual reports of 2025, due on 10/01/2026.
TESTS_PLAN = report_plan(AS_OF)
PERIOD, KIND, DUE_DATE, SENT_ON = TESTS_PLAN.period, TESTS_PLAN.kind, TESTS_PLAN.due_date, TESTS_PLAN.sent_on
RESULTS = (
    "Cấp ủy đã ban hành kế hoạch, tổ chức quán triệt chuyên đề năm {year} đến các chi bộ; các chi bộ đưa nội dung "
    "học tập và làm theo vào sinh hoạt thường kỳ.",
    "Các chi bộ đã tổ chức học tập chuyên đề, tổ chức học bù cho đảng viên vắng vì công tác, ốm đau.",
    "Đảng viên, cán bộ, công chức đã viết bản đăng ký làm theo gắn với nhiệm vụ được giao; chi bộ xem xét, "
    "nhận xét từng bản.",
)
LIMITATIONS = (
    "Một số chi bộ sinh hoạt còn hình thức, nội dung làm theo chưa cụ thể.",
    "Việc nhận xét bản đăng ký ở một số chi bộ còn chậm.",
)
CAUSES = ("Một số cấp ủy chưa quan tâm đúng mức; bí thư chi bộ kiêm nhiều việc.",)
LESSONS = ("Người đứng đầu gương mẫu, nói đi đôi với làm; chọn việc làm theo cụ thể, dễ kiểm tra.",)
DIRECTIONS = {
    ReportKind.ANNUAL: (
        "Tổ chức học tập chuyên đề năm {next} ngay từ quý I; kiểm tra việc thực hiện bản đăng ký năm {next}.",
        "Nhân rộng các mô hình hay, gương điển hình trong học tập và làm theo.",
    ),
    ReportKind.SIX_MONTH: (
        "Hoàn thành học bù chuyên đề năm {year} cho đảng viên vắng; theo dõi việc thực hiện bản đăng ký năm {year}.",
        "Chuẩn bị tự đánh giá, nhận xét bản đăng ký và tổng kết năm {year}.",
    ),
}
RETURN_REMARK = "Đề nghị bổ sung số đảng viên chưa học bù và biện pháp khắc phục ở từng chi bộ."


def _signer(unit: Unit) -> tuple[str, str]:
    """(title, name) of the unit's secretary, or of a deputy, as it signs its reports."""
    position = (
        Position.objects.filter(
            unit=unit,
            kind__in=(Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY),
            end_date__isnull=True,
        )
        .select_related("person")
        .order_by("kind", "pk")
        .first()
    )
    if position is None:
        return "", ""
    title = "BÍ THƯ" if position.kind == Position.Kind.SECRETARY else "PHÓ BÍ THƯ"
    return title, position.person.full_name


def _write(unit: Unit, rng: random.Random, plan: ReportPlan, *, actor) -> Report:
    report = actions.create_report(unit=unit, kind=plan.kind, period=plan.period, actor=actor)
    years = {"year": plan.period.start.year, "next": plan.period.start.year + 1}
    report.results = "\n".join(rng.sample(RESULTS, k=2)).format(**years)
    report.limitations = rng.choice(LIMITATIONS)
    report.causes = CAUSES[0]
    report.lessons = LESSONS[0]
    report.directions = "\n".join(DIRECTIONS[plan.kind]).format(**years)
    title, name = _signer(unit)
    document = report.document
    document.signing_form = document.signing_form or "T/M BAN THƯỜNG VỤ"
    document.signer_title, document.signer_name = title or "BÍ THƯ", name or "Nguyễn Văn An"
    return actions.update_report(report, actor=actor, expected_version=report.version)


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Clock:
    """Dates the rows written since the previous step at the step's moment of the demo's history."""

    STAMPED = (
        (AuditEvent, ("at",)),
        (Document, ("created_at", "updated_at", "issued_at")),
        (DocumentVersion, ("created_at",)),
        (Distribution, ("delivered_at",)),
        (Report, ("created_at", "updated_at", "issued_at")),
        (Submission, ("first_submitted_at", "submitted_at", "decided_at")),
    )

    def __init__(self):
        self.last = {model: self._top(model) for model, _fields in self.STAMPED}
        self.touched = {model: set() for model, _fields in self.STAMPED}

    @staticmethod
    def _top(model) -> int:
        return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def date(self, moment: datetime.datetime) -> None:
        """Rows created since the last step take `moment`; rows changed since (an issued document, a decided
        submission) take it in the fields the step filled (those still on the real clock, later than `moment`).
        Steps must come in the order of their moments."""
        for model, fields in self.STAMPED:
            created = model.objects.filter(pk__gt=self.last[model])
            self.touched[model].update(created.values_list("pk", flat=True))
            for field in fields:
                model.objects.filter(pk__in=self.touched[model], **{f"{field}__gt": moment}).update(
                    **{field: moment}
                )
            self.last[model] = self._top(model)


@transaction.atomic
def build_reports(
    root: Unit,
    rng: random.Random,
    *,
    actor=None,
    today: datetime.date = AS_OF,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the demo's reports of the last ended period under `root`, as they stand on `today` (see the module);
    returns what was written."""
    progress = progress or (lambda message: None)
    plan = report_plan(today)
    communes = list(Unit.objects.children_of(root).active().filter(kind=Unit.Kind.COMMUNE_COMMITTEE).sorted())
    communes = communes[: min(SENDERS, len(communes) - 1)]  # at least one commune has sent nothing
    clock = _Clock()
    actions.set_deadline(unit=root, kind=plan.kind, period=plan.period, due_date=plan.due_date, actor=actor)
    clock.date(_moment(plan.set_on, 9))
    drafts = [_write(commune, rng, plan, actor=actor) for commune in communes]
    clock.date(_moment(plan.drafted_on, 8))
    submissions = []
    for report, day in zip(drafts, plan.sent_on, strict=False):
        if day >= today:
            break
        report = actions.issue_report(report, actor=actor, date=day)
        clock.date(_moment(day, 10))
        submissions.append(actions.submit_report(report, actor=actor))
        clock.date(_moment(day, 15))
    accepted = bool(submissions) and plan.accepted_on < today
    if accepted:
        actions.accept_submission(submissions[0], actor=actor, remark="Báo cáo đầy đủ, đúng hạn.")
        clock.date(_moment(plan.accepted_on, 9))
    if len(submissions) > 1 and plan.returned_on < today:
        actions.return_submission(submissions[1], actor=actor, remark=RETURN_REMARK)
        clock.date(_moment(plan.returned_on, 14))
    own = _write(root, rng, plan, actor=actor)
    if accepted:
        own = actions.quote(
            own,
            source=submissions[0].report,
            field="results",
            actor=actor,
            expected_version=own.version,
        )
    clock.date(_moment(max(today - datetime.timedelta(days=5), plan.drafted_on), 16))
    progress(
        _("Báo cáo %(period)s: %(sent)s đảng ủy xã đã gửi, dự thảo của Tỉnh ủy")
        % {"period": plan.period.label, "sent": len(submissions)}
    )
    return {"reports": len(communes) + 1, "submissions": len(submissions)}


@transaction.atomic
def delete_reports(units) -> int:
    """Delete the reports of `units` (a queryset of units, or their ids) with their submissions, due dates and
    history; returns how many reports went. The documents themselves go with the documents of the demo."""
    reports = Report.objects.filter(unit__in=units)
    ids = list(reports.values_list("pk", flat=True))
    Submission.objects.filter(report__in=ids).delete()
    Submission.objects.filter(unit__in=units).delete()
    Deadline.objects.filter(unit__in=units).delete()
    report_type = ContentType.objects.get_for_model(Report)
    AuditEvent.objects.filter(target_type=report_type, target_id__in=ids).delete()
    Report.objects.filter(pk__in=ids).update(revision_of=None)
    return reports.delete()[1].get(Report._meta.label, 0)
