"""The figures a report quotes, read from lamtheo.indicators and written as committees write them.

`build_figures(report)` returns a JSON-able snapshot: headline sentences by section, a table of the units directly
below, the units that lag (completeness), and the rows of the two charts. A draft report computes it afresh each
time; an issued report keeps the snapshot it was issued with (Report.frozen_figures) and never recomputes it.

Each figure is said in the sentence its indicator declares (lamtheo.indicators.registry, `report_phrase`), so
the wording lives with the indicator and is translated as a whole sentence.
"""

import datetime
import re

from django.utils.translation import gettext as _

from lamtheo.lib import vn
from lamtheo.reports.lagging import lagging_rows
from lamtheo.units.models import Unit

TABLE_COLUMNS = 6  # ratio indicators shown per unit below: more does not fit an A4 page
# What the table of units below shows first, and what the two charts draw (bars per unit, trend by month).
TABLE_CODES = (
    "studied_topic",
    "registered",
    "conduct_adopted",
    "meetings_held",
    "attendance_rate",
    "thematic_meetings",
)
BARS_CODE = "studied_topic"
CHART_UNITS = 25  # bars that still read on an A4 page
TREND_CODE = "attendance_rate"
SNAPSHOT_VERSION = (
    3  # 2: committee prose (zero in words, lagging chi bộ counted and named); 3: levels in one sentence
)
SPLITS = (
    "members",
    "non_members",
)  # reported apart, as committees do ("... đảng viên; ... cán bộ, công chức")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def percent_text(value) -> str:
    """`93,8%`, and a whole percent without its decimal as committees write it: `100%`, `50%`, `0%`."""
    text = value.percent_text
    return text.replace(",0%", "%")


def count_text(number: int) -> str:
    """A count in a sentence: `04`, `12`, `1.234` (committees write a small count with a leading zero)."""
    return vn.count(number) if number else "0"


DURING = {
    "month": _("Trong tháng"),
    "quarter": _("Trong quý"),
    "half": _("Trong 6 tháng"),
    "year": _("Trong năm"),
}


def scope_word(unit: Unit) -> str:
    """How a report names the whole of its unit: "Toàn tỉnh", "Toàn Đảng bộ", "Chi bộ"."""
    if unit.kind == Unit.Kind.PROVINCE_COMMITTEE:
        return _("Toàn tỉnh")
    if unit.is_committee:
        return _("Toàn Đảng bộ")
    return _("Chi bộ")


class _Counts(dict):
    def __missing__(self, key):  # a split the figure was not computed for counts nothing
        return "0"


def sentence(
    scope: str,
    indicator,
    value,
    splits: dict | None = None,
    *,
    units_below: bool = True,
    period_kind: str = "",
) -> str:
    """The indicator's sentence for its Value (see lamtheo.indicators.registry): `Toàn tỉnh có 40.539/41.324 người
    tham gia học tập chuyên đề năm, đạt 98,1%. Trong đó, đảng viên 38.969/41.324 (94,3%).` `splits` maps a split's
    key to its Value. Zero is said in words (the indicator's `report_phrase_none`); a figure with an empty base
    says when it will exist (`report_phrase_pending`, the caller says it once) or nothing: "" then."""
    from lamtheo.indicators.registry import SPLITS

    splits = splits or {}
    if value.denominator is not None and not value.denominator:
        if indicator.report_phrase_pending:
            return str(indicator.report_phrase_pending)
        if not (indicator.report_phrase_none and indicator.count == "overdue"):
            return (
                ""  # nothing to say yet; nothing overdue when nothing is due is still said ("không có ...")
            )
    month_phrase = (
        indicator.month_sentence(units_below=units_below, zero=not value.numerator)
        if period_kind == "month"
        else ""
    )
    phrase = month_phrase or indicator.phrase(units_below=units_below)
    counts = _Counts(
        scope=scope,
        subject=_lower_first(scope),
        during=str(DURING.get(period_kind, _("Trong kỳ"))),
        count=count_text(value.numerator) if value.denominator is None else value.text,
        ratio=value.text,
        percent=percent_text(value),
        **{key: count_text(split.numerator) for key, split in splits.items()},
    )
    used = set(PLACEHOLDER.findall(phrase))
    zero = not value.numerator or any(not splits[key].numerator for key in used & set(splits))
    if zero and indicator.report_phrase_none and not month_phrase:
        return str(indicator.report_phrase_none) % counts
    if zero and indicator.report_phrase_pending:
        return (
            ""  # of figures said together (the levels of the year-end rating), only those that are not zero
        )
    text = phrase % counts
    parts = [
        f"{_lower_first(str(SPLITS[key]))} {split.text} ({percent_text(split)})"
        for key, split in splits.items()
        if key not in used and split.denominator
    ]
    if len(parts) > 1 and value.denominator:  # one part alone is the whole figure again
        text += " " + _("Trong đó, %(parts)s.") % {"parts": "; ".join(parts)}
    return text


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def is_level(indicator) -> bool:
    """A level of the year-end rating (over the people rated): the levels are said together, in one sentence."""
    return indicator.over == "rated"


