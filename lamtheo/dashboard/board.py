"""What a unit's dashboard shows, computed once for the page and its Excel export.

Every figure comes from lamtheo.indicators (engine.figures, trend, rollup, completeness): the dashboard counts
nothing itself except the list of copied codes of conduct, which names records rather than counting them. The
number of queries does not depend on the number of units below: one figures() call covers the unit and all its
children, one rollup() per attention bar covers the whole subtree.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.scoping import subtree_q
from lamtheo.conduct.models import ConductCode
from lamtheo.indicators import completeness as completeness_module
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.indicators.registry import INDICATORS, SECTIONS, Indicator
from lamtheo.lib import vn
from lamtheo.units.models import Unit

# Below these indicators' bars a chi bộ needs attention (the 80% attendance bar of the chi bộ meetings).
ATTENTION_BARS = ("attendance_rate",)
# The indicator the charts show when none is asked for.
DEFAULT_CHART = "attendance_rate"
NAME_SORT = "ten"
ATTENTION_SHOWN = 20

REASON_MISSING = gettext_lazy("Chưa ghi nhận")
REASON_LATE = gettext_lazy("Ghi nhận muộn")
REASON_BELOW_BAR = gettext_lazy("Dưới mức yêu cầu")
REASON_COPIED = gettext_lazy("Chuẩn mực sao chép nguyên văn")

# The line under a headline figure, one whole sentence per direction (the arrow beside it is decoration).
TREND_TEXTS = {
    "up": gettext_lazy("Tăng (kỳ trước: %(previous)s)."),
    "down": gettext_lazy("Giảm (kỳ trước: %(previous)s)."),
    "same": gettext_lazy("Không đổi (kỳ trước: %(previous)s)."),
    "": gettext_lazy("Kỳ trước: %(previous)s."),
}


def sort_value(indicator: Indicator, value: engine.Value | None):
    """What a column sorts by: the percent of a ratio, the count of a plain figure (None when there is none)."""
    if value is None:
        return None
    return value.percent if indicator.is_ratio else value.numerator


def display(value: engine.Value) -> str:
    """The percent of a ratio ("—" over an empty base), the count of a plain figure."""
    if value.denominator is None:
        return value.text
    return value.percent_text or "—"


def chart_value(indicator: Indicator, value: engine.Value | None) -> float | None:
    return sort_value(indicator, value)


def chart_unit(indicator: Indicator) -> str:
    return "%" if indicator.is_ratio else ""


@dataclass
class Headline:
    indicator: Indicator
    value: engine.Value
    previous: engine.Value

    @property
    def change(self) -> float | None:
        now, before = sort_value(self.indicator, self.value), sort_value(self.indicator, self.previous)
        if now is None or before is None:
            return None
        return now - before

    @property
    def direction(self) -> str:
        """ "up", "down", "same" or "" (nothing to compare)."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < 1e-9:
            return "same"
        return "up" if change > 0 else "down"

    @property
    def is_better(self) -> bool | None:
        """Whether the change is for the better (None when unchanged or not comparable)."""
        if self.direction in ("", "same"):
            return None
        return (self.direction == "up") == self.indicator.higher_is_better

    @property
    def below_bar(self) -> bool:
        return self.indicator.below_bar(self.value)

    @property
    def display(self) -> str:
        return display(self.value)

    @property
    def previous_display(self) -> str:
        return display(self.previous)

    @property
    def trend_text(self) -> str:
        return str(TREND_TEXTS[self.direction]) % {"previous": self.previous_display or "—"}


@dataclass
class Row:
    """A unit directly below, with its figure for every indicator."""

    unit: Unit
    values: dict[str, engine.Value]

    def cells(self, indicators: list[Indicator]) -> list[tuple[Indicator, engine.Value | None]]:
        return [(indicator, self.values.get(indicator.code)) for indicator in indicators]


@dataclass
class Section:
    code: str
    title: str
    indicators: list[Indicator]
    headlines: list[Headline]


@dataclass
class Attention:
    unit: Unit
    reason: str
    detail: str
    cells: list[Unit] = field(default_factory=list)  # for a unit below counted whole: its chi bộ concerned

    @property
    def count_text(self) -> str:
        """`07 chi bộ` for a unit below counted whole; empty for a chi bộ named itself."""
        if not self.cells:
            return ""
        if all(cell.kind in Unit.CELL_KINDS for cell in self.cells):
            return _("%(n)s chi bộ") % {"n": vn.count(len(self.cells))}
        return _("%(n)s đơn vị") % {"n": vn.count(len(self.cells))}


