"""The demo province's reports: the communes' 2025 annual reports on their way up, and the Tỉnh ủy's own.

`build_reports(root, rng, actor=...)` runs once the documents (terms, issuer profiles), study sessions, meetings and
registrations exist. Through the reports actions (numbering, frozen figures, audit rows) it writes:

- the Tỉnh ủy's due date (10/01/2026) for the communes' annual reports of 2025;
- an annual report from a few communes, issued and sent up in early January 2026 (the last one after the due date):
  the first accepted, the second returned with a remark, the others waiting; the other communes have sent nothing;
- the Tỉnh ủy's own annual report, a draft whose figures come from the records, quoting the accepted commune.

The actions stamp the real clock's time; as in the documents' demo, each step's rows are then dated at the step's
moment of the demo's history (before its "today", 01/03/2026). Deterministic for the same database and generator
state. `delete_reports(units)` removes all of it; it must run before the documents of the units are deleted (a
report PROTECTs its document).
"""

import datetime
import random
from collections.abc import Callable

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

PERIOD = Period.year(2025)
KIND = ReportKind.ANNUAL
DUE_DATE = datetime.date(2026, 1, 10)
SENT_ON = (  # the day each sending commune issues and sends its report; the last one is late
    datetime.date(2026, 1, 5),
    datetime.date(2026, 1, 7),
    datetime.date(2026, 1, 8),
    datetime.date(2026, 1, 9),
    datetime.date(2026, 1, 13),
)
SENDERS = len(SENT_ON)  # communes that have sent their report (never all of them)
RESULTS = (
    "Cấp ủy đã ban hành kế hoạch, tổ chức quán triệt chuyên đề năm 2025 đến các chi bộ; các chi bộ đưa nội dung "
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
DIRECTIONS = (
    "Tổ chức học tập chuyên đề năm 2026 ngay từ quý I; kiểm tra việc thực hiện bản đăng ký năm 2026.",
    "Nhân rộng các mô hình hay, gương điển hình trong học tập và làm theo.",
)
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


def _write(unit: Unit, rng: random.Random, *, actor) -> Report:
    report = actions.create_report(unit=unit, kind=KIND, period=PERIOD, actor=actor)
    report.results = "\n".join(rng.sample(RESULTS, k=2))
    report.limitations = rng.choice(LIMITATIONS)
    report.causes = CAUSES[0]
    report.lessons = LESSONS[0]
    report.directions = "\n".join(DIRECTIONS)
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
    """Write the demo's six-month reports under `root` (see the module); returns what was written."""
    progress = progress or (lambda message: None)
    communes = list(Unit.objects.children_of(root).active().filter(kind=Unit.Kind.COMMUNE_COMMITTEE).sorted())
    communes = communes[: min(SENDERS, len(communes) - 1)]  # at least one commune has sent nothing
    clock = _Clock()
    actions.set_deadline(unit=root, kind=KIND, period=PERIOD, due_date=DUE_DATE, actor=actor)
    clock.date(_moment(datetime.date(2025, 12, 15), 9))
    drafts = [_write(commune, rng, actor=actor) for commune in communes]
    clock.date(_moment(datetime.date(2026, 1, 2), 8))
    submissions = []
    for report, day in zip(drafts, SENT_ON, strict=False):
        report = actions.issue_report(report, actor=actor, date=day)
        clock.date(_moment(day, 10))
        submissions.append(actions.submit_report(report, actor=actor))
        clock.date(_moment(day, 15))
    if submissions:
        actions.accept_submission(submissions[0], actor=actor, remark="Báo cáo đầy đủ, đúng hạn.")
        clock.date(_moment(datetime.date(2026, 1, 15), 9))
    if len(submissions) > 1:
        actions.return_submission(submissions[1], actor=actor, remark=RETURN_REMARK)
        clock.date(_moment(datetime.date(2026, 1, 16), 14))
    own = _write(root, rng, actor=actor)
    if submissions:
        own = actions.quote(
            own,
            source=submissions[0].report,
            field="results",
            actor=actor,
            expected_version=own.version,
        )
    clock.date(_moment(today - datetime.timedelta(days=5), 16))
    progress(
        _("Báo cáo tổng kết %(period)s: %(sent)s đảng ủy xã đã gửi, dự thảo của Tỉnh ủy")
        % {"period": PERIOD.label, "sent": len(submissions)}
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