def levels_sentence(scope: str, levels: list) -> str:
    """The year-end rating in one sentence, as committees write it: `Toàn tỉnh có 108 đồng chí được nhận xét, xếp
    loại …; trong đó xếp loại Hoàn thành xuất sắc nhiệm vụ 19 đồng chí (17,6%), Hoàn thành tốt nhiệm vụ …`.
    `levels` are (indicator, Value) in the order of the rating; a level nobody was rated at is left out, except
    the failing one, said as "không có đồng chí nào". Before the rating, the pending sentence of the levels."""
    first, value = levels[0]
    if not value.denominator:
        return str(first.report_phrase_pending)
    parts = [
        _("%(level)s %(count)s đồng chí (%(percent)s)")
        % {"level": indicator.name, "count": count_text(v.numerator), "percent": percent_text(v)}
        for indicator, v in levels
        if v.numerator
    ]
    text = _(
        "%(scope)s có %(rated)s đồng chí được nhận xét, xếp loại kết quả thực hiện bản đăng ký học tập và làm "
        "theo; trong đó xếp loại %(levels)s"
    ) % {"scope": scope, "rated": count_text(value.denominator), "levels": ", ".join(parts)}
    failing, failed = levels[-1]
    if not failing.higher_is_better and not failed.numerator:
        text += _("; không có đồng chí nào xếp loại %(level)s") % {"level": failing.name}
    return text + "."


def _same_work(code: str, own: dict, *, units_below: bool) -> bool:
    """Whether the work given (`assignments_*`) and received (`assignments_received_*`) are the same figures, as at
    the top of the tree or in a chi bộ that gives itself its work: a committee then says the work given, a chi bộ
    the work it received, once."""
    if units_below:
        other = code.replace("assignments_received_", "assignments_", 1)
        return code.startswith("assignments_received_") and other in own and own[other] == own[code]
    other = code.replace("assignments_", "assignments_received_", 1)
    given = code.startswith("assignments_") and not code.startswith("assignments_received_")
    return given and other in own and own[other] == own[code]


def _value_json(value) -> dict:
    return {
        "numerator": value.numerator,
        "denominator": value.denominator,
        "text": value.text,
        "percent": value.percent,
        "percent_text": value.percent_text,
    }


def _cell(value) -> str:
    if value.denominator is None:
        return value.text
    if not value.denominator:
        return "—"
    return f"{value.text} ({percent_text(value)})"


def _percent(value) -> float | None:
    return None if value is None else value.percent


def _preferred(indicators, preferred: tuple[str, ...], limit: int) -> list[str]:
    """The preferred codes that exist, then the other ratios, up to `limit`."""
    codes = [code for code in preferred if code in indicators]
    codes += [code for code, ind in indicators.items() if ind.is_ratio and code not in codes]
    return codes[:limit]


