"""Pages of a topic's coverage: the figures over a unit's subtree, the units below, who has not studied yet, and
their XLSX exports. The figures come from lamtheo.study.coverage."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import allows, require
from lamtheo.lib import vn
from lamtheo.lib.xlsx import xlsx_response
from lamtheo.study.coverage import coverage_for, not_studied
from lamtheo.study.views import chosen_topic, topics_for
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

NOT_STUDIED_PER_PAGE = 50


def _coverage_topic(request, unit, today):
    require(request.user, "study.see_figures", unit)
    topics = list(topics_for(request, unit))
    return topics, chosen_topic(request, topics, today)


def _makeup_units(people, unit: Unit) -> dict[int, Unit]:
    """Where a make-up session for each of `people` is recorded: their chi bộ, which for a tổ đảng's member is the
    unit above their tổ (one query for all of them), or else the unit being looked at."""
    groups = {p.unit.path[: -Unit.steplen] for p in people if p.unit.kind == Unit.Kind.GROUP}
    parents = {u.path: u for u in Unit.objects.filter(path__in=groups)} if groups else {}
    return {
        p.pk: parents.get(p.unit.path[: -Unit.steplen], unit) if p.unit.kind == Unit.Kind.GROUP else p.unit
        for p in people
    }


@login_required
def coverage(request, unit_pk):
    """A topic's coverage over a unit's subtree: the units below, and who has not studied yet (paged)."""
    unit = get_unit_for_user(request, unit_pk)
    today = timezone.localdate()
    topics, topic = _coverage_topic(request, unit, today)
    context = {"unit": unit, "topics": topics, "topic": topic, "breadcrumbs": breadcrumbs_for(request, unit)}
    if topic is not None:
        result = coverage_for(topic, unit, request.user, today=today)
        paginator = Paginator(range(result.total.not_studied), NOT_STUDIED_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        people = []
        if page.object_list:
            rows = not_studied(topic, unit, expected=result.total.people)
            people = list(rows[page.start_index() - 1 : page.end_index()])
        where_for = _makeup_units(people, unit)
        for person in people:
            where = where_for[person.pk]
            person.makeup_url = (
                f"{reverse('study:create', args=[where.pk])}?topic={topic.pk}&makeup=1"
                if allows(request.user, "study.record", where)
                else ""
            )
        context.update(
            coverage=result,
            page=page,
            missing=people,
            first_number=page.start_index(),
            can_record=allows(request.user, "study.record", unit),
        )
    return render(request, "study/coverage.html", context)


def _slug(text: str) -> str:
    return "-".join(vn.fold(text).split())


def _percent_value(numerator: int, denominator: int):
    return round(numerator * 100 / denominator, 1) if denominator else None


@login_required
def coverage_export(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    today = timezone.localdate()
    _topics_list, topic = _coverage_topic(request, unit, today)
    if topic is None:
        raise Http404
    result = coverage_for(topic, unit, request.user, today=today)
    headers = [
        _("STT"),
        _("Đơn vị"),
        _("Số lớp đã tổ chức"),
        _("Trong đó học bù"),
        _("Đảng viên đã học"),
        _("Đảng viên"),
        _("Tỷ lệ đảng viên (%)"),
        _("CBCCVC đã học"),
        _("CBCCVC chưa là đảng viên"),
        _("Tỷ lệ CBCCVC (%)"),
    ]

    def line(number, name, f):
        return [
            number,
            name,
            f.sessions,
            f.makeups,
            f.members_studied,
            f.members,
            _percent_value(f.members_studied, f.members),
            f.non_members_studied,
            f.non_members,
            _percent_value(f.non_members_studied, f.non_members),
        ]

    rows = [line(number, row.unit.name, row.figures) for number, row in enumerate(result.rows, 1)]
    if result.own is not None:
        rows.append(line("", _("Trực tiếp tại %(unit)s") % {"unit": unit.name}, result.own))
    rows.append(line("", _("Tổng cộng"), result.total))
    filename = f"hoc-tap-{_slug(unit.name)}-{topic.start_year}.xlsx"
    return xlsx_response(filename, headers, rows, sheet_title=_("Kết quả học tập"))


@login_required
def not_studied_export(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    today = timezone.localdate()
    _topics_list, topic = _coverage_topic(request, unit, today)
    if topic is None:
        raise Http404
    headers = [_("STT"), _("Họ và tên"), _("Đảng tịch"), _("Chức danh"), _("Mã đơn vị"), _("Chi bộ / đơn vị")]
    rows = (
        [index, p.full_name, p.get_party_status_display(), p.job_title, p.unit.code, p.unit.name]
        for index, p in enumerate(not_studied(topic, unit).iterator(chunk_size=2000), start=1)
    )
    filename = f"chua-hoc-{_slug(unit.name)}-{topic.start_year}.xlsx"
    return xlsx_response(filename, headers, rows, sheet_title=_("Chưa học tập"))