@dataclass
class AttentionGroup:
    title: str
    reason: str
    items: list[Attention]

    @property
    def shown(self) -> list[Attention]:
        return self.items[:ATTENTION_SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - ATTENTION_SHOWN)


@dataclass
class Board:
    unit: Unit
    period: Period
    sections: list[Section]
    rows: list[Row]
    own: dict[str, engine.Value]
    sort: str
    chart: Indicator
    trend: list[tuple[Period, engine.Value]]
    attention: list[AttentionGroup] = field(default_factory=list)

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for section in self.sections for indicator in section.indicators]

    @property
    def bar_rows(self) -> list[tuple[str, float | None]]:
        return [
            (row.unit.name, chart_value(self.chart, row.values.get(self.chart.code))) for row in self.rows
        ]

    @property
    def trend_points(self) -> list[tuple[str, float | None]]:
        return [(month_label(month), chart_value(self.chart, value)) for month, value in self.trend]

    @property
    def attention_count(self) -> int:
        """The units listed as needing attention (each once, whatever it needs)."""
        return len({item.unit.pk for group in self.attention for item in group.items})


def month_label(period: Period) -> str:
    """`3/2026` for a month; the period's own label otherwise."""
    if period.kind == "month":
        return f"{period.start.month}/{period.start.year}"
    return period.label


def parse_sort(raw: str | None) -> tuple[str, bool]:
    """`?sap-xep=attendance_rate` / `-attendance_rate` / `ten` -> (key, descending); unknown keys sort by name."""
    raw = (raw or "").strip()
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in INDICATORS:
        return NAME_SORT, descending if key == NAME_SORT else False
    return key, descending


def sort_rows(rows: list[Row], raw: str | None) -> list[Row]:
    """Rows by name (Vietnamese order), or by a column; units with no figure always go last."""
    key, descending = parse_sort(raw)
    by_name = sorted(rows, key=lambda row: (row.unit.sort_key, row.unit.pk))
    if key == NAME_SORT:
        return list(reversed(by_name)) if descending else by_name
    indicator = INDICATORS[key]
    present = [row for row in by_name if sort_value(indicator, row.values.get(key)) is not None]
    absent = [row for row in by_name if sort_value(indicator, row.values.get(key)) is None]
    present.sort(key=lambda row: sort_value(indicator, row.values[key]), reverse=descending)
    return present + absent


def chosen_chart(raw: str | None) -> Indicator:
    if raw in INDICATORS:
        return INDICATORS[raw]
    return INDICATORS.get(DEFAULT_CHART) or next(iter(INDICATORS.values()))


def children_of(unit: Unit, user) -> list[Unit]:
    """The units directly below, as the user sees them; merged and closed units count under the unit they went to,
    so they have no row of their own."""
    return list(Unit.objects.children_of(unit).visible_to(user).active().sorted())


def build(unit: Unit, period: Period, user, *, sort: str | None = None, chart: str | None = None) -> Board:
    children = children_of(unit, user)
    values = engine.figures([unit.pk, *(child.pk for child in children)], period)
    previous = engine.figures([unit.pk], period.previous())
    own = values.get(unit.pk, {})
    own_before = previous.get(unit.pk, {})
    sections = []
    for code, title in SECTIONS.items():
        indicators = [indicator for indicator in INDICATORS.values() if indicator.section == code]
        if not indicators:
            continue
        headlines = [
            Headline(indicator, own[indicator.code], own_before[indicator.code])
            for indicator in indicators
            if indicator.code in own and indicator.code in own_before
        ]
        sections.append(Section(code, str(title), indicators, headlines))
    rows = sort_rows([Row(child, values.get(child.pk, {})) for child in children], sort)
    indicator = chosen_chart(chart)
    trend = engine.trend(unit.pk, period, [indicator.code]).get(indicator.code, [])
    key, descending = parse_sort(sort)
    normal_sort = (f"-{key}" if descending else key) if sort else ""  # never echo an unknown key back
    board = Board(unit, period, sections, rows, own, normal_sort, indicator, trend)
    board.attention = attention_for(unit, period, user, children)
    return board


