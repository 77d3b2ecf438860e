"""The dashboard of a unit: headline figures with their trend, the units directly below (sortable, one click down
per level), the units that need attention, charts, and the Excel export of every table.

Who sees it: anyone whose staff role covers the unit (lamtheo.accounts.scoping); for anyone else the unit's
dashboard does not exist (404). A member without a staff role has no dashboard: /tong-quan/ sends them to their chi
bộ's page, which they may read.
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lamtheo.accounts.rules import allows
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.dashboard import board as boards
from lamtheo.indicators.periods import KIND_KEYS, PERIOD_KIND_HINTS, PERIOD_KINDS, Period
from lamtheo.indicators.registry import INDICATORS
from lamtheo.lib import charts, vn
from lamtheo.lib.web import Crumb
from lamtheo.lib.xlsx import xlsx_response
from lamtheo.units.models import Unit

SORT_KEY = "sap-xep"
CHART_KEY = "chi-so"


def get_dashboard_unit(request, pk) -> Unit:
    """The unit if a staff role of the user covers it; 404 otherwise (a member's own chi bộ included)."""
    unit = get_visible_or_404(request.user, Unit, pk=pk)
    if not allows(request.user, "dashboard.see", unit):
        raise Http404
    return unit


def home_units(user) -> list[Unit]:
    """The top units the user's staff roles cover, in tree order: their dashboards."""
    paths = get_scope(user).staff_paths
    return list(Unit.objects.filter(path__in=paths).sorted()) if paths else []


@dataclass
class Column:
    indicator: object
    url: str
    state: str  # "ascending", "descending" or "" (the aria-sort value)


class Links:
    """The query strings of one page: the period, the chosen chart and the sort are kept from link to link."""

    def __init__(self, unit: Unit, period: Period, sort: str, chart: str):
        self.unit, self.period, self.sort, self.chart = unit, period, sort, chart

    def query(
        self, *, sort: str | None = None, chart: str | None = None, period: Period | None = None
    ) -> str:
        sort = sort if sort is not None else self.sort
        items = [(SORT_KEY, sort)] if sort else []
        items.append((CHART_KEY, chart if chart is not None else self.chart))  # last: see chart_base
        return (period or self.period).query() + "&" + urlencode(items)

    def page(self, unit: Unit | None = None, **changes) -> str:
        return reverse("dashboard:unit", args=[(unit or self.unit).pk]) + "?" + self.query(**changes)

    def sorted_by(self, key: str) -> tuple[str, str]:
        """The link of a column header, and its current aria-sort state; a second click reverses the order."""
        current, descending = boards.parse_sort(self.sort)
        if current != key:
            # Names read A to Z first; figures show the best first.
            first = key if key == boards.NAME_SORT else self._best_first(key)
            return self.page(sort=first) + "#don-vi", ""
        state = "descending" if descending else "ascending"
        return self.page(sort=key if descending else f"-{key}") + "#don-vi", state

    @staticmethod
    def _best_first(key: str) -> str:
        return f"-{key}" if INDICATORS[key].higher_is_better else key


def _crumbs(request, unit: Unit, links: Links) -> list[Crumb]:
    """The units above that the user's staff roles cover, each to its dashboard, then this one."""
    above = [ancestor for ancestor in unit.ancestors() if allows(request.user, "dashboard.see", ancestor)]
    return [Crumb(ancestor.name, links.page(ancestor)) for ancestor in [*above, unit]]


def _sort_choices(board: boards.Board) -> list[tuple[str, str]]:
    """The sort of the table as a plain select too: on a phone the table shows as cards with no header to click."""
    choices = [(boards.NAME_SORT, _("Tên đơn vị (A–Z)")), (f"-{boards.NAME_SORT}", _("Tên đơn vị (Z–A)"))]
    for indicator in board.indicators:
        choices.append((f"-{indicator.code}", _("%(name)s (cao trước)") % {"name": indicator.name}))
        choices.append((indicator.code, _("%(name)s (thấp trước)") % {"name": indicator.name}))
    return choices


def _sorted_elsewhere(board: boards.Board, section: boards.Section) -> dict | None:
    """When the rows follow a column of another section's table, what this table's header says about it: every
    table's rows share one order, so every table shows it, not only the one with the sorted column."""
    key, descending = boards.parse_sort(board.sort)
    if key == boards.NAME_SORT or any(indicator.code == key for indicator in section.indicators):
        return None  # the name column, or one of this table's own columns, carries the arrow
    names = {"name": INDICATORS[key].name}
    if descending:
        return {"arrow": "▼", "text": _("Các đơn vị xếp theo «%(name)s», cao trước.") % names}
    return {"arrow": "▲", "text": _("Các đơn vị xếp theo «%(name)s», thấp trước.") % names}


def _current_sort(raw: str) -> str:
    key, descending = boards.parse_sort(raw)
    return f"-{key}" if descending else key


def _quick_periods(today) -> list[tuple[str, Period]]:
    return [
        (_("Tháng này"), Period.containing("month", today)),
        (_("Quý này"), Period.containing("quarter", today)),
        (_("6 tháng"), Period.containing("half", today)),
        (_("Năm nay"), Period.year(today.year)),
        (_("Năm trước"), Period.year(today.year - 1)),
    ]


@login_required
@require_GET
def index(request):
    """The user's own dashboard: the top unit their staff roles cover; a member goes to their chi bộ's page."""
    units = home_units(request.user)
    if units:
        query = request.GET.urlencode()
        return redirect(reverse("dashboard:unit", args=[units[0].pk]) + (f"?{query}" if query else ""))
    member_units = sorted(get_scope(request.user).member_unit_ids)
    if member_units:
        return redirect("units:detail", member_units[0])
    raise Http404


@login_required
@require_GET
def unit_dashboard(request, unit_pk):
    unit = get_dashboard_unit(request, unit_pk)
    today = timezone.localdate()
    period = Period.from_query(request.GET, today)
    board = boards.build(
        unit, period, request.user, sort=request.GET.get(SORT_KEY), chart=request.GET.get(CHART_KEY)
    )
    links = Links(unit, period, board.sort, board.chart.code)
    name_url, name_state = links.sorted_by(boards.NAME_SORT)
    urls = {row.unit.pk: links.page(row.unit) for row in board.rows}
    tables = [
        {
            "section": section,
            "columns": [
                Column(indicator, *links.sorted_by(indicator.code)) for indicator in section.indicators
            ],
            "rows": [(row, urls[row.unit.pk], row.cells(section.indicators)) for row in board.rows],
            "total": [(indicator, board.own.get(indicator.code)) for indicator in section.indicators],
            "sorted_elsewhere": _sorted_elsewhere(board, section),
        }
        for section in board.sections
    ]
    names = {"indicator": board.chart.name, "period": period.label}
    bars_title = _("%(indicator)s – các đơn vị trực thuộc, %(period)s") % names
    trend_title = _("%(indicator)s theo tháng, %(period)s") % names
    chart_unit = boards.chart_unit(board.chart)
    context = {
        "unit": unit,
        "period": period,
        "board": board,
        "tables": tables,
        "name_url": name_url,
        "name_state": name_state,
        "keep": links.query(),
        "today": today,
        "chart_base": "?" + links.query(chart=""),  # + an indicator's code
        "period_items": parse_qsl(period.query()),
        "period_kinds": [
            (KIND_KEYS[kind], PERIOD_KIND_HINTS.get(kind, label)) for kind, label in PERIOD_KINDS
        ],
        "period_key": KIND_KEYS[period.kind],
        "sort_choices": _sort_choices(board),
        "current_sort": _current_sort(board.sort),
        "links": links,
        "quick_periods": [(label, links.page(period=p), p == period) for label, p in _quick_periods(today)],
        "years": range(today.year + 1, today.year - 6, -1),
        "months": range(1, 13),
        "bars_title": bars_title,
        "bars_svg": charts.bars_svg(board.bar_rows, title=bars_title, unit=chart_unit, bar=board.chart.bar),
        "trend_title": trend_title,
        "trend_svg": charts.trend_svg(board.trend_points, title=trend_title, unit=chart_unit),
        # The user's other subtrees (the breadcrumbs already lead up this one).
        "other_units": [other for other in home_units(request.user) if not unit.path.startswith(other.path)],
        "export_url": reverse("dashboard:export", args=[unit.pk]) + "?" + links.query(),
        "breadcrumbs": _crumbs(request, unit, links),
    }
    return render(request, "dashboard/unit.html", context)


# Excel -----------------------------------------------------------------------------------------------------------


def _percent(value) -> float | None:
    return None if value is None or value.percent is None else round(value.percent, 1)


def _figure_cells(indicator, value) -> list:
    """A figure as numbers Excel can sum: the count, then (for a ratio) the base and the percent."""
    if value is None:
        return [None, None, None] if indicator.is_ratio else [None]
    if indicator.is_ratio:
        return [value.numerator, value.denominator, _percent(value)]
    return [value.numerator]


def _figure_headers(indicator) -> list[str]:
    if indicator.is_ratio:
        return [
            _("%(indicator)s – số đạt") % {"indicator": indicator.name},
            _("%(indicator)s – trên tổng số") % {"indicator": indicator.name},
            _("%(indicator)s – tỷ lệ (%%)") % {"indicator": indicator.name},
        ]
    return [str(indicator.name)]


def export_sheets(board: boards.Board) -> tuple[tuple[str, list, list], list[tuple[str, list, list]]]:
    """Every table of the dashboard as (sheet title, headers, rows): the first sheet, then the others."""
    period = board.period.label
    headline_headers = [
        _("Nhóm"),
        _("Chỉ tiêu"),
        _("Số đạt"),
        _("Trên tổng số"),
        _("Tỷ lệ (%)"),
        _("Kỳ trước: số đạt"),
        _("Kỳ trước: trên tổng số"),
        _("Kỳ trước: tỷ lệ (%)"),
        _("Cách tính"),
    ]
    headline_rows = []
    for section in board.sections:
        for headline in section.headlines:
            indicator = headline.indicator
            description = str(indicator.numerator)
            if indicator.denominator:
                description = _("%(numerator)s / %(denominator)s") % {
                    "numerator": indicator.numerator,
                    "denominator": indicator.denominator,
                }
            headline_rows.append(
                [
                    section.title,
                    str(indicator.name),
                    headline.value.numerator,
                    headline.value.denominator,
                    _percent(headline.value),
                    headline.previous.numerator,
                    headline.previous.denominator,
                    _percent(headline.previous),
                    description,
                ]
            )
    indicators = board.indicators
    unit_headers = [_("STT"), _("Mã đơn vị"), _("Đơn vị")]
    for indicator in indicators:
        unit_headers += _figure_headers(indicator)
    unit_rows = []
    for number, row in enumerate(board.rows, start=1):
        line = [number, row.unit.code, row.unit.name]
        for indicator in indicators:
            line += _figure_cells(indicator, row.values.get(indicator.code))
        unit_rows.append(line)
    total = ["", board.unit.code, _("Toàn %(unit)s") % {"unit": board.unit.name}]
    for indicator in indicators:
        total += _figure_cells(indicator, board.own.get(indicator.code))
    unit_rows.append(total)
    attention_headers = [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Vấn đề"), _("Chi tiết")]
    # Every chi bộ concerned, with the unit below it that the page counts it under.
    listed = [
        (cell, item.reason, f"{item.detail} ({item.unit.name})" if cell is not item.unit else item.detail)
        for group in board.attention
        for item in group.items
        for cell in (item.cells or [item.unit])
    ]
    attention_rows = [
        [number, cell.code, cell.name, reason, detail]
        for number, (cell, reason, detail) in enumerate(listed, 1)
    ]
    trend_headers = [_("Tháng"), *_figure_headers(board.chart)]
    trend_rows = [
        [boards.month_label(month), *_figure_cells(board.chart, value)] for month, value in board.trend
    ]
    first = (_("Chỉ tiêu %(period)s") % {"period": period}, headline_headers, headline_rows)
    return first, [
        (_("Đơn vị trực thuộc"), unit_headers, unit_rows),
        (_("Đơn vị cần chú ý"), attention_headers, attention_rows),
        (_("Theo tháng"), trend_headers, trend_rows),
    ]


@login_required
@require_GET
def export(request, unit_pk):
    unit = get_dashboard_unit(request, unit_pk)
    period = Period.from_query(request.GET, timezone.localdate())
    board = boards.build(
        unit, period, request.user, sort=request.GET.get(SORT_KEY), chart=request.GET.get(CHART_KEY)
    )
    (title, headers, rows), more = export_sheets(board)
    slug = "-".join(vn.fold(f"{unit.name} {period.label}").replace("/", "-").split())
    return xlsx_response(f"tong-quan-{slug}.xlsx", headers, rows, sheet_title=title, more_sheets=more)