def build_figures(unit: Unit, period, *, today: datetime.date | None = None, cache: bool = True) -> dict:
    """Every figure of `unit`'s report for `period` (see the module), in a bounded number of queries, as seen on
    `today` (the local date when None). `cache=False` has the indicators computed afresh (benchmarks)."""
    from lamtheo.indicators import engine, registry

    indicators = registry.INDICATORS
    codes = list(indicators)
    children = list(Unit.objects.children_of(unit).active().sorted())
    values = engine.figures([unit.pk, *(c.pk for c in children)], period, codes, today=today, cache=cache)
    own = values.get(unit.pk, {})
    split_codes = [code for code, ind in indicators.items() if set(SPLITS) <= set(ind.splits)]
    by_split = {
        split: engine.figures([unit.pk], period, split_codes, split=split, today=today, cache=cache).get(
            unit.pk, {}
        )
        for split in SPLITS
    }
    scope = scope_word(unit)
    sections = []
    said = set()  # a sentence said once (the figures not there yet share when they will be)
    for section_code, title in registry.SECTIONS.items():
        rows = []
        levels = [
            (ind, own[code])
            for code, ind in indicators.items()
            if ind.section == section_code and is_level(ind) and code in own
        ]
        for code, indicator in indicators.items():
            if indicator.section != section_code or code not in own:
                continue
            value = own[code]
            if is_level(indicator):  # said once, with the first level
                text = levels_sentence(scope, levels) if indicator is levels[0][0] else ""
                said.add(text)
                rows.append(
                    {"code": code, "name": str(indicator.name), "sentence": text, **_value_json(value)}
                )
                continue
            text = sentence(
                scope,
                indicator,
                value,
                {k: by_split[k][code] for k in SPLITS if code in by_split[k]},
                units_below=bool(children),
                period_kind=period.kind,
            )
            if text in said or _same_work(code, own, units_below=bool(children)):
                text = ""
            said.add(text)
            rows.append({"code": code, "name": str(indicator.name), "sentence": text, **_value_json(value)})
        if any(row["sentence"] for row in rows):
            sections.append({"code": section_code, "title": str(title), "figures": rows})

    columns = _preferred(indicators, TABLE_CODES, TABLE_COLUMNS)
    table = {
        "headers": [_("Đơn vị"), *(str(indicators[c].name) for c in columns)],
        "rows": [
            [
                child.name,
                *(_cell(values[child.pk][c]) if c in values.get(child.pk, {}) else "—" for c in columns),
            ]
            for child in children
        ],
        # The table's last row: the unit's own figures over its whole subtree ("Toàn tỉnh", "Toàn Đảng bộ").
        "total": [
            scope,
            *(_cell(own[c]) if c in own else "—" for c in columns),
        ],
    }
    charts = {}
    bars_code = (_preferred(indicators, (BARS_CODE,), 1) or [None])[0]
    if bars_code is not None and children:
        rows = [[child.name, _percent(values.get(child.pk, {}).get(bars_code))] for child in children]
        name = str(indicators[bars_code].name)
        title = _("%(name)s theo đơn vị") % {"name": name}
        if len(rows) > CHART_UNITS:  # a page holds so many bars: show the units that lag most
            rows = sorted(rows, key=lambda row: (row[1] is None, row[1] or 0))[:CHART_UNITS]
            title = _("%(name)s: %(n)s đơn vị thấp nhất trong %(total)s") % {
                "name": name,
                "n": CHART_UNITS,
                "total": vn.number(len(children)),
            }
        charts["bars"] = {"title": title, "bar": indicators[bars_code].bar, "rows": rows}
    trend_code = (_preferred(indicators, (TREND_CODE,), 1) or [None])[0]
    if trend_code is not None:
        points = engine.trend(unit.pk, period, [trend_code], today=today, cache=cache).get(trend_code, [])
        if points:
            charts["trend"] = {
                "title": str(indicators[trend_code].name),
                "rows": [[month.label, value.percent] for month, value in points],
            }
    return {
        "version": SNAPSHOT_VERSION,
        "unit": {"id": unit.pk, "name": unit.name},
        "period": {
            "kind": period.kind,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
        },
        "scope": scope,
        "sections": sections,
        "table": table if children else None,
        "lagging": lagging_rows(unit, period, today, children),
        "charts": charts,
    }