def by_unit_below(items: list[Attention], children: list[Unit]) -> list[Attention]:
    """The chi bộ of `items` counted under the unit directly below that holds them, the units with most first (a
    committee above the communes looks at its communes, not at each chi bộ); a chi bộ directly below stays itself."""
    below: dict[int, Attention] = {}
    for item in items:
        child = next((c for c in children if item.unit.path.startswith(c.path)), None)
        if child is None or child.pk == item.unit.pk:
            below.setdefault(item.unit.pk, item)
            continue
        held = below.setdefault(child.pk, Attention(child, item.reason, item.detail, []))
        held.cells.append(item.unit)
    return sorted(below.values(), key=lambda item: (-len(item.cells), item.unit.sort_key, item.unit.pk))


def attention_for(
    unit: Unit, period: Period, user, children: list[Unit] | None = None
) -> list[AttentionGroup]:
    """The units that need attention: what they have not done, chi bộ under the bars and codes of conduct copied
    word for word, then what was recorded late. Below a committee whose units below are committees, each of those
    is listed once per problem with the number of its chi bộ concerned (see by_unit_below)."""
    children = children_of(unit, user) if children is None else children
    groups = _attention_by_cell(unit, period, user)
    if any(child.kind not in Unit.CELL_KINDS for child in children):
        # Recorded late, whatever the record: one list, each chi bộ once.
        late = [group for group in groups if group.reason == "late"]
        if late:
            cells = {item.unit.pk: item for group in late for item in group.items}
            merged = [Attention(item.unit, str(REASON_LATE), _("Ghi nhận muộn")) for item in cells.values()]
            groups = [group for group in groups if group.reason != "late"]
            groups.append(AttentionGroup(_("Chi bộ ghi nhận kết quả muộn"), "late", merged))
        for group in groups:
            group.items = by_unit_below(group.items, children)
    order = {"missing": 0, "below_bar": 1, "copied": 2, "late": 3}
    return sorted(groups, key=lambda group: order.get(group.reason, len(order)))


def _attention_by_cell(unit: Unit, period: Period, user) -> list[AttentionGroup]:
    groups = []
    for result in completeness_module.completeness(unit, period):
        name = str(result.requirement.name)
        missing = [Attention(cell, str(REASON_MISSING), name) for cell in result.missing_units]
        late = [Attention(cell, str(REASON_LATE), name) for cell in result.late_units]
        if missing:
            groups.append(
                AttentionGroup(
                    _("%(requirement)s: chưa ghi nhận") % {"requirement": name}, "missing", missing
                )
            )
        if late:
            groups.append(
                AttentionGroup(_("%(requirement)s: ghi nhận muộn") % {"requirement": name}, "late", late)
            )
    groups.extend(_below_bars(unit, period))
    copied = _copied_codes(unit, period, user)
    if copied:
        groups.append(AttentionGroup(_("Chuẩn mực đạo đức sao chép nguyên văn"), "copied", copied))
    return groups


def _below_bars(unit: Unit, period: Period) -> list[AttentionGroup]:
    groups = []
    for code in ATTENTION_BARS:
        indicator = INDICATORS.get(code)
        if indicator is None or indicator.bar is None:
            continue
        values = engine.rollup(code, period, unit.pk)
        below = [pk for pk, value in values.items() if indicator.below_bar(value)]
        # The bars apply to the chi bộ, where people meet: a committee's figure is their sum.
        cells = sorted(
            Unit.objects.filter(pk__in=below, kind__in=Unit.CELL_KINDS).active(),
            key=lambda cell: (cell.sort_key, cell.pk),
        )
        bar = vn.number(indicator.bar, 0) + "%"
        items = [
            Attention(
                cell,
                str(REASON_BELOW_BAR),
                _("%(indicator)s: %(value)s (yêu cầu %(bar)s)")
                % {"indicator": indicator.name, "value": values[cell.pk].percent_text, "bar": bar},
            )
            for cell in cells
        ]
        if items:
            title = _("%(indicator)s dưới %(bar)s") % {"indicator": indicator.name, "bar": bar}
            groups.append(AttentionGroup(title, "below_bar", items))
    return groups


def _copied_codes(unit: Unit, period: Period, user) -> list[Attention]:
    codes = (
        ConductCode.objects.visible_to(user)
        .filter(subtree_q(unit.path, "unit__path"))
        .in_force(period.end.year)
        .copied()
        .select_related("unit")
    )
    items = [
        Attention(
            code.unit,
            str(REASON_COPIED),
            _("%(title)s (giống %(similarity)s)")
            % {"title": code.title, "similarity": code.similarity_display}
            if code.similarity is not None
            else code.title,
        )
        for code in codes
    ]
    items.sort(key=lambda item: (item.unit.sort_key, item.unit.pk))
    return items
